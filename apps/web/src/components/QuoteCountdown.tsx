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
 * How long the quote's price stays locked, ticking — said once: one visible timer (`role="timer"`,
 * read when the reader reaches it, not every second). Screen readers are also told, once each, when
 * five minutes and one minute are left; the end is announced by the expired-quote notice.
 *
 * @example
 * <QuoteCountdown expiresAt={quote.expiresAt} />
 */
export function QuoteCountdown({ expiresAt }: { expiresAt: string }) {
  const { t, i18n } = useTranslation("traveller");
  const language = i18n.resolvedLanguage ?? "en";
  const left = useSecondsLeft(expiresAt);
  const minutes = Math.ceil(left / 60);
  // A live region speaks when its text changes: it holds the warning only for the ten seconds after
  // each threshold, so nothing repeats the timer the rest of the time.
  const warning = (left <= 300 && left > 290) || (left <= 60 && left > 50);
  return (
    <>
      <p
        data-testid="quote-countdown"
        data-seconds-left={left}
        role="timer"
        aria-atomic="true"
        className={left === 0 ? "field-error" : undefined}
      >
        {left > 0 ? t("quote.countdown", { time: formatCountdown(left, language) }) : t("quote.expired")}
      </p>
      <p className="visually-hidden" role="status" data-testid="quote-countdown-warning">
        {warning ? t("quote.minutesLeft", { count: minutes }) : ""}
      </p>
    </>
  );
}
