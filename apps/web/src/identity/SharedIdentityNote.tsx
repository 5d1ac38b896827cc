import type { Ref } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../format/formatMoney.ts";
import { ClaimList } from "./ClaimList.tsx";
import type { SharedIdentity } from "./identityTypes.ts";

/** Parameters of {@link SharedIdentityNote}. */
export type SharedIdentityNoteProps = {
  presentation: SharedIdentity;
  /** The authority's name (its id when unknown). */
  authorityName: string;
  /** Offered as "Type other details instead" while the application does not exist yet. */
  onDiscard?: (() => void) | undefined;
  ref?: Ref<HTMLDivElement>;
};

/**
 * What the verified identity shared for this application: with which authority, when, and exactly
 * which claims — nothing else of the credential left this browser. Focusable, so that the step can
 * move focus to it once the identity is presented.
 *
 * @example
 * <SharedIdentityNote presentation={draft.presentation} authorityName="UK Home Office" />
 */
export function SharedIdentityNote({ presentation, authorityName, onDiscard, ref }: SharedIdentityNoteProps) {
  const { t, i18n } = useTranslation("identity");
  return (
    <div ref={ref} tabIndex={-1} className="notice notice-ok stack" data-testid="identity-shared">
      <p>
        <strong>{t("shared.title")}</strong>
      </p>
      <p>
        {t("shared.with", {
          authority: authorityName,
          date: formatDateTime(presentation.presentedAt, i18n.resolvedLanguage ?? "en"),
        })}
      </p>
      <ClaimList claims={presentation.claims} testId="identity-shared-claims" />
      <p>{t("shared.readOnly")}</p>
      {onDiscard ? (
        <button type="button" className="button button-quiet" data-testid="identity-discard" onClick={onDiscard}>
          {t("shared.typeInstead")}
        </button>
      ) : null}
    </div>
  );
}
