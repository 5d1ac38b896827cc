import { type Address, encodeFunctionData, type Hex, zeroHash } from "viem";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { toEscrowRecord } from "../encodeSettlementCall.ts";
import { FiatTokenV2_2 } from "../generated/FiatTokenV2_2.ts";
import { ReentrantToken } from "../generated/ReentrantToken.ts";
import { VisaFeeEscrow } from "../generated/VisaFeeEscrow.ts";
import { createEscrowFixture, type EscrowFixture, expectRevert, type Quote } from "../testing/index.ts";
import {
  batchTotal,
  deploy,
  escrowReader,
  FUNDING,
  holdings,
  makeBatchQuote,
  passTime,
  payBatchQuote,
  payQuote,
  Status,
  toSettlement,
} from "./VisaFeeEscrow.support.ts";

let f: EscrowFixture;
let snapshot: Hex;
/** The malicious token, deployed, allow-listed and held by the payer in each test. */
let token: Address;

beforeAll(async () => {
  f = await createEscrowFixture();
});
beforeEach(async () => {
  snapshot = await f.chain.snapshot();
  token = await deploy(f, f.accounts.deployer, ReentrantToken);
  await f.call(f.accounts.deployer, "setTokenAllowed", [token, true]);
  await f.send(f.accounts.deployer, {
    address: token,
    abi: ReentrantToken.abi,
    functionName: "mint",
    args: [payer().address, FUNDING],
  });
  await f.send(payer(), {
    address: token,
    abi: ReentrantToken.abi,
    functionName: "approve",
    args: [f.escrow, FUNDING],
  });
});
afterEach(async () => {
  await f.chain.revert(snapshot);
});

const payer = () => f.accounts.payers[0]!;
const authority = () => f.authorities[0]!;
const settler = () => authority().settler;

/** Makes the token call `target` with `callback` in the middle of its next transfer. */
async function arm(target: Address, callback: Hex): Promise<void> {
  await f.send(f.accounts.stranger, {
    address: token,
    abi: ReentrantToken.abi,
    functionName: "arm",
    args: [target, callback],
  });
}

/** Makes the token call back into the escrow with `functionName(args)`. */
function armEscrow(functionName: string, args: readonly unknown[]): Promise<void> {
  return arm(f.escrow, encodeFunctionData({ abi: VisaFeeEscrow.abi, functionName, args } as never));
}

/** Pays an application in the malicious token (before arming it). */
async function payInToken(): Promise<Quote> {
  return (await payQuote(f, payer(), { token })).quote;
}

async function expectOpen(quote: Quote): Promise<void> {
  expect(await escrowReader(f).read.escrowStatus([quote.applicationId])).toBe(Status.Open);
}

it("control: a call-back that does not enter the escrow lets the transfer through", async () => {
  const quote = await payInToken();
  // The token approves someone on USDC in the middle of the release: visible proof the call-back ran.
  await arm(
    f.tokens.USDC,
    encodeFunctionData({ abi: FiatTokenV2_2.abi, functionName: "approve", args: [f.accounts.stranger.address, 7n] }),
  );
  await f.call(settler(), "releaseEscrowByAuthority", [toEscrowRecord(quote)]);
  expect(
    await f.chain.publicClient.readContract({
      address: f.tokens.USDC,
      abi: FiatTokenV2_2.abi,
      functionName: "allowance",
      args: [token, f.accounts.stranger.address],
    }),
  ).toBe(7n);
  expect(await holdings(f, token, { payer: payer().address, payout: authority().payout.address })).toEqual({
    payer: FUNDING - 40_040_000n,
    escrow: 40_000n,
    payout: 40_000_000n,
    fees: 40_000n,
  });
});

