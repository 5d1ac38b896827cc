import { useTranslation } from "react-i18next";
import type { Money } from "../api/types.ts";
import { formatMoney, isRounded } from "../format/formatMoney.ts";

/**
 * An amount as people read it, to the cent in the page's language, with the exact amount (every
 * decimal of the token) as its hover title when the cent hides digits.
 *
 * @example
 * <MoneyAmount money={quote.total} /> // <span title="20.322033 USDC">20.32 USDC</span>
 */
export function MoneyAmount({ money, testId }: { money: Money; testId?: string }) {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? "en";
  const rounded = isRounded(money);
  return (
    <span
      data-testid={testId}
      {...(rounded ? { title: formatMoney(money, language, { precision: "exact" }) } : {})}
      data-exact={money.formatted}
    >
      {formatMoney(money, language)}
    </span>
  );
}
