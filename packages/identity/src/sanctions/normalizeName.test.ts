import { describe, expect, it } from "vitest";
import { normalizeName } from "./normalizeName.ts";

const tokens = (name: string) => normalizeName(name).tokens;

describe("normalizeName", () => {
  it("splits OFAC's LASTNAME, Firstname and drops punctuation and apostrophes", () => {
    expect(tokens("ZLATOGORSKY, Miroslav Antonovich")).toEqual(["ZLATOGORSKY", "MIROSLAV", "ANTONOVICH"]);
    expect(tokens("O'RIORDAIN, Seamus")).toEqual(["ORIORDAIN", "SEAMUS"]);
    expect(tokens("AL-QUMRANI,  Muhammad")).toEqual(["AL", "QUMRANI", "MUHAMMAD"]);
  });

  it("transliterates diacritics, Cyrillic, Greek and Arabic", () => {
    expect(tokens("Héloïse Dubois-Esquirol")).toEqual(["HELOISE", "DUBOIS", "ESQUIROL"]);
    expect(tokens("Мирослав Златогорский")).toEqual(["MIROSLAV", "ZLATOGORSKIY"]);
    expect(tokens("Νικόδημος Καραφλίδης")).toEqual(["NIKODIMOS", "KARAFLIDIS"]);
    expect(normalizeName("محمد يوسف")).toEqual({ tokens: ["MHMD", "YWSF"], abjad: true });
    expect(normalizeName("Muhammad Yusuf").abjad).toBe(false);
  });

  it("splits Chinese and Korean names into family name and given name", () => {
    expect(tokens("黎墨轩")).toEqual(["LI", "MOXUAN"]);
    expect(tokens("강재환")).toEqual(["GANG", "JAEHWAN"]);
  });

  it("has no tokens for a name without letters or digits", () => {
    expect(tokens(" - , ")).toEqual([]);
  });
});
