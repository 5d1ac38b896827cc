import { EmptyBatchError } from "../errors/fee.ts";
import { CurrencyMismatchError, NegativeAmountError } from "../errors/money.ts";
import { addMoney } from "../money/addMoney.ts";
import { applyBps } from "../money/applyBps.ts";
import { formatMoney } from "../money/formatMoney.ts";
import type { Money } from "../money/Money.ts";
import { type ResolveFeeBpsParameters, type ResolveFeeBpsReturnType, resolveFeeBps } from "./resolveFeeBps.ts";

/** Parameters of {@link computeBatchPlatformFee}. */
export type ComputeBatchPlatformFeeParameters = ResolveFeeBpsParameters & {
  /** One authority fee per application, all in one currency (the batch's token). */
  visaFees: readonly Money[];
};

/** One application of a batch. */
export type BatchFeeItem = { visaFee: Money; platformFee: Money };

/** What {@link computeBatchPlatformFee} returns. */
export type BatchPlatformFeeBreakdown = ResolveFeeBpsReturnType & {
  items: readonly BatchFeeItem[];
  /** Sum of the authority fees. */
  visaFee: Money;
  /** Sum of the per-application platform fees (not the fee of the sum). */
  platformFee: Money;
  /** What `payBatch` pulls from the payer. */
  total: Money;
};

/**
 * Platform fees of a batch exactly as `VisaFeeEscrow.payBatch` computes them: one rate for the
 * batch, each application's fee rounded down on its own (`Σ fee × bps / 10000`), so the total
 * quoted is the total the contract pulls, to the unit. Summing first and rounding once would
 * differ by up to one unit per application and make `payBatch` pull more than was quoted.
 *
 * @example
 * computeBatchPlatformFee({ visaFees: [usdc(1_999n), usdc(1_999n)], feeBps: 10 })
 * // items' platform fees 1n and 1n (not 3n on the 3_998n sum); total 4_000n
 */
export function computeBatchPlatformFee(parameters: ComputeBatchPlatformFeeParameters): BatchPlatformFeeBreakdown {
  const { visaFees } = parameters;
  const first = visaFees[0];
  // The escrow reverts an empty batch (EscrowEmptyBatch); refuse it before anyone signs one.
  if (first === undefined) throw new EmptyBatchError();
  const { currency } = first;
  const bps = resolveFeeBps(parameters);
  let visaFee: Money = { amount: 0n, currency };
  let platformFee: Money = { amount: 0n, currency };
  const items = visaFees.map((fee) => {
    if (fee.currency !== currency) throw new CurrencyMismatchError({ expected: currency, received: fee.currency });
    if (fee.amount < 0n) throw new NegativeAmountError({ value: formatMoney(fee), currency });
    const itemFee = applyBps(fee, bps.effectiveBps, "floor");
    visaFee = addMoney(visaFee, fee);
    platformFee = addMoney(platformFee, itemFee);
    return { visaFee: fee, platformFee: itemFee };
  });
  return { ...bps, items, visaFee, platformFee, total: addMoney(visaFee, platformFee) };
}
