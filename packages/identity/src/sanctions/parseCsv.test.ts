import { describe, expect, it } from "vitest";
import { InvalidCsvError } from "../errors/sanctions.ts";
import { parseCsv } from "./parseCsv.ts";

const fieldsOf = (text: string) => parseCsv(text).map((record) => record.fields);

describe("parseCsv", () => {
  it("reads OFAC-style records with quoted names holding commas", () => {
    expect(parseCsv('36,"AEROCARIBBEAN AIRLINES",-0- \r\n173,"ANGLO-CARIBBEAN CO., LTD.",-0- \r\n')).toEqual([
      { line: 1, fields: ["36", "AEROCARIBBEAN AIRLINES", "-0- "] },
      { line: 2, fields: ["173", "ANGLO-CARIBBEAN CO., LTD.", "-0- "] },
    ]);
  });

  it("unescapes doubled quotes and keeps line breaks inside quotes, counting lines", () => {
    expect(parseCsv('1,"say ""hi""",x\n2,"two\nlines",y\n3,z,')).toEqual([
      { line: 1, fields: ["1", 'say "hi"', "x"] },
      { line: 2, fields: ["2", "two\nlines", "y"] },
      { line: 4, fields: ["3", "z", ""] },
    ]);
  });

  it("keeps empty fields, quoted or not, and skips blank lines and a byte order mark", () => {
    expect(fieldsOf('\uFEFFa,,""\n\n,b\r\n')).toEqual([
      ["a", "", ""],
      ["", "b"],
    ]);
    expect(fieldsOf("")).toEqual([]);
    expect(fieldsOf("only")).toEqual([["only"]]);
  });

  it("takes a quote inside an unquoted field literally", () => {
    expect(fieldsOf('5 1/2" pipe,x')).toEqual([['5 1/2" pipe', "x"]]);
  });

  it("rejects an unterminated quote and text after a closing quote, with the line", () => {
    expect(() => parseCsv('a\nb,"open\n')).toThrow(InvalidCsvError);
    expect(() => parseCsv('a\nb,"open\n')).toThrow(/line 2: unterminated/);
    expect(() => parseCsv('"closed"x,y')).toThrow(/line 1: unexpected "x" after a closing quote/);
  });
});
