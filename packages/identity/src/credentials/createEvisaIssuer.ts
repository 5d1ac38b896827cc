import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { InvalidIdentityClaimsError } from "../errors/credential.ts";
import { isIsoDate } from "../mrz/mrzDate.ts";
import { createCredentialIssuer, type IssuerSigningKey, publicHolderKey } from "./createCredentialIssuer.ts";
import type { Jwk } from "./issuerKey.ts";
import { randomSalt } from "./randomSalt.ts";
import { sdJwtHasher } from "./sha256.ts";

/**
 * The claims of an e-visa (issue 12). Personal claims (names, nationality, birth date, passport
 * number) and the payment transaction (it leads to the payer's wallet) are selectively disclosable,
 * so that a hotel can be shown name and validity only; the visa's terms are in the clear.
 */
export type EvisaClaims = {
  given_name: string;
  family_name: string;
  /** ISO 3166-1 alpha-3. */
  nationality: string;
  /** `YYYY-MM-DD`. */
  birthdate: string;
  /** The passport's number. */
  document_number: string;
  authority: { id: string; name: string; country: string };
  product: { id: string; name: string };
  /** Entries allowed: 1, 2, or `"multiple"`. */
  entries: 1 | 2 | "multiple";
  /** First and last day of use, inclusive (`YYYY-MM-DD`, UTC). */
  valid_from: string;
  valid_until: string;
  /** Longest stay per entry, in days. */
  max_stay_days: number;
  application_id: string;
  /** The application's short reference, printed on the visa. */
  reference: string;
  /** The traveller's payment transaction (the fee paid into escrow). */
  payment_tx: string;
};

/** The claims of {@link EvisaClaims} that are selectively disclosable. */
export const evisaDisclosableClaims = [
  "given_name",
  "family_name",
  "nationality",
  "birthdate",
  "document_number",
  "payment_tx",
] as const satisfies readonly (keyof EvisaClaims)[];

/**
 * The `vct` of Entrada's e-visa for a deployment's origin; its type metadata is served there.
 *
 * @example
 * evisaVct("https://entrada.example") // "https://entrada.example/vct/evisa/v1"
 */
export function evisaVct(origin: string): string {
  return `${new URL(origin).origin}/vct/evisa/v1`;
}

/** Parameters of {@link createEvisaIssuer}. */
export type CreateEvisaIssuerParameters = {
  /** The authority's issuer identifier (`iss`): `<origin>/authorities/<id>`. */
  issuer: string;
  /** The authority's current key; its private part stays with the signer. */
  key: IssuerSigningKey;
  /** The e-visa type, {@link evisaVct}. */
  vct: string;
  clock: () => Date;
};

/** Parameters of {@link EvisaIssuer.issue}. */
export type IssueEvisaParameters = {
  claims: EvisaClaims;
  /** The traveller's holder key (`cnf.jwk`); without it the e-visa is bound to the passport alone. */
  holderJwk?: Jwk | undefined;
  /** The e-visa's entry in its authority's status list. */
  status: { idx: number; uri: string };
};

/** What {@link createEvisaIssuer} returns. */
export type EvisaIssuer = {
  readonly issuer: string;
  readonly vct: string;
  /** The SD-JWT VC (`issuer-jwt~disclosure~…~`), valid until the end of `valid_until` (UTC). */
  issue(parameters: IssueEvisaParameters): Promise<{ sdJwt: string; issuedAt: number; expiresAt: number }>;
  /** A Status List Token (`statuslist+jwt`) signed by the same key, as identity credentials' are. */
  signStatusList: ReturnType<typeof createCredentialIssuer>["signStatusList"];
};

/**
 * An authority's e-visa issuer: an SD-JWT VC (`typ: dc+sd-jwt`, ES256, the key's `kid`) made with
 * `@sd-jwt`'s issuer and the identity credential's hasher and salts, with `iss`, `iat`, `exp` (the end
 * of the last valid day), `vct`, `cnf.jwk` when the traveller holds a key, and the Token Status List
 * entry in the clear. Verifiers need only the authority's issuer metadata and status list.
 *
 * @throws {InvalidIdentityClaimsError} when a date is not `YYYY-MM-DD` or the validity is reversed.
 * @example
 * const issuer = createEvisaIssuer({ issuer: `${origin}/authorities/th-evisa`, key: await authorityKeys.signer("th-evisa"), vct: evisaVct(origin), clock });
 * const { sdJwt } = await issuer.issue({ claims, holderJwk, status: { idx: 17, uri } });
 */
export function createEvisaIssuer({ issuer, key, vct, clock }: CreateEvisaIssuerParameters): EvisaIssuer {
  const sdJwt = new SDJwtVcInstance({
    signer: (input) => key.sign(input),
    signAlg: "ES256",
    hasher: sdJwtHasher,
    hashAlg: "sha-256",
    saltGenerator: randomSalt,
  });
  // Status lists are signed as Entrada's identity lists are, with this authority as issuer.
  const lists = createCredentialIssuer({ issuer, key, clock });
  return {
    issuer,
    vct,
    async issue({ claims, holderJwk, status }) {
      for (const field of ["birthdate", "valid_from", "valid_until"] as const) {
        if (!isIsoDate(claims[field])) throw new InvalidIdentityClaimsError({ field, reason: "is not YYYY-MM-DD" });
      }
      if (claims.valid_from > claims.valid_until) {
        throw new InvalidIdentityClaimsError({ field: "valid_until", reason: "is before valid_from" });
      }
      if (!Number.isInteger(status.idx) || status.idx < 0) {
        throw new InvalidIdentityClaimsError({ field: "status.idx", reason: "is not a whole number from 0" });
      }
      const issuedAt = Math.floor(clock().getTime() / 1000);
      const expiresAt = Date.parse(`${claims.valid_until}T00:00:00Z`) / 1000 + 86_400;
      const payload = {
        iss: issuer,
        iat: issuedAt,
        exp: expiresAt,
        vct,
        ...(holderJwk === undefined ? {} : { cnf: { jwk: await publicHolderKey(holderJwk) } }),
        status: { status_list: { idx: status.idx, uri: status.uri } },
        ...claims,
      };
      const frame = { _sd: [...evisaDisclosableClaims] };
      // @sd-jwt's DisclosureFrame type cannot follow the spread payload; the shape is as documented.
      const issued = await sdJwt.issue(payload, frame as never, { header: { kid: key.kid } });
      return { sdJwt: issued, issuedAt, expiresAt };
    },
    signStatusList: (parameters) => lists.signStatusList(parameters),
  };
}
