import type { Money } from "../money/Money.ts";
import { ageOn } from "./calendarDate.ts";
import type { FeeWaiver, Product } from "./Product.ts";

/** Parameters of {@link resolveProductFee}. */
export type ResolveProductFeeParameters = {
  /** ISO 3166-1 alpha-3. */
  nationality: string;
  /** `YYYY-MM-DD`; without it no age-based waiver applies. */
  birthDate?: string | undefined;
  /** The application date, `YYYY-MM-DD`: ages are taken on it. */
  today: string;
};

/** What {@link resolveProductFee} returns. */
export type ResolveProductFeeReturnType = {
  /** What this applicant owes the authority; zero when waived. */
  fee: Money;
  /** The waiver that made it zero, if any. */
  waiver?: FeeWaiver;
};

/**
 * The authority fee one applicant owes for a product: the nationality's published fee if there is
 * one, else the product's; zero when an age waiver applies (ETIAS: under 18 or over 70).
 *
 * @example
 * resolveProductFee(etias, { nationality: "GBR", birthDate: "2010-05-01", today: "2026-11-02" })
 * // { fee: { amount: 0n, currency: "EUR" }, waiver: { code: "age_under", age: 18, … } }
 * resolveProductFee(indiaOneYear, { nationality: "JPN", today: "2026-11-02" })
 * // { fee: { amount: 2500n, currency: "USD" } }
 */
export function resolveProductFee(
  product: Product,
  parameters: ResolveProductFeeParameters,
): ResolveProductFeeReturnType {
  const fee =
    (Object.hasOwn(product.feeByNationality ?? {}, parameters.nationality)
      ? product.feeByNationality?.[parameters.nationality]
      : undefined) ?? product.fee;
  if (parameters.birthDate !== undefined) {
    const age = ageOn(parameters.birthDate, parameters.today);
    const waiver = product.feeWaivers?.find((w) => (w.code === "age_under" ? age < w.age : age > w.age));
    if (waiver !== undefined) return { fee: { amount: 0n, currency: fee.currency }, waiver };
  }
  return { fee };
}
