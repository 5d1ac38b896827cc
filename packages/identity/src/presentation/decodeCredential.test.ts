import { beforeAll, describe, expect, it } from "vitest";
import { CredentialMalformedError } from "../errors/credential.ts";
import {
  anna,
  type CredentialFixture,
  createCredentialFixture,
  issuerUrl,
  statusUri,
} from "../testing/credentialFixture.ts";
import { decodeCredential } from "./decodeCredential.ts";

let fixture: CredentialFixture;
let credential: string;
beforeAll(async () => {
  fixture = await createCredentialFixture();
  ({ credential } = await fixture.issuer.issue({
    identity: anna,
    holderJwk: fixture.holderJwk,
    status: { idx: 5, uri: statusUri },
  }));
});

describe("decodeCredential", () => {
  it("shows the holder every claim and what can be disclosed", async () => {
    expect(await decodeCredential(credential)).toEqual({
      issuer: issuerUrl,
      vct: `${issuerUrl}/credentials/identity/v1`,
      issuedAt: 1772366400,
      expiresAt: 1772366400 + 365 * 86_400,
      claims: {
        given_name: "Anna María",
        family_name: "Eriksson",
        birthdate: "1974-08-12",
        nationalities: ["UTO"],
        sex: "F",
        document_type: "passport",
        document_number: "L898902C3",
        document_issuing_country: "UTO",
        document_expiry_date: "2031-04-15",
        age_equal_or_over: { "18": true, "21": true },
      },
      disclosable: [
        "age_equal_or_over",
        "age_equal_or_over.18",
        "age_equal_or_over.21",
        "birthdate",
        "document_expiry_date",
        "document_issuing_country",
        "document_number",
        "document_type",
        "family_name",
        "given_name",
        "nationalities",
        "sex",
      ],
      holderJwk: fixture.holderJwk,
      status: { idx: 5, uri: statusUri },
    });
  });

  it("refuses what is not an SD-JWT VC or carries a foreign disclosure", async () => {
    for (const input of ["", "abc", "a.b.c", "e30.e30.e30~"]) {
      await expect(decodeCredential(input)).rejects.toThrow(CredentialMalformedError);
    }
    const foreign = Buffer.from(JSON.stringify(["salt", "given_name", "Eve"])).toString("base64url");
    await expect(decodeCredential(`${credential}${foreign}~`)).rejects.toThrow(/not in the issuer-signed credential/);
  });
});
