import { useTranslation } from "react-i18next";
import type { StablecoinSymbol } from "../api/types.ts";

/** The stablecoins a fee can be paid in, in the order offered. */
const tokens: StablecoinSymbol[] = ["USDC", "USDT"];

/** Parameters of {@link TokenChoice}. */
export type TokenChoiceProps = {
  /** Names the radio group; unique on the page (one per application). */
  name: string;
  token: StablecoinSymbol;
  onChange(token: StablecoinSymbol): void;
  /** While a payment or a quote is under way. */
  disabled: boolean;
};

/**
 * The choice of stablecoin to pay in, as radio buttons.
 *
 * @example
 * <TokenChoice name={`token-${id}`} token={token} onChange={setToken} disabled={busy} />
 */
export function TokenChoice({ name, token, onChange, disabled }: TokenChoiceProps) {
  const { t } = useTranslation("traveller");
  return (
    <fieldset disabled={disabled}>
      <legend>{t("pay.tokenLegend")}</legend>
      <div className="row">
        {tokens.map((symbol) => (
          <label key={symbol} className="row" style={{ fontWeight: 400 }}>
            <input
              type="radio"
              name={name}
              value={symbol}
              data-testid={`token-${symbol}`}
              checked={token === symbol}
              onChange={() => onChange(symbol)}
              style={{ width: "auto", minHeight: 0, margin: 0 }}
            />
            {symbol}
          </label>
        ))}
      </div>
      <p className="hint">{t("pay.tokenHint")}</p>
    </fieldset>
  );
}
