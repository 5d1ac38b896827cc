import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CredentialState } from "../../../identity/credentialState.ts";
import type { SharedIdentity } from "../../../identity/identityTypes.ts";
import { identityFromApplicant } from "../../../identity/mrzForm.ts";
import { focusFirstPassportError, PassportFields } from "../../../identity/PassportFields.tsx";
import { presentIdentity } from "../../../identity/presentIdentity.ts";
import { SharedIdentityNote } from "../../../identity/SharedIdentityNote.tsx";
import { SignInToVerify } from "../../../identity/SignInToVerify.tsx";
import { UseVerifiedIdentity } from "../../../identity/UseVerifiedIdentity.tsx";
import { useIdentity } from "../../../identity/useIdentity.ts";
import { useIssueCredential } from "../../../identity/useIssueCredential.ts";
import { useMoveCredential } from "../../../identity/useMoveCredential.ts";
import { VerificationStatusNotice } from "../../../identity/VerificationStatusNotice.tsx";
import { VerifyIdentityForm } from "../../../identity/VerifyIdentityForm.tsx";
import type { IdentityValues } from "./validateIdentity.ts";

/** Parameters of {@link IdentityStep}. */
export type IdentityStepProps = {
  /** The product applied for: a presentation discloses the claims it needs, to its authority. */
  productId: string;
  /** The authority's name, to say with whom the identity is shared. */
  authorityName: string;
  values: IdentityValues;
  onChange: (values: IdentityValues) => void;
  onNext: () => void;
  /**
   * The application already exists with this passport data: shown read-only, with a way to start
   * over (the identity of an application cannot change).
   */
  locked?: boolean;
  onStartOver?: () => void;
  /** The verified identity presented for this application, or `null` for typed details. */
  presentation?: SharedIdentity | null;
  /** Keeps (or, with `null`, discards) a presentation, with the values it filled. */
  onPresented?: (presentation: SharedIdentity | null) => void;
};

/** States in which the traveller verifies (again) before a credential can be used. */
const verifyStates = new Set<CredentialState>(["unverified", "failed", "revoked", "expired"]);

/**
 * The identity step. A traveller whose verified identity is in this browser uses it: a presentation
 * of exactly the claims this visa needs, signed by the holder key, fills the passport data
 * read-only and goes straight on to the visa step (coming back shows the data with a note of what
 * was shared with the authority). Otherwise they verify once (MRZ
 * checked live, fields filled from it, photo page and photo uploaded) — or, as before, simply type
 * the data page, which stays possible in every case (not signed in, check under review, failed).
 *
 * @example
 * <IdentityStep productId="gb-eta" authorityName="UK Home Office" values={draft.identity} onChange={setIdentity}
 *   presentation={draft.presentation} onPresented={setPresentation} onNext={() => go("visa")} />
 */
