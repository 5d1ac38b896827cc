import { type Address, getAddress, type Hex } from "viem";
import type { BatchQuote, BatchRecord, Quote } from "../testing/escrowFixture.ts";

/** IVisaFeeEscrow.EscrowStatus, as the escrow's views return it. */
export const EscrowStatus = { None: 0, Open: 1, Released: 2, Refunded: 3, Claimed: 4 } as const;

/** How funds go back to the payer: refunded by the authority, or claimed after the deadline. */
export type ReturnOutcome = typeof EscrowStatus.Refunded | typeof EscrowStatus.Claimed;

/** One token movement, as the token's `Transfer` event reports it (addresses checksummed). */
export type TokenTransfer = { token: Address; from: Address; to: Address; value: bigint };

/** An application paid with a single quote, and where it stands. */
export type SingleEscrow = { quote: Quote; status: number };

/** A paid batch, and where each of its applications stands. */
export type BatchEscrow = { record: BatchRecord; fees: readonly bigint[]; statuses: number[] };

/** An authority as the model needs it: where its releases go. */
export type ModelAuthority = { id: Hex; payout: Address };

/** A starting token balance of an account the model follows. */
export type ModelBalance = { token: Address; owner: Address; value: bigint };

/** Parameters of {@link createEscrowModel}. */
export type CreateEscrowModelParameters = {
  escrow: Address;
  treasury: Address;
  tokens: readonly Address[];
  authorities: readonly ModelAuthority[];
  /** Every account funds may legitimately reach; a transfer to any other account is a model error. */
  balances: readonly ModelBalance[];
};

/** The off-chain model of a {@link createEscrowModel} escrow. */
export type EscrowModel = ReturnType<typeof createEscrowModel>;

const bps = 10_000n;

/**
 * The platform fee of one batch application: `fee * platformFeeBps / 10_000`, rounded down, as
 * IVisaFeeEscrow.BatchQuote defines it.
 *
 * @example
 * batchPlatformFee(40_000_001n, 10) // 40_000n
 */
export function batchPlatformFee(fee: bigint, platformFeeBps: number): bigint {
  return (fee * BigInt(platformFeeBps)) / bps;
}

/**
 * What the payer of a batch pays: every fee plus its rounded-down platform fee.
 *
 * @example
 * batchTotal([40_000_001n, 3n], 10) // 40_040_004n
 */
export function batchTotal(fees: readonly bigint[], platformFeeBps: number): bigint {
  return fees.reduce((sum, fee) => sum + fee + batchPlatformFee(fee, platformFeeBps), 0n);
}

/**
 * An off-chain model of VisaFeeEscrow written from its specification (IVisaFeeEscrow), not from its
 * code: which escrows are open, the platform fees accrued per token, and the token balance every
 * participant should hold. Each operation returns the token transfers the escrow must make for it,
 * so a test can compare them with the receipt's `Transfer` events as well as with balances.
 * Operations throw when asked for something the escrow must refuse: the model is also the test's
 * bookkeeping of what is valid.
 *
 * @example
 * const model = createEscrowModel({ escrow, treasury, tokens: [usdc], authorities, balances });
 * const transfers = model.paySingle(quote); // [{ token: usdc, from: quote.payer, to: escrow, value: quote.amount }]
 */
