// `npx entrada-verify`: verify an e-visa's seal from the command line, offline once the keys are at
// hand. Node only (it reads files and fetches URLs); the package's entry point stays browser-safe.
import { readFile } from "node:fs/promises";
import { PNG } from "pngjs";
import { sealFromBase64url } from "./encoding/base64url.ts";
import { VerifyError } from "./errors/VerifyError.ts";
import { trustedKeysFromIssuerMetadata } from "./keys/trustedKeysFromIssuerMetadata.ts";
import { decodeQrImage } from "./qr/decodeQrImage.ts";
import type { TrustedIssuerKey } from "./seal/VisaSealData.ts";
import { verifyVisaSeal } from "./seal/verifyVisaSeal.ts";

/** Where the CLI reads and writes, so that tests can run it in-process. */
export type VerifyCliIo = {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Reads standard input, for the seal `-`. */
  stdin?: () => Promise<string>;
  fetch?: typeof globalThis.fetch;
};

export const verifyCliUsage = [
  "Usage: entrada-verify <image.png | seal | -> --keys <url-or-file> [--keys …] [--now <ISO date-time>]",
  "",
  "  <image.png>  a PNG picture of the e-visa's QR code (the seal's bytes, in the QR's byte mode)",
  "  <seal>       the seal as text: base64url, as the API's `seal` gives it (- reads it from standard input)",
  "  --keys       an authority's issuer metadata { issuer, jwks: { keys } }, as served at",
  "               <origin>/.well-known/jwt-vc-issuer/authorities/<id>: a URL or a JSON file (one object or an array)",
  "  --now        judge validity at this moment instead of now",
  "",
  "Prints the verification as JSON. Exit code 0: valid; 1: not valid (expired, not_yet_valid, forged,",
  "unknown_issuer); 2: not a seal, or the keys cannot be read. Revocation needs the authority's status",
  "list and is not checked here.",
].join("\n");

async function loadKeys(source: string, fetcher: typeof globalThis.fetch): Promise<TrustedIssuerKey[]> {
  let text: string;
  if (/^https?:\/\//.test(source)) {
    const response = await fetcher(source, { headers: { accept: "application/json" } });
    if (!response.ok) throw new Error(`${source} answered HTTP ${response.status}`);
    text = await response.text();
  } else {
    text = await readFile(source, "utf8");
  }
  const parsed: unknown = JSON.parse(text);
  return (Array.isArray(parsed) ? parsed : [parsed]).flatMap((metadata) => trustedKeysFromIssuerMetadata(metadata));
}

/**
 * Runs `entrada-verify` with `argv` (without node and the script) and answers the exit code.
 *
 * @example
 * await runVerifyCli(["3AOG…", "--keys", "http://127.0.0.1:3000/.well-known/jwt-vc-issuer/authorities/th-immigration"], io) // 0
 */
export async function runVerifyCli(argv: readonly string[], io: VerifyCliIo): Promise<number> {
  const keySources: string[] = [];
  const positional: string[] = [];
  let now: Date | undefined;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (argument === "--help" || argument === "-h") {
      io.out(verifyCliUsage);
      return 0;
    }
    if (argument === "--keys" || argument === "--now") {
      const value = argv[++index];
      if (value === undefined) {
        io.err(`${argument} needs a value.\n\n${verifyCliUsage}`);
        return 2;
      }
      if (argument === "--keys") keySources.push(value);
      else now = new Date(value);
      continue;
    }
    positional.push(argument);
  }
  if (positional.length !== 1 || keySources.length === 0) {
    io.err(verifyCliUsage);
    return 2;
  }
  if (now !== undefined && Number.isNaN(now.getTime())) {
    io.err("--now is not a date-time (e.g. 2027-01-15T12:00:00Z).");
    return 2;
  }
  const input = positional[0]!;
  if (/\.(jpe?g|gif|webp|bmp)$/i.test(input)) {
    io.err("Only PNG images are read: convert the picture to PNG, or scan the QR code and pass its text.");
    return 2;
  }
  try {
    let seal: Uint8Array;
    if (/\.png$/i.test(input)) {
      let image: PNG;
      try {
        image = PNG.sync.read(await readFile(input));
      } catch (error) {
        io.err(`Cannot read the image ${input}: ${error instanceof Error ? error.message : String(error)}`);
        return 2;
      }
      seal = decodeQrImage(image);
    } else {
      seal = sealFromBase64url(input === "-" ? await (io.stdin ?? (() => Promise.resolve("")))() : input);
    }
    const keys: TrustedIssuerKey[] = [];
    for (const source of keySources) {
      try {
        keys.push(...(await loadKeys(source, io.fetch ?? globalThis.fetch)));
      } catch (error) {
        if (error instanceof VerifyError) throw error;
        io.err(`Cannot read the keys from ${source}: ${error instanceof Error ? error.message : String(error)}`);
        return 2;
      }
    }
    const result = await verifyVisaSeal(seal, { keys, ...(now === undefined ? {} : { now }) });
    io.out(JSON.stringify(result, null, 2));
    return result.valid ? 0 : 1;
  } catch (error) {
    if (!(error instanceof VerifyError)) throw error;
    io.out(JSON.stringify({ valid: false, error: error.toJSON() }, null, 2));
    io.err(error.shortMessage);
    return 2;
  }
}
