import type { Authority, EligibilityResult, Product } from "@entrada/core";
import { z } from "zod";
import { moneyViewSchema, toMoneyView } from "./moneyView.ts";

/** A catalogue name in every interface language (`name` is the English one). */
export const localizedNameSchema = z.object({ en: z.string(), zh: z.string(), es: z.string() });

/** A member authority. */
export const authorityViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  names: localizedNameSchema,
  country: z.string(),
  destinations: z.array(z.string()),
  currency: z.string(),
  processingSlaHours: z.number(),
  website: z.string(),
});

/** A visa product. */
export const productViewSchema = z.object({
  id: z.string(),
  authorityId: z.string(),
  name: z.string(),
  names: localizedNameSchema,
  type: z.string(),
  purposes: z.array(z.string()),
  fee: moneyViewSchema,
  feeByNationality: z.record(z.string(), moneyViewSchema),
  feeWaivers: z.array(z.object({ code: z.string(), age: z.number(), description: z.string() })),
  stayDays: z.number(),
  entries: z.string(),
  validityDays: z.number(),
  processingHours: z.object({ typical: z.number(), max: z.number() }),
  /** The published service level: a decision within this many hours of payment (at most `processingHours.max`). */
  serviceLevelHours: z.number(),
  requiredFields: z.array(z.string()),
  requiredDocuments: z.array(z.string()),
  eligibleNationalities: z.union([
    z.object({ include: z.literal("all"), exclude: z.array(z.string()) }),
    z.object({ include: z.array(z.string()) }),
  ]),
  visaExemptNationalities: z.array(z.string()),
  minDaysBeforeTravel: z.number(),
  maxDaysBeforeTravel: z.number().nullable(),
  source: z.string(),
});

/** The answer of the eligibility check. */
export const eligibilityViewSchema = z.object({
  destinationCovered: z.boolean(),
  eligible: z.array(
    z.object({
      product: productViewSchema,
      authority: authorityViewSchema,
      fee: moneyViewSchema,
      feeWaiver: z.object({ code: z.string(), age: z.number(), description: z.string() }).nullable(),
      requiredFields: z.array(z.string()),
      requiredDocuments: z.array(z.string()),
      applyBy: z.string().nullable(),
      notes: z.array(z.string()),
    }),
  ),
  ineligible: z.array(
    z.object({
      product: productViewSchema,
      authority: authorityViewSchema,
      reasons: z.array(z.object({ code: z.string(), days: z.number().optional(), applyFrom: z.string().optional() })),
    }),
  ),
});

/**
 * An authority for the API.
 *
 * @example
 * catalogue.authorities.map(toAuthorityView)
 */
export function toAuthorityView(authority: Authority): z.infer<typeof authorityViewSchema> {
  return { ...authority, names: { ...authority.names }, destinations: [...authority.destinations] };
}

/**
 * A product for the API: fees as money views.
 *
 * @example
 * toProductView(catalogue.product("gb-eta")).fee // { amount: "1600", currency: "GBP", formatted: "16.00" }
 */
export function toProductView(product: Product): z.infer<typeof productViewSchema> {
  const rule = product.eligibleNationalities;
  return {
    id: product.id,
    authorityId: product.authorityId,
    name: product.name,
    names: { ...product.names },
    type: product.type,
    purposes: [...product.purposes],
    fee: toMoneyView(product.fee),
    feeByNationality: Object.fromEntries(
      Object.entries(product.feeByNationality ?? {}).map(([nationality, fee]) => [nationality, toMoneyView(fee)]),
    ),
    feeWaivers: (product.feeWaivers ?? []).map((waiver) => ({ ...waiver })),
    stayDays: product.stayDays,
    entries: product.entries,
    validityDays: product.validityDays,
    processingHours: { ...product.processingHours },
    serviceLevelHours: product.serviceLevelHours,
    requiredFields: [...product.requiredFields],
    requiredDocuments: [...product.requiredDocuments],
    eligibleNationalities:
      rule.include === "all" ? { include: "all", exclude: [...rule.exclude] } : { include: [...rule.include] },
    visaExemptNationalities: [...(product.visaExemptNationalities ?? [])],
    minDaysBeforeTravel: product.minDaysBeforeTravel,
    maxDaysBeforeTravel: product.maxDaysBeforeTravel ?? null,
    source: product.source,
  };
}

/**
 * An eligibility result for the API.
 *
 * @example
 * toEligibilityView(checkEligibility(query, catalogue))
 */
export function toEligibilityView(result: EligibilityResult): z.infer<typeof eligibilityViewSchema> {
  return {
    destinationCovered: result.destinationCovered,
    eligible: result.eligible.map((item) => ({
      product: toProductView(item.product),
      authority: toAuthorityView(item.authority),
      fee: toMoneyView(item.fee),
      feeWaiver: item.feeWaiver === undefined ? null : { ...item.feeWaiver },
      requiredFields: [...item.requiredFields],
      requiredDocuments: [...item.requiredDocuments],
      applyBy: item.applyBy ?? null,
      notes: [...item.notes],
    })),
    ineligible: result.ineligible.map((item) => ({
      product: toProductView(item.product),
      authority: toAuthorityView(item.authority),
      reasons: item.reasons.map((reason) => ({ ...reason })),
    })),
  };
}
