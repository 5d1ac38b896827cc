import { describe, expect, it } from "vitest";
import type { EligibilityResult } from "../../api/travellerTypes.ts";
import type { Authority, Product } from "../../api/types.ts";
import { groupEligibility } from "./groupEligibility.ts";

const authority = (id: string): Authority => ({
  id,
  name: id,
  names: { en: id, zh: id, es: id },
  country: "TH",
  destinations: ["TH"],
  currency: "THB",
  processingSlaHours: 72,
  website: "https://example.org",
});
const product = (id: string, authorityId: string): Product => ({
  id,
  authorityId,
  name: id,
  names: { en: id, zh: id, es: id },
  type: "tourist",
  purposes: ["tourist"],
  fee: { amount: "100", currency: "THB", formatted: "1.00" },
  stayDays: 30,
  entries: "single",
  validityDays: 90,
  processingHours: { typical: 24, max: 72 },
  serviceLevelHours: 48,
  requiredFields: [],
  requiredDocuments: [],
  minDaysBeforeTravel: null,
  maxDaysBeforeTravel: null,
});
const eligible = (id: string, authorityId: string, amount: string) => ({
  product: product(id, authorityId),
  authority: authority(authorityId),
  fee: { amount, currency: "THB", formatted: `${amount}.00` },
  feeWaiver: null,
  requiredFields: [],
  requiredDocuments: [],
  applyBy: null,
  notes: [],
});

describe("groupEligibility", () => {
  it("lists eligible products cheapest first within each authority, in catalogue order", () => {
    const result: EligibilityResult = {
      destinationCovered: true,
      eligible: [
        eligible("th-multiple", "th", "5000"),
        eligible("th-single", "th", "1000"),
        eligible("eu-etias", "eu", "700"),
      ],
      ineligible: [],
    };
    const groups = groupEligibility(result);
    expect(groups.eligible.map((option) => option.product.id)).toEqual(["th-single", "th-multiple", "eu-etias"]);
    expect(groups).toMatchObject({ notCovered: false, noVisaNeeded: false, exempt: [], ineligible: [] });
  });

  it("sets apart products the nationality does not need, and says when no visa is needed at all", () => {
    const groups = groupEligibility({
      destinationCovered: true,
      eligible: [],
      ineligible: [
        { product: product("gb-eta", "gb"), authority: authority("gb"), reasons: [{ code: "visa_exempt" }] },
        {
          product: product("gb-other", "gb"),
          authority: authority("gb"),
          reasons: [{ code: "too_late_to_apply", days: 3 }],
        },
      ],
    });
    expect(groups.noVisaNeeded).toBe(true);
    expect(groups.exempt.map((option) => option.product.id)).toEqual(["gb-eta"]);
    expect(groups.ineligible).toEqual([expect.objectContaining({ reasons: [{ code: "too_late_to_apply", days: 3 }] })]);
  });

  it("says when no member authority covers the destination", () => {
    expect(groupEligibility({ destinationCovered: false, eligible: [], ineligible: [] })).toEqual({
      notCovered: true,
      eligible: [],
      exempt: [],
      ineligible: [],
      noVisaNeeded: false,
    });
  });
});