describe("single applications", () => {
  it("pay: fails when the token re-enters pay", async () => {
    const quote = await f.makeQuote({ payer: payer().address, token });
    const inner = await f.makeQuote({ payer: payer().address, token });
    await armEscrow("pay", [inner, await f.signQuote(inner)]);
    await expectRevert(f.call(payer(), "pay", [quote, await f.signQuote(quote)]), "ReentrancyGuardReentrantCall", []);
    expect(await escrowReader(f).read.escrowStatus([quote.applicationId])).toBe(Status.None);
    expect(await f.balanceOf(token, f.escrow)).toBe(0n);
  });

  it("payWithPermit: fails when the token re-enters claimExpired", async () => {
    const open = await payInToken();
    await passTime(f, open.decisionDeadline);
    const quote = await f.makeQuote({ payer: payer().address, token });
    await f.approve(token, payer(), quote.amount);
    await armEscrow("claimExpired", [toEscrowRecord(open)]);
    await expectRevert(
      f.call(payer(), "payWithPermit", [quote, await f.signQuote(quote), quote.expiresAt, 27, zeroHash, zeroHash]),
      "ReentrancyGuardReentrantCall",
      [],
    );
    await expectOpen(open);
  });

  it("release: fails when the token re-enters refund", async () => {
    const quote = await payInToken();
    await armEscrow("refundPaymentFee", [toEscrowRecord(quote)]);
    await expectRevert(
      f.call(settler(), "releaseEscrowByAuthority", [toEscrowRecord(quote)]),
      "ReentrancyGuardReentrantCall",
      [],
    );
    await expectOpen(quote);
    expect(await f.balanceOf(token, f.escrow)).toBe(quote.amount);
  });

  it("refund: fails when the token re-enters claimExpired", async () => {
    const quote = await payInToken();
    await passTime(f, quote.decisionDeadline);
    await armEscrow("claimExpired", [toEscrowRecord(quote)]);
    await expectRevert(
      f.call(settler(), "refundPaymentFee", [toEscrowRecord(quote)]),
      "ReentrancyGuardReentrantCall",
      [],
    );
    await expectOpen(quote);
  });

  it("claimExpired: fails when the token re-enters claimExpired", async () => {
    const quote = await payInToken();
    const other = await payInToken();
    await passTime(f, quote.decisionDeadline);
    await armEscrow("claimExpired", [toEscrowRecord(other)]);
    await expectRevert(f.call(payer(), "claimExpired", [toEscrowRecord(quote)]), "ReentrancyGuardReentrantCall", []);
    await expectOpen(quote);
    await expectOpen(other);
  });

  it("releaseMany: fails when the token re-enters release", async () => {
    const quotes = [await payInToken(), await payInToken()];
    await armEscrow("releaseEscrowByAuthority", [toEscrowRecord(quotes[0]!)]);
    await expectRevert(
      f.call(settler(), "releaseEscrowMany", [authority().id, token, quotes.map(toSettlement)]),
      "ReentrancyGuardReentrantCall",
      [],
    );
    for (const q of quotes) await expectOpen(q);
  });

  it("withdrawFees: fails when the token re-enters withdrawFees", async () => {
    const quote = await payInToken();
    await f.call(settler(), "releaseEscrowByAuthority", [toEscrowRecord(quote)]);
    await armEscrow("withdrawFees", [token]);
    await expectRevert(f.call(f.accounts.treasury, "withdrawFees", [token]), "ReentrancyGuardReentrantCall", []);
    expect(await escrowReader(f).read.feesAccrued([token])).toBe(quote.platformFee);
  });
});

describe("batches", () => {
  it("payBatch: fails when the token re-enters payBatch", async () => {
    const quote = await makeBatchQuote(f, { payer: payer().address, token });
    const inner = await makeBatchQuote(f, { payer: payer().address, token });
    expect(batchTotal(quote)).toBe(52_399_022n);
    await armEscrow("payBatch", [inner, await f.signBatchQuote(inner)]);
    await expectRevert(
      f.call(payer(), "payBatch", [quote, await f.signBatchQuote(quote)]),
      "ReentrancyGuardReentrantCall",
      [],
    );
    expect(await escrowReader(f).read.batchCommitment([quote.batchId])).toBe(zeroHash);
  });

  it("releaseBatch, refundBatch and claimExpiredBatch: fail when the token re-enters a batch settlement", async () => {
    const { quote, record } = await payBatchQuote(f, payer(), { token });
    await armEscrow("refundBatch", [record, [1n]]);
    await expectRevert(f.call(settler(), "releaseBatch", [record, [0n]]), "ReentrancyGuardReentrantCall", []);
    await armEscrow("releaseBatch", [record, [1n]]);
    await expectRevert(f.call(settler(), "refundBatch", [record, [0n]]), "ReentrancyGuardReentrantCall", []);
    await passTime(f, quote.decisionDeadline);
    await armEscrow("claimExpiredBatch", [record, [1n]]);
    await expectRevert(f.call(payer(), "claimExpiredBatch", [record, [0n]]), "ReentrancyGuardReentrantCall", []);
    const escrow = escrowReader(f);
    for (const [i, fee] of quote.fees.entries()) {
      expect(await escrow.read.batchItem([quote.batchId, BigInt(i)])).toEqual([Status.Open, fee]);
    }
    expect(await f.balanceOf(token, f.escrow)).toBe(52_399_022n);
  });
});
