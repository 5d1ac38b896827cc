import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { flattenGasReport, gasRegressions, gasTargets } from "../gas/gasTargets.ts";
import { type GasReport, measureGas } from "../gas/measureGas.ts";

const snapshot = JSON.parse(readFileSync(new URL("../gas-snapshot.json", import.meta.url), "utf8")) as Record<
  string,
  number
>;

describe("gas", () => {
  let report: GasReport;

  it("measures every figure of the report", async () => {
    report = await measureGas();
    expect(Object.keys(flattenGasReport(report)).sort()).toEqual(Object.keys(snapshot).sort());
  });

  it("grows no figure by more than 2 % over the committed snapshot (npm run gas:snapshot updates it)", () => {
    expect(gasRegressions(flattenGasReport(report), snapshot)).toEqual([]);
  });

  it.each(gasTargets.map((t) => [t.figure, t] as const))("meets the target for %s", (_, target) => {
    expect(target.read(report)).toBeLessThanOrEqual(target.target);
  });

  it("flags a figure that grew by more than 2 %", () => {
    expect(gasRegressions({ pay: 1021 }, { pay: 1000 })).toEqual([{ figure: "pay", snapshot: 1000, measured: 1021 }]);
    expect(gasRegressions({ pay: 1020 }, { pay: 1000 })).toEqual([]);
    expect(gasRegressions({ newFigure: 1 }, {})).toEqual([{ figure: "newFigure", snapshot: 0, measured: 1 }]);
  });
});
