import { type CredentialIssuer, createCredentialIssuer } from "../credentials/createCredentialIssuer.ts";
import { createJwsSigner, type JwsSigner } from "../credentials/createJwsSigner.ts";
import { createStatusList, type StatusListState } from "../credentials/createStatusList.ts";
import { generateIssuerKey, type IssuerKey, type Jwk } from "../credentials/issuerKey.ts";
import type { VerifiedIdentity } from "../kyc/VerifiedIdentity.ts";

/** ICAO's specimen traveller, as the KYC pipeline would hand her to the issuer. */
export const anna: VerifiedIdentity = {
  surname: "Eriksson",
  givenNames: "Anna María",
  birthDate: "1974-08-12",
  nationality: "UTO",
  sex: "F",
  documentType: "passport",
  documentNumber: "L898902C3",
  issuingCountry: "UTO",
  expiryDate: "2031-04-15",
};

/** The issuer URL of the fixture. */
export const issuerUrl = "https://entrada.example";
/** Where the fixture's status list token is served. */
export const statusUri = "https://entrada.example/api/v1/status-lists/1";
/** The verifier the fixture's presentations are made for. */
export const audience = "https://partner.example";

/** An issuer, a holder with a browser-like non-extractable key, a status list and in-memory fetchers. */
export type CredentialFixture = {
  issuerKey: IssuerKey;
  issuer: CredentialIssuer;
  holderJwk: Jwk;
  signer: JwsSigner;
  list: StatusListState;
  /** The verifier's and issuer's clock; tests move it. */
  now: { value: Date };
  clock: () => Date;
  fetchIssuerMetadata: (issuer: string) => Promise<unknown>;
  fetchStatusList: (uri: string) => Promise<string>;
};

/**
 * Everything an issue → present → verify test needs, with nothing over the network: the fetchers
 * answer from the issuer object as Entrada's public endpoints would.
 */
export async function createCredentialFixture(): Promise<CredentialFixture> {
  const now = { value: new Date("2026-03-01T12:00:00Z") };
  const clock = () => now.value;
  const issuerKey = await generateIssuerKey();
  const issuer = createCredentialIssuer({ issuer: issuerUrl, key: issuerKey, clock });
  const holder = await globalThis.crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, [
    "sign",
    "verify",
  ]);
  const { kty, crv, x, y } = await globalThis.crypto.subtle.exportKey("jwk", holder.publicKey);
  const list = createStatusList({ size: 1024, bits: 2 });
  return {
    issuerKey,
    issuer,
    holderJwk: { kty: kty!, crv: crv!, x: x!, y: y! },
    signer: await createJwsSigner(holder.privateKey),
    list,
    now,
    clock,
    fetchIssuerMetadata: async (url) => {
      if (url !== issuerUrl) throw new Error(`unknown issuer ${url}`);
      return JSON.parse(JSON.stringify(issuer.metadata()));
    },
    fetchStatusList: async (uri) => {
      if (uri !== statusUri) throw new Error(`no status list at ${uri}`);
      return issuer.signStatusList({ list, uri });
    },
  };
}
