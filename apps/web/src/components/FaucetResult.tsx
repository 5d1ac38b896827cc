import { useTranslation } from "react-i18next";
import { useServedChain } from "../api/ClientConfigContext.tsx";
import type { FaucetDrip } from "../api/travellerTypes.ts";
import type { StablecoinSymbol } from "../api/types.ts";
import { formatDecimal, formatMoney, localeOf } from "../format/formatMoney.ts";
import { moneyFromMinorUnits } from "../format/moneyFromMinorUnits.ts";

/**
 * What the development faucet did, in the traveller's words: the wallet's balances after the drip
 * on `chainId` (default: the default chain), each stablecoin to the cent, ETH to four decimals,
 * announced to screen readers.
 *
 * @example
 * <FaucetResult drip={faucet.data} /> // "Test funds added. Your wallet now holds 1,000.00 USDC, 1,000.00 USDT and 0.1 ETH."
 */
export function FaucetResult({ drip, chainId }: { drip: FaucetDrip; chainId?: number | undefined }) {
  const { t, i18n } = useTranslation("traveller");
  const language = i18n.resolvedLanguage ?? "en";
  const { tokens: chainTokens } = useServedChain(chainId);
  const tokens = (Object.keys(chainTokens) as StablecoinSymbol[]).filter((symbol) => drip.balances[symbol]);
  const amounts = [
    ...tokens.map((symbol) =>
      formatMoney(moneyFromMinorUnits(drip.balances[symbol], symbol, chainTokens[symbol].decimals), language),
    ),
    `${formatDecimal(moneyFromMinorUnits(drip.balances.ETH, "ETH", 18).formatted, language, { maximumFractionDigits: 4 })} ETH`,
  ];
  const balances = new Intl.ListFormat(localeOf(language), { type: "conjunction" }).format(amounts);
  return (
    <p className="notice notice-ok" role="status" data-testid="faucet-result">
      {t("faucet.funded", { balances })}
    </p>
  );
}
