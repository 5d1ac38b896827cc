import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/api.ts";
import { newIdempotencyKey } from "../api/newIdempotencyKey.ts";
import { PendingStatus } from "../components/PendingStatus.tsx";
import type { IdentityValues } from "../pages/traveller/apply/validateIdentity.ts";
import { DocumentUploadField } from "./DocumentUploadField.tsx";
import { IdentityErrorNotice } from "./IdentityErrorNotice.tsx";
import { identityKeys } from "./identityQueries.ts";
import type { DocumentView, IdentityCurrent, VerificationView } from "./identityTypes.ts";
import { emptyMrz, MrzEntry, type MrzValue } from "./MrzEntry.tsx";
import { identityFromMrz, mrzFeedback, toVerificationPassport } from "./mrzForm.ts";
import { focusFirstPassportError, PassportFields } from "./PassportFields.tsx";

/** Parameters of {@link VerifyIdentityForm}. */
export type VerifyIdentityFormProps = {
  userId: string;
  values: IdentityValues;
  onChange: (values: IdentityValues) => void;
  /** The check's outcome (a passed check is then issued its credential by the caller). */
  onVerified: (verification: VerificationView) => void;
  /** Show every typed field's error (the step's "Continue" was pressed). */
  showAllErrors?: boolean;
  /** More actions beside "Verify my identity" (the step's "Continue without verifying"). */
  actions?: ReactNode;
};

/**
 * "Verify your identity once" (DESIGN.md, "The core loop" step 1): the MRZ typed or pasted and
 * checked live, the data page's fields filled from it for the traveller to check, the photo page
 * and a photo uploaded (checked in the browser first, with progress), then the whole submitted to
 * the KYC checks. Not a `<form>` of its own, so that the one-stop flow's identity step can hold it
 * with its own "Continue".
 *
 * @example
 * <VerifyIdentityForm userId={me.id} values={values} onChange={setValues} onVerified={onVerified} />
 */
export function VerifyIdentityForm({
  userId,
  values,
  onChange,
  onVerified,
  showAllErrors = false,
  actions,
}: VerifyIdentityFormProps) {
  const { t } = useTranslation("identity");
  const queryClient = useQueryClient();
  const [mrz, setMrz] = useState<MrzValue>(emptyMrz);
  const [bioPage, setBioPage] = useState<DocumentView | null>(null);
  const [photo, setPhoto] = useState<DocumentView | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [prefilled, setPrefilled] = useState(false);
  const feedback = mrzFeedback(mrz.lines, mrz.format);

  // A newly valid MRZ fills the typed fields (the traveller checks them, and adds accents the MRZ
  // cannot hold); editing them afterwards is kept until the MRZ itself changes.
  const filledFrom = useRef<string | null>(null);
  const latest = useRef({ values, onChange });
  latest.current = { values, onChange };
  const validKey = feedback.valid ? mrz.lines.join("\n") : null;
  useEffect(() => {
    if (validKey === null || filledFrom.current === validKey || !feedback.fields) return;
    filledFrom.current = validKey;
    latest.current.onChange({ ...latest.current.values, ...identityFromMrz(feedback.fields) });
    setPrefilled(true);
  }, [validKey, feedback.fields]);

  const verify = useMutation({
    mutationFn: () =>
      api<VerificationView>("POST", "/identity/verifications", {
        body: {
          mrz: mrz.lines.map((line) => line.trim()),
          passport: toVerificationPassport(values),
          documents: { passportBioPage: bioPage!.id, photo: photo!.id },
        },
        idempotencyKey: newIdempotencyKey(),
      }),
    onSuccess: (verification) => {
      queryClient.setQueryData<IdentityCurrent>(identityKeys.current(userId), (old) => ({
        verification,
        credential: old?.credential ?? null,
      }));
      onVerified(verification);
    },
  });

  const submit = () => {
    setAttempted(true);
    if (!feedback.valid) {
      const line = feedback.lines.findIndex((entry) => !entry.complete || entry.errors.length > 0);
      document.getElementById(`mrz-line-${Math.max(0, line) + 1}`)?.focus();
      return;
    }
    if (focusFirstPassportError(values)) return;
    if (!bioPage || !photo) {
      document.getElementById(bioPage ? "upload-photo" : "upload-passport_bio_page")?.focus();
      return;
    }
    verify.mutate();
  };

  return (
    <div className="stack" data-testid="identity-verify">
      <section className="card stack identity-card" aria-labelledby="identity-verify-title">
        <h3 id="identity-verify-title" tabIndex={-1}>
          {t("verify.title")}
        </h3>
        <p>{t("verify.intro")}</p>
        <MrzEntry value={mrz} onChange={setMrz} showAllErrors={attempted} />
      </section>
      {prefilled ? (
        <p className="hint" data-testid="identity-prefilled">
          {t("verify.prefilled")}
        </p>
      ) : null}
      <PassportFields values={values} onChange={onChange} showAllErrors={showAllErrors || attempted} />
      <fieldset>
        <legend>{t("verify.documentsLegend")}</legend>
        <p className="hint">{t("verify.documentsIntro")}</p>
        <DocumentUploadField kind="passport_bio_page" value={bioPage} onChange={setBioPage} showRequired={attempted} />
        <DocumentUploadField kind="photo" value={photo} onChange={setPhoto} showRequired={attempted} />
      </fieldset>
      <PendingStatus pending={verify.isPending} text={t("verify.checking")} testId="identity-verify-progress" />
      {verify.error ? <IdentityErrorNotice error={verify.error} onRetry={submit} /> : null}
      <div className="row">
        <button
          type="button"
          className="button"
          data-testid="identity-verify-submit"
          disabled={verify.isPending}
          onClick={submit}
        >
          {t("verify.submit")}
        </button>
        {actions}
      </div>
    </div>
  );
}
