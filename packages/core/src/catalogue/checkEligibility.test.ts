import { describe, expect, it } from "vitest";
import { InvalidCountryCodeError, InvalidDateError } from "../errors/catalogue.ts";
import { checkEligibility, type EligibilityQuery } from "./checkEligibility.ts";
import { seedCatalogue } from "./seed.ts";

const catalogue = seedCatalogue();
const today = "2026-12-01";

function summary(query: EligibilityQuery) {
  const result = checkEligibility({ today, ...query }, catalogue);
  return {
    destinationCovered: result.destinationCovered,
    eligible: result.eligible.map((e) => [e.product.id, `${e.fee.amount} ${e.fee.currency}`]),
    ineligible: result.ineligible.map((i) => [i.product.id, i.reasons.map((r) => r.code)]),
  };
}

describe("checkEligibility", () => {
  it("lists India's tourist e-visas for an American, with fees and what to provide", () => {
    const result = checkEligibility(
      { nationality: "USA", destination: "IN", purpose: "tourist", travelDate: "2026-12-20", today },
      catalogue,
    );
    expect(result.eligible.map((e) => [e.product.id, e.fee.amount, e.applyBy])).toEqual([
      ["in-etourist-30d", 2500n, "2026-12-16"],
      ["in-etourist-1y", 4000n, "2026-12-16"],
      ["in-etourist-5y", 8000n, "2026-12-16"],
    ]);
    expect(result.ineligible).toEqual([]);
    const first = result.eligible[0]!;
    expect(first.authority.id).toBe("in-evisa");
    expect(first.requiredDocuments).toEqual(["passport_bio_page", "photo"]);
    expect(first.requiredFields).toContain("parents_names");
    expect(first.notes).toEqual([]);
  });

  it("charges Japanese nationals India's reduced fee", () => {
    expect(summary({ nationality: "JPN", destination: "IN", purpose: "tourist" }).eligible).toEqual([
      ["in-etourist-30d", "2500 USD"],
      ["in-etourist-1y", "2500 USD"],
      ["in-etourist-5y", "2500 USD"],
    ]);
  });

  it("says why not: nationality, too late, too early, travel date in the past", () => {
    expect(summary({ nationality: "PAK", destination: "IN", purpose: "business" })).toEqual({
      destinationCovered: true,
      eligible: [],
      ineligible: [["in-ebusiness-1y", ["nationality_not_eligible"]]],
    });
    expect(
      summary({ nationality: "USA", destination: "IN", purpose: "business", travelDate: "2026-12-04" }).ineligible,
    ).toEqual([["in-ebusiness-1y", ["too_late_to_apply"]]]);
    const tooEarly = checkEligibility(
      { nationality: "USA", destination: "IN", purpose: "business", travelDate: "2027-03-01", today },
      catalogue,
    );
    expect(tooEarly.ineligible[0]?.reasons).toEqual([
      { code: "too_early_to_apply", days: 30, applyFrom: "2027-01-30" },
    ]);
    expect(
      summary({ nationality: "PAK", destination: "IN", purpose: "business", travelDate: "2026-11-30" }).ineligible,
    ).toEqual([["in-ebusiness-1y", ["nationality_not_eligible", "travel_date_in_past"]]]);
    const tooLate = checkEligibility(
      { nationality: "DEU", destination: "US", purpose: "tourist", travelDate: "2026-12-03", today },
      catalogue,
    );
    expect(tooLate.ineligible.map((i) => [i.product.id, i.reasons])).toEqual([
      ["us-esta", [{ code: "too_late_to_apply", days: 3 }]],
    ]);
    // An exempt traveller is told both facts.
    expect(
      summary({ nationality: "USA", destination: "US", purpose: "tourist", travelDate: "2026-12-02" }).ineligible,
    ).toEqual([["us-esta", ["visa_exempt", "too_late_to_apply"]]]);
  });

  it("tells visa-exempt travellers they do not need a product, and offers the longer visas", () => {
    expect(summary({ nationality: "GBR", destination: "TH", purpose: "tourist", travelDate: "2027-01-15" })).toEqual({
      destinationCovered: true,
      eligible: [
        ["th-tourist-multiple", "500000 THB"],
        ["th-dtv", "1000000 THB"],
      ],
      ineligible: [["th-tourist-single", ["visa_exempt"]]],
    });
    expect(summary({ nationality: "IRL", destination: "GB", purpose: "tourist" }).ineligible).toEqual([
      ["gb-eta", ["visa_exempt"]],
    ]);
    expect(summary({ nationality: "FRA", destination: "DE", purpose: "business" }).ineligible).toEqual([
      ["eu-etias", ["visa_exempt"]],
    ]);
  });

  it("finds ETIAS for any of its 30 countries and applies the age waiver", () => {
    const child = checkEligibility(
      { nationality: "USA", destination: "PT", purpose: "tourist", birthDate: "2012-05-01", today },
      catalogue,
    );
    expect(child.eligible).toHaveLength(1);
    expect(child.eligible[0]).toMatchObject({
      product: { id: "eu-etias" },
      fee: { amount: 0n, currency: "EUR" },
      feeWaiver: { code: "age_under", age: 18 },
      notes: [],
    });
    const unknownAge = checkEligibility(
      { nationality: "USA", destination: "PT", purpose: "tourist", today },
      catalogue,
    );
    expect(unknownAge.eligible[0]).toMatchObject({
      fee: { amount: 2000n },
      notes: ["birth_date_needed_for_fee_waiver"],
    });
    expect(unknownAge.eligible[0]).not.toHaveProperty("feeWaiver");
  });

  it("offers only products for the purpose asked about", () => {
    expect(summary({ nationality: "USA", destination: "TH", purpose: "transit" }).eligible).toEqual([
      ["th-transit", "80000 THB"],
    ]);
    expect(summary({ nationality: "DEU", destination: "KE", purpose: "transit" }).eligible).toEqual([
      ["ke-eta-tourist", "3000 USD"],
    ]);
    expect(summary({ nationality: "UGA", destination: "KE", purpose: "business" }).ineligible).toEqual([
      ["ke-eta-business", ["visa_exempt"]],
    ]);
    expect(summary({ nationality: "USA", destination: "AU", purpose: "transit" })).toEqual({
      destinationCovered: true,
      eligible: [],
      ineligible: [],
    });
  });

  it("says when no member authority covers the destination", () => {
    expect(summary({ nationality: "USA", destination: "CN", purpose: "tourist" })).toEqual({
      destinationCovered: false,
      eligible: [],
      ineligible: [],
    });
  });

  it("rejects malformed input with stable codes", () => {
    expect(() =>
      checkEligibility({ nationality: "UK", destination: "GB", purpose: "tourist", today }, catalogue),
    ).toThrow(InvalidCountryCodeError);
    expect(() =>
      checkEligibility({ nationality: "GBR", destination: "gb", purpose: "tourist", today }, catalogue),
    ).toThrow(
      expect.objectContaining({
        code: "ENTRADA_COUNTRY_CODE_INVALID",
        details: { field: "destination", value: "gb", format: "alpha-2" },
      }),
    );
    expect(() =>
      checkEligibility(
        { nationality: "GBR", destination: "GB", purpose: "tourist", travelDate: "2026-02-30", today },
        catalogue,
      ),
    ).toThrow(InvalidDateError);
    expect(() =>
      checkEligibility({ nationality: "GBR", destination: "GB", purpose: "tourist", today: "tomorrow" }, catalogue),
    ).toThrow(InvalidDateError);
  });

  it("defaults today to the current UTC date", () => {
    const result = checkEligibility({ nationality: "USA", destination: "GB", purpose: "tourist" }, catalogue);
    expect(result.eligible.map((e) => e.product.id)).toEqual(["gb-eta"]);
  });
});
