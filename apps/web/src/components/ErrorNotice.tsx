import { useTranslation } from "react-i18next";
import { describeError, type ErrorRemedy } from "../api/describeError.ts";

/** Parameters of {@link ErrorNotice}: the failure, and what the remedy buttons do here. */
export type ErrorNoticeProps = {
  error: unknown;
  /** Handlers for the remedies this place can offer; a remedy without a handler shows no button. */
  actions?: Partial<Record<Exclude<ErrorRemedy, "none">, () => void>>;
};

/**
 * A failure explained in the reader's language, specific to what went wrong, with the way forward
 * (re-quote, faucet, retry, switch network, sign in) as a button. Announced to screen readers.
 */
export function ErrorNotice({ error, actions = {} }: ErrorNoticeProps) {
  const { t } = useTranslation("errors");
  const { code, remedy } = describeError(error);
  const action = remedy === "none" ? undefined : actions[remedy];
  return (
    <div className="notice notice-error" role="alert" data-error-code={code}>
      <p>{t(`${code}.message`)}</p>
      {action && remedy !== "none" ? (
        <button type="button" className="button" onClick={action}>
          {t(`remedy.${remedy}`)}
        </button>
      ) : null}
    </div>
  );
}
