import { BaseError } from "./BaseError.ts";

/**
 * No authority with the id.
 *
 * @example
 * catalogue.authority("xx-visa") // throws UnknownAuthorityError (ENTRADA_AUTHORITY_NOT_FOUND, 404)
 */
export class UnknownAuthorityError extends BaseError {
  override name = "UnknownAuthorityError" as const;
  constructor({ authorityId }: { authorityId: string }) {
    super(`No authority "${authorityId.slice(0, 64)}".`, {
      code: "ENTRADA_AUTHORITY_NOT_FOUND",
      details: { authorityId: authorityId.slice(0, 64) },
    });
  }
}

/**
 * No product with the id.
 *
 * @example
 * catalogue.product("gb-eta-gold") // throws UnknownProductError (ENTRADA_PRODUCT_NOT_FOUND, 404)
 */
export class UnknownProductError extends BaseError {
  override name = "UnknownProductError" as const;
  constructor({ productId }: { productId: string }) {
    super(`No visa product "${productId.slice(0, 64)}".`, {
      code: "ENTRADA_PRODUCT_NOT_FOUND",
      details: { productId: productId.slice(0, 64) },
    });
  }
}

/**
 * Catalogue data contradicts itself; thrown when a catalogue is built, so bad data never serves.
 *
 * @example
 * createCatalogue({ authorities: [], products: seedProducts }) // throws InvalidCatalogueError
 */
export class InvalidCatalogueError extends BaseError {
  override name = "InvalidCatalogueError" as const;
  constructor({ problems }: { problems: readonly string[] }) {
    super(`The catalogue has ${problems.length} problem${problems.length === 1 ? "" : "s"}.`, {
      code: "ENTRADA_CATALOGUE_INVALID",
      details: { problems },
      metaMessages: problems.map((problem) => `- ${problem}`),
    });
  }
}

/**
 * A malformed ISO 3166-1 code.
 *
 * @example
 * checkEligibility({ nationality: "UK", destination: "GB", purpose: "tourist" }, catalogue) // throws (alpha-3 is GBR)
 */
export class InvalidCountryCodeError extends BaseError {
  override name = "InvalidCountryCodeError" as const;
  constructor({ field, value, format }: { field: string; value: string; format: "alpha-2" | "alpha-3" }) {
    super(`${field} must be an ISO 3166-1 ${format} code in capitals; got "${value.slice(0, 16)}".`, {
      code: "ENTRADA_COUNTRY_CODE_INVALID",
      details: { field, value: value.slice(0, 16), format },
    });
  }
}

/**
 * A string that is not a real YYYY-MM-DD calendar date.
 *
 * @example
 * checkEligibility({ …, travelDate: "2026-02-30" }, catalogue) // throws InvalidDateError (ENTRADA_DATE_INVALID)
 */
export class InvalidDateError extends BaseError {
  override name = "InvalidDateError" as const;
  constructor({ field, value }: { field: string; value: string }) {
    super(`${field} must be a calendar date YYYY-MM-DD; got "${value.slice(0, 32)}".`, {
      code: "ENTRADA_DATE_INVALID",
      details: { field, value: value.slice(0, 32) },
    });
  }
}
