import { InvalidCatalogueError, UnknownAuthorityError, UnknownProductError } from "../errors/catalogue.ts";
import { currencies } from "../money/currencies.ts";
import type { Money } from "../money/Money.ts";
import type { Authority } from "./Authority.ts";
import { catalogueLanguages, type LocalizedName } from "./LocalizedName.ts";
import type { NationalityRule, Product } from "./Product.ts";

/** Parameters of {@link createCatalogue}. */
export type CreateCatalogueParameters = {
  authorities: readonly Authority[];
  products: readonly Product[];
};

/** A checked catalogue with lookups. */
export type Catalogue = {
  readonly authorities: readonly Authority[];
  readonly products: readonly Product[];
  /** Throws UnknownAuthorityError (404) for an unknown id. */
  authority(id: string): Authority;
  /** Throws UnknownProductError (404) for an unknown id. */
  product(id: string): Product;
  /** An authority's products, in catalogue order. */
  productsOf(authorityId: string): readonly Product[];
  /** Authorities whose authorisations admit to a country (alpha-2). */
  authoritiesFor(destination: string): readonly Authority[];
};

const slug = /^[a-z0-9-]{1,32}$/;
const alpha2 = /^[A-Z]{2}$/;
const alpha3 = /^[A-Z]{3}$/;

/**
 * Builds a catalogue after checking that its data agrees with itself: unique ids, every product's
 * authority exists, fees in the authority's currency and never negative, well-formed country codes,
 * processing times within the authority's SLA. All problems are reported at once, at start-up, so
 * bad catalogue data never reaches a quote.
 *
 * @example
 * const catalogue = createCatalogue({ authorities: seedAuthorities, products: seedProducts });
 * catalogue.product("gb-eta").fee // { amount: 1600n, currency: "GBP" }
 */
export function createCatalogue({ authorities, products }: CreateCatalogueParameters): Catalogue {
  const problems: string[] = [];
  const authorityById = new Map<string, Authority>();
  for (const authority of authorities) {
    const at = `authority "${authority.id}"`;
    if (!slug.test(authority.id)) problems.push(`${at}: id must be 1-32 characters of a-z, 0-9 and -`);
    if (authorityById.has(authority.id)) problems.push(`${at}: duplicate id`);
    authorityById.set(authority.id, authority);
    checkNames(at, authority, problems);
    if (!alpha2.test(authority.country)) problems.push(`${at}: country must be ISO 3166-1 alpha-2`);
    if (authority.destinations.length === 0) problems.push(`${at}: needs at least one destination`);
    for (const code of authority.destinations) {
      if (!alpha2.test(code)) problems.push(`${at}: destination "${code}" must be ISO 3166-1 alpha-2`);
    }
    if (!isFiat(authority.currency))
      problems.push(`${at}: currency "${authority.currency}" is not a known fiat currency`);
    if (!Number.isInteger(authority.processingSlaHours) || authority.processingSlaHours <= 0) {
      problems.push(`${at}: processingSlaHours must be a whole number above 0`);
    }
  }

  const productById = new Map<string, Product>();
  for (const product of products) {
    const at = `product "${product.id}"`;
    if (!slug.test(product.id)) problems.push(`${at}: id must be 1-32 characters of a-z, 0-9 and -`);
    if (productById.has(product.id)) problems.push(`${at}: duplicate id`);
    productById.set(product.id, product);
    checkNames(at, product, problems);
    const authority = authorityById.get(product.authorityId);
    if (authority === undefined) {
      problems.push(`${at}: unknown authority "${product.authorityId}"`);
    } else {
      checkFee(at, "fee", product.fee, authority.currency, problems);
      for (const [nationality, fee] of Object.entries(product.feeByNationality ?? {})) {
        if (!alpha3.test(nationality)) problems.push(`${at}: feeByNationality key "${nationality}" must be alpha-3`);
        checkFee(at, `feeByNationality.${nationality}`, fee, authority.currency, problems);
      }
      if (product.processingHours.max > authority.processingSlaHours) {
        problems.push(`${at}: processingHours.max is above the authority's SLA`);
      }
    }
    if (!product.purposes.includes(product.type)) problems.push(`${at}: purposes must include type "${product.type}"`);
    if (product.processingHours.typical > product.processingHours.max) {
      problems.push(`${at}: processingHours.typical is above processingHours.max`);
    }
    if (!Number.isInteger(product.serviceLevelHours) || product.serviceLevelHours <= 0) {
      problems.push(`${at}: serviceLevelHours must be a whole number above 0`);
    } else if (product.serviceLevelHours > product.processingHours.max) {
      problems.push(`${at}: serviceLevelHours is above processingHours.max (the decision deadline)`);
    }
    for (const [name, days] of [
      ["stayDays", product.stayDays],
      ["validityDays", product.validityDays],
    ] as const) {
      if (!Number.isInteger(days) || days <= 0) problems.push(`${at}: ${name} must be a whole number above 0`);
    }
    if (!Number.isInteger(product.minDaysBeforeTravel) || product.minDaysBeforeTravel < 0) {
      problems.push(`${at}: minDaysBeforeTravel must be a whole number of 0 or more`);
    }
    if (product.maxDaysBeforeTravel !== undefined && product.maxDaysBeforeTravel < product.minDaysBeforeTravel) {
      problems.push(`${at}: maxDaysBeforeTravel is below minDaysBeforeTravel`);
    }
    for (const code of [
      ...nationalityCodes(product.eligibleNationalities),
      ...(product.visaExemptNationalities ?? []),
    ]) {
      if (!alpha3.test(code)) problems.push(`${at}: nationality "${code}" must be ISO 3166-1 alpha-3`);
    }
  }
  if (problems.length > 0) throw new InvalidCatalogueError({ problems });

  return {
    authorities,
    products,
    authority(id) {
      const authority = authorityById.get(id);
      if (authority === undefined) throw new UnknownAuthorityError({ authorityId: id });
      return authority;
    },
    product(id) {
      const product = productById.get(id);
      if (product === undefined) throw new UnknownProductError({ productId: id });
      return product;
    },
    productsOf(authorityId) {
      return products.filter((product) => product.authorityId === authorityId);
    },
    authoritiesFor(destination) {
      return authorities.filter((authority) => authority.destinations.includes(destination));
    },
  };
}

function isFiat(code: string): boolean {
  return Object.hasOwn(currencies, code) && currencies[code as keyof typeof currencies].kind === "fiat";
}

function checkFee(at: string, field: string, fee: Money, currency: string, problems: string[]): void {
  if (fee.currency !== currency)
    problems.push(`${at}: ${field} is in ${fee.currency}, the authority charges ${currency}`);
  if (fee.amount < 0n) problems.push(`${at}: ${field} is negative`);
}

function nationalityCodes(rule: NationalityRule): readonly string[] {
  return rule.include === "all" ? rule.exclude : rule.include;
}

/** Every interface language has a name, and `name` is the English one. */
function checkNames(at: string, entry: { name: string; names: LocalizedName }, problems: string[]): void {
  for (const language of catalogueLanguages) {
    if (!entry.names[language]?.trim()) problems.push(`${at}: needs a name in "${language}"`);
  }
  if (entry.name !== entry.names.en) problems.push(`${at}: name must be its English name (names.en)`);
}
