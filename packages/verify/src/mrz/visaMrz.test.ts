import { describe, expect, it } from "vitest";
import { computeCheckDigit } from "./computeCheckDigit.ts";
import { countryAlpha2, icaoCountryCode } from "./countryAlpha2.ts";
import { buildVisaMrz, parseVisaMrz } from "./visaMrz.ts";

describe("computeCheckDigit", () => {
  // ICAO Doc 9303 Part 4's TD3 specimen: L898902C3<6UTO7408122F1204159ZE184226B<<<<<10.
  it.each([
    ["L898902C3", 6],
    ["740812", 2],
    ["120415", 9],
    ["ZE184226B<<<<<", 1],
    ["L898902C3674081221204159ZE184226B<<<<<1", 0], // the composite over positions 1-10, 14-20, 22-43
  ])("gives ICAO's specimen check digit for %s", (value, digit) => {
    expect(computeCheckDigit(value)).toBe(digit);
  });
});

describe("buildVisaMrz", () => {
  it("writes an MRV-B visa MRZ as BSI TR-03137's visa example", () => {
    expect(
      buildVisaMrz({
        issuingState: "D",
        surname: "DENT",
        givenNames: "ARTHUR PHILIP",
        visaNumber: "1234567XY",
        nationality: "GBR",
        birthDate: "1952-03-11",
        sex: "M",
        validUntil: "2020-05-25",
      }),
    ).toEqual(["V<D<<DENT<<ARTHUR<PHILIP<<<<<<<<<<<<", "1234567XY7GBR5203116M2005250<<<<<<<<"]);
  });

  it("fills short numbers, writes sex X as <, and cuts a name longer than 31 places", () => {
    const [line1, line2] = buildVisaMrz({
      issuingState: "THA",
      surname: "WOLFESCHLEGELSTEINHAUSENBERGER",
      givenNames: "HUBERT BLAINE",
      visaNumber: "K7Q2M",
      nationality: "D",
      birthDate: "2001-02-28",
      sex: "X",
      validUntil: "2027-01-31",
    });
    expect(line1).toBe("V<THAWOLFESCHLEGELSTEINHAUSENBERGER<");
    expect(line1).toHaveLength(36);
    expect(line2).toBe(`K7Q2M<<<<${computeCheckDigit("K7Q2M<<<<")}D<<0102281<2701312<<<<<<<<`);
  });

  it("writes Latin letters with marks as ICAO does, and joins names with <", () => {
    const [line1] = buildVisaMrz({
      issuingState: "THA",
      surname: "Müller-Lüdenscheidt",
      givenNames: "Ærøskøbing O'Brien",
      visaNumber: "K7Q2M9XA",
      nationality: "D",
      birthDate: "1974-08-12",
      sex: "M",
      validUntil: "2027-03-06",
    });
    expect(line1).toBe("V<THAMULLER<LUDENSCHEIDT<<AEROESKOEB");
  });

  it("refuses what an MRZ cannot hold, naming the field", () => {
    const visa = {
      issuingState: "THA",
      surname: "ERIKSSON",
      givenNames: "ANNA",
      visaNumber: "K7Q2M9XA",
      nationality: "GBR",
      birthDate: "1974-08-12",
      sex: "F",
      validUntil: "2027-03-06",
    } as const;
    for (const [field, change] of [
      ["surname", { surname: "张" }],
      ["surname", { surname: "  " }],
      ["reference", { visaNumber: "K7Q2M9XA01" }],
      ["nationality", { nationality: "GB R" }],
      ["birthDate", { birthDate: "1974-02-30" }],
    ] as const) {
      expect(() => buildVisaMrz({ ...visa, ...change })).toThrow(
        expect.objectContaining({ code: "ENTRADA_SEAL_DATA_INVALID", details: { field } }),
      );
    }
  });
});

describe("parseVisaMrz", () => {
  it("reads the BSI visa example's MRZ, the centuries from the issue date", () => {
    expect(parseVisaMrz("VCD<<DENT<<ARTHUR<PHILIP<<<<<<<<<<<<1234567XY7GBR5203116M2005250", "2020-01-01")).toEqual({
      issuingState: "D",
      surname: "DENT",
      givenNames: "ARTHUR PHILIP",
      visaNumber: "1234567XY",
      nationality: "GBR",
      birthDate: "1952-03-11",
      sex: "M",
      validUntil: "2020-05-25",
    });
  });

  it("refuses a wrong check digit, another document code and a short MRZ", () => {
    const good = "VCD<<DENT<<ARTHUR<PHILIP<<<<<<<<<<<<1234567XY7GBR5203116M2005250";
    for (const text of [
      good.replace("XY7", "XY8"),
      `P${good.slice(1)}`,
      good.slice(0, 60),
      good.replace("M2005250", "Q2005250"),
    ]) {
      expect(() => parseVisaMrz(text, "2020-01-01")).toThrow(
        expect.objectContaining({ code: "ENTRADA_SEAL_MALFORMED", details: { reason: "mrz" } }),
      );
    }
  });
});

describe("icaoCountryCode", () => {
  it("gives the ICAO code of a catalogue country, D for Germany and EUE for the EU", () => {
    expect(["TH", "IN", "GB", "US", "TR", "KE", "AU", "EU", "DE", "ZZ"].map(icaoCountryCode)).toEqual([
      "THA",
      "IND",
      "GBR",
      "USA",
      "TUR",
      "KEN",
      "AUS",
      "EUE",
      "D",
      undefined,
    ]);
  });
});

describe("countryAlpha2", () => {
  it("maps ICAO codes to the alpha-2 of a signer identifier", () => {
    expect(["THA", "IND", "GBR", "USA", "TUR", "KEN", "AUS", "EUE", "D", "D<<", "UTO"].map(countryAlpha2)).toEqual([
      "TH",
      "IN",
      "GB",
      "US",
      "TR",
      "KE",
      "AU",
      "EU",
      "DE",
      "DE",
      "UT",
    ]);
  });
});
