import type { GasReport } from "./measureGas.ts";

/**
 * A gas figure with its target and the public anchor it is measured against. `key` names the figure
 * in the flat snapshot ({@link flattenGasReport}). `expectedMiss` is set on exactly the targets the
 * escrow is known not to meet, with the reason (docs/contracts.md, "Where the gas goes"): the
 * snapshot test then expects the check to fail, and turns red the day the target is met, so that
 * whoever meets it removes the mark.
 */
export type GasTarget = {
  figure: string;
  key: string;
  target: number;
  anchor: string;
  expectedMiss?: string;
  read(report: GasReport): number;
};

/**
 * The escrow's gas targets on Circle's USDC (issue "Real money, real chains"), tighter than the
 * figures first measured on it (pay 91,883, payWithAuthorization 130,830, release 68,492, refund
 * 63,051). The anchors are Coinbase Commerce's AuthCaptureEscrow figures on real USDC
 * (../shared/REFERENCE.md).
 */
export const gasTargets: readonly GasTarget[] = [
  {
    figure: "pay",
    key: "pay",
    target: 88_000,
    anchor: "AuthCaptureEscrow authorize 155,657",
    read: (r) => r.pay,
  },
  {
    figure: "release",
    key: "release",
    target: 64_000,
    anchor: "capture 69,915",
    read: (r) => r.release,
  },
  {
    // What the relayer sends: a refund with Circle's proxy and its slots in an access list
    // (escrowAccessList.ts). Without the list it costs 58,514 (`refund` in the report), a miss.
    figure: "refund (with the relayer's access list)",
    key: "refundWithAccessList",
    target: 58_000,
    anchor: "refund 80,064",
    read: (r) => r.refundWithAccessList,
  },
  {
    // What the relayer sends: a gasless payment with Circle's proxy, its slots, its library and the
    // payer in an access list (escrowAccessList.ts). Without the list it costs about 1,100 more
    // (`payWithAuthorization` in the report).
    figure: "payWithAuthorization (with the relayer's access list)",
    key: "payWithAuthorizationWithAccessList",
    target: 124_000,
    anchor: "—",
    read: (r) => r.payWithAuthorizationWithAccessList,
  },
  {
    figure: "payBatch per item at N = 100",
    key: "payBatch.100.perItem",
    target: 9_000,
    anchor: "one storage slot per application ≈ 25,500",
    read: (r) => r.payBatch["100"].perItem,
  },
  {
    figure: "releaseMany per item (10 items)",
    key: "releaseMany10PerItem",
    target: 14_000,
    anchor: "—",
    read: (r) => r.releaseMany10PerItem,
  },
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
