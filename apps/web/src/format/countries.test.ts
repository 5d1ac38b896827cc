import { describe, expect, it } from "vitest";
import { alpha3ToAlpha2, countryName, destinationOptions, nationalityOptions } from "./countries.ts";

describe("countries", () => {
  it("maps alpha-3 codes to alpha-2 codes that Intl can name", () => {
    expect(alpha3ToAlpha2.size).toBeGreaterThan(240);
    const unnamed = [...alpha3ToAlpha2].filter(([, alpha2]) => countryName(alpha2, "en") === alpha2);
    expect(unnamed).toEqual([]);
    expect(new Set(alpha3ToAlpha2.values()).size).toBe(alpha3ToAlpha2.size);
  });

  it("names countries in the reader's language", () => {
    expect([countryName("GBR", "en"), countryName("GBR", "es"), countryName("GBR", "zh")]).toEqual([
      "United Kingdom",
      "Reino Unido",
      "英国",
    ]);
    expect(countryName("DEU", "es")).toBe("Alemania");
    expect(countryName("ZZZ", "en")).toBe("ZZZ");
  });

  it("sorts options by name as the language sorts", () => {
    const english = nationalityOptions("en");
    expect(english[0]).toEqual({ code: "AFG", name: "Afghanistan" });
    expect(english.find((option) => option.code === "USA")?.name).toBe("United States");
    expect(destinationOptions(["TH", "GB", "AU", "TH"], "es").map((option) => option.name)).toEqual([
      "Australia",
      "Reino Unido",
      "Tailandia",
    ]);
  });
});
