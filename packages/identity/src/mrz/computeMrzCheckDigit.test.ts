import { describe, expect, it } from "vitest";
import { InvalidMrzInputError } from "../errors/mrz.ts";
import { computeMrzCheckDigit } from "./computeMrzCheckDigit.ts";

describe("computeMrzCheckDigit", () => {
  it("matches the check digits of ICAO's TD3 specimen", () => {
    // P<UTOERIKSSON<<ANNA<MARIA… / L898902C36UTO7408122F1204159ZE184226B<<<<<10
    expect(computeMrzCheckDigit("L898902C3")).toBe(6);
    expect(computeMrzCheckDigit("740812")).toBe(2);
    expect(computeMrzCheckDigit("120415")).toBe(9);
    expect(computeMrzCheckDigit("ZE184226B<<<<<")).toBe(1);
    expect(computeMrzCheckDigit("L898902C3674081221204159ZE184226B<<<<<1")).toBe(0);
  });

  it("counts fillers as zero and is 0 for nothing", () => {
    expect(computeMrzCheckDigit("")).toBe(0);
    expect(computeMrzCheckDigit("<<<<<<<<<")).toBe(0);
  });

  it("cannot see substitutions whose values differ by a multiple of 10 (0, A, K, U and <)", () => {
    // Why validation cannot promise to catch every typo in a document number: ICAO's scheme is mod 10.
    const digits = ["L898902C3", "L8989A2C3", "L8989K2C3", "L8989U2C3", "L8989<2C3"].map(computeMrzCheckDigit);
    expect(new Set(digits).size).toBe(1);
  });

  it("rejects characters outside the MRZ alphabet", () => {
    expect(() => computeMrzCheckDigit("l898902c3")).toThrow(InvalidMrzInputError);
    expect(() => computeMrzCheckDigit("L898 02C3")).toThrow(/not an MRZ character/);
  });
});
