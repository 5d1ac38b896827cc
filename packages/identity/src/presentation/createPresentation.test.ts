import { ES256 } from "@sd-jwt/crypto-nodejs";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { sdJwtHasher } from "../credentials/sha256.ts";
import { ClaimNotInCredentialError } from "../errors/credential.ts";
import {
  anna,
  audience,
  type CredentialFixture,
  createCredentialFixture,
  statusUri,
} from "../testing/credentialFixture.ts";
import { createPresentation } from "./createPresentation.ts";

let fixture: CredentialFixture;
let credential: string;
beforeAll(async () => {
  fixture = await createCredentialFixture();
  ({ credential } = await fixture.issuer.issue({
    identity: anna,
    holderJwk: fixture.holderJwk,
    status: { idx: 1, uri: statusUri },
  }));
});

const present = (disclose: readonly string[]) =>
  createPresentation({ credential, disclose, nonce: "abc", audience, signer: fixture.signer, clock: fixture.clock });

describe("createPresentation", () => {
  it("appends a kb+jwt with iat, aud, nonce and sd_hash", async () => {
    const presentation = await present(["given_name"]);
    const kb = presentation.split("~").at(-1)!;
    expect(decodeProtectedHeader(kb)).toEqual({ typ: "kb+jwt", alg: "ES256" });
    expect(decodeJwt(kb)).toEqual({
      iat: 1772366400,
      aud: audience,
      nonce: "abc",
      sd_hash: expect.stringMatching(/^[\w-]{43}$/),
    });
  });

  it("carries only the disclosures asked for", async () => {
    const names = async (disclose: readonly string[]) =>
      (await present(disclose))
        .split("~")
        .slice(1, -1)
        .map((disclosure) => JSON.parse(Buffer.from(disclosure, "base64url").toString())[1]);
    expect(await names([])).toEqual([]);
    expect(await names(["family_name", "nationalities"])).toEqual(["family_name", "nationalities"]);
    expect((await names(["age_equal_or_over.21"])).sort()).toEqual(["21", "age_equal_or_over"]);
  });

  it("refuses claims the credential does not have", async () => {
    await expect(present(["given_name", "place_of_birth", "age_equal_or_over.65"])).rejects.toThrow(
      ClaimNotInCredentialError,
    );
    await expect(present(["place_of_birth"])).rejects.toMatchObject({ claims: ["place_of_birth"] });
  });

  it("is accepted by the @sd-jwt reference verifier as well", async () => {
    const presentation = await present(["given_name", "age_equal_or_over.18"]);
    const [issuerKey] = fixture.issuer.jwks().keys;
    const verifier = await ES256.getVerifier({ ...issuerKey });
    const kbVerifier = await ES256.getVerifier({ ...fixture.holderJwk });
    const reference = new SDJwtVcInstance({
      hasher: sdJwtHasher,
      verifier,
      kbVerifier: (data, signature) => kbVerifier(data, signature),
      statusListFetcher: fixture.fetchStatusList,
    });
    const result = await reference.verify(presentation, {
      keyBindingNonce: "abc",
      requiredClaimKeys: ["given_name", "age_equal_or_over.18"],
      currentDate: 1772366400,
    });
    expect(result.payload).toMatchObject({ given_name: "Anna María", age_equal_or_over: { "18": true } });
    expect(result.kb?.payload).toMatchObject({ aud: audience, nonce: "abc" });
  });
});
