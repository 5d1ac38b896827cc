import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useProfile } from "../api/useProfile.ts";
import { useSession } from "../api/useSession.ts";
import { ErrorNotice } from "./ErrorNotice.tsx";
import { FormField } from "./FormField.tsx";

/** Parameters of {@link EmailVerification}. */
export type EmailVerificationProps = {
  /**
   * The address to verify, when another field holds it (the visa form's e-mail); without it the
   * component has its own field.
   */
  email?: string | undefined;
};

/** An address as the server keeps it: trimmed, lower case. */
const normalise = (email: string) => email.trim().toLowerCase();
const looksLikeEmail = (email: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);

/**
 * Makes an address the signed-in traveller's notification address: "Send a code" e-mails six digits
 * to it in their language, and entering them here verifies it. Says so when the address is verified
 * already. Renders nothing for a visitor who is not signed in.
 *
 * @example
 * <EmailVerification email={answers.email} />
 */
export function EmailVerification({ email: given }: EmailVerificationProps) {
  const { t } = useTranslation("traveller");
  const { me } = useSession();
  const { profile, send, confirm } = useProfile(Boolean(me));
  const id = useId();
  const [typed, setTyped] = useState("");
  const [code, setCode] = useState("");
  // Its own field starts at the address awaiting its code, else the verified one (until changed).
  const [changing, setChanging] = useState(false);
  const email = normalise(
    given ?? (typed || profile.data?.pendingEmail || (changing ? "" : (profile.data?.email ?? ""))),
  );
  if (!me || !profile.data) return null;
  const verified = profile.data.email !== null && profile.data.email === email;
  const awaitingCode = profile.data.pendingEmail === email && email !== "";

  const sendCode = () => {
    confirm.reset();
    send.mutate(email);
  };
  const enter = (event: { preventDefault(): void }) => {
    event.preventDefault();
    confirm.mutate({ email, code: code.trim() }, { onSuccess: () => setCode("") });
  };

  if (verified) {
    return (
      <div className="stack">
        <p className="notice notice-ok" data-testid="email-verified">
          {t("email.verified", { email })}
        </p>
        {given === undefined ? (
          <div className="row">
            <button
              type="button"
              className="button button-quiet"
              onClick={() => setChanging(true)}
              data-testid="email-change"
            >
              {t("email.change")}
            </button>
          </div>
        ) : null}
      </div>
    );
  }
  return (
    <div className="stack" data-testid="email-verification">
      {given === undefined ? (
        <FormField id={`${id}-email`} label={t("email.addressLabel")} hint={t("email.addressHint")}>
          {(control) => (
            <input
              {...control}
              type="email"
              autoComplete="email"
              value={typed || profile.data?.pendingEmail || ""}
              // biome-ignore lint/a11y/noAutofocus: shown on request ("Use another address"), to type at once
              autoFocus={changing}
              onChange={(event) => setTyped(event.target.value)}
              data-testid="email-address"
            />
          )}
        </FormField>
      ) : (
        <p className="muted">{t("email.verifyHint")}</p>
      )}
      <div className="row">
        <button
          type="button"
          className="button button-quiet"
          disabled={!looksLikeEmail(email) || send.isPending}
          onClick={sendCode}
          data-testid="email-send-code"
        >
          {awaitingCode ? t("email.resend") : t("email.send")}
        </button>
      </div>
      {send.error ? <ErrorNotice error={send.error} /> : null}
      {awaitingCode ? (
        // Not a <form>: this sits inside the visa form, and forms do not nest.
        <fieldset className="stack" aria-labelledby={`${id}-sent`}>
          <p id={`${id}-sent`} role="status" data-testid="email-code-sent">
            {t("email.codeSent", { email })}
          </p>
          <FormField id={`${id}-code`} label={t("email.codeLabel")}>
            {(control) => (
              <input
                {...control}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                pattern="[0-9]{6}"
                value={code}
                onChange={(event) => setCode(event.target.value.replace(/\D/g, ""))}
                onKeyDown={(event) => {
                  if (event.key === "Enter") enter(event);
                }}
                data-testid="email-code"
              />
            )}
          </FormField>
          <div className="row">
            <button
              type="button"
              className="button"
              disabled={code.length !== 6 || confirm.isPending}
              onClick={enter}
              data-testid="email-confirm"
            >
              {t("email.confirm")}
            </button>
          </div>
          {confirm.error ? <ErrorNotice error={confirm.error} /> : null}
        </fieldset>
      ) : null}
    </div>
  );
}
