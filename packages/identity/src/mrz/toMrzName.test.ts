import { describe, expect, it } from "vitest";
import { mrzNameZone, toMrzName } from "./toMrzName.ts";

describe("toMrzName", () => {
  it("writes names in MRZ characters with ICAO's transliterations", () => {
    expect(toMrzName("Anna María")).toBe("ANNA<MARIA");
    expect(toMrzName("Müller-Lüdenscheidt")).toBe("MUELLER<LUEDENSCHEIDT");
    expect(toMrzName("Åsa Ørsted")).toBe("AASA<OERSTED");
    expect(toMrzName("Strauß")).toBe("STRAUSS");
    expect(toMrzName("  O'Brien ")).toBe("OBRIEN");
  });

  it("drops diacritics in plain mode, as many states do", () => {
    expect(toMrzName("Müller", "plain")).toBe("MULLER");
    expect(toMrzName("Åsa", "plain")).toBe("ASA");
  });

  it("transliterates other scripts", () => {
    expect(toMrzName("Мирослав")).toBe("MIROSLAV");
    expect(toMrzName("Νικόδημος")).toBe("NIKODIMOS");
  });
});

describe("mrzNameZone", () => {
  it("separates surname and given names with << and pads with fillers", () => {
    expect(mrzNameZone("Eriksson", "Anna Maria", 39)).toBe("ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<");
    expect(mrzNameZone("Eriksson", "", 12)).toBe("ERIKSSON<<<<");
  });

  it("cuts a long name at the end without a dangling separator", () => {
    expect(mrzNameZone("Eriksson", "Anna Maria", 14)).toBe("ERIKSSON<<ANNA");
    expect(mrzNameZone("Eriksson", "Anna Maria", 15)).toBe("ERIKSSON<<ANNA<");
    expect(mrzNameZone("Eriksson", "Anna Maria", 11)).toBe("ERIKSSON<<A");
  });
});
