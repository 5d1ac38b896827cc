import type { JsonValue } from "@entrada/core";
import { InvalidKycConfigError } from "../errors/kyc.ts";
import { mrzCountryToIso } from "../mrz/mrzCountryCodes.ts";
import { isIsoDate } from "../mrz/mrzDate.ts";
import { mrzLayouts } from "../mrz/mrzLayouts.ts";
import { type MrzValidationResult, validateMrz } from "../mrz/validateMrz.ts";
import type { SanctionsMatch, SanctionsScreener } from "../sanctions/createSanctionsScreener.ts";
import { addMonths, ageOn, utcDate } from "./calendarDate.ts";
import { compareWithMrz } from "./compareWithMrz.ts";
import { identityFingerprint } from "./identityFingerprint.ts";
import type { KycProvider, KycProviderCheckResult } from "./KycProvider.ts";
import type { TypedIdentity, VerifiedIdentity } from "./VerifiedIdentity.ts";

/** The verdict of a KYC check. */
export type KycOutcome = "passed" | "flagged" | "failed";

/**
 * Why a check did not simply pass. Stable: the web explains each, reviewers filter by them.
 *
 * | code | outcome | meaning |
 * | --- | --- | --- |
 * | `mrz_invalid` | failed | the MRZ does not validate (`details.errors` as `validateMrz` gives them) |
 * | `mrz_mismatch` | failed | a typed field contradicts the MRZ (`field`) |
 * | `document_expired` | failed | the document's expiry date has passed |
 * | `document_expires_soon` | failed | the document expires within the required validity (6 months by default) |
 * | `underage` | failed | younger than the minimum age (18 by default) |
 * | `liveness_failed` | failed | the provider saw no live person |
 * | `face_mismatch` | failed | the provider says the selfie is not the document's holder |
 * | `name_variant` | flagged | a typed name differs from the MRZ's, but looks like a transliteration of it (`field`) |
 * | `sanctions_match` | flagged | the name matches a sanctions list entry (`details.matches`) |
 * | `duplicate_identity` | flagged | another account was verified with the same document (`details.subjectId`) |
 * | `provider_inconclusive` | flagged | the provider could not decide liveness or face match |
 */
export type KycReasonCode =
  | "mrz_invalid"
  | "mrz_mismatch"
  | "document_expired"
  | "document_expires_soon"
  | "underage"
  | "liveness_failed"
  | "face_mismatch"
  | "name_variant"
  | "sanctions_match"
  | "duplicate_identity"
  | "provider_inconclusive";

/** One reason of a {@link KycResult}: what, its weight, and machine-readable facts (no passport data). */
export type KycReason = {
  readonly code: KycReasonCode;
  /** `failed` reasons decide against the traveller; `flagged` ones send the case to a reviewer. */
  readonly outcome: "failed" | "flagged";
  /** The typed field concerned, for `mrz_mismatch` and `name_variant`. */
  readonly field?: keyof TypedIdentity;
  readonly details?: { readonly [key: string]: JsonValue };
};

/** Another verified account with the same identity fingerprint. */
export type DuplicateIdentity = { readonly subjectId: string };

/** Parameters of {@link createKycPipeline}. */
export type CreateKycPipelineParameters = {
  sanctions: SanctionsScreener;
  /** Looks up who else was verified with a fingerprint (`identityFingerprint`), typically a database query. */
  duplicates: (fingerprint: string) => Promise<DuplicateIdentity | undefined>;
  provider: KycProvider;
  clock: () => Date;
  /** The secret of `identityFingerprint`, at least 32 bytes. */
  fingerprintKey: Uint8Array | string;
  /** Default 18. */
  minimumAge?: number | undefined;
  /** How long the document must stay valid, in months. Default 6, the rule of many states. */
  minimumValidityMonths?: number | undefined;
};

