import type { EligibilityResult, EligibleOption, IneligibleOption } from "../../api/travellerTypes.ts";

/** Reasons the page explains, each under `ineligible.<code>`; others get a general message. */
export const ineligibilityCodes = [
  "nationality_not_eligible",
  "visa_exempt",
  "travel_date_in_past",
  "too_late_to_apply",
  "too_early_to_apply",
] as const;

/** The eligibility answer as the page tells it. */
export type EligibilityGroups = {
  /** No member authority admits to the destination. */
  notCovered: boolean;
  /** Products the traveller can apply for, cheapest first within the catalogue's order of authorities. */
  eligible: EligibleOption[];
  /** Products the traveller does not need: their nationality enters without them. */
  exempt: IneligibleOption[];
  /** Products that do not fit, each with its reasons (the exemption aside). */
  ineligible: IneligibleOption[];
  /** Nothing to apply for because the nationality needs no visa for this trip. */
  noVisaNeeded: boolean;
};

/**
 * Sorts an eligibility answer into what the page says: what you can apply for (cheapest first per
 * authority), what you do not need, and what is closed to you and why.
 *
 * @example
 * groupEligibility(await api("POST", "/eligibility", { body })).noVisaNeeded // true for an EU citizen going to France
 */
export function groupEligibility(result: EligibilityResult): EligibilityGroups {
  const authorityOrder = new Map<string, number>();
  for (const option of [...result.eligible, ...result.ineligible]) {
    if (!authorityOrder.has(option.authority.id)) authorityOrder.set(option.authority.id, authorityOrder.size);
  }
  const eligible = [...result.eligible].sort(
    (a, b) =>
      authorityOrder.get(a.authority.id)! - authorityOrder.get(b.authority.id)! ||
      Number(BigInt(a.fee.amount) - BigInt(b.fee.amount)),
  );
  const isExempt = (option: IneligibleOption) => option.reasons.some((reason) => reason.code === "visa_exempt");
  const exempt = result.ineligible.filter(isExempt);
  const ineligible = result.ineligible
    .filter((option) => !isExempt(option))
    .map((option) => ({ ...option, reasons: option.reasons.filter((reason) => reason.code !== "visa_exempt") }));
  return {
    notCovered: !result.destinationCovered,
    eligible,
    exempt,
    ineligible,
    noVisaNeeded: eligible.length === 0 && exempt.length > 0,
  };
}
