import { describe, expect, test } from "vitest";
import { neutraliseCsvCell } from "./neutraliseCsvCell.ts";

describe("neutraliseCsvCell", () => {
  test.each([
    ['=HYPERLINK("https://evil.test","Smith")', `'=HYPERLINK("https://evil.test","Smith")`],
    ["+1 202 555 0100", "'+1 202 555 0100"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["@SUM(1+9)*cmd|' /C calc'!A0", "'@SUM(1+9)*cmd|' /C calc'!A0"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
  ])("prefixes %j with an apostrophe", (value, safe) => {
    expect(neutraliseCsvCell(value)).toBe(safe);
  });

  test.each(["Smith", "O'Brien", "1 High Street", "", " =not first", "张伟"])("leaves %j as it is", (value) => {
    expect(neutraliseCsvCell(value)).toBe(value);
  });
});
