import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateDrizzleJson } from "drizzle-kit/api";
import { describe, expect, test } from "vitest";
import { schema } from "./schema.ts";

const folder = fileURLToPath(new URL("../migrations/", import.meta.url));
const journal = JSON.parse(readFileSync(`${folder}meta/_journal.json`, "utf8")) as {
  dialect: string;
  entries: { idx: number; tag: string; when: number }[];
};
type Snapshot = { id: string; prevId: string; _meta: unknown } & Record<string, unknown>;
const snapshots = journal.entries.map(
  (entry) =>
    JSON.parse(readFileSync(`${folder}meta/${String(entry.idx).padStart(4, "0")}_snapshot.json`, "utf8")) as Snapshot,
);

/** The part of a snapshot that describes the database (ids chain snapshots; `_meta` records renames). */
function structure({ id: _id, prevId: _prevId, _meta, ...rest }: Snapshot) {
  return rest;
}

describe("migrations", () => {
  test("the committed migrations describe the schema (else run `npm run db:generate -w @entrada/db`)", () => {
    const last = snapshots.at(-1)!;
    const current = generateDrizzleJson(schema, last.id) as unknown as Snapshot;
    expect(structure(current)).toEqual(structure(last));
  });

  test("the journal lists every SQL file once, in order, with its snapshot", () => {
    expect(journal.dialect).toBe("postgresql");
    const files = readdirSync(folder)
      .filter((file) => file.endsWith(".sql"))
      .sort();
    expect(files).toEqual(journal.entries.map((entry) => `${entry.tag}.sql`));
    journal.entries.forEach((entry, index) => {
      expect(entry.idx).toBe(index);
      // The migrator applies a migration only when it is newer than the last one applied.
      if (index > 0) expect(entry.when).toBeGreaterThan(journal.entries[index - 1]!.when);
      if (index > 0) expect(snapshots[index]!.prevId).toBe(snapshots[index - 1]!.id);
    });
  });
});
