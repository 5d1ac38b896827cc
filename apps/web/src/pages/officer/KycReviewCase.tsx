import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/api.ts";
import { newIdempotencyKey } from "../../api/newIdempotencyKey.ts";
import { FormField } from "../../components/FormField.tsx";
import { formatDateTime } from "../../format/formatMoney.ts";
import { IdentityErrorNotice } from "../../identity/IdentityErrorNotice.tsx";
import type { KycReview, VerificationReason } from "../../identity/identityTypes.ts";
import { typedFieldToIdentityField } from "../../identity/identityVocabulary.ts";
import "../../identity/identity.css";

/** The passport fields compared, as typed and as the MRZ gives them (`TypedIdentity` / `VerifiedIdentity`). */
const comparedFields = [
  ["surname", "surname"],
  ["givenNames", "givenNames"],
  ["documentNumber", "documentNumber"],
  ["nationality", "nationality"],
  ["birthDate", "birthDate"],
  ["sex", "sex"],
  ["expiryDate", "expiryDate"],
  ["issuingCountry", "issuingCountry"],
] as const;

/** Parameters of {@link KycReviewCase}. */
export type KycReviewCaseProps = {
  review: KycReview;
  /** The decision was recorded: the case leaves the queue. */
  onDecided: (decision: "pass" | "fail") => void;
};

/** A sanctions match as the server gives reviewers (`details.matches[]`); older checks carry only the first two. */
type SanctionsMatchDetails = {
  entryId?: unknown;
  score?: unknown;
  listedName?: unknown;
  matchedName?: unknown;
  matchedAs?: unknown;
  programs?: unknown;
  birthYears?: unknown;
};

/** Another account's check of the same passport (`details.otherVerification` of a duplicate). */
type OtherVerificationDetails = { id?: unknown; checkedAt?: unknown; status?: unknown };

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item) => typeof item === "string" || typeof item === "number").map(String) : [];

/** One sanctions entry the name resembles: as listed, the alias that matched, programmes, birth years, score. */
function MatchText({ match }: { match: SanctionsMatchDetails }) {
  const { t } = useTranslation("identity");
  const alias = typeof match.matchedName === "string" ? match.matchedName : "";
  const aliasLabels: Record<string, string> = {
    aka: t("review.matchAka", { alias }),
    fka: t("review.matchFka", { alias }),
    nka: t("review.matchNka", { alias }),
  };
  const programs = strings(match.programs);
  const years = strings(match.birthYears);
  return (
    <li data-testid="kyc-match">
      {t("review.match", {
        entry: String(match.entryId ?? "?"),
        score: typeof match.score === "number" ? Math.round(match.score * 100) : "?",
      })}
      {typeof match.listedName === "string" ? (
        <span className="block">{t("review.matchListed", { name: match.listedName })}</span>
      ) : null}
      {typeof match.matchedAs === "string" && aliasLabels[match.matchedAs] ? (
        <span className="block">{aliasLabels[match.matchedAs]}</span>
      ) : null}
      {programs.length > 0 ? (
        <span className="block">{t("review.matchPrograms", { programs: programs.join(", ") })}</span>
      ) : null}
      {Array.isArray(match.birthYears) ? (
        <span className="block">
          {years.length > 0 ? t("review.matchBirthYears", { years: years.join(", ") }) : t("review.matchNoBirthYear")}
        </span>
      ) : null}
    </li>
  );
}

/** A flag's facts for the reviewer: sanctions entries as listed, the other account and its check, the field. */
function ReasonText({ reason }: { reason: VerificationReason }) {
  const { t, i18n } = useTranslation("identity");
  const details = reason.details ?? {};
  const matches = Array.isArray(details.matches) ? (details.matches as SanctionsMatchDetails[]) : [];
  const other =
    typeof details.otherVerification === "object" && details.otherVerification !== null
      ? (details.otherVerification as OtherVerificationDetails)
      : undefined;
  const statuses: Record<string, string> = {
    passed: t("review.otherPassed"),
    flagged: t("review.otherFlagged"),
    failed: t("review.otherFailed"),
  };
  const field = reason.field ? typedFieldToIdentityField[reason.field] : undefined;
  return (
    <>
      <strong>{t(`review.reason.${reason.code}`, { defaultValue: reason.code })}</strong>
      {reason.code === "sanctions_match" && matches.length > 0 ? (
        <ul className="kyc-matches">
          {matches.map((match) => (
            // The server reports each entry once.
            <MatchText key={String(match.entryId)} match={match} />
          ))}
        </ul>
      ) : null}
      {reason.code === "duplicate_identity" && typeof details.subjectId === "string" ? (
        <span className="block">{t("review.otherAccount", { account: details.subjectId })}</span>
      ) : null}
      {reason.code === "duplicate_identity" && other && typeof other.id === "string" ? (
        <span className="block" data-testid="kyc-other-check">
          {t("review.otherCheck", {
            id: other.id.slice(0, 8),
            date:
              typeof other.checkedAt === "string"
                ? formatDateTime(other.checkedAt, i18n.resolvedLanguage ?? "en")
                : "—",
            status: typeof other.status === "string" ? (statuses[other.status] ?? other.status) : "—",
          })}
        </span>
      ) : null}
      {field ? <span className="block">{t("review.field", { field: t(`traveller:fieldLabel.${field}`) })}</span> : null}
    </>
  );
}

