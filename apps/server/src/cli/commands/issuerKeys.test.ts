import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedCatalogue } from "@entrada/core";
import { authorityIssuerKeys, createDatabase } from "@entrada/db";
import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { syncCatalogue } from "../../services/syncCatalogue.ts";
import { runCli } from "../entrada.ts";

let root: string;
let env: Record<string, string>;
// The embedded database as the server leaves it: migrated, with the catalogue's authorities.
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "entrada-cli-issuer-keys-"));
  env = { ENTRADA_DATA_DIR: root, ENTRADA_PUBLIC_URL: "https://entrada.example" };
  const database = createDatabase({ url: undefined, dataDir: join(root, "db") });
  await database.migrate();
  await syncCatalogue(database.db, seedCatalogue());
  await database.close();
}, 300_000);
afterAll(() => rm(root, { recursive: true, force: true }));

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { env, out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("npx entrada keys create|rotate issuer", () => {
  test("create makes an authority's key once; rotate replaces it and keeps the old one published", async () => {
    const created = await cli(["keys", "create", "issuer", "ke-eta"]);
    expect(created.code, created.err).toBe(0);
    const key = JSON.parse(created.out);
    expect(key).toEqual({
      authorityId: "ke-eta",
      kid: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      did: "did:web:entrada.example:authorities:ke-eta",
      didDocument: "https://entrada.example/authorities/ke-eta/did.json",
      issuerMetadata: "https://entrada.example/.well-known/jwt-vc-issuer/authorities/ke-eta",
      created: true,
    });
    const again = await cli(["keys", "create", "issuer", "ke-eta"]);
    expect([again.code, JSON.parse(again.out)]).toEqual([0, { ...key, created: false }]);
    expect(again.err).toContain("nothing changed");

    const rotated = await cli(["keys", "rotate", "issuer", "ke-eta"]);
    expect(rotated.code, rotated.err).toBe(0);
    const result = JSON.parse(rotated.out);
    expect(result.kid).not.toBe(key.kid);
    expect(result.retired).toEqual({ kid: key.kid, notAfter: expect.any(String) });
    // Ten years on: longer than any visa the old key signed.
    expect(new Date(result.retired.notAfter).getTime() - Date.now()).toBeGreaterThan(9.9 * 365 * 86_400_000);

    const database = createDatabase({ url: undefined, dataDir: join(root, "db") });
    const rows = await database.db.select().from(authorityIssuerKeys).orderBy(asc(authorityIssuerKeys.createdAt));
    await database.close();
    expect(rows.map((row) => [row.kid, row.retiredAt === null])).toEqual([
      [key.kid, false],
      [result.kid, true],
    ]);
    // No private key in what the commands print.
    for (const output of [created, again, rotated]) expect(`${output.out}${output.err}`).not.toMatch(/"d"|"x"/);
  }, 120_000);

  test("an unknown authority is exit 3 ENTRADA_CLI_AUTHORITY_UNKNOWN; bad arguments are usage errors", async () => {
    const unknown = await cli(["keys", "create", "issuer", "xx-visa"]);
    expect(unknown.code).toBe(3);
    expect(unknown.err).toMatch(/^ENTRADA_CLI_AUTHORITY_UNKNOWN: No authority "xx-visa"/);
    expect((await cli(["keys", "rotate", "issuer", "xx-visa"])).code).toBe(3);
    for (const argv of [
      ["keys", "create", "relayer"],
      ["keys", "create", "issuer"],
      ["keys", "create", "issuer", "TH eVisa"],
      ["keys", "rotate", "issuer", "th-evisa", "extra"],
    ]) {
      const { code, err } = await cli(argv);
      expect([argv.join(" "), code, err]).toEqual([argv.join(" "), 2, expect.stringMatching(/^ENTRADA_CLI_USAGE: /)]);
    }
  }, 120_000);
});
