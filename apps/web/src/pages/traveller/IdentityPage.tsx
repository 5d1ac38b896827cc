import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";
import { CredentialCard } from "../../identity/CredentialCard.tsx";
import { DeleteAccount } from "../../identity/DeleteAccount.tsx";
import { DisclosureList } from "../../identity/DisclosureList.tsx";
import { ExportData } from "../../identity/ExportData.tsx";
import { IdentityErrorNotice } from "../../identity/IdentityErrorNotice.tsx";
import type { ErasureReport } from "../../identity/identityTypes.ts";
import { RevokeCredential } from "../../identity/RevokeCredential.tsx";
import { SignInToVerify } from "../../identity/SignInToVerify.tsx";
import { useIdentity } from "../../identity/useIdentity.ts";
import { useIssueCredential } from "../../identity/useIssueCredential.ts";
import { useMoveCredential } from "../../identity/useMoveCredential.ts";
import { VerificationStatusNotice } from "../../identity/VerificationStatusNotice.tsx";
import { VerifyIdentityForm } from "../../identity/VerifyIdentityForm.tsx";
import { emptyIdentity, type IdentityValues } from "./apply/validateIdentity.ts";
import "../../identity/identity.css";

/**
 * `/identity`, "My identity": the verified identity credential held in this browser (its claims,
 * issuer, expiry and status) — or verifying once to get it —, what it shared with whom and when,
 * revoking it, and the traveller's data rights: a download of everything Entrada holds about them,
 * and deleting the account.
 */
export function IdentityPage() {
  const { t } = useTranslation("identity");
  const location = useLocation();
  const identity = useIdentity();
  const issue = useIssueCredential(identity.userId);
  const move = useMoveCredential(identity.userId);
  const [values, setValues] = useState<IdentityValues>(emptyIdentity);
  const heading = useRef<HTMLHeadingElement>(null);
  const deleted = (location.state as { accountDeleted?: ErasureReport } | null)?.accountDeleted;

  // A sign-in or a verification changes the whole page: start reading it again from the top.
  const signedIn = identity.userId !== null;
  const previous = useRef<{ signedIn: boolean; state: string | null } | null>(null);
  useEffect(() => {
    if (identity.isLoading) return;
    const before = previous.current;
    previous.current = { signedIn, state: identity.state };
    // Not on arrival: only when something the reader did changed the page.
    if (before === null) return;
    if (before.signedIn !== signedIn || (before.state !== null && before.state !== identity.state)) {
      heading.current?.focus();
    }
  }, [signedIn, identity.state, identity.isLoading]);

  const decoded = identity.holder?.decoded ?? null;
  const verify =
    identity.state === "unverified" ||
    identity.state === "failed" ||
    identity.state === "revoked" ||
    identity.state === "expired";
  const canRevoke = identity.current?.credential?.status === "active";

  return (
    <div className="stack identity-page" data-testid="identity-page" data-state={identity.state ?? "none"}>
      <h1 ref={heading} tabIndex={-1}>
        {t("page.title")}
      </h1>
      <p className="muted">{t("page.intro")}</p>
      {deleted && !signedIn ? (
        <div className="notice notice-ok" role="status" data-testid="account-deleted">
          <p>{t("delete.done")}</p>
          <p>{t("delete.report", { kept: deleted.applicationsKept, deleted: deleted.applicationsDeleted })}</p>
        </div>
      ) : null}
      {identity.isLoading ? (
        <p className="progress" role="status">
          {t("page.loading")}
        </p>
      ) : !signedIn ? (
        <SignInToVerify headingLevel={2} />
      ) : (
        <>
          {identity.error ? <IdentityErrorNotice error={identity.error} onRetry={identity.refetch} /> : null}
          <section aria-labelledby="identity-credential-title" className="stack">
            <h2 id="identity-credential-title">{t("page.credentialTitle")}</h2>
            {identity.storageUnavailable ? (
              <p className="notice notice-warn">{t("apiError.HOLDER_STORAGE_UNAVAILABLE")}</p>
            ) : null}
            {identity.state && identity.current && identity.state !== "usable" ? (
              <VerificationStatusNotice
                state={identity.state}
                current={identity.current}
                issue={issue}
                move={move}
                heldView={identity.heldView}
              />
            ) : null}
            {decoded &&
            (identity.state === "usable" || identity.state === "revoked" || identity.state === "expired") ? (
              <CredentialCard decoded={decoded} credential={identity.current?.credential ?? null} />
            ) : null}
            {decoded && identity.state === "moved" ? (
              <CredentialCard decoded={decoded} credential={identity.heldView} />
            ) : null}
            {identity.state === "unverified" ? <p>{t("page.unverified")}</p> : null}
            {verify && identity.userId && !identity.storageUnavailable ? (
              <form noValidate onSubmit={(event) => event.preventDefault()}>
                <VerifyIdentityForm
                  userId={identity.userId}
                  values={values}
                  onChange={setValues}
                  onVerified={(verification) => {
                    if (verification.status === "passed") issue.mutate();
                  }}
                />
              </form>
            ) : null}
          </section>
          <section aria-labelledby="identity-disclosures-title" className="stack">
            <h2 id="identity-disclosures-title">{t("disclosures.title")}</h2>
            <p className="muted">{t("disclosures.intro")}</p>
            {identity.userId ? <DisclosureList userId={identity.userId} /> : null}
          </section>
          {canRevoke && identity.userId ? (
            <section aria-labelledby="identity-revoke-title" className="stack">
              <h2 id="identity-revoke-title">{t("revoke.title")}</h2>
              <p className="muted">{t("revoke.intro")}</p>
              <RevokeCredential userId={identity.userId} />
            </section>
          ) : null}
          <section aria-labelledby="identity-data-title" className="stack">
            <h2 id="identity-data-title">{t("data.title")}</h2>
            <ExportData />
            <h3>{t("delete.title")}</h3>
            {identity.userId ? <DeleteAccount userId={identity.userId} /> : null}
          </section>
        </>
      )}
    </div>
  );
}
