import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { CliError, cliErrorCodes } from "./cliErrorCodes.ts";
import { runCli, usage } from "./entrada.ts";

async function cli(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { env, out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("npx entrada", () => {
  test("--help lists every command; no command is a usage error", async () => {
    expect(await cli(["--help"])).toEqual({ code: 0, out: usage, err: "" });
    for (const command of [
      "config check",
      "deploy",
      "authority",
      "keys rotate",
      "keys create | rotate issuer",
      "outbox redrive",
      "applicants index-names",
      "backup",
      "restore",
    ]) {
      expect(usage).toContain(command);
    }
    expect((await cli([])).code).toBe(2);
  });

  test("each command has its own help", async () => {
    for (const argv of [
      ["config", "check", "--help"],
      ["deploy", "--help"],
      ["authority", "--help"],
      ["keys", "rotate", "--help"],
      ["keys", "create", "--help"],
      ["keys", "rotate", "issuer", "--help"],
      ["outbox", "redrive", "--help"],
      ["backup", "--help"],
      ["restore", "-h"],
    ]) {
      const { code, out } = await cli(argv);
      expect([argv.join(" "), code, out]).toEqual([argv.join(" "), 0, expect.stringMatching(/^Usage: npx entrada /)]);
    }
  });

  test("unknown commands, verbs and options are usage errors (exit 2) with a stable code", async () => {
    expect(await cli(["deplyo"])).toEqual({
      code: 2,
      out: "",
      err: expect.stringMatching(/^ENTRADA_CLI_USAGE: Unknown command "deplyo"/),
    });
    expect((await cli(["keys", "forget"])).err).toMatch(/^ENTRADA_CLI_USAGE: keys needs one of: rotate/);
    expect((await cli(["deploy", "--colour", "red"])).err).toMatch(/^ENTRADA_CLI_USAGE: /);
    expect((await cli(["authority", "register", "GB ETA", "--payout", "0x1", "--settler", "0x2"])).code).toBe(2);
    expect((await cli(["keys", "rotate", "relayer"])).err).toContain("--out <file>");
  });

  test("a configuration the server would refuse is refused here too (exit 3), every problem named, no value echoed", async () => {
    const secret = "0xnot-a-key-but-secret";
    const { code, err } = await cli(["config", "check"], { PORT: "eighty", RELAYER_KEY: secret });
    expect(code).toBe(3);
    expect(err).toMatch(/^ENTRADA_CLI_CONFIG_INVALID: Invalid configuration/);
    expect(err).toContain("PORT: must be a whole number");
    expect(err).toContain("RELAYER_KEY: must be a private key");
    expect(err).not.toContain(secret);
  });

  test("config check prints what the server would use and never a key", async () => {
    const { code, out } = await cli(["config", "check", "--json"], {});
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({
      environment: "development",
      chain: { id: 31337, kind: "local", confirmations: 1 },
      keys: { relayer: { address: "0x90F79bf6EB2c4f870365E785982E1f101E93b906", kind: "local" } },
      signer: null,
    });
    // The development relayer's private key (account 3 of Hardhat's mnemonic) is not in the output.
    expect(out).not.toContain("7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");
  });

  test("an unreachable chain is exit 4", async () => {
    const { code, err } = await cli(["deploy"], { CHAIN_RPC_URL: "http://127.0.0.1:9" });
    expect([code, err]).toEqual([4, expect.stringMatching(/^ENTRADA_CLI_CHAIN_UNAVAILABLE/)]);
  });
});

describe("the CLI's error codes", () => {
  test("each has its exit code, and docs/errors.md lists it with that exit code", () => {
    const doc = readFileSync(fileURLToPath(new URL("../../../../docs/errors.md", import.meta.url)), "utf8");
    const rows = new Map(
      [...doc.matchAll(/^\| `(ENTRADA_CLI_[A-Z_]+)` \| exit (\d) \| (.{20,}) \|$/gm)].map((m) => [m[1]!, Number(m[2])]),
    );
    expect([...rows.keys()].sort()).toEqual(Object.keys(cliErrorCodes).sort());
    for (const [code, { exitCode }] of Object.entries(cliErrorCodes)) {
      expect(rows.get(code), code).toBe(exitCode);
      expect(new CliError(code as keyof typeof cliErrorCodes, "x").exitCode).toBe(exitCode);
    }
  });
});
