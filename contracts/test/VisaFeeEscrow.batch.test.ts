import { encodeAbiParameters, type Hex, hashTypedData, keccak256, maxUint256, zeroHash } from "viem";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FiatTokenV2_2 } from "../generated/FiatTokenV2_2.ts";
import {
  type BatchQuote,
  type BatchRecord,
  createEscrowFixture,
  type EscrowFixture,
  expectRevert,
} from "../testing/index.ts";
import { batchQuoteTypes } from "../typedData.ts";
import {
  atNextBlock,
  batchPlatformFee,
  batchTotal,
  escrowEvents,
  escrowReader,
  expectedBatchItemId,
  FUNDING,
  holdings,
  makeBatchQuote,
  passTime,
  payBatchQuote,
  recoverBatchQuoteSigner,
  Status,
} from "./VisaFeeEscrow.support.ts";

let f: EscrowFixture;
let snapshot: Hex;

beforeAll(async () => {
  f = await createEscrowFixture();
});
beforeEach(async () => {
  snapshot = await f.chain.snapshot();
});
afterEach(async () => {
  await f.chain.revert(snapshot);
});

const payer = () => f.accounts.payers[0]!;
const authority = () => f.authorities[0]!;
const settler = () => authority().settler;

/** Status and fee of applications 0 … count-1 of a batch. */
async function batchItems(batchId: Hex, count: number): Promise<(readonly [number, bigint])[]> {
  const escrow = escrowReader(f);
  const items: (readonly [number, bigint])[] = [];
  for (let i = 0; i < count; i += 1) items.push(await escrow.read.batchItem([batchId, BigInt(i)]));
  return items;
}

/** The expected `batchItem` values for `fees` with the given statuses. */
function itemsOf(fees: readonly bigint[], statuses: readonly number[]): (readonly [number, bigint])[] {
  return fees.map((fee, i) => [statuses[i]!, fee] as const);
}

function itemId(batchId: Hex, index: number): Hex {
  return expectedBatchItemId(batchId, BigInt(index));
}

