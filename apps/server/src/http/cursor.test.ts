import { describe, expect, test } from "vitest";
import { decodeCursor, encodeCursor, toPage, uuidPattern } from "./cursor.ts";

const id = "0b6f7f5e-0000-4000-8000-00000000a0a0";

describe("cursor", () => {
  test("round-trips a position with microseconds", () => {
    const cursor = { at: "2026-01-02T03:04:05.123456Z", id };
    expect(decodeCursor(encodeCursor(cursor), uuidPattern)).toEqual(cursor);
  });

  test.each([
    ["not base64 JSON", "garbage"],
    ["a JSON object", Buffer.from('{"at":"x"}').toString("base64url")],
    ["a bad time", encodeCursor({ at: "yesterday", id })],
    ["an impossible date", encodeCursor({ at: "2026-02-30T00:00:00Z", id })],
    ["an id of another kind", encodeCursor({ at: "2026-01-02T03:04:05Z", id: "1; drop table" })],
  ])("refuses %s", (_name, value) => {
    expect(() => decodeCursor(value, uuidPattern)).toThrow(expect.objectContaining({ code: "ENTRADA_CURSOR_INVALID" }));
  });

  test("toPage cuts the extra row and points after the last item", () => {
    const rows = [1, 2, 3].map((n) => ({ n }));
    const key = (row: { n: number }) => ({ at: "2026-01-01T00:00:00Z", id: String(row.n) });
    const page = toPage(rows, 2, key);
    expect(page.items).toEqual([{ n: 1 }, { n: 2 }]);
    expect(decodeCursor(page.nextCursor!, /^\d+$/).id).toBe("2");
    expect(toPage(rows, 3, key).nextCursor).toBeNull();
  });
});
