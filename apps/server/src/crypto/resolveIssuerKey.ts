import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { generateIssuerKey, type IssuerKey, importIssuerKey } from "@entrada/identity";
import type { Config } from "../config.ts";

/**
 * Where a development server keeps the issuer key it generated, under the data folder.
 *
 * @example
 * devIssuerKeyPath("./.entrada") // "./.entrada/identity/issuer-key.json"
 */
export function devIssuerKeyPath(dataDir: string): string {
  return join(dataDir, "identity", "issuer-key.json");
}

/**
 * The credential issuer's private key, when it is local: `IDENTITY_ISSUER_KEY` when configured (required in
 * production, checked by importing it). Otherwise, in development, a key generated once and kept
 * in the data folder (mode 0600), so credentials stay valid across restarts; in tests, a fresh key
 * per call.
 *
 * @throws {InvalidIssuerKeyError} when the configured or stored key is not a private P-256 JWK.
 * @example
 * const key = await resolveIssuerKey(config);
 */
export async function resolveIssuerKey(config: Pick<Config, "env" | "dataDir" | "identity">): Promise<IssuerKey> {
  const configured = config.identity.issuerKey;
  if (configured?.startsWith("remote:")) {
    // Its private part is in the remote signer: only createIssuerSigner can sign with it.
    throw new TypeError("resolveIssuerKey: IDENTITY_ISSUER_KEY is a remote key; sign with createIssuerSigner");
  }
  if (configured !== undefined) return importIssuerKey(configured);
  if (config.env === "production") throw new Error("IDENTITY_ISSUER_KEY is required in production");
  if (config.env === "test") return generateIssuerKey();
  const path = devIssuerKeyPath(config.dataDir);
  try {
    return await importIssuerKey(await readFile(path, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const key = await generateIssuerKey();
  await mkdir(dirname(path), { recursive: true });
  // `wx`: two processes starting together keep the first key, and the second reads it back.
  try {
    await writeFile(path, JSON.stringify(key.privateJwk), { mode: 0o600, flag: "wx" });
    await chmod(path, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return importIssuerKey(await readFile(path, "utf8"));
  }
  return key;
}