describe.each(["USDC", "USDT"] as const)("batch in %s", (symbol) => {
  it("payBatch: pulls the total once and records every application open with its fee", async () => {
    const quote = await makeBatchQuote(f, { payer: payer().address, token: f.tokens[symbol] });
    // 40_000_000 + 40_000, 12_345_678 + 12_345 (12_345.678 rounded down), 999 + 0 (0.999 rounded down)
    expect(batchTotal(quote)).toBe(52_399_022n);
    await f.approve(quote.token, payer(), 52_399_022n);
    const receipt = await f.call(payer(), "payBatch", [quote, await f.signBatchQuote(quote)]);

    expect(await holdings(f, quote.token, { payer: payer().address, payout: authority().payout.address })).toEqual({
      payer: FUNDING - 52_399_022n,
      escrow: 52_399_022n,
      payout: 0n,
      fees: 0n,
    });
    expect(escrowEvents(f, receipt)).toEqual([
      {
        eventName: "BatchPaid",
        args: {
          batchId: quote.batchId,
          authorityId: authority().id,
          payer: payer().address,
          token: quote.token,
          fees: [40_000_000n, 12_345_678n, 999n],
          platformFeeBps: 10,
          decisionDeadline: quote.decisionDeadline,
          total: 52_399_022n,
        },
      },
    ]);
    // A single transfer for the whole batch.
    expect(receipt.logs.filter((log) => log.address.toLowerCase() === quote.token.toLowerCase())).toHaveLength(1);

    const escrow = escrowReader(f);
    expect(await escrow.read.batchCommitment([quote.batchId])).toBe(
      keccak256(
        encodeAbiParameters(
          [
            { type: "bytes32" },
            { type: "bytes32" },
            { type: "address" },
            { type: "address" },
            { type: "uint16" },
            { type: "uint64" },
          ],
          [quote.batchId, quote.authorityId, quote.token, quote.payer, quote.platformFeeBps, quote.decisionDeadline],
        ),
      ),
    );
    expect(await batchItems(quote.batchId, 4)).toEqual([
      [Status.Open, 40_000_000n],
      [Status.Open, 12_345_678n],
      [Status.Open, 999n],
      [Status.None, 0n],
    ]);
  });

  it("releaseBatch and refundBatch: settle chosen applications, each on its own", async () => {
    const { quote, record } = await payBatchQuote(f, payer(), { token: f.tokens[symbol] });
    const { batchId, token } = quote;

    const released = await f.call(settler(), "releaseBatch", [record, [0n, 2n]]);
    expect(escrowEvents(f, released)).toEqual([
      {
        eventName: "EscrowReleased",
        args: { applicationId: itemId(batchId, 0) },
      },
      { eventName: "EscrowReleased", args: { applicationId: itemId(batchId, 2) } },
    ]);
    expect(await holdings(f, token, { payer: payer().address, payout: authority().payout.address })).toEqual({
      payer: FUNDING - 52_399_022n,
      escrow: 52_399_022n - 40_000_999n,
      payout: 40_000_999n,
      fees: 40_000n,
    });
    expect(await batchItems(batchId, 3)).toEqual(itemsOf(quote.fees, [Status.Released, Status.Open, Status.Released]));

    const refunded = await f.call(settler(), "refundBatch", [record, [1n]]);
    expect(escrowEvents(f, refunded)).toEqual([
      {
        eventName: "EscrowRefunded",
        args: { applicationId: itemId(batchId, 1) },
      },
    ]);
    expect(await holdings(f, token, { payer: payer().address, payout: authority().payout.address })).toEqual({
      payer: FUNDING - 40_040_999n,
      escrow: 40_000n,
      payout: 40_000_999n,
      fees: 40_000n,
    });
    expect(await batchItems(batchId, 3)).toEqual(
      itemsOf(quote.fees, [Status.Released, Status.Refunded, Status.Released]),
    );
  });

  it("claimExpiredBatch: anyone returns fee and platform fee to the payer after the decision deadline", async () => {
    const { quote, record } = await payBatchQuote(f, payer(), { token: f.tokens[symbol] });
    await passTime(f, quote.decisionDeadline);
    const receipt = await f.call(f.accounts.relayer, "claimExpiredBatch", [record, [2n, 0n, 1n]]);
    expect(escrowEvents(f, receipt)).toEqual([
      {
        eventName: "EscrowClaimed",
        args: { applicationId: itemId(quote.batchId, 2) },
      },
      {
        eventName: "EscrowClaimed",
        args: { applicationId: itemId(quote.batchId, 0) },
      },
      {
        eventName: "EscrowClaimed",
        args: { applicationId: itemId(quote.batchId, 1) },
      },
    ]);
    expect(await holdings(f, quote.token, { payer: payer().address, payout: authority().payout.address })).toEqual({
      payer: FUNDING,
      escrow: 0n,
      payout: 0n,
      fees: 0n,
    });
    expect(await f.balanceOf(quote.token, f.accounts.relayer.address)).toBe(0n);
    expect(await batchItems(quote.batchId, 3)).toEqual(
      itemsOf(quote.fees, [Status.Claimed, Status.Claimed, Status.Claimed]),
    );
  });
});

describe("batch views", () => {
  it("batchQuoteDigest: equals the EIP-712 hash of the batch quote", async () => {
    const quote = await makeBatchQuote(f, { payer: payer().address });
    expect(await escrowReader(f).read.batchQuoteDigest([quote])).toBe(
      hashTypedData({
        domain: f.domain,
        types: batchQuoteTypes,
        primaryType: "BatchQuote",
        message: { ...quote, fees: [...quote.fees] },
      }),
    );
  });

  it("batchItemId: is keccak256 of the ABI-encoded batch id and index", async () => {
    const batchId = f.newId("batch");
    const escrow = escrowReader(f);
    for (const index of [0n, 1n, 4n, 255n, maxUint256]) {
      const expected = keccak256(encodeAbiParameters([{ type: "bytes32" }, { type: "uint256" }], [batchId, index]));
      expect(await escrow.read.batchItemId([batchId, index])).toBe(expected);
    }
  });

  it("batchCommitment and batchItem: report nothing for an unpaid batch", async () => {
    const batchId = f.newId("batch");
    const escrow = escrowReader(f);
    expect(await escrow.read.batchCommitment([batchId])).toBe(zeroHash);
    expect(await escrow.read.batchItem([batchId, 0n])).toEqual([Status.None, 0n]);
  });
});

