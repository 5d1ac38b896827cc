import { describe, expect, test } from "vitest";
import { HolderKeyProofInvalidError } from "../errors/credential.ts";
import { createHolderKeyProof } from "./createHolderKeyProof.ts";
import { createJwsSigner } from "./createJwsSigner.ts";
import type { Jwk } from "./issuerKey.ts";
import { signJwt } from "./signJwt.ts";
import { verifyHolderKeyProof } from "./verifyHolderKeyProof.ts";

async function holder() {
  const pair = await globalThis.crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, [
    "sign",
    "verify",
  ]);
  const { kty, crv, x, y } = await globalThis.crypto.subtle.exportKey("jwk", pair.publicKey);
  return { publicJwk: { kty: kty!, crv: crv!, x: x!, y: y! } as Jwk, signer: await createJwsSigner(pair.privateKey) };
}

const audience = "https://entrada.example";
const nonce = "5b0c8f3e-1c1e-4e58-9a51-5a7e1d8f2c11";
const now = 1_796_000_000;

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HolderKeyProofInvalidError);
  return (error as HolderKeyProofInvalidError).reason;
}

describe("verifyHolderKeyProof", () => {
  test("accepts a fresh proof signed by the key it names, for this issuer and nonce", async () => {
    const key = await holder();
    const proof = await createHolderKeyProof({
      holderJwk: key.publicJwk,
      signer: key.signer,
      audience,
      nonce,
      issuedAt: now,
    });
    await expect(
      verifyHolderKeyProof({ proof, holderJwk: key.publicJwk, audience, nonce, now: now + 10 }),
    ).resolves.toBe(undefined);
  });

  test("refuses a proof for another key, issuer or nonce, a stale or future one, and a forged signature", async () => {
    const key = await holder();
    const other = await holder();
    const proof = await createHolderKeyProof({
      holderJwk: key.publicJwk,
      signer: key.signer,
      audience,
      nonce,
      issuedAt: now,
    });
    const check = (overrides: Partial<Parameters<typeof verifyHolderKeyProof>[0]>) =>
      reasonOf(verifyHolderKeyProof({ proof, holderJwk: key.publicJwk, audience, nonce, now, ...overrides }));
    expect(await check({ holderJwk: other.publicJwk })).toBe("key");
    expect(await check({ audience: "https://elsewhere.example" })).toBe("audience");
    expect(await check({ nonce: "another-credential" })).toBe("nonce");
    expect(await check({ now: now + 300 + 61 })).toBe("stale");
    expect(await check({ now: now - 61 })).toBe("future");
    expect(await check({ proof: "not-a-jwt" })).toBe("malformed");
    // Another key signs a proof that names the requested key in its header.
    const forged = await createHolderKeyProof({
      holderJwk: key.publicJwk,
      signer: other.signer,
      audience,
      nonce,
      issuedAt: now,
    });
    expect(await check({ proof: forged })).toBe("signature");
    const kbJwt = await signJwt(
      { alg: "ES256", typ: "kb+jwt", jwk: key.publicJwk },
      { aud: audience, nonce, iat: now },
      key.signer,
    );
    expect(await check({ proof: kbJwt })).toBe("typ");
  });
});
