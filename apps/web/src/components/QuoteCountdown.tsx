import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatCountdown } from "../format/formatMoney.ts";

/**
 * Whole seconds from now until `until` (never below 0), ticking every second.
 *
 * @example
 * const left = useSecondsLeft(quote.expiresAt); // 897, 896, …
 */
export function useSecondsLeft(until: string | undefined): number {
  const compute = () => (until ? Math.max(0, Math.floor((Date.parse(until) - Date.now()) / 1000)) : 0);
  const [left, setLeft] = useState(compute);
  // biome-ignore lint/correctness/useExhaustiveDependencies: compute reads only `until`
  useEffect(() => {
    setLeft(compute());
    if (!until) return;
    const timer = setInterval(() => setLeft(compute()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return left;
}

/**
 * How long the quote's price stays locked, ticking. Screen readers are told the time left once a
 * minute (not every second), and when it ends.
 *
 * @example
 * <QuoteCountdown expiresAt={quote.expiresAt} />
 */
export function QuoteCountdown({ expiresAt }: { expiresAt: string }) {
  const { t, i18n } = useTranslation("traveller");
  const language = i18n.resolvedLanguage ?? "en";
  const left = useSecondsLeft(expiresAt);
  const minutes = Math.ceil(left / 60);
  return (
    <p data-testid="quote-countdown" data-seconds-left={left} className={left === 0 ? "field-error" : undefined}>
      <span aria-hidden="true">
        {left > 0 ? t("quote.countdown", { time: formatCountdown(left, language) }) : t("quote.expired")}
      </span>
      <span className="visually-hidden" role="status">
        {left > 0 ? t("quote.minutesLeft", { count: minutes }) : t("quote.expired")}
      </span>
    </p>
  );
}
