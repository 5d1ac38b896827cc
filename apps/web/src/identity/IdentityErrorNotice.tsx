import { useTranslation } from "react-i18next";
import { ErrorNotice } from "../components/ErrorNotice.tsx";
import { describeIdentityError } from "./identityErrors.ts";
import { documentProblemCodes } from "./precheckDocument.ts";

/** Parameters of {@link IdentityErrorNotice}. */
export type IdentityErrorNoticeProps = {
  error: unknown;
  /** Offered as "Try again" when given. */
  onRetry?: (() => void) | undefined;
  /** What the shared notice's "Sign in" does, for a session that expired. */
  onSignIn?: (() => void) | undefined;
};

/**
 * An identity failure explained in the reader's language with what to do (a refused upload with
 * each of its problems; a credential a verifier refused, with "verify again"), announced to screen
 * readers; any other failure goes to the app's shared `ErrorNotice`.
 *
 * @example
 * {issue.error ? <IdentityErrorNotice error={issue.error} onRetry={() => issue.mutate()} /> : null}
 */
export function IdentityErrorNotice({ error, onRetry, onSignIn }: IdentityErrorNoticeProps) {
  const { t } = useTranslation("identity");
  const described = describeIdentityError(error);
  if (!described) {
    return (
      <ErrorNotice
        error={error}
        actions={{ ...(onRetry ? { retry: onRetry } : {}), ...(onSignIn ? { signIn: onSignIn } : {}) }}
      />
    );
  }
  const problems = described.problems.filter((problem) =>
    (documentProblemCodes as readonly string[]).includes(problem),
  );
  return (
    <div className="notice notice-error" role="alert" data-error-code={described.code}>
      <p>{t(`apiError.${described.code}`)}</p>
      {problems.length > 0 ? (
        <ul>
          {problems.map((problem) => (
            <li key={problem}>{t(`documentProblem.${problem}`)}</li>
          ))}
        </ul>
      ) : null}
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          {t("retry")}
        </button>
      ) : null}
    </div>
  );
}
