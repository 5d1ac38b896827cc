import { seedCatalogue } from "@entrada/core";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { checkTeamImport } from "./checkTeamImport.ts";
import { estaCorruptions, fixtureColumns, fixtureToday, toCsv, travellerRow } from "./teamImportFixtures.ts";

const catalogue = seedCatalogue();
const esta = catalogue.product("us-esta");
const columns = fixtureColumns(esta);

/** A team: distinct traveller indexes (so distinct passports), in any order, with blank rows anywhere. */
const teamArbitrary = fc.record({
  indexes: fc.uniqueArray(fc.nat({ max: 9_999 }), { minLength: 1, maxLength: 25 }),
  blankAfter: fc.array(fc.boolean(), { maxLength: 25 }),
  separator: fc.constantFrom(",", ";", "\t"),
});

type Team = { indexes: number[]; blankAfter: boolean[]; separator: string };

/** The file, and the spreadsheet row of each traveller (blank rows count, as Excel shows them). */
function file({ indexes, blankAfter, separator }: Team, corrupt?: { at: number; index: number }) {
  const lines = [columns.join(separator)];
  const rowOf: number[] = [];
  indexes.forEach((index, at) => {
    const corruption = corrupt !== undefined && corrupt.at === at ? estaCorruptions[corrupt.index]! : undefined;
    const row = travellerRow(index, esta, corruption?.cells(index) ?? {}, corruption?.options);
    lines.push(toCsv(columns, [row], separator).split("\r\n")[1]!);
    rowOf.push(lines.length);
    if (blankAfter[at] === true) lines.push("");
  });
  return { text: `${lines.join("\r\n")}\r\n`, rowOf };
}

describe("checkTeamImport (properties)", () => {
  test("a file made of valid travellers has no problem, and every traveller is filed at its spreadsheet row", () => {
    fc.assert(
      fc.property(teamArbitrary, (team) => {
        const { text, rowOf } = file(team);
        const report = checkTeamImport(text, { catalogue, organisationOpenPassports: [], today: fixtureToday });
        expect(report.errors).toEqual([]);
        expect(report).toMatchObject({ rows: team.indexes.length, valid: team.indexes.length, invalid: 0 });
        expect(report.travellers.map((t) => t.row)).toEqual(rowOf);
      }),
      { numRuns: 60 },
    );
  });

  test("one corrupted cell gives exactly its code, at its row and column, and the other rows stay valid", () => {
    fc.assert(
      fc.property(
        teamArbitrary,
        fc.nat(),
        fc.integer({ min: 0, max: estaCorruptions.length - 1 }),
        (team, pick, corruptionIndex) => {
          const at = pick % team.indexes.length;
          const corruption = estaCorruptions[corruptionIndex]!;
          const { text, rowOf } = file(team, { at, index: corruptionIndex });
          const corrupted = travellerRow(team.indexes[at]!, esta);
          const open =
            corruption.open === true
              ? [{ issuingCountry: corrupted.issuing_country!, passportNumber: corrupted.passport_number! }]
              : [];
          const report = checkTeamImport(text, { catalogue, organisationOpenPassports: open, today: fixtureToday });
          expect(report.errors.map(({ row, column, code }) => ({ row, column, code }))).toEqual([
            { row: rowOf[at], column: corruption.column, code: corruption.code },
          ]);
          expect(report).toMatchObject({ valid: team.indexes.length - 1, invalid: 1 });
        },
      ),
      { numRuns: 200 },
    );
  });
});
