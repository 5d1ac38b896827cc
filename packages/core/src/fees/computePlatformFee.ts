import { NegativeAmountError } from "../errors/money.ts";
import { addMoney } from "../money/addMoney.ts";
import { applyBps } from "../money/applyBps.ts";
import { formatMoney } from "../money/formatMoney.ts";
import type { Money } from "../money/Money.ts";
import { type ResolveFeeBpsParameters, type ResolveFeeBpsReturnType, resolveFeeBps } from "./resolveFeeBps.ts";

/** Parameters of {@link computePlatformFee}. */
export type ComputePlatformFeeParameters = ResolveFeeBpsParameters & {
  /** The authority's fee, in the currency the platform fee is charged in (the token, for quotes). */
  visaFee: Money;
};

/** The fee breakdown the payer sees: the authority's fee and Entrada's fee apart. */
export type PlatformFeeBreakdown = ResolveFeeBpsReturnType & {
  visaFee: Money;
  /** `visaFee × effectiveBps / 10 000`, rounded down. */
  platformFee: Money;
  /** `visaFee + platformFee`: what the payer pays (the escrow's `amount`). */
  total: Money;
};

/**
 * Entrada's platform fee on one visa fee.
 *
 * Rounded down, in the traveller's favour, and computed exactly as the escrow computes a batch
 * item's fee (`fee * platformFeeBps / 10000` in Solidity), so a single quote and the same
 * application inside a batch cost the same to the unit. For a single quote the escrow checks
 * `platformFee ≤ (amount − platformFee) × cap / 10 000`, which a rounded-down fee at a rate within
 * the cap always meets.
 *
 * @example
 * computePlatformFee({ visaFee: { amount: 20_322_033n, currency: "USDC" } })
 * // { feeBps: 10, discounts: [], discountBps: 0, effectiveBps: 10,
 * //   visaFee: { amount: 20322033n, currency: "USDC" },
 * //   platformFee: { amount: 20322n, currency: "USDC" },
 * //   total: { amount: 20342355n, currency: "USDC" } }
 */
export function computePlatformFee(parameters: ComputePlatformFeeParameters): PlatformFeeBreakdown {
  const { visaFee } = parameters;
  if (visaFee.amount < 0n) {
    throw new NegativeAmountError({ value: formatMoney(visaFee), currency: visaFee.currency });
  }
  const bps = resolveFeeBps(parameters);
  const platformFee = applyBps(visaFee, bps.effectiveBps, "floor");
  return { ...bps, visaFee, platformFee, total: addMoney(visaFee, platformFee) };
}