export function createEscrowModel(parameters: CreateEscrowModelParameters) {
  const escrow = getAddress(parameters.escrow);
  const treasury = getAddress(parameters.treasury);
  const tokens = parameters.tokens.map((t) => getAddress(t));
  const payouts = new Map(parameters.authorities.map((a) => [a.id, getAddress(a.payout)]));
  const singles = new Map<Hex, SingleEscrow>();
  const batches = new Map<Hex, BatchEscrow>();
  const accrued = new Map<Address, bigint>(tokens.map((t) => [t, 0n]));
  const balances = new Map<string, bigint>();
  for (const { token, owner, value } of parameters.balances) balances.set(key(token, owner), value);

  function key(token: Address, owner: Address): string {
    return `${getAddress(token)}:${getAddress(owner)}`;
  }

  function balanceOf(token: Address, owner: Address): bigint {
    const value = balances.get(key(token, owner));
    if (value === undefined) throw new Error(`model: ${owner} is not a participant (token ${token})`);
    return value;
  }

  function feesAccrued(token: Address): bigint {
    const value = accrued.get(getAddress(token));
    if (value === undefined) throw new Error(`model: ${token} is not an escrow token`);
    return value;
  }

  function move(token: Address, from: Address, to: Address, value: bigint): TokenTransfer {
    const fromBalance = balanceOf(token, from);
    if (fromBalance < value) throw new Error(`model: ${from} holds ${fromBalance} of ${token}, not ${value}`);
    balances.set(key(token, from), fromBalance - value);
    balances.set(key(token, to), balanceOf(token, to) + value);
    return { token: getAddress(token), from: getAddress(from), to: getAddress(to), value };
  }

  function accrue(token: Address, value: bigint): void {
    accrued.set(getAddress(token), feesAccrued(token) + value);
  }

  function payoutOf(authorityId: Hex): Address {
    const payout = payouts.get(authorityId);
    if (payout === undefined) throw new Error(`model: unknown authority ${authorityId}`);
    return payout;
  }

  function openSingle(applicationId: Hex): SingleEscrow {
    const single = singles.get(applicationId);
    if (single?.status !== EscrowStatus.Open) throw new Error(`model: ${applicationId} is not open`);
    return single;
  }

  function openBatch(batchId: Hex, indexes: readonly number[]): BatchEscrow {
    const batch = batches.get(batchId);
    if (batch === undefined) throw new Error(`model: batch ${batchId} was not paid`);
    if (indexes.length === 0) throw new Error(`model: no applications of batch ${batchId}`);
    if (new Set(indexes).size !== indexes.length) throw new Error(`model: repeated index in ${indexes.join(",")}`);
    for (const i of indexes) {
      if (batch.statuses[i] !== EscrowStatus.Open) throw new Error(`model: ${batchId}[${i}] is not open`);
    }
    return batch;
  }

  /** Fee and platform fee of the applications `indexes` of `batch`. */
  function batchSums(batch: BatchEscrow, indexes: readonly number[]): { fees: bigint; platformFees: bigint } {
    let fees = 0n;
    let platformFees = 0n;
    for (const i of indexes) {
      const fee = batch.fees[i]!;
      fees += fee;
      platformFees += batchPlatformFee(fee, batch.record.platformFeeBps);
    }
    return { fees, platformFees };
  }

  return {
    escrow,
    treasury,
    tokens,
    balanceOf,
    feesAccrued,

    /** Funds the escrow must hold in `token`: every open application plus the accrued fees. */
    escrowHeld(token: Address): bigint {
      const t = getAddress(token);
      let held = feesAccrued(t);
      for (const { quote, status } of singles.values()) {
        if (status === EscrowStatus.Open && getAddress(quote.token) === t) held += quote.amount;
      }
      for (const batch of batches.values()) {
        if (getAddress(batch.record.token) !== t) continue;
        batch.statuses.forEach((status, i) => {
          if (status === EscrowStatus.Open)
            held += batch.fees[i]! + batchPlatformFee(batch.fees[i]!, batch.record.platformFeeBps);
        });
      }
      return held;
    },

    /** Every application paid with a single quote, open or settled. */
    singles(): SingleEscrow[] {
      return [...singles.values()];
    },

    /** Every paid batch. */
    batches(): BatchEscrow[] {
      return [...batches.values()];
    },

    /** The application paid with a single quote under `applicationId`. */
    single(applicationId: Hex): SingleEscrow {
      const single = singles.get(applicationId);
      if (single === undefined) throw new Error(`model: ${applicationId} was not paid`);
      return single;
    },

    /** The batch paid under `batchId`. */
    batch(batchId: Hex): BatchEscrow {
      const batch = batches.get(batchId);
      if (batch === undefined) throw new Error(`model: batch ${batchId} was not paid`);
      return batch;
    },

    /** `pay`, `payWithPermit` or `payWithAuthorization`: the payer's amount moves into escrow. */
    paySingle(quote: Quote): TokenTransfer[] {
      if (singles.has(quote.applicationId)) throw new Error(`model: ${quote.applicationId} was paid before`);
      payoutOf(quote.authorityId);
      if (quote.platformFee >= quote.amount) throw new Error("model: platform fee not below amount");
      singles.set(quote.applicationId, { quote, status: EscrowStatus.Open });
      return [move(quote.token, quote.payer, escrow, quote.amount)];
    },

    /** `payBatch`: the payer pays every fee plus its rounded-down platform fee, in one transfer. */
    payBatch(quote: BatchQuote): TokenTransfer[] {
      if (batches.has(quote.batchId)) throw new Error(`model: batch ${quote.batchId} was paid before`);
      payoutOf(quote.authorityId);
      const { fees, expiresAt: _, ...record } = quote;
      batches.set(quote.batchId, { record, fees: [...fees], statuses: fees.map(() => EscrowStatus.Open) });
      return [move(quote.token, quote.payer, escrow, batchTotal(fees, quote.platformFeeBps))];
    },

    /**
     * `release` (one quote) or `releaseMany` (several of one authority and token): the authority of
     * record gets each amount less its platform fee, in one transfer; the platform fees accrue.
     */
    releaseSingles(quotes: readonly Quote[]): TokenTransfer[] {
      const first = quotes[0];
      if (first === undefined) throw new Error("model: nothing to release");
      let payout = 0n;
      for (const quote of quotes) {
        const single = openSingle(quote.applicationId);
        if (
          single.quote.authorityId !== first.authorityId ||
          getAddress(single.quote.token) !== getAddress(first.token)
        ) {
          throw new Error("model: releaseMany mixes authorities or tokens");
        }
        single.status = EscrowStatus.Released;
        payout += single.quote.amount - single.quote.platformFee;
        accrue(single.quote.token, single.quote.platformFee);
      }
      return [move(first.token, escrow, payoutOf(first.authorityId), payout)];
    },

    /** `refund` or `claimExpired`: the payer of record gets the full amount back. */
    returnSingle(applicationId: Hex, outcome: ReturnOutcome): TokenTransfer[] {
      const single = openSingle(applicationId);
      single.status = outcome;
      return [move(single.quote.token, escrow, single.quote.payer, single.quote.amount)];
    },

    /** `releaseBatch`: the authority of record gets the fees; the platform fees accrue. */
    releaseBatch(batchId: Hex, indexes: readonly number[]): TokenTransfer[] {
      const batch = openBatch(batchId, indexes);
      const { fees, platformFees } = batchSums(batch, indexes);
      for (const i of indexes) batch.statuses[i] = EscrowStatus.Released;
      accrue(batch.record.token, platformFees);
      return [move(batch.record.token, escrow, payoutOf(batch.record.authorityId), fees)];
    },

    /** `refundBatch` or `claimExpiredBatch`: the payer of record gets fees and platform fees back. */
    returnBatch(batchId: Hex, indexes: readonly number[], outcome: ReturnOutcome): TokenTransfer[] {
      const batch = openBatch(batchId, indexes);
      const { fees, platformFees } = batchSums(batch, indexes);
      for (const i of indexes) batch.statuses[i] = outcome;
      return [move(batch.record.token, escrow, batch.record.payer, fees + platformFees)];
    },

    /** `withdrawFees`: the treasury gets every accrued fee of `token` (a zero transfer when none). */
    withdrawFees(token: Address): TokenTransfer[] {
      const amount = feesAccrued(token);
      accrued.set(getAddress(token), 0n);
      return [move(token, escrow, treasury, amount)];
    },
  };
}
