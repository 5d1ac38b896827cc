import { CursorInvalidError } from "../errors/http.ts";

/** Where a keyset page ends: the sort key of its last item. */
export type Cursor = { at: string; id: string };

/**
 * Encodes the position after an item as an opaque cursor (base64url JSON). Lists sort by a time and a
 * unique id, so a cursor stays valid while new items arrive (no offsets that shift).
 *
 * @example
 * encodeCursor({ at: "2026-01-01T00:00:00.000Z", id: "8f…" }) // "eyJhdCI6…"
 */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id]), "utf8").toString("base64url");
}

/** Ids of rows: UUIDs, and the decimal ids of bigserial tables. */
export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Decodes a cursor of {@link encodeCursor}; throws {@link CursorInvalidError} (400) for anything
 * else, including a well-formed cursor whose time or id could not come from this list (a forged id
 * must not reach the database as an invalid uuid and fail there).
 *
 * @example
 * decodeCursor(encodeCursor({ at, id }), uuidPattern) // { at, id }
 * decodeCursor("garbage", uuidPattern)               // throws ENTRADA_CURSOR_INVALID
 */
export function decodeCursor(value: string, idPattern: RegExp): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === "string" &&
      typeof parsed[1] === "string" &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(parsed[0]) &&
      isRealInstant(parsed[0]) &&
      idPattern.test(parsed[1])
    ) {
      return { at: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through
  }
  throw new CursorInvalidError();
}

/**
 * Cuts a page of `limit` items from rows fetched with `limit + 1`, and the cursor of the next page.
 *
 * @example
 * const rows = await query.limit(limit + 1);
 * const { items, nextCursor } = toPage(rows, limit, (row) => ({ at: row.createdAt.toISOString(), id: row.id }));
 */
export function toPage<Row>(
  rows: readonly Row[],
  limit: number,
  key: (row: Row) => Cursor,
): { items: Row[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(key(last)) : null };
}

/** Whether an ISO instant names a real day (`Date` would roll 30 February over to March). */
function isRealInstant(value: string): boolean {
  const date = new Date(value);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value.slice(0, 10);
}