/** One traveller's submission: the MRZ, what they typed, and the images for the provider. */
export type KycSubmission = {
  /** Entrada's opaque id of the traveller (or employee); never personal data. */
  subjectId: string;
  /** Entrada's opaque id of this check, sent to the provider as its idempotency key. */
  checkId: string;
  mrz: readonly string[];
  typed: TypedIdentity;
  documentImage?: Uint8Array | undefined;
  selfie?: Uint8Array | undefined;
  /** A product's stricter minimum age, overriding the pipeline's. */
  minimumAge?: number | undefined;
};

/** The answer of {@link KycPipeline.check}. */
export type KycResult = {
  readonly outcome: KycOutcome;
  /** Empty when the outcome is `passed`. */
  readonly reasons: readonly KycReason[];
  /** The identity to issue a credential for; `null` when the MRZ does not validate. */
  readonly identity: VerifiedIdentity | null;
  /** `identityFingerprint` of the document; store it to find duplicates later. */
  readonly fingerprint: string | null;
  readonly mrz: MrzValidationResult;
  readonly sanctions: readonly SanctionsMatch[];
  /** `null` when the deterministic checks already failed: the paid provider is not asked then. */
  readonly provider: KycProviderCheckResult | null;
  /** ISO timestamp of the check. */
  readonly checkedAt: string;
};

/** The KYC pipeline; see {@link createKycPipeline}. */
export type KycPipeline = {
  /**
   * Checks one submission. Throws only when the provider cannot be reached
   * (`KycProviderUnavailableError`, retryable) or refuses; every finding about the person is a
   * reason in the result.
   */
  check(submission: KycSubmission): Promise<KycResult>;
};

/**
 * Entrada's identity check, in the order that spends the least: the MRZ (check digits, dates,
 * countries), the typed fields against the MRZ, document validity (expired, or expiring within the
 * required months) and minimum age; then sanctions screening of every name given and the
 * duplicate-identity lookup; then, only if nothing failed so far, the outside provider's liveness
 * and face match. The outcome is `failed` if any reason fails, else `flagged` (manual review) if
 * any flags, else `passed`.
 *
 * @example
 * const kyc = createKycPipeline({ sanctions, duplicates: (fp) => db.findIdentityByFingerprint(fp), provider, clock: () => new Date(), fingerprintKey: env.KYC_FINGERPRINT_KEY });
 * const result = await kyc.check({ subjectId, checkId, mrz: ["P<UTO…", "L898902C3…"], typed, selfie });
 * if (result.outcome === "passed") await issuer.issue({ identity: result.identity!, holderJwk, status });
 */
