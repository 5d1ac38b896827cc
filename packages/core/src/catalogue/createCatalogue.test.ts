import { describe, expect, it } from "vitest";
import { InvalidCatalogueError, UnknownAuthorityError, UnknownProductError } from "../errors/catalogue.ts";
import type { Authority } from "./Authority.ts";
import { createCatalogue } from "./createCatalogue.ts";
import type { Product } from "./Product.ts";

const authority: Authority = {
  id: "gb-eta",
  name: "UK Home Office",
  names: { en: "UK Home Office", zh: "英国内政部", es: "Ministerio del Interior del Reino Unido (Home Office)" },
  country: "GB",
  destinations: ["GB"],
  currency: "GBP",
  processingSlaHours: 72,
  website: "https://www.gov.uk",
};

const product: Product = {
  id: "gb-eta",
  authorityId: "gb-eta",
  name: "ETA",
  names: { en: "ETA", zh: "英国电子旅行许可（ETA）", es: "Autorización Electrónica de Viaje (ETA) del Reino Unido" },
  type: "tourist",
  purposes: ["tourist", "business"],
  fee: { amount: 1600n, currency: "GBP" },
  stayDays: 180,
  entries: "multiple",
  validityDays: 730,
  processingHours: { typical: 1, max: 72 },
  serviceLevelHours: 24,
  requiredFields: ["passport_number"],
  requiredDocuments: ["passport_bio_page"],
  eligibleNationalities: { include: ["USA"] },
  minDaysBeforeTravel: 3,
  source: "https://www.gov.uk",
};

function problems(parameters: Parameters<typeof createCatalogue>[0]): readonly string[] {
  try {
    createCatalogue(parameters);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidCatalogueError);
    return (error as InvalidCatalogueError).details.problems as readonly string[];
  }
}

describe("createCatalogue", () => {
  it("looks authorities and products up", () => {
    const catalogue = createCatalogue({ authorities: [authority], products: [product] });
    expect(catalogue.authority("gb-eta")).toBe(authority);
    expect(catalogue.product("gb-eta")).toBe(product);
    expect(catalogue.productsOf("gb-eta")).toEqual([product]);
    expect(catalogue.authoritiesFor("GB")).toEqual([authority]);
    expect(catalogue.authoritiesFor("FR")).toEqual([]);
  });

  it("throws 404 errors for unknown ids", () => {
    const catalogue = createCatalogue({ authorities: [authority], products: [product] });
    expect(() => catalogue.authority("xx-visa")).toThrow(UnknownAuthorityError);
    expect(() => catalogue.product("toString")).toThrow(UnknownProductError);
    expect(() => catalogue.product("nowhere")).toThrow(
      expect.objectContaining({ code: "ENTRADA_PRODUCT_NOT_FOUND", status: 404 }),
    );
  });

  it("reports every inconsistency at once", () => {
    expect(
      problems({
        authorities: [
          authority,
          { ...authority },
          { ...authority, id: "Bad Slug", country: "GBR", destinations: [], currency: "USDC", processingSlaHours: 0 },
        ],
        products: [
          {
            ...product,
            fee: { amount: -1n, currency: "EUR" },
            feeByNationality: { US: { amount: 1n, currency: "GBP" } },
          },
          { ...product, authorityId: "nowhere" },
          {
            ...product,
            id: "gb-eta-2",
            type: "transit",
            processingHours: { typical: 100, max: 96 },
            serviceLevelHours: 97,
            stayDays: 0,
            minDaysBeforeTravel: 5,
            maxDaysBeforeTravel: 4,
            eligibleNationalities: { include: "all", exclude: ["gb"] },
            visaExemptNationalities: ["IRELAND"],
          },
        ],
      }),
    ).toEqual([
      'authority "gb-eta": duplicate id',
      'authority "Bad Slug": id must be 1-32 characters of a-z, 0-9 and -',
      'authority "Bad Slug": country must be ISO 3166-1 alpha-2',
      'authority "Bad Slug": needs at least one destination',
      'authority "Bad Slug": currency "USDC" is not a known fiat currency',
      'authority "Bad Slug": processingSlaHours must be a whole number above 0',
      'product "gb-eta": fee is in EUR, the authority charges GBP',
      'product "gb-eta": fee is negative',
      'product "gb-eta": feeByNationality key "US" must be alpha-3',
      'product "gb-eta": duplicate id',
      'product "gb-eta": unknown authority "nowhere"',
      'product "gb-eta-2": processingHours.max is above the authority\'s SLA',
      'product "gb-eta-2": purposes must include type "transit"',
      'product "gb-eta-2": processingHours.typical is above processingHours.max',
      'product "gb-eta-2": serviceLevelHours is above processingHours.max (the decision deadline)',
      'product "gb-eta-2": stayDays must be a whole number above 0',
      'product "gb-eta-2": maxDaysBeforeTravel is below minDaysBeforeTravel',
      'product "gb-eta-2": nationality "gb" must be ISO 3166-1 alpha-3',
      'product "gb-eta-2": nationality "IRELAND" must be ISO 3166-1 alpha-3',
    ]);
  });

  it("needs a name in every interface language, with name the English one", () => {
    expect(
      problems({
        authorities: [{ ...authority, names: { ...authority.names, zh: " " } }],
        products: [{ ...product, name: "Tourist visa", names: { ...product.names, es: "" } }],
      }),
    ).toEqual([
      'authority "gb-eta": needs a name in "zh"',
      'product "gb-eta": needs a name in "es"',
      'product "gb-eta": name must be its English name (names.en)',
    ]);
  });
});
