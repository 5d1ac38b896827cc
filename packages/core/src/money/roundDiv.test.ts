import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DivisionByZeroError } from "../errors/money.ts";
import { roundDiv } from "./roundDiv.ts";

describe("roundDiv", () => {
  it.each([
    [7n, 2n, 3n, 4n, 4n],
    [5n, 2n, 2n, 3n, 2n],
    [-7n, 2n, -4n, -3n, -4n],
    [-5n, 2n, -3n, -2n, -2n],
    [7n, -2n, -4n, -3n, -4n],
    [6n, 3n, 2n, 2n, 2n],
    [0n, 5n, 0n, 0n, 0n],
    [1n, 3n, 0n, 1n, 0n],
    [2n, 3n, 0n, 1n, 1n],
    [15n, 10n, 1n, 2n, 2n],
    [25n, 10n, 2n, 3n, 2n],
  ])("rounds %i / %i to floor %i, ceil %i, half-even %i", (n, d, floor, ceil, halfEven) => {
    expect(roundDiv(n, d, "floor")).toBe(floor);
    expect(roundDiv(n, d, "ceil")).toBe(ceil);
    expect(roundDiv(n, d, "half-even")).toBe(halfEven);
  });

  it("throws DivisionByZeroError for a zero denominator", () => {
    expect(() => roundDiv(1n, 0n, "floor")).toThrow(DivisionByZeroError);
  });

  it("test_fuzz: floor ≤ n/d ≤ ceil, within one, and half-even is the nearest", () => {
    fc.assert(
      fc.property(
        fc.bigInt(),
        fc.bigInt().filter((d) => d !== 0n),
        (n, d) => {
          const floor = roundDiv(n, d, "floor");
          const ceil = roundDiv(n, d, "ceil");
          const halfEven = roundDiv(n, d, "half-even");
          // Compare as fractions with a positive denominator: floor·|d| ≤ n·sign(d) < (floor+1)·|d|.
          const [num, den] = d < 0n ? [-n, -d] : [n, d];
          expect(floor * den <= num && num < (floor + 1n) * den).toBe(true);
          expect(ceil - floor).toBe(num % den === 0n ? 0n : 1n);
          const distance = (x: bigint) => (x * den - num < 0n ? num - x * den : x * den - num);
          expect(distance(halfEven) <= distance(floor) && distance(halfEven) <= distance(ceil)).toBe(true);
        },
      ),
    );
  });
});
