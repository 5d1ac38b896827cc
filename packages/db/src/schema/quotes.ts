import type { QuotePricingRecord } from "@entrada/core";
import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { applications } from "./applications.ts";
import {
  createdAt,
  type Hex,
  isCurrencyCode,
  isHex,
  isHexData,
  isOneOf,
  money,
  timestamptz,
  updatedAt,
} from "./columns.ts";

/**
 * Life of a quote: open until paid, expired, or replaced by a newer quote; `void` when the chain it
 * was paid on, or payable on, is gone (a development chain started afresh), with `void_reason`.
 */
export const quoteStatuses = ["open", "paid", "expired", "superseded", "void"] as const;
/** The state of a quote. */
export type QuoteStatus = (typeof quoteStatuses)[number];

/**
 * Signed (EIP-712) price quotes: the visa fee converted to a stablecoin amount plus the platform fee,
 * locked until `expires_at`. Token amounts are in the token's minor units.
 */
export const quotes = pgTable(
  "quotes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id),
    chainId: integer("chain_id").notNull(),
    token: text("token").$type<Hex>().notNull(),
    /** The only address allowed to pay this quote. */
    payer: text("payer").$type<Hex>().notNull(),
    /** Visa fee in minor units of `visa_fee_currency`. */
    visaFeeMinor: money("visa_fee_minor").notNull(),
    visaFeeCurrency: text("visa_fee_currency").notNull(),
    /** The visa fee in token units (the escrow's `amount`). */
    tokenAmount: money("token_amount").notNull(),
    platformFee: money("platform_fee").notNull(),
    /** `token_amount + platform_fee`: what the payer transfers. */
    total: money("total").notNull(),
    /** How the quote was priced: the conversion path (e.g. THB→USD and USDC→USD with their feeds and times), fee rates, escrow ids. */
    rateLegs: jsonb("rate_legs").$type<QuotePricingRecord>().notNull(),
    expiresAt: timestamptz("expires_at").notNull(),
    decisionDeadline: timestamptz("decision_deadline").notNull(),
    /** EIP-712 digest of the quote; the contract marks it used. */
    digest: text("digest").$type<Hex>().notNull().unique(),
    signature: text("signature").$type<Hex>().notNull(),
    status: text("status", { enum: quoteStatuses }).notNull().default("open"),
    /** Why the quote is `void`, for the audit trail; set exactly when it is. */
    voidReason: text("void_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("quotes_application_idx").on(t.applicationId, t.createdAt),
    check("quotes_token_check", isHex(t.token, 20)),
    check("quotes_payer_check", isHex(t.payer, 20)),
    check("quotes_digest_check", isHex(t.digest, 32)),
    check("quotes_signature_check", isHexData(t.signature)),
    check("quotes_currency_check", isCurrencyCode(t.visaFeeCurrency)),
    check(
      "quotes_amounts_check",
      sql`${t.visaFeeMinor} >= 0 and ${t.tokenAmount} >= 0 and ${t.platformFee} >= 0 and ${t.total} = ${t.tokenAmount} + ${t.platformFee}`,
    ),
    check("quotes_status_check", isOneOf(t.status, quoteStatuses)),
    check("quotes_void_reason_check", sql`(${t.status} = 'void') = (${t.voidReason} is not null)`),
  ],
);
