import { useTranslation } from "react-i18next";
import type { QuoteDetails } from "../api/travellerTypes.ts";
import { formatDateTime, formatDecimal, formatMoney, formatPercentBps, isRounded } from "../format/formatMoney.ts";
import { ChainFact } from "./ChainFact.tsx";
import { MoneyAmount } from "./MoneyAmount.tsx";
import { QuoteCountdown } from "./QuoteCountdown.tsx";

/** A feed's answer as a decimal string: "127000000" with 8 decimals → "1.27". */
export function rateValue(answer: string, decimals: number): string {
  const digits = answer.replace(/^-/, "").padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}

/**
 * A signed quote, itemised: the visa fee in the authority's currency, its stablecoin amount,
 * Entrada's fee (with its rate), the total to pay, the network (when several are served), the prices
 * used and, while open, the time left.
 * Amounts read to the cent; the exact ones (every decimal of the token) are on hover and in a
 * disclosure below.
 *
 * @example
 * <QuoteSummary quote={application.quote} countdown />
 */
export function QuoteSummary({ quote, countdown = false }: { quote: QuoteDetails; countdown?: boolean }) {
  const { t, i18n } = useTranslation("traveller");
  const language = i18n.resolvedLanguage ?? "en";
  const percent = formatPercentBps(quote.platformFeeBps, language);
  const exact = [quote.tokenAmount, quote.platformFee, quote.total].some(isRounded);
  return (
    <div className="stack" data-testid="quote">
      <dl className="facts">
        <dt>{t("quote.visaFee")}</dt>
        <dd data-testid="quote-visa-fee">{formatMoney(quote.visaFee, language)}</dd>
        <dt>{t("quote.tokenAmount", { token: quote.token })}</dt>
        <dd>
          <MoneyAmount money={quote.tokenAmount} />
        </dd>
        <dt>{t("quote.platformFee", { rate: percent })}</dt>
        <dd>
          <MoneyAmount money={quote.platformFee} />
        </dd>
        <dt>
          <strong>{t("quote.total")}</strong>
        </dt>
        <dd data-testid="quote-total">
          <strong>
            <MoneyAmount money={quote.total} />
          </strong>
        </dd>
        <ChainFact chainId={quote.chainId} />
        {quote.rates.length > 0 ? (
          <>
            <dt>{t("quote.rates")}</dt>
            <dd>
              <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>
                {quote.rates.map((rate) => (
                  <li key={rate.pair}>
                    {t("quote.rate", {
                      pair: rate.pair,
                      value: formatDecimal(rateValue(rate.answer, rate.decimals), language),
                      time: formatDateTime(new Date(rate.updatedAt * 1000), language),
                    })}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>{t("quote.decisionDeadline")}</dt>
        <dd>{formatDateTime(quote.decisionDeadline, language)}</dd>
      </dl>
      {exact ? (
        <details data-testid="quote-exact">
          <summary>{t("quote.exactTitle")}</summary>
          <dl className="facts">
            <dt>{t("quote.tokenAmount", { token: quote.token })}</dt>
            <dd>{formatMoney(quote.tokenAmount, language, { precision: "exact" })}</dd>
            <dt>{t("quote.platformFeeShort")}</dt>
            <dd>{formatMoney(quote.platformFee, language, { precision: "exact" })}</dd>
            <dt>{t("quote.total")}</dt>
            <dd data-testid="quote-total-exact">{formatMoney(quote.total, language, { precision: "exact" })}</dd>
          </dl>
        </details>
      ) : null}
      {countdown && quote.status === "open" ? <QuoteCountdown expiresAt={quote.expiresAt} /> : null}
    </div>
  );
}
