import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, type Hex, isCurrencyCode, isHex, isOneOf, type Json, money, updatedAt } from "./columns.ts";

/** Member authorities: the governments (or their agencies) that issue e-visas and are paid on issue. */
export const authorities = pgTable(
  "authorities",
  {
    /** Stable slug, e.g. `th-evisa`. */
    id: text("id").primaryKey(),
    /** `authorityId` in `VisaFeeEscrow` (keccak256 of the slug). */
    onchainId: text("onchain_id").$type<Hex>().notNull().unique(),
    name: text("name").notNull(),
    /** ISO 3166-1 alpha-2 code of the issuing country. */
    country: text("country").notNull(),
    /** Currency of the authority's fees (ISO 4217). */
    currency: text("currency").notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("authorities_onchain_id_check", isHex(t.onchainId, 32)),
    check("authorities_country_check", sql`${t.country} ~ '^[A-Z]{2}$'`),
    check("authorities_currency_check", isCurrencyCode(t.currency)),
  ],
);

/** How many times a visa lets its holder enter. */
export const productEntries = ["single", "double", "multiple"] as const;

/** Visa products an authority sells, with the government fee in its local currency. */
export const products = pgTable(
  "products",
  {
    /** Stable slug, e.g. `th-evisa-tourist-60`. */
    id: text("id").primaryKey(),
    authorityId: text("authority_id")
      .notNull()
      .references(() => authorities.id),
    name: text("name").notNull(),
    /** Kind of visa: `tourist`, `business`, `transit`, … */
    visaType: text("visa_type").notNull(),
    /** Government fee in minor units of `currency`. */
    feeMinor: money("fee_minor").notNull(),
    currency: text("currency").notNull(),
    entries: text("entries", { enum: productEntries }).notNull(),
    stayDays: integer("stay_days").notNull(),
    validityDays: integer("validity_days").notNull(),
    /** The decision deadline: the authority decides within this many days of payment, or the payer may claim the fee back. */
    processingDays: integer("processing_days").notNull(),
    /**
     * The published service level: the authority aims to decide within this many hours of payment
     * (the Thai tourist visa: 2), at most the decision deadline; officers see each case's time left.
     */
    serviceLevelHours: integer("service_level_hours").notNull(),
    /** Required fields and documents, as the catalogue in packages/core describes them. */
    requirements: jsonb("requirements").$type<Json>().notNull().default({}),
    /** ISO 3166-1 alpha-3 codes of eligible nationalities; `null` means every nationality. */
    eligibleNationalities: text("eligible_nationalities").array(),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("products_authority_idx").on(t.authorityId),
    check("products_fee_check", sql`${t.feeMinor} >= 0`),
    check("products_currency_check", isCurrencyCode(t.currency)),
    check("products_entries_check", isOneOf(t.entries, productEntries)),
    check("products_days_check", sql`${t.stayDays} > 0 and ${t.validityDays} > 0 and ${t.processingDays} > 0`),
    check(
      "products_service_level_check",
      sql`${t.serviceLevelHours} > 0 and ${t.serviceLevelHours} <= ${t.processingDays} * 24`,
    ),
  ],
);
