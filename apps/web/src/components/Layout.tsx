import { useTranslation } from "react-i18next";
import { NavLink, Outlet } from "react-router";
import { useClientConfig } from "../api/ClientConfigContext.tsx";
import { useSession } from "../api/useSession.ts";
import { useLiveEvents } from "../live/useLiveEvents.ts";
import { LanguageSwitcher } from "./LanguageSwitcher.tsx";
import { SessionButton } from "./SessionButton.tsx";

/** Every page's frame: skip link, header with navigation, language and session, the page, footer. */
export function Layout() {
  const { t } = useTranslation();
  const config = useClientConfig();
  const { me } = useSession();
  const { connected } = useLiveEvents(Boolean(me));
  const isOfficer = Boolean(me?.roles.includes("officer"));
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="site-header">
        <NavLink to="/" className="brand" aria-label={t("nav.homeLabel")}>
          <img src="/icon.svg" alt="" width="28" height="28" />
          <span>Entrada</span>
        </NavLink>
        <nav aria-label={t("nav.label")}>
          <ul>
            <li>
              <NavLink to="/">{t("nav.visas")}</NavLink>
            </li>
            <li>
              <NavLink to="/applications">{t("nav.applications")}</NavLink>
            </li>
            <li>
              <NavLink to="/identity" data-testid="nav-identity">
                {t("identity:nav.identity")}
              </NavLink>
            </li>
            {config.chain.isLocal ? (
              <li>
                <NavLink to="/wallet">{t("nav.wallet")}</NavLink>
              </li>
            ) : null}
            {config.features.mailbox ? (
              <li>
                <NavLink to="/mailbox">{t("nav.mailbox")}</NavLink>
              </li>
            ) : null}
            <li>
              <NavLink to="/officer">{isOfficer ? t("nav.officerDesk") : t("nav.officer")}</NavLink>
            </li>
            {me?.roles.includes("kyc_reviewer") ? (
              <li>
                <NavLink to="/officer/kyc">{t("identity:nav.kyc")}</NavLink>
              </li>
            ) : null}
          </ul>
        </nav>
        <div className="header-tools">
          {me ? (
            <span className={`live-dot ${connected ? "live-on" : "live-off"}`} data-testid="live-indicator">
              {connected ? t("live.on") : t("live.off")}
            </span>
          ) : null}
          <LanguageSwitcher />
          <SessionButton />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t("footer.tagline")}</p>
        {config.chain.isLocal ? <p className="muted">{t("footer.localChain", { chainId: config.chain.id })}</p> : null}
      </footer>
    </>
  );
}