/**
 * One flagged identity check as a KYC reviewer decides it: why it was flagged (sanctions entries
 * as listed, with the alias matched, programmes, birth years and similarity; another account with
 * the same passport and its check; a name variant, an inconclusive
 * liveness check), the passport as typed beside what the MRZ says, the MRZ, the provider's result,
 * the documents — then pass or fail, always with a reason (it goes to the audit trail).
 *
 * @example
 * <KycReviewCase review={review} onDecided={() => void reviews.refetch()} />
 */
export function KycReviewCase({ review, onDecided }: KycReviewCaseProps) {
  const { t, i18n } = useTranslation("identity");
  const language = i18n.resolvedLanguage ?? "en";
  const id = useId();
  const [reason, setReason] = useState("");
  const [attempted, setAttempted] = useState(false);
  const decide = useMutation({
    mutationFn: (decision: "pass" | "fail") =>
      api("POST", `/identity/reviews/${encodeURIComponent(review.id)}/decide`, {
        body: { decision, reason: reason.trim() },
        idempotencyKey: newIdempotencyKey(),
      }),
    onSuccess: (_answer, decision) => onDecided(decision),
  });
  const submit = (decision: "pass" | "fail") => (event?: FormEvent) => {
    event?.preventDefault();
    setAttempted(true);
    if (!reason.trim()) {
      document.getElementById(`${id}-reason`)?.focus();
      return;
    }
    decide.mutate(decision);
  };
  const value = (source: Record<string, unknown> | null, name: string) => {
    const raw = source?.[name];
    return typeof raw === "string" && raw !== "" ? raw : "—";
  };
  const shortId = review.id.slice(0, 8);
  const titleId = `${id}-title`;

  return (
    <article className="card stack kyc-case" aria-labelledby={titleId} data-testid={`kyc-case-${review.id}`}>
      <h2 id={titleId}>
        {t("review.caseTitle", {
          name: `${value(review.passport, "givenNames")} ${value(review.passport, "surname")}`,
          id: shortId,
        })}
      </h2>
      <p className="muted">{t("review.submitted", { date: formatDateTime(review.createdAt, language) })}</p>
      <section aria-labelledby={`${id}-reasons`}>
        <h3 id={`${id}-reasons`}>{t("review.reasonsTitle")}</h3>
        <ul data-testid="kyc-reasons">
          {review.reasons.map((item) => (
            <li key={`${item.code}-${item.field ?? ""}`} data-reason={item.code}>
              <ReasonText reason={item} />
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby={`${id}-compare`}>
        <h3 id={`${id}-compare`}>{t("review.compareTitle")}</h3>
        <table className="kyc-compare">
          <thead>
            <tr>
              <th scope="col">{t("review.fieldColumn")}</th>
              <th scope="col">{t("review.typedColumn")}</th>
              <th scope="col">{t("review.mrzColumn")}</th>
            </tr>
          </thead>
          <tbody>
            {comparedFields.map(([typed, verified]) => {
              const a = value(review.passport, typed);
              const b = value(review.identity, verified);
              const differs = review.identity !== null && a.toUpperCase() !== b.toUpperCase() && b !== "—";
              return (
                <tr key={typed} className={differs ? "differs" : undefined}>
                  <th scope="row">{t(`traveller:fieldLabel.${typedFieldToIdentityField[typed]!}`)}</th>
                  <td>{a}</td>
                  <td>
                    {b}
                    {differs ? <span className="badge badge-warn">{t("review.differs")}</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p>{t("review.mrzTitle")}</p>
        <pre className="mono mrz-block">{review.mrz.join("\n")}</pre>
        {review.provider ? (
          <p>
            {t("review.provider", {
              name: review.provider.name,
              liveness: String(review.provider.result?.liveness ?? "—"),
              faceMatch: String(review.provider.result?.faceMatch ?? "—"),
            })}
          </p>
        ) : null}
      </section>
      <section aria-labelledby={`${id}-documents`}>
        <h3 id={`${id}-documents`}>{t("review.documentsTitle")}</h3>
        {review.documents.length === 0 ? <p className="muted">{t("review.noDocuments")}</p> : null}
        <ul className="kyc-documents">
          {review.documents.map((document) => {
            const url = `/api/v1/identity/documents/${encodeURIComponent(document.id)}`;
            const label = t(`upload.${document.kind}`);
            return (
              <li key={document.id}>
                {document.contentType.startsWith("image/") ? (
                  <a href={url} target="_blank" rel="noreferrer">
                    <img src={url} alt={label} loading="lazy" />
                  </a>
                ) : (
                  <a href={url} target="_blank" rel="noreferrer">
                    {label}
                  </a>
                )}
                <span className="block muted">{label}</span>
              </li>
            );
          })}
        </ul>
      </section>
      <form noValidate onSubmit={submit("pass")} className="stack">
        <FormField
          id={`${id}-reason`}
          label={t("review.decisionReason")}
          hint={t("review.decisionHint")}
          error={attempted && !reason.trim() ? t("review.reasonRequired") : undefined}
        >
          {(control) => (
            <textarea
              {...control}
              data-testid="kyc-reason"
              rows={3}
              maxLength={2000}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          )}
        </FormField>
        <p role="status" className={decide.isPending ? "progress" : "visually-hidden"}>
          {decide.isPending ? t("review.deciding") : ""}
        </p>
        {decide.error ? <IdentityErrorNotice error={decide.error} /> : null}
        <div className="row">
          <button type="submit" className="button" data-testid="kyc-pass" disabled={decide.isPending}>
            {t("review.pass")}
          </button>
          <button
            type="button"
            className="button button-danger"
            data-testid="kyc-fail"
            disabled={decide.isPending}
            onClick={() => submit("fail")()}
          >
            {t("review.fail")}
          </button>
        </div>
      </form>
    </article>
  );
}
