import { type SQL, sql } from "drizzle-orm";
import { type AnyPgColumn, customType, timestamp } from "drizzle-orm/pg-core";

/**
 * An amount of money in minor units (cents, or a token's smallest unit), stored as `numeric(78, 0)`
 * so that every `uint256` fits, and read back as a `bigint`. Never a float: both drivers return
 * `numeric` as a string, which `BigInt` parses exactly.
 *
 * @example
 * feeMinor: money("fee_minor").notNull(), // 4000n with currency "USD" is USD 40.00
 */
export const money = customType<{ data: bigint; driverData: string }>({
  dataType() {
    return "numeric(78, 0)";
  },
  toDriver(value) {
    return value.toString();
  },
  fromDriver(value) {
    return BigInt(value);
  },
});

/**
 * Binary data (`bytea`), read back as a plain `Uint8Array` on both drivers (`pg` returns a `Buffer`,
 * PGlite a `Uint8Array`).
 */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType() {
    return "bytea";
  },
  toDriver(value) {
    // pg serialises a Buffer as bytea but a bare Uint8Array as a text array.
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  },
  fromDriver(value) {
    return Uint8Array.from(value);
  },
});

/** A `timestamptz` column read as a `Date`. */
export function timestamptz(name: string) {
  return timestamp(name, { withTimezone: true, mode: "date" });
}

/** `created_at timestamptz not null default now()`. */
export function createdAt() {
  return timestamptz("created_at").notNull().defaultNow();
}

/** `updated_at timestamptz not null default now()`, set to `now()` by every Drizzle update. */
export function updatedAt() {
  return timestamptz("updated_at")
    .notNull()
    .defaultNow()
    .$onUpdate(() => sql`now()`);
}

/** A `0x`-prefixed hex string as stored: lower-case, so that equality is string equality. */
export type Hex = `0x${string}`;

/** Check constraint: the column is a lower-case `0x` hex string of exactly `bytes` bytes. */
export function isHex(column: AnyPgColumn, bytes: number): SQL {
  return sql`${column} ~ ${sql.raw(`'^0x[0-9a-f]{${bytes * 2}}$'`)}`;
}

/** Check constraint: the column is a lower-case `0x` hex string of any length. */
export function isHexData(column: AnyPgColumn): SQL {
  return sql`${column} ~ '^0x([0-9a-f]{2})*$'`;
}

/** Check constraint: the column holds one of `values` (text columns with a closed set of values). */
export function isOneOf(column: AnyPgColumn, values: readonly string[]): SQL {
  return sql`${column} in (${sql.raw(values.map((value) => `'${value.replaceAll("'", "''")}'`).join(", "))})`;
}

/** Check constraint: an ISO 4217 currency code (`USD`). */
export function isCurrencyCode(column: AnyPgColumn): SQL {
  return sql`${column} ~ '^[A-Z]{3}$'`;
}

/** JSON as stored in `jsonb` columns. Bigints are not JSON: store them as decimal strings. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
