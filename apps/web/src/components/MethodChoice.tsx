import { useTranslation } from "react-i18next";
import type { StablecoinSymbol } from "../api/types.ts";
import type { PaymentMethod } from "../api/usePayment.ts";

/** Every way of paying, in the order offered: gasless first. */
const methods = ["authorization", "permit", "pay"] as const satisfies readonly PaymentMethod[];

/** Parameters of {@link MethodChoice}. */
export type MethodChoiceProps = {
  /** The application's id: names the radio group and the hints. */
  applicationId: string;
  chosen: PaymentMethod;
  /** The methods the quote's token allows; the others are shown, disabled, with the reason. */
  available: readonly PaymentMethod[];
  /** The quote's token, named in the reason a method is unavailable. */
  token: StablecoinSymbol;
  onChange(method: PaymentMethod): void;
  /** While a payment or a quote is under way. */
  disabled: boolean;
};

/**
 * The choice of how to pay (gasless authorization, permit, approve + pay), each with a hint.
 *
 * @example
 * <MethodChoice applicationId={id} chosen={method} available={["pay"]} token="USDT" onChange={setMethod} disabled={false} />
 */
export function MethodChoice({ applicationId, chosen, available, token, onChange, disabled }: MethodChoiceProps) {
  const { t } = useTranslation("traveller");
  return (
    <fieldset disabled={disabled}>
      <legend>{t("pay.methodLegend")}</legend>
      {methods.map((option) => {
        const enabled = available.includes(option);
        const hintId = `${applicationId}-method-${option}-hint`;
        return (
          <div key={option} className="field">
            <label className="row" style={{ alignItems: "flex-start", flexWrap: "nowrap" }}>
              <input
                type="radio"
                name={`method-${applicationId}`}
                value={option}
                data-testid={`method-${option}`}
                checked={chosen === option}
                disabled={!enabled}
                onChange={() => onChange(option)}
                aria-describedby={hintId}
                style={{ width: "auto", minHeight: 0, margin: "0.3rem 0 0" }}
              />
              <span>
                {t(`method.${option}`)}
                <span className="hint" id={hintId} style={{ display: "block" }}>
                  {enabled ? t(`methodHint.${option}`) : t("pay.methodUnavailable", { token })}
                </span>
              </span>
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}
