import { cleanup, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { EligibilityResult } from "../../../api/travellerTypes.ts";
import type { Authority, Product } from "../../../api/types.ts";
import { fakeApi } from "../../officer/officerTestKit.tsx";
import { renderInLanguage } from "../travellerTestKit.tsx";
import { EligibleAlternatives } from "./EligibleAlternatives.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

const india: Authority = {
  id: "in-evisa",
  name: "Ministry of Home Affairs",
  names: { en: "Ministry of Home Affairs", zh: "印度内政部", es: "Ministerio del Interior de la India" },
  country: "IN",
  destinations: ["IN"],
  currency: "USD",
  processingSlaHours: 72,
  website: "https://indianvisaonline.gov.in",
};

function visa(id: string, en: string, zh: string, es: string): Product {
  return {
    id,
    authorityId: "in-evisa",
    name: en,
    names: { en, zh, es },
    type: "evisa",
    purposes: ["business"],
    fee: { amount: "8000", currency: "USD", formatted: "80.00" },
    stayDays: 180,
    entries: "multiple",
    validityDays: 365,
    processingHours: { typical: 72, max: 96 },
    requiredFields: [],
    requiredDocuments: [],
    minDaysBeforeTravel: null,
    maxDaysBeforeTravel: null,
  };
}

const refused = visa(
  "in-ebusiness-1y",
  "e-Business visa, 1 year",
  "电子商务签证（1 年）",
  "e-Visado de negocios, 1 año",
);
const open = visa(
  "in-ebusiness-30d",
  "e-Business visa, 30 days",
  "电子商务签证（30 天）",
  "e-Visado de negocios, 30 días",
);

/** The eligibility check's answer for the nationality: `eligible` open to it, the refused product not. */
function answer(eligible: Product[]): EligibilityResult {
  const option = (product: Product) => ({
    product,
    authority: india,
    fee: product.fee,
    feeWaiver: null,
    requiredFields: [],
    requiredDocuments: [],
    applyBy: null,
    notes: [],
  });
  return {
    destinationCovered: true,
    eligible: eligible.map(option),
    ineligible: [{ product: refused, authority: india, reasons: [{ code: "nationality_not_eligible" }] }],
  };
}

describe("EligibleAlternatives", () => {
  it("asks the eligibility check for the same nationality and trip and lists what is open instead, in the page's language", async () => {
    const calls = fakeApi((call) => (call.path === "/eligibility" ? answer([refused, open]) : undefined));
    await renderInLanguage(<EligibleAlternatives nationality="PAK" product={refused} authority={india} />, {
      language: "zh",
    });
    await waitFor(() => expect(screen.getByTestId("alternative-in-ebusiness-30d")).toBeTruthy());
    expect(calls.map((call) => call.body)).toEqual([{ nationality: "PAK", destination: "IN", purpose: "business" }]);
    const list = screen.getByTestId("eligible-alternatives");
    expect(list.textContent).toContain("电子商务签证（30 天）");
    expect(list.textContent).toContain("印度内政部");
    // The refused product is not offered again.
    expect(screen.queryByTestId("alternative-in-ebusiness-1y")).toBeNull();
    expect(screen.getByRole("link", { name: "电子商务签证（30 天）" }).getAttribute("href")).toBe(
      "/apply/in-ebusiness-30d",
    );
  });

  it("says so when nothing else is open to the nationality, and still points to the trip's other options", async () => {
    fakeApi((call) => (call.path === "/eligibility" ? answer([]) : undefined));
    await renderInLanguage(<EligibleAlternatives nationality="PAK" product={refused} authority={india} />, {
      language: "es",
    });
    await waitFor(() => expect(screen.getByTestId("eligible-alternatives").textContent).toContain("Aquí no hay otro"));
    expect(screen.getByRole("link", { name: "Ver otras opciones para su viaje" })).toBeTruthy();
  });
});
