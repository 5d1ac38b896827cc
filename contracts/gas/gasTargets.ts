import type { GasReport } from "./measureGas.ts";

/** A gas figure with its target and the public anchor it is measured against. */
export type GasTarget = { figure: string; target: number; anchor: string; read(report: GasReport): number };

/**
 * The escrow's gas targets on Circle's USDC (issue "Real money, real chains"), tighter than the
 * figures first measured on it (pay 91,883, payWithAuthorization 130,830, release 68,492, refund
 * 63,051). The anchors are Coinbase Commerce's AuthCaptureEscrow figures on real USDC
 * (../shared/REFERENCE.md).
 */
export const gasTargets: readonly GasTarget[] = [
  { figure: "pay", target: 88_000, anchor: "AuthCaptureEscrow authorize 155,657", read: (r) => r.pay },
  { figure: "release", target: 64_000, anchor: "capture 69,915", read: (r) => r.release },
  { figure: "refund", target: 58_000, anchor: "refund 80,064", read: (r) => r.refund },
  { figure: "payWithAuthorization", target: 124_000, anchor: "—", read: (r) => r.payWithAuthorization },
  {
    figure: "payBatch per item at N = 100",
    target: 9_000,
    anchor: "one storage slot per application ≈ 25,500",
    read: (r) => r.payBatch["100"].perItem,
  },
  { figure: "releaseMany per item (10 items)", target: 14_000, anchor: "—", read: (r) => r.releaseMany10PerItem },
];

/** Every figure of a report as a flat `name → gas` map (`payBatch.100.total`, …). */
export function flattenGasReport(report: GasReport): Record<string, number> {
  const flat: Record<string, number> = {};
  for (const [key, value] of Object.entries(report)) {
    if (typeof value === "string") continue; // the token's name, not a figure
    if (typeof value === "number") flat[key] = value;
    else
      for (const [n, batch] of Object.entries(value))
        for (const [k, v] of Object.entries(batch)) flat[`${key}.${n}.${k}`] = v;
  }
  return flat;
}

/** How much a figure may grow over the committed snapshot before the snapshot test fails. */
export const gasTolerance = 0.02;

/** The figures that grew by more than {@link gasTolerance} over `snapshot`, with both values. */
export function gasRegressions(
  measured: Record<string, number>,
  snapshot: Record<string, number>,
): { figure: string; snapshot: number; measured: number }[] {
  return Object.entries(measured)
    .filter(([figure, gas]) => snapshot[figure] === undefined || gas > snapshot[figure] * (1 + gasTolerance))
    .map(([figure, gas]) => ({ figure, snapshot: snapshot[figure] ?? 0, measured: gas }));
}
