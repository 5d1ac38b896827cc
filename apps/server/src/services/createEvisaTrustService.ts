import { type Catalogue, parseApplicationReference } from "@entrada/core";
import { applications, type Database, evisas } from "@entrada/db";
import {
  type SealStatus,
  sealFromBase64url,
  type TrustedIssuerKey,
  type VisaEntries,
  verifyVisaSeal,
} from "@entrada/verify";
import { and, eq, gte, isNotNull, ne, or } from "drizzle-orm";
import type { AuthorityKeys } from "./createAuthorityKeys.ts";

/** One key of the trust list: an authority's publishable issuer key, with who the authority is. */
export type EvisaTrustListKey = {
  authorityId: string;
  /** The authority's English name, and in every interface language. */
  name: string;
  names: Readonly<Record<string, string>>;
  /** ISO 3166-1 alpha-2 ("EU" for the European Union). */
  country: string;
  kid: string;
  /** The EC P-256 public JWK, as the authority's issuer metadata publishes it. */
  publicJwk: Readonly<Record<string, unknown>>;
  /** ISO date-time after which a retired key is no longer trusted; `null` for a current key. */
  notAfter: string | null;
};

/** `GET /evisa/trust-list`: what an offline verifier keeps. */
export type EvisaTrustList = {
  generatedAt: string;
  keys: EvisaTrustListKey[];
  /**
   * The e-visas revoked so far, by authority and status list index (the seal's `statusIndex`), and
   * those a reorg suspended (their application is out of `issued` while the release is off the chain);
   * only those whose last valid day is at most a day ago, so the list does not grow for ever.
   */
  revoked: { authorityId: string; statusIndex: number }[];
};

/** `POST /evisa/verify`'s answer. Personal data only when the signature verified. */
export type EvisaVerification = {
  valid: boolean;
  status: SealStatus;
  authority: { id: string; name: string; country: string } | null;
  holder: {
    surname: string;
    givenNames: string;
    nationality: string;
    birthDate: string;
    sex: "M" | "F" | "X";
    passportNumber: string;
  } | null;
  reference: string | null;
  entries: VisaEntries | null;
  durationOfStayDays: number | null;
  validFrom: string | null;
  validUntil: string | null;
  /** Whether the answer took the authority's revocations into account (always, here: the server holds them). */
  revocationChecked: boolean;
};

/** Parameters of {@link createEvisaTrustService}. */
export type CreateEvisaTrustServiceParameters = {
  db: Database;
  catalogue: Catalogue;
  authorityKeys: AuthorityKeys;
  clock?: (() => Date) | undefined;
};

/** What {@link createEvisaTrustService} returns. */
export type EvisaTrustService = {
  trustList(): Promise<EvisaTrustList>;
  /** Verifies the seal as the API's `seal` gives it (base64url); throws `ENTRADA_SEAL_MALFORMED` for what is not one. */
  verify(text: string): Promise<EvisaVerification>;
};

/**
 * The e-visa verifier's side of the server (issue 12): the trust list an offline verifier keeps
 * (every authority's publishable seal keys, and the revoked e-visas' status indexes), and a
 * verification of a seal with those keys and the server's own revocations, for systems that would
 * rather call an API than run `@entrada/verify`. It is the same code an outside verifier runs.
 *
 * @example
 * const trust = createEvisaTrustService({ db, catalogue, authorityKeys });
 * const { status, holder } = await trust.verify(seal); // "valid" | "revoked" | "expired" | …
 */
export function createEvisaTrustService({
  db,
  catalogue,
  authorityKeys,
  clock = () => new Date(),
}: CreateEvisaTrustServiceParameters): EvisaTrustService {
  async function keys(): Promise<EvisaTrustListKey[]> {
    const perAuthority = await Promise.all(
      catalogue.authorities.map(async (authority) =>
        (await authorityKeys.publishable(authority.id)).map(
          (key): EvisaTrustListKey => ({
            authorityId: authority.id,
            name: authority.name,
            names: authority.names,
            country: authority.country,
            kid: key.kid,
            publicJwk: { ...key.publicJwk },
            notAfter: key.notAfter?.toISOString() ?? null,
          }),
        ),
      ),
    );
    return perAuthority.flat();
  }

  const dayMs = 86_400_000;
  const isoDate = (date: Date) => date.toISOString().slice(0, 10);
  // Revoked, or suspended by a reorg (its status list entry says suspended; an offline check knows only revoked).
  const notInForce = or(isNotNull(evisas.revokedAt), ne(applications.state, "issued"));

  return {
    async trustList() {
      const [list, revoked] = await Promise.all([
        keys(),
        db
          .select({ authorityId: evisas.authorityId, statusIndex: evisas.statusIndex })
          .from(evisas)
          .innerJoin(applications, eq(applications.id, evisas.applicationId))
          // Bounded by what could still pass: an e-visa past its last day verifies as expired anyway.
          // A day's margin, for a verifier whose date is behind UTC's.
          .where(and(notInForce, gte(evisas.validUntil, isoDate(new Date(clock().getTime() - dayMs)))))
          .orderBy(evisas.authorityId, evisas.statusIndex),
      ]);
      return { generatedAt: clock().toISOString(), keys: list, revoked };
    },

    async verify(text) {
      const seal = sealFromBase64url(text.trim());
      const trusted: TrustedIssuerKey[] = (await keys()).map((key) => ({
        authorityId: key.authorityId,
        kid: key.kid,
        publicJwk: key.publicJwk as JsonWebKey,
        name: key.name,
        ...(key.notAfter === null ? {} : { notAfter: key.notAfter }),
      }));
      const result = await verifyVisaSeal(seal, { keys: trusted, now: clock() });
      const data = result.data;
      let status = result.status;
      // The seal holds the reference's eight characters (`7K3Q9XPA`); the application's is `ENT-7K3Q-9XPA`.
      const reference = data === undefined ? null : (parseApplicationReference(data.reference) ?? data.reference);
      if (
        data !== undefined &&
        reference !== null &&
        (status === "valid" || status === "expired" || status === "not_yet_valid")
      ) {
        // The seal names its e-visa by the authority, the reference and the status list index.
        const [row] = await db
          .select({ id: evisas.id })
          .from(evisas)
          .innerJoin(applications, eq(applications.id, evisas.applicationId))
          .where(
            and(
              eq(evisas.authorityId, data.authorityId),
              eq(evisas.reference, reference),
              eq(evisas.statusIndex, data.statusIndex ?? -1),
              notInForce,
            ),
          );
        if (row !== undefined) status = "revoked";
      }
      const authority = catalogue.authorities.find((candidate) => candidate.id === result.authorityId);
      return {
        valid: status === "valid",
        status,
        authority:
          authority === undefined ? null : { id: authority.id, name: authority.name, country: authority.country },
        holder:
          data === undefined
            ? null
            : {
                surname: data.surname,
                givenNames: data.givenNames,
                nationality: data.nationality,
                birthDate: data.birthDate,
                sex: data.sex,
                passportNumber: data.passportNumber,
              },
        reference,
        entries: data?.entries ?? null,
        durationOfStayDays: data?.durationOfStayDays ?? null,
        validFrom: data?.validFrom ?? null,
        validUntil: data?.validUntil ?? null,
        revocationChecked: true,
      };
    },
  };
}
