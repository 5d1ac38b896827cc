import { type ReactNode, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useClientConfig } from "../../api/ClientConfigContext.tsx";
import type { Me } from "../../api/types.ts";
import { useSession } from "../../api/useSession.ts";
import { ErrorNotice } from "../../components/ErrorNotice.tsx";
import { DemoOfficerSignIn } from "./DemoOfficerSignIn.tsx";
import "./officer.css";

/** The signed-in officer and their authority. */
export type Officer = { me: Me; authorityId: string };

/**
 * Renders an officer page for a signed-in officer of an authority, inside the `.officer` wrapper that
 * scopes officer.css; anyone else is told how officers sign in (on the local chain: a demo officer sign-in). After signing in here, focus moves to the
 * page's heading, so that keyboard and screen reader users land on what appeared.
 */
export function RequireOfficer({ children }: { children: (officer: Officer) => ReactNode }) {
  const { t } = useTranslation("officer");
  const config = useClientConfig();
  const { me, isLoading, error } = useSession();
  const signedInHere = useRef(false);
  const officer = me?.roles.includes("officer") && me.authorityId ? { me, authorityId: me.authorityId } : null;

  const officerAuthority = officer?.authorityId;
  useEffect(() => {
    if (officerAuthority && signedInHere.current) {
      signedInHere.current = false;
      document.querySelector<HTMLElement>("main h1")?.focus();
    }
  }, [officerAuthority]);

  if (isLoading) {
    return (
      <p className="progress" role="status">
        {t("signIn.checking")}
      </p>
    );
  }
  if (error) return <ErrorNotice error={error} />;
  if (officer) return <div className="officer">{children(officer)}</div>;
  return (
    <section className="officer stack">
      <h1 tabIndex={-1}>{t("signIn.title")}</h1>
      <p>{me ? t("signIn.notOfficer") : t("signIn.intro")}</p>
      {config.features.devLogin ? (
        <DemoOfficerSignIn
          onSignedIn={() => {
            signedInHere.current = true;
          }}
        />
      ) : (
        <p className="notice notice-warn">{t("signIn.production")}</p>
      )}
      <p>
        <Link to="/officer/kyc" data-testid="kyc-desk-link">
          {t("identity:kyc.deskLink")}
        </Link>
      </p>
    </section>
  );
}
