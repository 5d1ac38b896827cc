import { applicationStates } from "@entrada/core";
import { getAddress, type Hex, isAddress } from "viem";
import { z } from "zod";

/** A UUID as the database issues them (lower-case accepted in any case). */
export const uuidSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, "must be a UUID")
  .transform((value) => value.toLowerCase());

/** `{ id }` path parameters. */
export const idParamsSchema = z.object({ id: uuidSchema });

/** An EVM address in any case; parsed to its checksummed form. */
export const addressSchema = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), "must be a 20-byte 0x address")
  .transform((value) => getAddress(value))
  .describe("An EVM address, 0x and 40 hex digits");

/** 32 bytes as 0x hex, lower-cased. */
export const bytes32Schema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, "must be 32 bytes of 0x hex")
  .transform((value) => value.toLowerCase() as Hex);

/** A signature of 65 bytes (r ‖ s ‖ v) as 0x hex. */
export const signatureSchema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{130}$/, "must be a 65-byte signature as 0x hex")
  .transform((value) => value as Hex);

/** A calendar date `YYYY-MM-DD` that exists. */
export const calendarDateSchema = z.iso.date();

/** ISO 3166-1 alpha-3, as in a passport's MRZ. */
export const alpha3Schema = z.string().regex(/^[A-Z]{3}$/, "must be an ISO 3166-1 alpha-3 code in capitals");

/** ISO 3166-1 alpha-2. */
export const alpha2Schema = z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code in capitals");

/** A catalogue slug. */
export const slugSchema = z.string().regex(/^[a-z0-9-]{1,32}$/, "must be 1-32 characters of a-z, 0-9 and -");

/** An application state. */
export const applicationStateSchema = z.enum(applicationStates);

/** `?cursor=&limit=` of every list. */
export const pageQuerySchema = z.object({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/**
 * A page of a list: the items and the cursor of the next page (`null` on the last page).
 *
 * @example
 * response: { 200: pageSchema(applicationSummarySchema) }
 */
export function pageSchema<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** A reason shown to the applicant and kept in the audit trail. */
export const reasonSchema = z.string().trim().min(1).max(2000);
