// The entry point `@entrada/contracts/gas`: measuring the escrow's gas, and the targets and snapshot
// rules the figures are held to (bench/src/gas.ts writes bench/results/gas.json with them).

export { flattenGasReport, type GasTarget, gasRegressions, gasTargets, gasTolerance } from "./gasTargets.ts";
export { type BatchGas, batchSizes, type GasReport, measureGas } from "./measureGas.ts";
