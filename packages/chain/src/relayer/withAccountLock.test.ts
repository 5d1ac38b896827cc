import { describe, expect, it } from "vitest";
import { heldAccountLocks, withAccountLock } from "./withAccountLock.ts";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("withAccountLock", () => {
  it("runs tasks of one lock one at a time, in call order", async () => {
    const log: string[] = [];
    let running = 0;
    const task = (name: string) => async () => {
      running += 1;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      running -= 1;
      return name;
    };
    const results = await Promise.all(["a", "b", "c"].map((name) => withAccountLock("31337:0xabc", task(name))));
    expect(results).toEqual(["a", "b", "c"]);
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
    expect(heldAccountLocks()).toBe(0);
  });

  it("lets tasks of different locks run side by side", async () => {
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
    };
    await Promise.all([withAccountLock("1:0xa", task("a")), withAccountLock("1:0xb", task("b"))]);
    expect(log).toEqual(["start a", "start b", "end a", "end b"]);
  });

  it("releases the lock when a task fails", async () => {
    const failed = withAccountLock("1:0xa", async () => {
      await tick();
      throw new Error("boom");
    });
    const next = withAccountLock("1:0xa", async () => "next");
    await expect(failed).rejects.toThrow("boom");
    expect(await next).toBe("next");
    expect(heldAccountLocks()).toBe(0);
  });
});