describe("payBatch checks", () => {
  async function expectNotPaid(quote: BatchQuote): Promise<void> {
    expect(await escrowReader(f).read.batchCommitment([quote.batchId])).toBe(zeroHash);
    expect(await f.balanceOf(quote.token, payer().address)).toBe(FUNDING);
    expect(await f.balanceOf(quote.token, f.escrow)).toBe(0n);
  }

  /** Signs `quote`, approves its total and submits it from the payer. */
  async function submit(quote: BatchQuote) {
    await f.approve(quote.token, payer(), batchTotal(quote));
    return f.call(payer(), "payBatch", [quote, await f.signBatchQuote(quote)]);
  }

  it("payBatch: fails when the batch is paid again", async () => {
    const { quote } = await payBatchQuote(f, payer());
    await expectRevert(submit(quote), "EscrowAlreadyPaid", [quote.batchId]);
    expect(await f.balanceOf(quote.token, f.escrow)).toBe(52_399_022n);
  });

  it("payBatch: fails when someone other than the batch's payer submits it", async () => {
    const quote = await makeBatchQuote(f, { payer: payer().address });
    const { stranger } = f.accounts;
    await expectRevert(f.call(stranger, "payBatch", [quote, await f.signBatchQuote(quote)]), "EscrowWrongPayer", [
      quote.batchId,
      payer().address,
      stranger.address,
    ]);
  });

  it("payBatch: fails when the batch quote is signed by someone other than the quote signer", async () => {
    const quote = await makeBatchQuote(f, { payer: payer().address });
    await f.approve(quote.token, payer(), batchTotal(quote));
    await expectRevert(
      f.call(payer(), "payBatch", [quote, await f.signBatchQuote(quote, f.accounts.stranger)]),
      "EscrowInvalidQuoteSigner",
      [f.accounts.stranger.address],
    );
    await expectNotPaid(quote);
  });

  it("payBatch: fails when the fees changed after signing", async () => {
    const quote = await makeBatchQuote(f, { payer: payer().address });
    const signature = await f.signBatchQuote(quote);
    const cheaper = { ...quote, fees: [1n, 1n, 1n] };
    await f.approve(quote.token, payer(), batchTotal(quote));
    const recovered = await recoverBatchQuoteSigner(f, cheaper, signature);
    expect(recovered).not.toBe(f.accounts.quoteSigner.address);
    await expectRevert(f.call(payer(), "payBatch", [cheaper, signature]), "EscrowInvalidQuoteSigner", [recovered]);
    await expectNotPaid(quote);
  });

  it("payBatch: fails when the batch quote has expired", async () => {
    const quote = await makeBatchQuote(f, { payer: payer().address });
    await f.approve(quote.token, payer(), batchTotal(quote));
    const signature = await f.signBatchQuote(quote);
    await atNextBlock(f, quote.expiresAt + 1n);
    await expectRevert(f.call(payer(), "payBatch", [quote, signature]), "EscrowQuoteExpired", [
      quote.batchId,
      quote.expiresAt,
    ]);
    await expectNotPaid(quote);
  });

  it("payBatch: fails when the decision deadline is not after the expiry", async () => {
    const base = await makeBatchQuote(f, { payer: payer().address });
    const quote = { ...base, decisionDeadline: base.expiresAt };
    await expectRevert(submit(quote), "EscrowInvalidDeadline", [base.expiresAt, base.expiresAt]);
  });

  it("payBatch: fails when the token is not on the allow-list", async () => {
    await f.call(f.accounts.deployer, "setTokenAllowed", [f.tokens.USDC, false]);
    const quote = await makeBatchQuote(f, { payer: payer().address });
    await expectRevert(submit(quote), "EscrowTokenNotAllowed", [f.tokens.USDC]);
    await expectNotPaid(quote);
  });

  it("payBatch: fails for an empty batch", async () => {
    const quote = await makeBatchQuote(f, { payer: payer().address, fees: [] });
    await expectRevert(f.call(payer(), "payBatch", [quote, await f.signBatchQuote(quote)]), "EscrowEmptyBatch", []);
  });

  it("payBatch: fails when a fee is zero", async () => {
    const quote = await makeBatchQuote(f, { payer: payer().address, fees: [5_000_000n, 0n, 7_000_000n] });
    await expectRevert(submit(quote), "EscrowInvalidAmount", [0n, 0n]);
    await expectNotPaid(quote);
  });

  it("payBatch: fails when a fee does not fit in 56 bits", async () => {
    const tooBig = 2n ** 56n;
    const quote = await makeBatchQuote(f, { payer: payer().address, fees: [1_000_000n, 2_000_000n, 3n, 4n, tooBig] });
    await expectRevert(submit(quote), "EscrowInvalidAmount", [tooBig, 0n]);
    await expectNotPaid(quote);
  });

  it("payBatch: accepts a fee of 2^56-1, which then fails only at the token for lack of balance", async () => {
    const largest = 2n ** 56n - 1n;
    const quote = await makeBatchQuote(f, { payer: payer().address, fees: [largest] });
    const total = largest + (largest * 10n) / 10_000n;
    expect(total).toBeGreaterThan(FUNDING);
    await expectRevert(submit(quote), "Error", ["ERC20: transfer amount exceeds balance"]);
  });

  it("payBatch: fails when the platform fee bps are above the cap", async () => {
    const quote = await makeBatchQuote(f, { payer: payer().address, platformFeeBps: 101 });
    await expectRevert(submit(quote), "EscrowFeeAboveCap", [101n, 100n]);
    await expectNotPaid(quote);
  });

  it("payBatch: accepts platform fee bps exactly at the cap", async () => {
    const { quote, receipt } = await payBatchQuote(f, payer(), { platformFeeBps: 100 });
    // 40_000_000 + 400_000, 12_345_678 + 123_456, 999 + 9
    expect(batchTotal(quote)).toBe(52_870_142n);
    expect(await f.balanceOf(quote.token, f.escrow)).toBe(52_870_142n);
    expect(escrowEvents(f, receipt)[0]).toMatchObject({ args: { platformFeeBps: 100, total: 52_870_142n } });
  });

  it("payBatch: fails without an allowance, with the token's own error", async () => {
    const quote = await makeBatchQuote(f, { payer: payer().address });
    await expectRevert(f.call(payer(), "payBatch", [quote, await f.signBatchQuote(quote)]), "Error", [
      "ERC20: transfer amount exceeds allowance",
    ]);
  });
});

