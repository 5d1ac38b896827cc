import { stringify } from "csv-stringify/sync";
import { describe, expect, test } from "vitest";
import { neutraliseCsvCell } from "../views/neutraliseCsvCell.ts";
import { rfc4180Options } from "./createReconciliationService.ts";

describe("the reconciliation CSV's cells", () => {
  test("a formula is neutralised, then csv-stringify quotes as RFC 4180 says", () => {
    const csv = stringify([[neutraliseCsvCell('=HYPERLINK("x")'), "a,b", "line\nbreak"]], rfc4180Options);
    expect(csv).toBe(`"'=HYPERLINK(""x"")","a,b","line\nbreak"\r\n`);
  });
});