export function createKycPipeline(parameters: CreateKycPipelineParameters): KycPipeline {
  const minimumAge = parameters.minimumAge ?? 18;
  const minimumValidityMonths = parameters.minimumValidityMonths ?? 6;
  if (!Number.isInteger(minimumAge) || minimumAge < 0) {
    throw new InvalidKycConfigError({ setting: "minimumAge", expected: "a whole number of years, 0 or more" });
  }
  if (!Number.isInteger(minimumValidityMonths) || minimumValidityMonths < 0) {
    throw new InvalidKycConfigError({
      setting: "minimumValidityMonths",
      expected: "a whole number of months, 0 or more",
    });
  }
  // Fails now, at start-up, rather than on the first traveller when the key is too short.
  identityFingerprint({
    key: parameters.fingerprintKey,
    issuingCountry: "UTO",
    documentNumber: "0",
    birthDate: "2000-01-01",
  });

  return {
    async check(submission) {
      const now = parameters.clock();
      const today = utcDate(now);
      const reasons: KycReason[] = [];
      const mrz = validateMrz(submission.mrz, { now });
      const { typed } = submission;

      let identity: VerifiedIdentity | null = null;
      if (!mrz.valid) {
        reasons.push({
          code: "mrz_invalid",
          outcome: "failed",
          details: { errors: mrz.errors.map((e) => ({ ...e })) },
        });
      } else {
        const f = mrz.fields;
        const layout = mrzLayouts[mrz.format!];
        const zone = submission.mrz[layout.name.line]!.trim().slice(layout.name.start, layout.name.end);
        for (const { field, kind } of compareWithMrz(typed, f, { nameZoneFull: !zone.endsWith("<") })) {
          reasons.push(
            kind === "variant"
              ? { code: "name_variant", outcome: "flagged", field }
              : { code: "mrz_mismatch", outcome: "failed", field },
          );
        }
        identity = {
          surname: typed.surname.trim(),
          givenNames: typed.givenNames.trim(),
          birthDate: f.birthDate!,
          nationality: mrzCountryToIso(f.nationality!),
          sex: f.sex!,
          documentType: f.documentCode!.startsWith("P") ? "passport" : "identity_card",
          documentNumber: f.documentNumber!,
          issuingCountry: mrzCountryToIso(f.issuingCountry!),
          expiryDate: f.expiryDate!,
        };
        if (identity.expiryDate < today) {
          reasons.push({ code: "document_expired", outcome: "failed" });
        } else if (identity.expiryDate < addMonths(today, minimumValidityMonths)) {
          reasons.push({ code: "document_expires_soon", outcome: "failed", details: { minimumValidityMonths } });
        }
        const requiredAge = Math.max(minimumAge, submission.minimumAge ?? 0);
        if (ageOn(identity.birthDate, today) < requiredAge) {
          reasons.push({ code: "underage", outcome: "failed", details: { minimumAge: requiredAge } });
        }
      }

      const sanctions = screen(parameters.sanctions, typed, mrz, identity);
      if (sanctions.length > 0) {
        reasons.push({
          code: "sanctions_match",
          outcome: "flagged",
          details: { matches: sanctions.map((match) => ({ entryId: match.entryId, score: match.score })) },
        });
      }

      let fingerprint: string | null = null;
      if (identity !== null) {
        fingerprint = identityFingerprint({
          key: parameters.fingerprintKey,
          issuingCountry: identity.issuingCountry,
          documentNumber: identity.documentNumber,
          birthDate: identity.birthDate,
        });
        const duplicate = await parameters.duplicates(fingerprint);
        if (duplicate !== undefined && duplicate.subjectId !== submission.subjectId) {
          reasons.push({ code: "duplicate_identity", outcome: "flagged", details: { subjectId: duplicate.subjectId } });
        }
      }

      let provider: KycProviderCheckResult | null = null;
      if (identity !== null && !reasons.some((reason) => reason.outcome === "failed")) {
        provider = await parameters.provider.check({
          reference: submission.checkId,
          documentType: identity.documentType,
          issuingCountry: identity.issuingCountry,
          documentImage: submission.documentImage,
          selfie: submission.selfie,
        });
        if (provider.liveness === "failed") reasons.push({ code: "liveness_failed", outcome: "failed" });
        if (provider.faceMatch === "no_match") reasons.push({ code: "face_mismatch", outcome: "failed" });
        if (provider.liveness === "inconclusive" || provider.faceMatch === "inconclusive") {
          reasons.push({ code: "provider_inconclusive", outcome: "flagged" });
        }
      }

      const outcome: KycOutcome = reasons.some((reason) => reason.outcome === "failed")
        ? "failed"
        : reasons.length > 0
          ? "flagged"
          : "passed";
      return { outcome, reasons, identity, fingerprint, mrz, sanctions, provider, checkedAt: now.toISOString() };
    },
  };
}

/** Screens every distinct name the submission gives: as typed (diacritics and all) and as in the MRZ. */
function screen(
  screener: SanctionsScreener,
  typed: TypedIdentity,
  mrz: MrzValidationResult,
  identity: VerifiedIdentity | null,
): SanctionsMatch[] {
  const birthDate = identity?.birthDate ?? (isIsoDate(typed.birthDate) ? typed.birthDate : undefined);
  const names = new Set([`${typed.givenNames} ${typed.surname}`.trim()]);
  if (mrz.fields.surname !== null) names.add(`${mrz.fields.givenNames ?? ""} ${mrz.fields.surname}`.trim());
  const best = new Map<number, SanctionsMatch>();
  for (const name of names) {
    if (name === "") continue;
    for (const match of screener.screen({ name, birthDate })) {
      const previous = best.get(match.entryId);
      if (previous === undefined || previous.score < match.score) best.set(match.entryId, match);
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}