describe("batch settlement checks", () => {
  let quote: BatchQuote;
  let record: BatchRecord;

  beforeEach(async () => {
    ({ quote, record } = await payBatchQuote(f, payer()));
  });

  async function expectAllOpen(): Promise<void> {
    expect(await batchItems(quote.batchId, 3)).toEqual(itemsOf(quote.fees, [Status.Open, Status.Open, Status.Open]));
    expect(await holdings(f, quote.token, { payer: payer().address, payout: authority().payout.address })).toEqual({
      payer: FUNDING - 52_399_022n,
      escrow: 52_399_022n,
      payout: 0n,
      fees: 0n,
    });
  }

  it("releaseBatch, refundBatch and claimExpiredBatch: fail for an index past the batch", async () => {
    for (const index of [3n, 4n, maxUint256]) {
      await expectRevert(f.call(settler(), "releaseBatch", [record, [0n, index]]), "EscrowBatchIndexOutOfRange", [
        quote.batchId,
        index,
      ]);
      await expectRevert(f.call(settler(), "refundBatch", [record, [index]]), "EscrowBatchIndexOutOfRange", [
        quote.batchId,
        index,
      ]);
    }
    await passTime(f, quote.decisionDeadline);
    await expectRevert(f.call(payer(), "claimExpiredBatch", [record, [3n]]), "EscrowBatchIndexOutOfRange", [
      quote.batchId,
      3n,
    ]);
    expect(await batchItems(quote.batchId, 3)).toEqual(itemsOf(quote.fees, [Status.Open, Status.Open, Status.Open]));
  });

  it("releaseBatch, refundBatch and claimExpiredBatch: fail for an application already settled", async () => {
    await f.call(settler(), "releaseBatch", [record, [1n]]);
    await f.call(settler(), "refundBatch", [record, [2n]]);
    const released = itemId(quote.batchId, 1);
    const refunded = itemId(quote.batchId, 2);
    await expectRevert(f.call(settler(), "releaseBatch", [record, [1n]]), "EscrowNotOpen", [released]);
    await expectRevert(f.call(settler(), "refundBatch", [record, [0n, 1n]]), "EscrowNotOpen", [released]);
    await expectRevert(f.call(settler(), "releaseBatch", [record, [2n]]), "EscrowNotOpen", [refunded]);
    await passTime(f, quote.decisionDeadline);
    await expectRevert(f.call(payer(), "claimExpiredBatch", [record, [0n, 2n]]), "EscrowNotOpen", [refunded]);
    expect(await batchItems(quote.batchId, 3)).toEqual(
      itemsOf(quote.fees, [Status.Open, Status.Released, Status.Refunded]),
    );
  });

  it("releaseBatch: fails as a whole when an index is listed twice", async () => {
    await expectRevert(f.call(settler(), "releaseBatch", [record, [0n, 1n, 0n]]), "EscrowNotOpen", [
      itemId(quote.batchId, 0),
    ]);
    await expectAllOpen();
  });

  it("releaseBatch and refundBatch: fail when any field of the batch record differs", async () => {
    const changes: Partial<BatchRecord>[] = [
      { token: f.tokens.USDT },
      { payer: f.accounts.stranger.address },
      { platformFeeBps: 0 },
      { platformFeeBps: 11 },
      { decisionDeadline: quote.decisionDeadline + 1n },
    ];
    for (const change of changes) {
      await expectRevert(f.call(settler(), "releaseBatch", [{ ...record, ...change }, [0n]]), "EscrowNotOpen", [
        quote.batchId,
      ]);
      await expectRevert(f.call(settler(), "refundBatch", [{ ...record, ...change }, [0n]]), "EscrowNotOpen", [
        quote.batchId,
      ]);
    }
    const other = f.authorities[1]!;
    await expectRevert(
      f.call(other.settler, "releaseBatch", [{ ...record, authorityId: other.id }, [0n]]),
      "EscrowNotOpen",
      [quote.batchId],
    );
    const otherBatch = f.newId("batch");
    await expectRevert(f.call(settler(), "releaseBatch", [{ ...record, batchId: otherBatch }, [0n]]), "EscrowNotOpen", [
      otherBatch,
    ]);
    await expectAllOpen();
  });

  it("claimExpiredBatch: fails when the record names another payer", async () => {
    await passTime(f, quote.decisionDeadline);
    const { stranger } = f.accounts;
    await expectRevert(
      f.call(stranger, "claimExpiredBatch", [{ ...record, payer: stranger.address }, [0n, 1n, 2n]]),
      "EscrowNotOpen",
      [quote.batchId],
    );
    await expectAllOpen();
  });

  it("releaseBatch, refundBatch and claimExpiredBatch: fail for an empty index list", async () => {
    await expectRevert(f.call(settler(), "releaseBatch", [record, []]), "EscrowEmptyBatch", []);
    await expectRevert(f.call(settler(), "refundBatch", [record, []]), "EscrowEmptyBatch", []);
    await passTime(f, quote.decisionDeadline);
    await expectRevert(f.call(payer(), "claimExpiredBatch", [record, []]), "EscrowEmptyBatch", []);
  });

  it("releaseBatch and refundBatch: fail when a stranger settles", async () => {
    const { stranger } = f.accounts;
    for (const fn of ["releaseBatch", "refundBatch"]) {
      await expectRevert(f.call(stranger, fn, [record, [0n]]), "EscrowUnauthorizedSettler", [
        authority().id,
        stranger.address,
      ]);
    }
    await expectAllOpen();
  });

  it("releaseBatch: fails for a deactivated authority, while refundBatch still works", async () => {
    const { id, payout } = authority();
    await f.call(f.accounts.deployer, "setAuthority", [id, payout.address, settler().address, false]);
    await expectRevert(f.call(settler(), "releaseBatch", [record, [0n]]), "EscrowAuthorityInactive", [id]);
    await f.call(settler(), "refundBatch", [record, [0n]]);
    expect(await f.balanceOf(quote.token, payer().address)).toBe(FUNDING - 52_399_022n + 40_040_000n);
  });

  it("claimExpiredBatch: still works for a deactivated authority", async () => {
    const { id, payout } = authority();
    await f.call(f.accounts.deployer, "setAuthority", [id, payout.address, settler().address, false]);
    await passTime(f, quote.decisionDeadline);
    await f.call(f.accounts.stranger, "claimExpiredBatch", [record, [0n, 1n, 2n]]);
    expect(await f.balanceOf(quote.token, payer().address)).toBe(FUNDING);
  });

  it("releaseBatch: succeeds in the very second of the decision deadline and fails after it", async () => {
    await atNextBlock(f, quote.decisionDeadline);
    await f.call(settler(), "releaseBatch", [record, [0n]]);
    await atNextBlock(f, quote.decisionDeadline + 1n);
    await expectRevert(f.call(settler(), "releaseBatch", [record, [1n]]), "EscrowDeadlinePassed", [
      quote.batchId,
      quote.decisionDeadline,
    ]);
    expect(await batchItems(quote.batchId, 3)).toEqual(
      itemsOf(quote.fees, [Status.Released, Status.Open, Status.Open]),
    );
  });

  it("claimExpiredBatch: fails until the decision deadline has passed", async () => {
    await expectRevert(f.call(payer(), "claimExpiredBatch", [record, [0n]]), "EscrowDeadlineNotPassed", [
      quote.batchId,
      quote.decisionDeadline,
    ]);
    await atNextBlock(f, quote.decisionDeadline);
    await expectRevert(f.call(payer(), "claimExpiredBatch", [record, [0n]]), "EscrowDeadlineNotPassed", [
      quote.batchId,
      quote.decisionDeadline,
    ]);
    await expectAllOpen();
  });

  it("releaseBatch, refundBatch and claimExpiredBatch: all work while payments are paused", async () => {
    await f.call(f.accounts.guardian, "setPaused", [true]);
    await f.call(settler(), "releaseBatch", [record, [0n]]);
    await f.call(settler(), "refundBatch", [record, [1n]]);
    await passTime(f, quote.decisionDeadline);
    await f.call(payer(), "claimExpiredBatch", [record, [2n]]);
    expect(await batchItems(quote.batchId, 3)).toEqual(
      itemsOf(quote.fees, [Status.Released, Status.Refunded, Status.Claimed]),
    );
    expect(await holdings(f, quote.token, { payer: payer().address, payout: authority().payout.address })).toEqual({
      payer: FUNDING - 40_040_000n,
      escrow: 40_000n,
      payout: 40_000_000n,
      fees: 40_000n,
    });
  });
});

