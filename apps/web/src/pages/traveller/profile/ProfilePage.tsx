import { useTranslation } from "react-i18next";
import { useProfile } from "../../../api/useProfile.ts";
import { useSession } from "../../../api/useSession.ts";
import { EmailVerification } from "../../../components/EmailVerification.tsx";
import { ErrorNotice } from "../../../components/ErrorNotice.tsx";
import { languages } from "../../../i18n/languages.ts";

/**
 * Notification settings: the verified address every change of the traveller's applications is
 * e-mailed to (verify one, or stop e-mails), and the language of those e-mails — the page's, which
 * the language switcher changes.
 */
export function ProfilePage() {
  const { t } = useTranslation("traveller");
  const { me, isLoading } = useSession();
  const { profile, stop } = useProfile(Boolean(me));
  if (isLoading) return null;
  if (!me) {
    return (
      <div className="stack">
        <h1>{t("profile.title")}</h1>
        <p className="notice notice-warn">{t("profile.signInFirst")}</p>
      </div>
    );
  }
  if (!profile.data) {
    return (
      <div className="stack">
        <h1>{t("profile.title")}</h1>
        {profile.error ? (
          <ErrorNotice error={profile.error} actions={{ retry: () => void profile.refetch() }} />
        ) : (
          <p className="progress" role="status">
            {t("profile.loading")}
          </p>
        )}
      </div>
    );
  }
  const language = languages.find((candidate) => candidate.code === profile.data.locale)?.name;
  return (
    <div className="stack" data-testid="profile-page">
      <h1>{t("profile.title")}</h1>
      <section className="card stack" aria-labelledby="profile-email">
        <h2 id="profile-email" style={{ marginTop: 0 }}>
          {t("profile.emailTitle")}
        </h2>
        {profile.data.email ? null : (
          <p className="notice notice-warn" data-testid="profile-no-email">
            {t("email.none")}
          </p>
        )}
        <EmailVerification />
        {profile.data.email ? (
          <div className="row">
            <button
              type="button"
              className="button button-quiet"
              disabled={stop.isPending}
              onClick={() => stop.mutate()}
              data-testid="profile-stop-email"
            >
              {t("profile.stopEmail")}
            </button>
          </div>
        ) : null}
        {stop.error ? <ErrorNotice error={stop.error} /> : null}
      </section>
      {language ? (
        <section className="card" aria-labelledby="profile-language">
          <h2 id="profile-language" style={{ marginTop: 0 }}>
            {t("profile.languageTitle")}
          </h2>
          <p data-testid="profile-language">{t("profile.language", { language })}</p>
        </section>
      ) : null}
    </div>
  );
}
