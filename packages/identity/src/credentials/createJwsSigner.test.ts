import { compactVerify, importJWK } from "jose";
import { describe, expect, it } from "vitest";
import { createJwsSigner } from "./createJwsSigner.ts";
import { generateIssuerKey } from "./issuerKey.ts";
import { signJwt } from "./signJwt.ts";

describe("createJwsSigner", () => {
  it("signs ES256 JWS with a private JWK and with a non-extractable WebCrypto key", async () => {
    const { privateJwk, publicJwk } = await generateIssuerKey();
    const jwt = await signJwt({ alg: "ES256" }, { hello: "world" }, await createJwsSigner(privateJwk));
    const { payload } = await compactVerify(jwt, await importJWK({ ...publicJwk }, "ES256"));
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({ hello: "world" });

    const pair = await globalThis.crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, [
      "sign",
      "verify",
    ]);
    const signed = await signJwt({ alg: "ES256" }, { n: 1 }, await createJwsSigner(pair.privateKey));
    await expect(compactVerify(signed, pair.publicKey)).resolves.toBeDefined();
    expect(signed.split(".")[2]).toMatch(/^[\w-]{86}$/); // 64 bytes r‖s, not DER
  });
});
