import { useTranslation } from "react-i18next";
import type { ApplicationState } from "../api/types.ts";

const tone: Partial<Record<ApplicationState, string>> = {
  issued: "badge-ok",
  approved: "badge-ok",
  paid: "badge-ok",
  refunded: "badge-warn",
  needs_info: "badge-warn",
  payment_pending: "badge-warn",
  rejected: "badge-bad",
  expired: "badge-bad",
  cancelled: "badge-bad",
};

/** An application's state as a coloured, translated label (the colour is never the only cue). */
export function StateBadge({ state }: { state: ApplicationState }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${tone[state] ?? ""}`} data-state={state}>
      {t(`state.${state}`)}
    </span>
  );
}