describe("slot packing (four applications per storage slot)", () => {
  it("a batch of 5: settling across the slot boundary leaves the neighbours intact", async () => {
    const fees = [1_000_001n, 2_000_002n, 3_000_003n, 4_000_004n, 5_000_005n];
    const { quote, record } = await payBatchQuote(f, payer(), { fees });
    expect(await batchItems(quote.batchId, 6)).toEqual([
      ...itemsOf(fees, [Status.Open, Status.Open, Status.Open, Status.Open, Status.Open]),
      [Status.None, 0n],
    ]);

    await f.call(settler(), "releaseBatch", [record, [3n, 4n]]);
    expect(await batchItems(quote.batchId, 5)).toEqual(
      itemsOf(fees, [Status.Open, Status.Open, Status.Open, Status.Released, Status.Released]),
    );
    await f.call(settler(), "refundBatch", [record, [0n]]);
    await expectRevert(f.call(settler(), "releaseBatch", [record, [5n]]), "EscrowBatchIndexOutOfRange", [
      quote.batchId,
      5n,
    ]);
    await passTime(f, quote.decisionDeadline);
    await f.call(payer(), "claimExpiredBatch", [record, [2n, 1n]]);
    expect(await batchItems(quote.batchId, 5)).toEqual(
      itemsOf(fees, [Status.Refunded, Status.Claimed, Status.Claimed, Status.Released, Status.Released]),
    );

    const releasedFees = 4_000_004n + 5_000_005n;
    const releasedPlatformFees = batchPlatformFee(4_000_004n, 10) + batchPlatformFee(5_000_005n, 10);
    expect(releasedPlatformFees).toBe(9_000n);
    expect(await holdings(f, quote.token, { payer: payer().address, payout: authority().payout.address })).toEqual({
      payer: FUNDING - releasedFees - releasedPlatformFees,
      escrow: releasedPlatformFees,
      payout: releasedFees,
      fees: releasedPlatformFees,
    });
  });

  it("a batch of 9: every application settles on its own, and the escrow ends holding only the fees", async () => {
    const fees = Array.from({ length: 9 }, (_, i) => BigInt(i + 1) * 1_000_000n + BigInt(i));
    const { quote, record, receipt } = await payBatchQuote(f, payer(), { fees });
    expect(batchTotal(quote)).toBe(45_045_036n);
    expect(escrowEvents(f, receipt)[0]).toMatchObject({ args: { fees, total: 45_045_036n } });
    expect(await batchItems(quote.batchId, 10)).toEqual([
      ...itemsOf(fees, Array(9).fill(Status.Open)),
      [Status.None, 0n],
    ]);

    await f.call(settler(), "releaseBatch", [record, [8n]]);
    expect(await batchItems(quote.batchId, 9)).toEqual(itemsOf(fees, [...Array(8).fill(Status.Open), Status.Released]));
    await f.call(settler(), "releaseBatch", [record, [0n, 4n, 3n]]);
    await f.call(settler(), "refundBatch", [record, [7n, 1n]]);
    await passTime(f, quote.decisionDeadline);
    await f.call(f.accounts.relayer, "claimExpiredBatch", [record, [2n, 5n, 6n]]);
    await expectRevert(f.call(f.accounts.relayer, "claimExpiredBatch", [record, [9n]]), "EscrowBatchIndexOutOfRange", [
      quote.batchId,
      9n,
    ]);

    const statuses = [
      Status.Released,
      Status.Refunded,
      Status.Claimed,
      Status.Released,
      Status.Released,
      Status.Claimed,
      Status.Claimed,
      Status.Refunded,
      Status.Released,
    ];
    expect(await batchItems(quote.batchId, 9)).toEqual(itemsOf(fees, statuses));
    const released = [0, 3, 4, 8].map((i) => fees[i]!);
    const payout = released.reduce((s, fee) => s + fee, 0n);
    const platformFees = released.reduce((s, fee) => s + batchPlatformFee(fee, 10), 0n);
    expect([payout, platformFees]).toEqual([19_000_015n, 19_000n]);
    expect(await holdings(f, quote.token, { payer: payer().address, payout: authority().payout.address })).toEqual({
      payer: FUNDING - payout - platformFees,
      escrow: platformFees,
      payout,
      fees: platformFees,
    });
  });

  it("fees of the full 56 bits pack without touching the neighbours' status", async () => {
    const largest = 2n ** 56n - 1n;
    const fees = [largest, 1n, largest, 1n, largest];
    const total = batchTotal({ fees, platformFeeBps: 0 });
    await f.send(f.accounts.deployer, {
      address: f.tokens.USDC,
      abi: FiatTokenV2_2.abi,
      functionName: "mint",
      args: [payer().address, total],
    });
    const { quote, record } = await payBatchQuote(f, payer(), { fees, platformFeeBps: 0 });
    expect(await batchItems(quote.batchId, 6)).toEqual([
      ...itemsOf(fees, Array(5).fill(Status.Open)),
      [Status.None, 0n],
    ]);
    await f.call(settler(), "releaseBatch", [record, [1n, 3n]]);
    await f.call(settler(), "refundBatch", [record, [2n]]);
    expect(await batchItems(quote.batchId, 6)).toEqual([
      ...itemsOf(fees, [Status.Open, Status.Released, Status.Refunded, Status.Released, Status.Open]),
      [Status.None, 0n],
    ]);
    expect(await f.balanceOf(quote.token, f.escrow)).toBe(2n * largest);
    expect(await f.balanceOf(quote.token, authority().payout.address)).toBe(2n);
  });
});
