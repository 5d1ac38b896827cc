import { stringify } from "csv-stringify/sync";
import { describe, expect, test } from "vitest";
import { neutraliseFormula, rfc4180Options } from "./createReconciliationService.ts";

describe("neutraliseFormula", () => {
  test("a cell a spreadsheet would run as a formula gets a leading quote; others stay as they are", () => {
    expect(["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"].map(neutraliseFormula)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\t=1",
      "'\r=1",
    ]);
    expect(["0xab", "ENT-7K3Q-9XPA", "40.020000", "", "a=b"].map(neutraliseFormula)).toEqual([
      "0xab",
      "ENT-7K3Q-9XPA",
      "40.020000",
      "",
      "a=b",
    ]);
  });

  test("csv-stringify then quotes as RFC 4180 says", () => {
    const csv = stringify([[neutraliseFormula('=HYPERLINK("x")'), "a,b", "line\nbreak"]], rfc4180Options);
    expect(csv).toBe(`"'=HYPERLINK(""x"")","a,b","line\nbreak"\r\n`);
  });
});
