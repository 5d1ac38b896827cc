import { identityClaimPaths } from "@entrada/identity/browser";
import { useTranslation } from "react-i18next";
import "./identity.css";

/** Claim paths with a name under `identity:claim.<path>` (nested ones dotted, as the API lists them). */
export const namedClaimPaths: readonly string[] = identityClaimPaths;

/**
 * The claims of a credential that were (or will be) disclosed, each named in the reader's language.
 *
 * @example
 * <ClaimList claims={["given_name", "family_name", "birthdate"]} />
 */
export function ClaimList({ claims, testId }: { claims: readonly string[]; testId?: string }) {
  const { t } = useTranslation("identity");
  return (
    <ul className="claim-list" data-testid={testId}>
      {claims.map((claim) => (
        <li key={claim}>{namedClaimPaths.includes(claim) ? t(`claim.${claim}`) : claim}</li>
      ))}
    </ul>
  );
}
