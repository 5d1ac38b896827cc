import { InvalidCountryCodeError } from "../errors/catalogue.ts";
import type { Money } from "../money/Money.ts";
import type { Authority } from "./Authority.ts";
import { formatCalendarDate, parseCalendarDate, utcDate } from "./calendarDate.ts";
import type { Catalogue } from "./createCatalogue.ts";
import type { FeeWaiver, Product, RequiredDocument, RequiredField, VisaType } from "./Product.ts";
import { resolveProductFee } from "./resolveProductFee.ts";

/** What a traveller tells the eligibility check. */
export type EligibilityQuery = {
  /** ISO 3166-1 alpha-3, as in the passport's MRZ: "GBR". */
  nationality: string;
  /** ISO 3166-1 alpha-2 of the country to visit: "TH", or "FR" for ETIAS. */
  destination: string;
  purpose: VisaType;
  /** First day in the destination, `YYYY-MM-DD`; enables the apply-by checks. */
  travelDate?: string | undefined;
  /** `YYYY-MM-DD`; enables age-based fee waivers. */
  birthDate?: string | undefined;
  /** The day of the check, `YYYY-MM-DD`. Default the current UTC date; pass it for determinism. */
  today?: string | undefined;
};

/** Stable codes for why a product is not for this traveller; the web app translates them. */
export type IneligibilityCode =
  /** The authority does not issue this product to the nationality. */
  | "nationality_not_eligible"
  /** The nationality may enter for this purpose without it. */
  | "visa_exempt"
  /** The travel date is in the past. */
  | "travel_date_in_past"
  /** Fewer days before travel than the authority needs. */
  | "too_late_to_apply"
  /** Further ahead than the authority accepts; `applyFrom` says when. */
  | "too_early_to_apply";

/** One reason, with the facts behind it. */
export type IneligibilityReason = {
  code: IneligibilityCode;
  /** For `too_late_to_apply`/`too_early_to_apply`: the limit in days. */
  days?: number;
  /** For `too_early_to_apply`: the first day applications are accepted. */
  applyFrom?: string;
};

/** Stable codes for facts worth telling an eligible traveller. */
export type EligibilityNoteCode =
  /** The product waives its fee by age, and no birth date was given to check it. */
  "birth_date_needed_for_fee_waiver";

/** A product the traveller can apply for, with everything they need to know before paying. */
export type EligibleProduct = {
  product: Product;
  authority: Authority;
  /** The authority fee for this traveller (per-nationality fee, waiver applied). */
  fee: Money;
  feeWaiver?: FeeWaiver;
  requiredFields: readonly RequiredField[];
  requiredDocuments: readonly RequiredDocument[];
  /** Last day to apply in time for `travelDate`, when given. */
  applyBy?: string;
  notes: readonly EligibilityNoteCode[];
};

/** A product for the destination and purpose that this traveller cannot (or need not) apply for. */
export type IneligibleProduct = {
  product: Product;
  authority: Authority;
  reasons: readonly IneligibilityReason[];
};

/** What {@link checkEligibility} returns. */
export type EligibilityResult = {
  /** Whether any member authority admits to the destination at all. */
  destinationCovered: boolean;
  /** In catalogue order. */
  eligible: readonly EligibleProduct[];
  /** Products for the destination and purpose that do not fit, each with every reason. */
  ineligible: readonly IneligibleProduct[];
};

/**
 * Tells a traveller, before they pay, which products fit their trip, what each costs them and what
 * they must provide, and for the others exactly why not. Products for other purposes are left out:
 * a tourist is not told they are "ineligible" for a business visa.
 *
 * @example
 * checkEligibility({ nationality: "USA", destination: "IN", purpose: "tourist", travelDate: "2026-12-20", today: "2026-12-01" }, catalogue)
 * // { destinationCovered: true,
 * //   eligible: [{ product: in-etourist-30d, fee: { amount: 2500n, currency: "USD" }, applyBy: "2026-12-16", … }, …],
 * //   ineligible: [] }
 */
export function checkEligibility(query: EligibilityQuery, catalogue: Catalogue): EligibilityResult {
  const { nationality, destination, purpose } = query;
  if (!/^[A-Z]{3}$/.test(nationality)) {
    throw new InvalidCountryCodeError({ field: "nationality", value: nationality, format: "alpha-3" });
  }
  if (!/^[A-Z]{2}$/.test(destination)) {
    throw new InvalidCountryCodeError({ field: "destination", value: destination, format: "alpha-2" });
  }
  const today = query.today ?? utcDate(new Date());
  const todayDays = parseCalendarDate("today", today);
  const travelDays = query.travelDate === undefined ? undefined : parseCalendarDate("travelDate", query.travelDate);
  if (query.birthDate !== undefined) parseCalendarDate("birthDate", query.birthDate);

  const authorities = catalogue.authoritiesFor(destination);
  const eligible: EligibleProduct[] = [];
  const ineligible: IneligibleProduct[] = [];
  for (const authority of authorities) {
    for (const product of catalogue.productsOf(authority.id)) {
      if (!product.purposes.includes(purpose)) continue;
      const reasons: IneligibilityReason[] = [];
      if (product.visaExemptNationalities?.includes(nationality) === true) {
        reasons.push({ code: "visa_exempt" });
      } else if (!admits(product, nationality)) {
        reasons.push({ code: "nationality_not_eligible" });
      }
      if (travelDays !== undefined) {
        const daysAhead = travelDays - todayDays;
        if (daysAhead < 0) {
          reasons.push({ code: "travel_date_in_past" });
        } else if (daysAhead < product.minDaysBeforeTravel) {
          reasons.push({ code: "too_late_to_apply", days: product.minDaysBeforeTravel });
        } else if (product.maxDaysBeforeTravel !== undefined && daysAhead > product.maxDaysBeforeTravel) {
          reasons.push({
            code: "too_early_to_apply",
            days: product.maxDaysBeforeTravel,
            applyFrom: formatCalendarDate(travelDays - product.maxDaysBeforeTravel),
          });
        }
      }
      if (reasons.length > 0) {
        ineligible.push({ product, authority, reasons });
        continue;
      }
      const { fee, waiver } = resolveProductFee(product, { nationality, birthDate: query.birthDate, today });
      const ageWaivers = product.feeWaivers?.some((w) => w.code === "age_under" || w.code === "age_over") === true;
      eligible.push({
        product,
        authority,
        fee,
        ...(waiver === undefined ? {} : { feeWaiver: waiver }),
        requiredFields: product.requiredFields,
        requiredDocuments: product.requiredDocuments,
        ...(travelDays === undefined ? {} : { applyBy: formatCalendarDate(travelDays - product.minDaysBeforeTravel) }),
        notes: ageWaivers && query.birthDate === undefined ? ["birth_date_needed_for_fee_waiver"] : [],
      });
    }
  }
  return { destinationCovered: authorities.length > 0, eligible, ineligible };
}

function admits(product: Product, nationality: string): boolean {
  const rule = product.eligibleNationalities;
  return rule.include === "all" ? !rule.exclude.includes(nationality) : rule.include.includes(nationality);
}
