import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, Outlet, useLocation } from "react-router";
import { servedChains, useClientConfig } from "../api/ClientConfigContext.tsx";
import { useSession } from "../api/useSession.ts";
import { localeOf } from "../format/formatMoney.ts";
import { useLiveEvents } from "../live/useLiveEvents.ts";
import { LanguageSwitcher } from "./LanguageSwitcher.tsx";
import { SessionButton } from "./SessionButton.tsx";
import { useMediaQuery } from "./useMediaQuery.ts";

/** Where styles.css folds the header's navigation and tools behind the menu button (a phone). */
const foldedMenuQuery = "(max-width: 30rem)";

/**
 * Every page's frame: skip link, header with navigation, language and session, the page, footer.
 * On a phone (≤ 480 px) the header is one line: the brand and a menu button that opens the
 * navigation, language and session; Escape or choosing a page closes it again.
 */
export function Layout() {
  const { t, i18n } = useTranslation();
  const config = useClientConfig();
  const localChainIds = servedChains(config)
    .filter((chain) => chain.isLocal)
    .map((chain) => String(chain.id));
  const { me } = useSession();
  const { connected } = useLiveEvents(Boolean(me));
  const isOfficer = Boolean(me?.roles.includes("officer"));
  const menuId = useId();
  const menuButton = useRef<HTMLButtonElement>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const menuFolds = useMediaQuery(foldedMenuQuery);
  const { pathname } = useLocation();
  // A page chosen from the menu closes it: the new page, not the menu, is what the traveller wanted.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each navigation
  useEffect(() => setMenuOpen(false), [pathname]);
  // Escape closes an open menu from wherever the focus is in it, and gives the focus back to its button.
  useEffect(() => {
    if (!menuOpen) return;
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener("keydown", closeOnEscape);
    return () => document.removeEventListener("keydown", closeOnEscape);
  }, [menuOpen]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="site-header" data-menu={menuOpen ? "open" : "closed"}>
        <NavLink to="/" className="brand" aria-label={t("nav.homeLabel")}>
          <img src="/icon.svg" alt="" width="28" height="28" />
          <span>Entrada</span>
        </NavLink>
        <button
          ref={menuButton}
          type="button"
          className="button button-quiet menu-toggle"
          data-testid="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls={menuId}
          onClick={() => setMenuOpen((open) => !open)}
        >
          {menuOpen ? t("nav.closeMenu") : t("nav.menu")}
        </button>
        <div className="header-menu" id={menuId}>
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
              {me ? (
                <li>
                  <NavLink to="/profile" data-testid="nav-profile">
                    {t("nav.profile")}
                  </NavLink>
                </li>
              ) : null}
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
            <SessionButton signIn={!menuFolds ? "idle" : menuOpen ? "now" : "later"} />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t("footer.tagline")}</p>
        <p>
          <NavLink to="/verify">{t("footer.verify")}</NavLink>
        </p>
        {localChainIds.length > 1 ? (
          <p className="muted">
            {t("footer.localChains", {
              chainIds: new Intl.ListFormat(localeOf(i18n.resolvedLanguage ?? "en"), { type: "conjunction" }).format(
                localChainIds,
              ),
            })}
          </p>
        ) : config.chain.isLocal ? (
          <p className="muted">{t("footer.localChain", { chainId: config.chain.id })}</p>
        ) : null}
      </footer>
    </>
  );
}