export function IdentityStep({
  productId,
  authorityName,
  values,
  onChange,
  onNext,
  locked = false,
  onStartOver,
  presentation = null,
  onPresented,
}: IdentityStepProps) {
  const { t } = useTranslation("traveller");
  const identity = useIdentity();
  const issue = useIssueCredential(identity.userId);
  const move = useMoveCredential(identity.userId);
  const [submitted, setSubmitted] = useState(false);
  const [typeInstead, setTypeInstead] = useState(false);

  const present = useMutation({
    mutationFn: () => {
      const record = identity.holder?.record;
      if (!record?.credential) throw new Error("no credential in this browser");
      return presentIdentity({ productId, holder: { ...record, credential: record.credential } });
    },
    onSuccess: (presented) => {
      onChange(identityFromApplicant(presented.applicant));
      onPresented?.({
        id: presented.id,
        claims: presented.claims,
        productId: presented.productId,
        authorityId: presented.authorityId,
        presentedAt: presented.presentedAt,
      });
      // The verified details need no second look (they cannot be edited): straight on to the visa
      // step, which says what was shared with whom.
      onNext();
    },
  });

  // A check's outcome (verified, under review, failed) replaces what had the focus: focus moves to it.
  // So does signing in here: focus moves to what the signed-in traveller can now do.
  const outcome = useRef<HTMLDivElement>(null);
  const previousState = useRef(identity.state);
  const signedInHere = useRef(false);
  const previousUser = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (!identity.sessionKnown) return;
    if (previousUser.current === null && identity.userId !== null) signedInHere.current = true;
    previousUser.current = identity.userId;
  }, [identity.userId, identity.sessionKnown]);
  useEffect(() => {
    const before = previousState.current;
    previousState.current = identity.state;
    if (identity.state === null) return;
    if ((before !== null && before !== identity.state) || signedInHere.current) {
      signedInHere.current = false;
      const target = outcome.current?.childElementCount
        ? outcome.current
        : document.getElementById("identity-verify-title");
      target?.focus();
    }
  }, [identity.state]);

  const readOnly = locked || presentation !== null;
  const mode = readOnly
    ? "review"
    : identity.isLoading
      ? "loading"
      : identity.userId === null
        ? "signedOut"
        : identity.state === "usable" && !typeInstead
          ? "credential"
          : identity.state !== null && verifyStates.has(identity.state) && !identity.storageUnavailable
            ? "verify"
            : "typed";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (readOnly) {
      onNext();
      return;
    }
    if (focusFirstPassportError(values)) {
      setSubmitted(true);
      return;
    }
    onNext();
  };

  const onVerified = (verification: { status: string }) => {
    if (verification.status === "passed") issue.mutate();
  };

  return (
    <form noValidate onSubmit={submit} className="stack" data-testid="identity-step" data-mode={mode}>
      <p className="muted">
        {presentation
          ? t("identity:step.introShared")
          : mode === "credential"
            ? t("identity:step.introCredential")
            : t("identity.intro")}
      </p>
      {locked ? (
        <div className="notice notice-warn">
          <p>{t("identity.locked")}</p>
          {onStartOver ? (
            <button type="button" className="button button-quiet" data-testid="start-over" onClick={onStartOver}>
              {t("identity.startOver")}
            </button>
          ) : null}
        </div>
      ) : null}
      {presentation ? (
        <SharedIdentityNote
          presentation={presentation}
          authorityName={authorityName}
          onDiscard={locked || !onPresented ? undefined : () => onPresented(null)}
        />
      ) : null}
      {mode === "signedOut" ? <SignInToVerify /> : null}
      <div ref={outcome} tabIndex={-1} className="stack focus-target">
        {!readOnly && identity.state && identity.current && identity.state !== "usable" ? (
          <VerificationStatusNotice
            state={identity.state}
            current={identity.current}
            issue={issue}
            move={move}
            heldView={identity.heldView}
          />
        ) : null}
        {!readOnly && identity.storageUnavailable ? (
          <p className="notice notice-warn">{t("identity:apiError.HOLDER_STORAGE_UNAVAILABLE")}</p>
        ) : null}
        {mode === "credential" && identity.holder ? (
          <UseVerifiedIdentity
            holder={identity.holder}
            authorityName={authorityName}
            onUse={() => present.mutate()}
            pending={present.isPending}
            error={present.error}
            onTypeInstead={() => setTypeInstead(true)}
          />
        ) : null}
      </div>
      {mode === "verify" && identity.userId ? (
        <VerifyIdentityForm
          userId={identity.userId}
          values={values}
          onChange={onChange}
          onVerified={onVerified}
          showAllErrors={submitted}
          actions={
            <button type="submit" className="button button-quiet" data-testid="identity-next">
              {t("identity:step.continueTyped")}
            </button>
          }
        />
      ) : null}
      {mode === "review" || mode === "typed" || mode === "signedOut" ? (
        <>
          <PassportFields values={values} onChange={onChange} locked={readOnly} showAllErrors={submitted} />
          <div className="row">
            <button type="submit" className="button" data-testid="identity-next">
              {t("apply.continue")}
            </button>
            {mode === "typed" && identity.state === "usable" ? (
              <button
                type="button"
                className="button button-quiet"
                data-testid="identity-use-instead"
                onClick={() => setTypeInstead(false)}
              >
                {t("identity:step.useInstead")}
              </button>
            ) : null}
          </div>
        </>
      ) : null}
      {mode === "loading" ? (
        <p className="progress" role="status">
          {t("identity:step.loading")}
        </p>
      ) : null}
    </form>
  );
}
