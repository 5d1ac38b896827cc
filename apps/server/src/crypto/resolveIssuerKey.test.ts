import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { loadConfig } from "../config.ts";
import { productionIdentityEnv } from "../testing/createTestApp.ts";
import { devIssuerKeyPath, resolveIssuerKey } from "./resolveIssuerKey.ts";

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "entrada-issuer-key-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

test("development generates a key once, keeps it in the data folder (0600), and reuses it", async () => {
  const config = loadConfig({ NODE_ENV: "development", ENTRADA_DATA_DIR: dataDir });
  const first = await resolveIssuerKey(config);
  const again = await resolveIssuerKey(config);
  expect(again.kid).toBe(first.kid);
  expect(JSON.parse(await readFile(devIssuerKeyPath(dataDir), "utf8"))).toMatchObject({ kty: "EC", crv: "P-256" });
  expect((await stat(devIssuerKeyPath(dataDir))).mode & 0o777).toBe(0o600);
  expect(first.publicJwk).not.toHaveProperty("d");
});

test("IDENTITY_ISSUER_KEY wins; tests get a fresh key each time", async () => {
  const configured = loadConfig({ IDENTITY_ISSUER_KEY: productionIdentityEnv.IDENTITY_ISSUER_KEY! });
  const key = await resolveIssuerKey(configured);
  expect(key.publicJwk.x).toBe(JSON.parse(productionIdentityEnv.IDENTITY_ISSUER_KEY!).x);
  const test = loadConfig({ NODE_ENV: "test", ENTRADA_DATA_DIR: dataDir });
  expect((await resolveIssuerKey(test)).kid).not.toBe((await resolveIssuerKey(test)).kid);
});
