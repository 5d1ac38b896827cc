import { describe, expect, it } from "vitest";
import { jaroWinkler } from "./jaroWinkler.ts";

describe("jaroWinkler", () => {
  it("gives the textbook values", () => {
    expect(jaroWinkler("MARTHA", "MARHTA")).toBeCloseTo(0.961, 3);
    expect(jaroWinkler("DWAYNE", "DUANE")).toBeCloseTo(0.84, 3);
    expect(jaroWinkler("DIXON", "DICKSONX")).toBeCloseTo(0.813, 3);
  });

  it("is 1 for equal strings, 0 for nothing in common or an empty side, and symmetric", () => {
    expect(jaroWinkler("ANNA", "ANNA")).toBe(1);
    expect(jaroWinkler("ABC", "XYZ")).toBe(0);
    expect(jaroWinkler("", "ANNA")).toBe(0);
    expect(jaroWinkler("ZLATOGORSKY", "ZLATOGORSKIY")).toBeCloseTo(jaroWinkler("ZLATOGORSKIY", "ZLATOGORSKY"), 12);
  });
});
