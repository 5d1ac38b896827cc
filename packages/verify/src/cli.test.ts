import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import QRCode from "qrcode";
import { beforeAll, describe, expect, it } from "vitest";
import { runVerifyCli } from "./cli.ts";
import { sealToBase64url } from "./encoding/base64url.ts";
import { createTestAuthority, type TestAuthority, testSeal } from "./testing/sealFixtures.ts";

let authority: TestAuthority;
let text: string;
let keysFile: string;
let qrFile: string;
beforeAll(async () => {
  authority = await createTestAuthority("th-immigration");
  const seal = await testSeal(authority);
  text = sealToBase64url(seal);
  const directory = await mkdtemp(join(tmpdir(), "entrada-verify-"));
  keysFile = join(directory, "issuer.json");
  // The QR as the server draws it: the seal's bytes in byte mode.
  qrFile = join(directory, "evisa-qr.png");
  await QRCode.toFile(qrFile, [{ data: seal, mode: "byte" }], { errorCorrectionLevel: "M" });
  const metadata = {
    issuer: "http://127.0.0.1:3000/authorities/th-immigration",
    jwks: { keys: [authority.trusted.publicJwk] },
  };
  await writeFile(keysFile, JSON.stringify(metadata));
});

async function run(argv: string[], fetch?: typeof globalThis.fetch) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runVerifyCli(argv, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    stdin: async () => `${text}\n`,
    ...(fetch === undefined ? {} : { fetch }),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("entrada-verify", () => {
  it("prints a valid verification and exits 0, with the keys from a file", async () => {
    const { code, out } = await run([text, "--keys", keysFile, "--now", "2027-01-15T12:00:00Z"]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ valid: true, status: "valid", authorityId: "th-immigration" });
  });

  it("reads the seal from standard input and the keys from a URL", async () => {
    const fetch = (async (url: string) => {
      expect(url).toBe("http://127.0.0.1:3000/.well-known/jwt-vc-issuer/authorities/th-immigration");
      return new Response(
        JSON.stringify({
          issuer: "http://127.0.0.1:3000/authorities/th-immigration",
          jwks: { keys: [authority.trusted.publicJwk] },
        }),
      );
    }) as typeof globalThis.fetch;
    const url = "http://127.0.0.1:3000/.well-known/jwt-vc-issuer/authorities/th-immigration";
    const { code, out } = await run(["-", "--keys", url, "--now", "2027-06-01T00:00:00Z"], fetch);
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({ valid: false, status: "expired" });
  });

  it("reads the seal from a PNG of its QR code", async () => {
    const { code, out } = await run([qrFile, "--keys", keysFile, "--now", "2027-01-15T12:00:00Z"]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ valid: true, status: "valid", data: { surname: "ERIKSSON" } });
  });

  it("exits 2 on an image without a QR code, a file that is not a PNG, and other picture formats", async () => {
    const blank = join(dirname(qrFile), "blank.png");
    await QRCode.toFile(blank, "x", { color: { dark: "#ffffffff", light: "#ffffffff" } });
    const noCode = await run([blank, "--keys", keysFile]);
    expect(noCode.code).toBe(2);
    expect(JSON.parse(noCode.out)).toMatchObject({
      error: { code: "ENTRADA_SEAL_MALFORMED", details: { reason: "qr_code" } },
    });
    expect((await run([keysFile.replace(/json$/, "png"), "--keys", keysFile])).err).toMatch(/Cannot read the image/);
    expect((await run(["visa.jpg", "--keys", keysFile])).err).toMatch(/Only PNG images/);
  });

  it("exits 2 on what is not a seal, on unreadable keys and without keys", async () => {
    const notASeal = await run(["hello", "--keys", keysFile]);
    expect(notASeal.code).toBe(2);
    expect(JSON.parse(notASeal.out)).toMatchObject({ valid: false, error: { code: "ENTRADA_SEAL_MALFORMED" } });
    expect((await run([text, "--keys", "/nonexistent/issuer.json"])).err).toMatch(/Cannot read the keys/);
    expect((await run([text])).code).toBe(2);
  });

  it("runs as the package's bin (bin/entrada-verify.js, through tsx), here on the QR's PNG", async () => {
    const bin = fileURLToPath(new URL("../bin/entrada-verify.js", import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [
      bin,
      qrFile,
      "--keys",
      keysFile,
      "--now",
      "2027-01-15T00:00:00Z",
    ]);
    expect(JSON.parse(stdout)).toMatchObject({ valid: true, status: "valid" });
  });
});
