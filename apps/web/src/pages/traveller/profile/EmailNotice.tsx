import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useProfile } from "../../../api/useProfile.ts";
import { useSession } from "../../../api/useSession.ts";
import { EmailVerification } from "../../../components/EmailVerification.tsx";

/**
 * On an application page: tells a traveller with no verified address that no e-mail will come
 * about this application, with the way to fix it here (verify an address inline) or on the profile
 * page. Renders nothing once an address is verified.
 *
 * @example
 * <EmailNotice />
 */
export function EmailNotice() {
  const { t } = useTranslation("traveller");
  const { me } = useSession();
  const { profile } = useProfile(Boolean(me));
  const [open, setOpen] = useState(false);
  if (!me || !profile.data || profile.data.email) return null;
  return (
    <section className="notice notice-warn stack" data-testid="email-notice" aria-labelledby="email-notice-title">
      <p id="email-notice-title" style={{ margin: 0 }}>
        {t("email.noneOnApplication")}
      </p>
      {open ? (
        <EmailVerification />
      ) : (
        <div className="row">
          <button type="button" className="button" onClick={() => setOpen(true)} data-testid="email-notice-verify">
            {t("email.verifyNow")}
          </button>
          <Link to="/profile">{t("email.settingsLink")}</Link>
        </div>
      )}
    </section>
  );
}
