import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { RemoteSignerUnavailableError } from "../errors.ts";
import { type StandInSigner, startStandInSigner } from "../testing/startStandInSigner.ts";
import { createLocalEs256Signer } from "./createLocalEs256Signer.ts";
import { createRemoteEs256Signer } from "./createRemoteEs256Signer.ts";

const token = "stand-in-bearer-token-0123456789abcdef";
const evmKey = `0x${"11".repeat(32)}` as const;
const issuerJwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" });
const keyId = "alias/entrada-issuer";
// A JWS signing input: base64url(header).base64url(payload).
const input = `${Buffer.from('{"alg":"ES256","typ":"dc+sd-jwt"}').toString("base64url")}.${Buffer.from('{"iss":"https://entrada.example"}').toString("base64url")}`;
let signer: StandInSigner;
const started: StandInSigner[] = [];

beforeAll(async () => {
  signer = await startStandInSigner({ privateKey: evmKey, bearerToken: token, jwsKeys: { [keyId]: issuerJwk } });
});
afterAll(async () => {
  await signer.close();
  await Promise.all(started.map((s) => s.close()));
});

async function standIn(parameters: Partial<Parameters<typeof startStandInSigner>[0]>): Promise<StandInSigner> {
  const s = await startStandInSigner({
    privateKey: evmKey,
    bearerToken: token,
    jwsKeys: { [keyId]: issuerJwk },
    ...parameters,
  });
  started.push(s);
  return s;
}

/** WebCrypto's own verdict on a base64url `r‖s` signature, with the published public key. */
async function verifies(publicJwk: JsonWebKey, signature: string): Promise<boolean> {
  const key = await crypto.subtle.importKey("jwk", publicJwk, { name: "ECDSA", namedCurve: "P-256" }, false, [
    "verify",
  ]);
  return crypto.subtle.verify(
    { name: "ECDSA", hash: "SHA-256" },
    key,
    Buffer.from(signature, "base64url"),
    new TextEncoder().encode(input),
  );
}

describe("createRemoteEs256Signer against a stand-in signer", () => {
  test("publishes the key the signer holds and signs JWS inputs that verify with it, as the local key would", async () => {
    const remote = await createRemoteEs256Signer({ url: signer.url, keyId, bearerToken: token });
    const local = await createLocalEs256Signer({ privateJwk: issuerJwk });
    expect(remote.publicJwk).toEqual(local.publicJwk);
    expect(remote.publicJwk).toEqual({
      kty: "EC",
      crv: "P-256",
      x: issuerJwk.x,
      y: issuerJwk.y,
      kid: local.kid,
      alg: "ES256",
      use: "sig",
    });
    expect(remote.publicJwk).not.toHaveProperty("d");
    expect(remote.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(remote.source).toBe("remote");
    signer.calls.length = 0;
    const signature = await remote.sign(input);
    expect(signer.calls).toEqual(["jws_sign"]);
    expect(await verifies(remote.publicJwk, signature)).toBe(true);
    expect(await verifies(remote.publicJwk, await local.sign(input))).toBe(true);
  });

  test("a key the signer does not hold, or a wrong token, is refused with a stable code", async () => {
    await expect(
      createRemoteEs256Signer({ url: signer.url, keyId: "alias/another", bearerToken: token }),
    ).rejects.toMatchObject({
      code: "ENTRADA_REMOTE_SIGNER_REFUSED",
      details: { method: "jws_publicKey", reason: "rpc_error" },
    });
    const error = await createRemoteEs256Signer({
      url: signer.url,
      keyId,
      bearerToken: "wrong-token-0123456789abcdefghijkl",
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "ENTRADA_REMOTE_SIGNER_REFUSED",
      details: { reason: "unauthorized", status: 401 },
    });
    expect(JSON.stringify(error)).not.toContain("wrong-token");
  });

  test("a signature by another key, or not a signature, is never returned", async () => {
    const stranger = await createLocalEs256Signer({
      privateJwk: generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" }),
    });
    const swapping = await standIn({
      tamper: (method, result) => (method === "jws_sign" ? stranger.sign(input) : result),
    });
    const remote = await createRemoteEs256Signer({ url: swapping.url, keyId, bearerToken: token });
    await expect(remote.sign(input)).rejects.toMatchObject({
      code: "ENTRADA_REMOTE_SIGNER_MISMATCH",
      details: { method: "jws_sign", reason: "wrong_signer", keyId },
    });
    const garbling = await standIn({
      tamper: (method, result) => (method === "jws_sign" ? "not-a-signature" : result),
    });
    await expect(
      (await createRemoteEs256Signer({ url: garbling.url, keyId, bearerToken: token })).sign(input),
    ).rejects.toMatchObject({
      details: { reason: "malformed" },
    });
    // A "public key" that is not a P-256 point, or that carries its private part, is refused at once.
    const offCurve = await standIn({
      tamper: (method, result) =>
        method === "jws_publicKey" ? { kty: "EC", crv: "P-256", x: "AAAA", y: "AAAA" } : result,
    });
    await expect(createRemoteEs256Signer({ url: offCurve.url, keyId, bearerToken: token })).rejects.toMatchObject({
      code: "ENTRADA_REMOTE_SIGNER_MISMATCH",
      details: { method: "jws_publicKey", reason: "malformed" },
    });
  });

  test("a signer that is down, failing or slow is unavailable (retryable), and nothing is signed", async () => {
    const flaky = await standIn({});
    const remote = await createRemoteEs256Signer({ url: flaky.url, keyId, bearerToken: token, timeoutMs: 200 });
    await flaky.close();
    started.splice(started.indexOf(flaky), 1);
    const down = await remote.sign(input).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(RemoteSignerUnavailableError);
    expect(down).toMatchObject({
      code: "ENTRADA_REMOTE_SIGNER_UNAVAILABLE",
      details: { reason: "network" },
      retryable: true,
    });
    const failing = await standIn({ failWith: 503 });
    await expect(createRemoteEs256Signer({ url: failing.url, keyId, bearerToken: token })).rejects.toMatchObject({
      code: "ENTRADA_REMOTE_SIGNER_UNAVAILABLE",
      details: { reason: "server" },
    });
    const slow = await standIn({ delayMs: 1_000 });
    await expect(
      createRemoteEs256Signer({ url: slow.url, keyId, bearerToken: token, timeoutMs: 100 }),
    ).rejects.toMatchObject({
      details: { reason: "timeout" },
    });
  });
});
