import { describe, expect, test } from "vitest";
import { recordAfterSend } from "./recordAfterSend.ts";

describe("recordAfterSend", () => {
  test("tries a failing write again until it passes, and returns what it returned", async () => {
    let calls = 0;
    const written = await recordAfterSend(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error("Connection terminated unexpectedly");
        return "recorded";
      },
      { what: "test", firstPauseMs: 5 },
    );
    expect({ written, calls }).toEqual({ written: "recorded", calls: 3 });
  });

  test("rethrows the last error once the database stayed away longer than forMs", async () => {
    let calls = 0;
    const started = Date.now();
    const failing = recordAfterSend(
      async () => {
        calls += 1;
        throw new Error(`down ${calls}`);
      },
      { what: "test", forMs: 100, firstPauseMs: 10 },
    );
    await expect(failing).rejects.toThrow(/^down \d+$/);
    expect(calls).toBeGreaterThan(2);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
