import { type Hex, zeroHash } from "viem";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { toEscrowRecord } from "../encodeSettlementCall.ts";
import { createEscrowFixture, type EscrowFixture, expectRevert, type Quote } from "../testing/index.ts";
import {
  atNextBlock,
  escrowEvents,
  escrowReader,
  FUNDING,
  holdings,
  passTime,
  payQuote,
  Status,
  toSettlement,
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

async function statusOf(quote: Quote): Promise<number> {
  return escrowReader(f).read.escrowStatus([quote.applicationId]);
}

/** Asserts that `quote` is still open with its whole amount in escrow. */
async function expectStillOpen(quote: Quote): Promise<void> {
  expect(await statusOf(quote)).toBe(Status.Open);
  expect(await escrowReader(f).read.escrowDigest([quote.applicationId])).toBe(await f.quoteDigest(quote));
  expect(await holdings(f, quote.token, { payer: quote.payer, payout: authority().payout.address })).toEqual({
    payer: FUNDING - quote.amount,
    escrow: quote.amount,
    payout: 0n,
    fees: 0n,
  });
}

describe.each(["USDC", "USDT"] as const)("settlement in %s", (symbol) => {
  it("release: pays the authority and accrues the platform fee", async () => {
    const { quote } = await payQuote(f, payer(), { token: f.tokens[symbol] });
    const receipt = await f.call(settler(), "releaseEscrowByAuthority", [toEscrowRecord(quote)]);
    expect(await holdings(f, quote.token, { payer: payer().address, payout: authority().payout.address })).toEqual({
      payer: FUNDING - 40_040_000n,
      escrow: 40_000n,
      payout: 40_000_000n,
      fees: 40_000n,
    });
    expect(escrowEvents(f, receipt)).toEqual([
      {
        eventName: "EscrowReleased",
        args: { applicationId: quote.applicationId },
      },
    ]);
    expect(await statusOf(quote)).toBe(Status.Released);
    expect(await escrowReader(f).read.escrowDigest([quote.applicationId])).toBe(zeroHash);
  });

  it("refund: returns the full amount to the payer", async () => {
    const { quote } = await payQuote(f, payer(), { token: f.tokens[symbol] });
    const receipt = await f.call(settler(), "refundPaymentFee", [toEscrowRecord(quote)]);
    expect(await holdings(f, quote.token, { payer: payer().address, payout: authority().payout.address })).toEqual({
      payer: FUNDING,
      escrow: 0n,
      payout: 0n,
      fees: 0n,
    });
    expect(escrowEvents(f, receipt)).toEqual([
      {
        eventName: "EscrowRefunded",
        args: { applicationId: quote.applicationId },
      },
    ]);
    expect(await statusOf(quote)).toBe(Status.Refunded);
    expect(await escrowReader(f).read.escrowDigest([quote.applicationId])).toBe(zeroHash);
  });

  it("claimExpired: anyone returns the full amount to the payer once the decision deadline passed", async () => {
    const { quote } = await payQuote(f, payer(), { token: f.tokens[symbol] });
    await passTime(f, quote.decisionDeadline);
    const receipt = await f.call(f.accounts.relayer, "claimExpired", [toEscrowRecord(quote)]);
    expect(await holdings(f, quote.token, { payer: payer().address, payout: authority().payout.address })).toEqual({
      payer: FUNDING,
      escrow: 0n,
      payout: 0n,
      fees: 0n,
    });
    expect(await f.balanceOf(quote.token, f.accounts.relayer.address)).toBe(0n);
    expect(escrowEvents(f, receipt)).toEqual([
      {
        eventName: "EscrowClaimed",
        args: { applicationId: quote.applicationId },
      },
    ]);
    expect(await statusOf(quote)).toBe(Status.Claimed);
  });

  it("releaseMany: releases applications of several payers with one transfer", async () => {
    const token = f.tokens[symbol];
    const [a, b] = f.accounts.payers;
    const quotes = [
      (await payQuote(f, a!, { token })).quote,
      (await payQuote(f, b!, { token, amount: 1_001_000n })).quote,
      (await payQuote(f, a!, { token, amount: 20_020_000n })).quote,
    ];
    const receipt = await f.call(settler(), "releaseEscrowMany", [authority().id, token, quotes.map(toSettlement)]);
    expect(await f.balanceOf(token, authority().payout.address)).toBe(40_000_000n + 1_000_000n + 20_000_000n);
    expect(await f.balanceOf(token, f.escrow)).toBe(40_000n + 1_000n + 20_000n);
    expect(await escrowReader(f).read.feesAccrued([token])).toBe(61_000n);
    expect(await f.balanceOf(token, a!.address)).toBe(FUNDING - 40_040_000n - 20_020_000n);
    expect(await f.balanceOf(token, b!.address)).toBe(FUNDING - 1_001_000n);
    expect(escrowEvents(f, receipt)).toEqual(
      quotes.map((q) => ({
        eventName: "EscrowReleased",
        args: { applicationId: q.applicationId },
      })),
    );
    for (const q of quotes) expect(await statusOf(q)).toBe(Status.Released);
    // One Transfer of the token (to the payout address) in the whole call.
    expect(receipt.logs.filter((log) => log.address.toLowerCase() === token.toLowerCase())).toHaveLength(1);
  });
});

describe("release", () => {
  it("release: fails when a stranger settles", async () => {
    const { quote } = await payQuote(f, payer());
    const { stranger } = f.accounts;
    await expectRevert(
      f.call(stranger, "releaseEscrowByAuthority", [toEscrowRecord(quote)]),
      "EscrowUnauthorizedSettler",
      [authority().id, stranger.address],
    );
    await expectStillOpen(quote);
  });

  it("release: fails when the settler of another authority settles", async () => {
    const { quote } = await payQuote(f, payer());
    const other = f.authorities[1]!.settler;
    await expectRevert(
      f.call(other, "releaseEscrowByAuthority", [toEscrowRecord(quote)]),
      "EscrowUnauthorizedSettler",
      [authority().id, other.address],
    );
    await expectStillOpen(quote);
  });

  it("release: fails when the admin settles", async () => {
    const { quote } = await payQuote(f, payer());
    const { deployer } = f.accounts;
    await expectRevert(
      f.call(deployer, "releaseEscrowByAuthority", [toEscrowRecord(quote)]),
      "EscrowUnauthorizedSettler",
      [authority().id, deployer.address],
    );
    await expectStillOpen(quote);
  });

  it("release: fails when released twice", async () => {
    const { quote } = await payQuote(f, payer());
    await f.call(settler(), "releaseEscrowByAuthority", [toEscrowRecord(quote)]);
    await expectRevert(f.call(settler(), "releaseEscrowByAuthority", [toEscrowRecord(quote)]), "EscrowNotOpen", [
      quote.applicationId,
    ]);
    expect(await f.balanceOf(quote.token, authority().payout.address)).toBe(40_000_000n);
    expect(await escrowReader(f).read.feesAccrued([quote.token])).toBe(40_000n);
  });

  it("release: fails after a refund", async () => {
    const { quote } = await payQuote(f, payer());
    await f.call(settler(), "refundPaymentFee", [toEscrowRecord(quote)]);
    await expectRevert(f.call(settler(), "releaseEscrowByAuthority", [toEscrowRecord(quote)]), "EscrowNotOpen", [
      quote.applicationId,
    ]);
    expect(await f.balanceOf(quote.token, authority().payout.address)).toBe(0n);
  });

  it("release: fails for an application that was never paid", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    await expectRevert(f.call(settler(), "releaseEscrowByAuthority", [toEscrowRecord(quote)]), "EscrowNotOpen", [
      quote.applicationId,
    ]);
  });

  it("release: fails when any field of the record differs from the quote that paid", async () => {
    const { quote } = await payQuote(f, payer());
    const changes: Partial<Quote>[] = [
      { token: f.tokens.USDT },
      { payer: f.accounts.stranger.address },
      { amount: quote.amount + 1n },
      { platformFee: 0n },
      { decisionDeadline: quote.decisionDeadline + 1n },
      { expiresAt: quote.expiresAt + 1n },
    ];
    for (const change of changes) {
      await expectRevert(
        f.call(settler(), "releaseEscrowByAuthority", [toEscrowRecord({ ...quote, ...change })]),
        "EscrowNotOpen",
        [quote.applicationId],
      );
    }
    const otherId = f.newId();
    await expectRevert(
      f.call(settler(), "releaseEscrowByAuthority", [toEscrowRecord({ ...quote, applicationId: otherId })]),
      "EscrowNotOpen",
      [otherId],
    );
    await expectStillOpen(quote);
  });

  it("release: fails when another authority's settler claims the application for their authority", async () => {
    const { quote } = await payQuote(f, payer());
    const other = f.authorities[1]!;
    await expectRevert(
      f.call(other.settler, "releaseEscrowByAuthority", [toEscrowRecord({ ...quote, authorityId: other.id })]),
      "EscrowNotOpen",
      [quote.applicationId],
    );
    expect(await f.balanceOf(quote.token, other.payout.address)).toBe(0n);
    await expectStillOpen(quote);
  });

  it("release: succeeds in the very second of the decision deadline", async () => {
    const { quote } = await payQuote(f, payer());
    await atNextBlock(f, quote.decisionDeadline);
    await f.call(settler(), "releaseEscrowByAuthority", [toEscrowRecord(quote)]);
    expect(await statusOf(quote)).toBe(Status.Released);
    expect(await f.balanceOf(quote.token, authority().payout.address)).toBe(40_000_000n);
  });

  it("release: fails after the decision deadline", async () => {
    const { quote } = await payQuote(f, payer());
    await atNextBlock(f, quote.decisionDeadline + 1n);
    await expectRevert(f.call(settler(), "releaseEscrowByAuthority", [toEscrowRecord(quote)]), "EscrowDeadlinePassed", [
      quote.applicationId,
      quote.decisionDeadline,
    ]);
    await expectStillOpen(quote);
  });

  it("release: fails for a deactivated authority, and works again once it is reactivated", async () => {
    const { quote } = await payQuote(f, payer());
    const { id, payout } = authority();
    await f.call(f.accounts.deployer, "setAuthority", [id, payout.address, settler().address, false]);
    await expectRevert(
      f.call(settler(), "releaseEscrowByAuthority", [toEscrowRecord(quote)]),
      "EscrowAuthorityInactive",
      [id],
    );
    await expectStillOpen(quote);
    await f.call(f.accounts.deployer, "setAuthority", [id, payout.address, settler().address, true]);
    await f.call(settler(), "releaseEscrowByAuthority", [toEscrowRecord(quote)]);
    expect(await f.balanceOf(quote.token, payout.address)).toBe(40_000_000n);
  });

  it("release: pays the authority's payout address of the time of release", async () => {
    const { quote } = await payQuote(f, payer());
    const { id, payout } = authority();
    const newPayout = f.accounts.payers[27]!;
    await f.call(f.accounts.deployer, "setAuthority", [id, newPayout.address, settler().address, true]);
    await f.call(settler(), "releaseEscrowByAuthority", [toEscrowRecord(quote)]);
    expect(await f.balanceOf(quote.token, newPayout.address)).toBe(FUNDING + 40_000_000n);
    expect(await f.balanceOf(quote.token, payout.address)).toBe(0n);
  });

  it("release: fails for the old settler once the authority rotated its settler key", async () => {
    const { quote } = await payQuote(f, payer());
    const { id, payout } = authority();
    const newSettler = f.accounts.relayer;
    await f.call(f.accounts.deployer, "setAuthority", [id, payout.address, newSettler.address, true]);
    await expectRevert(
      f.call(settler(), "releaseEscrowByAuthority", [toEscrowRecord(quote)]),
      "EscrowUnauthorizedSettler",
      [id, settler().address],
    );
    await f.call(newSettler, "releaseEscrowByAuthority", [toEscrowRecord(quote)]);
    expect(await statusOf(quote)).toBe(Status.Released);
  });
});

describe("refund", () => {
  it("refund: fails when a stranger or the payer settles", async () => {
    const { quote } = await payQuote(f, payer());
    for (const caller of [f.accounts.stranger, payer()]) {
      await expectRevert(f.call(caller, "refundPaymentFee", [toEscrowRecord(quote)]), "EscrowUnauthorizedSettler", [
        authority().id,
        caller.address,
      ]);
    }
    await expectStillOpen(quote);
  });

  it("refund: fails when refunded twice", async () => {
    const { quote } = await payQuote(f, payer());
    await f.call(settler(), "refundPaymentFee", [toEscrowRecord(quote)]);
    await expectRevert(f.call(settler(), "refundPaymentFee", [toEscrowRecord(quote)]), "EscrowNotOpen", [
      quote.applicationId,
    ]);
    expect(await f.balanceOf(quote.token, payer().address)).toBe(FUNDING);
  });

  it("refund: fails after a release", async () => {
    const { quote } = await payQuote(f, payer());
    await f.call(settler(), "releaseEscrowByAuthority", [toEscrowRecord(quote)]);
    await expectRevert(f.call(settler(), "refundPaymentFee", [toEscrowRecord(quote)]), "EscrowNotOpen", [
      quote.applicationId,
    ]);
  });

  it("refund: fails when the record names another payer (funds can only go back to the real payer)", async () => {
    const { quote } = await payQuote(f, payer());
    await expectRevert(
      f.call(settler(), "refundPaymentFee", [toEscrowRecord({ ...quote, payer: settler().address })]),
      "EscrowNotOpen",
      [quote.applicationId],
    );
    await expectStillOpen(quote);
  });

  it("refund and claimExpired: settle nothing from a record whose spare bits are set (one encoding per quote)", async () => {
    const { quote } = await payQuote(f, payer());
    const record = toEscrowRecord(quote);
    const spare = 1n << 224n;
    for (const tampered of [
      { ...record, tokenAndDecisionDeadline: record.tokenAndDecisionDeadline | spare },
      { ...record, payerAndExpiresAt: record.payerAndExpiresAt | (spare << 31n) },
    ]) {
      await expectRevert(f.call(settler(), "refundPaymentFee", [tampered]), "EscrowNotOpen", [quote.applicationId]);
    }
    await passTime(f, quote.decisionDeadline);
    await expectRevert(
      f.call(f.accounts.relayer, "claimExpired", [{ ...record, payerAndExpiresAt: record.payerAndExpiresAt | spare }]),
      "EscrowNotOpen",
      [quote.applicationId],
    );
    await expectStillOpen(quote);
  });

  it("refund: is still allowed for a deactivated authority", async () => {
    const { quote } = await payQuote(f, payer());
    const { id, payout } = authority();
    await f.call(f.accounts.deployer, "setAuthority", [id, payout.address, settler().address, false]);
    const receipt = await f.call(settler(), "refundPaymentFee", [toEscrowRecord(quote)]);
    expect(escrowEvents(f, receipt)).toEqual([
      {
        eventName: "EscrowRefunded",
        args: { applicationId: quote.applicationId },
      },
    ]);
    expect(await f.balanceOf(quote.token, payer().address)).toBe(FUNDING);
    expect(await f.balanceOf(quote.token, f.escrow)).toBe(0n);
  });

  it("refund: is still allowed after the decision deadline", async () => {
    const { quote } = await payQuote(f, payer());
    await passTime(f, quote.decisionDeadline);
    await f.call(settler(), "refundPaymentFee", [toEscrowRecord(quote)]);
    expect(await statusOf(quote)).toBe(Status.Refunded);
    expect(await f.balanceOf(quote.token, payer().address)).toBe(FUNDING);
  });
});

describe("claimExpired", () => {
  it("claimExpired: fails before the decision deadline", async () => {
    const { quote } = await payQuote(f, payer());
    await expectRevert(f.call(payer(), "claimExpired", [toEscrowRecord(quote)]), "EscrowDeadlineNotPassed", [
      quote.applicationId,
      quote.decisionDeadline,
    ]);
    await expectStillOpen(quote);
  });

  it("claimExpired: fails in the very second of the decision deadline", async () => {
    const { quote } = await payQuote(f, payer());
    await atNextBlock(f, quote.decisionDeadline);
    await expectRevert(f.call(payer(), "claimExpired", [toEscrowRecord(quote)]), "EscrowDeadlineNotPassed", [
      quote.applicationId,
      quote.decisionDeadline,
    ]);
    await expectStillOpen(quote);
  });

  it("claimExpired: succeeds one second after the decision deadline", async () => {
    const { quote } = await payQuote(f, payer());
    await atNextBlock(f, quote.decisionDeadline + 1n);
    await f.call(payer(), "claimExpired", [toEscrowRecord(quote)]);
    expect(await statusOf(quote)).toBe(Status.Claimed);
    expect(await f.balanceOf(quote.token, payer().address)).toBe(FUNDING);
  });

  it("claimExpired: fails after a release, and when claimed twice", async () => {
    const released = (await payQuote(f, payer())).quote;
    const claimed = (await payQuote(f, payer())).quote;
    await f.call(settler(), "releaseEscrowByAuthority", [toEscrowRecord(released)]);
    await passTime(f, claimed.decisionDeadline);
    await f.call(f.accounts.relayer, "claimExpired", [toEscrowRecord(claimed)]);
    await expectRevert(f.call(f.accounts.relayer, "claimExpired", [toEscrowRecord(released)]), "EscrowNotOpen", [
      released.applicationId,
    ]);
    await expectRevert(f.call(f.accounts.relayer, "claimExpired", [toEscrowRecord(claimed)]), "EscrowNotOpen", [
      claimed.applicationId,
    ]);
    expect(await f.balanceOf(claimed.token, payer().address)).toBe(FUNDING - released.amount);
    expect(await f.balanceOf(claimed.token, f.escrow)).toBe(released.platformFee);
  });

  it("claimExpired: fails when the record names another payer", async () => {
    const { quote } = await payQuote(f, payer());
    await passTime(f, quote.decisionDeadline);
    const { stranger } = f.accounts;
    await expectRevert(
      f.call(stranger, "claimExpired", [toEscrowRecord({ ...quote, payer: stranger.address })]),
      "EscrowNotOpen",
      [quote.applicationId],
    );
    await expectStillOpen(quote);
  });

  it("claimExpired: is still allowed for a deactivated authority", async () => {
    const { quote } = await payQuote(f, payer());
    const { id, payout } = authority();
    await f.call(f.accounts.deployer, "setAuthority", [id, payout.address, settler().address, false]);
    await passTime(f, quote.decisionDeadline);
    await f.call(f.accounts.stranger, "claimExpired", [toEscrowRecord(quote)]);
    expect(await f.balanceOf(quote.token, payer().address)).toBe(FUNDING);
  });
});

describe("releaseMany", () => {
  async function payThree(): Promise<Quote[]> {
    const [a, b] = f.accounts.payers;
    return [
      (await payQuote(f, a!)).quote,
      (await payQuote(f, b!, { amount: 1_001_000n })).quote,
      (await payQuote(f, a!, { amount: 20_020_000n })).quote,
    ];
  }

  /** Asserts that none of `quotes` moved: all open, the escrow holds them all, nothing paid out. */
  async function expectNothingMoved(quotes: Quote[], extra = 0n): Promise<void> {
    for (const q of quotes) expect(await statusOf(q)).toBe(Status.Open);
    const sum = quotes.reduce((s, q) => s + q.amount, 0n);
    expect(await f.balanceOf(f.tokens.USDC, f.escrow)).toBe(sum + extra);
    expect(await f.balanceOf(f.tokens.USDC, authority().payout.address)).toBe(0n);
    expect(await escrowReader(f).read.feesAccrued([f.tokens.USDC])).toBe(0n);
  }

  it("releaseMany: fails as a whole when one application belongs to another authority", async () => {
    const quotes = await payThree();
    const foreign = (await payQuote(f, payer(), { authorityId: f.authorities[1]!.id })).quote;
    const list = [quotes[0]!, foreign, quotes[1]!, quotes[2]!].map(toSettlement);
    await expectRevert(f.call(settler(), "releaseEscrowMany", [authority().id, f.tokens.USDC, list]), "EscrowNotOpen", [
      foreign.applicationId,
    ]);
    await expectNothingMoved([...quotes, foreign]);
  });

  it("releaseMany: fails as a whole when one application was paid in another token", async () => {
    const quotes = await payThree();
    const usdt = (await payQuote(f, payer(), { token: f.tokens.USDT })).quote;
    const list = [...quotes, usdt].map(toSettlement);
    await expectRevert(f.call(settler(), "releaseEscrowMany", [authority().id, f.tokens.USDC, list]), "EscrowNotOpen", [
      usdt.applicationId,
    ]);
    await expectNothingMoved(quotes);
    expect(await statusOf(usdt)).toBe(Status.Open);
  });

  it("releaseMany: fails as a whole when one application is listed twice", async () => {
    const quotes = await payThree();
    const list = [...quotes, quotes[1]!].map(toSettlement);
    await expectRevert(f.call(settler(), "releaseEscrowMany", [authority().id, f.tokens.USDC, list]), "EscrowNotOpen", [
      quotes[1]!.applicationId,
    ]);
    await expectNothingMoved(quotes);
  });

  it("releaseMany: fails as a whole when one application was already refunded", async () => {
    const quotes = await payThree();
    await f.call(settler(), "refundPaymentFee", [toEscrowRecord(quotes[2]!)]);
    await expectRevert(
      f.call(settler(), "releaseEscrowMany", [authority().id, f.tokens.USDC, quotes.map(toSettlement)]),
      "EscrowNotOpen",
      [quotes[2]!.applicationId],
    );
    await expectNothingMoved(quotes.slice(0, 2));
  });

  it("releaseMany: fails as a whole when one application's decision deadline passed", async () => {
    const quotes = await payThree();
    const t = await f.now();
    const early = (await payQuote(f, payer(), { decisionDeadline: t + 1_000n })).quote;
    await passTime(f, early.decisionDeadline);
    await expectRevert(
      f.call(settler(), "releaseEscrowMany", [authority().id, f.tokens.USDC, [...quotes, early].map(toSettlement)]),
      "EscrowDeadlinePassed",
      [early.applicationId, early.decisionDeadline],
    );
    await expectNothingMoved([...quotes, early]);
  });

  it("releaseMany: fails for an empty list", async () => {
    await expectRevert(
      f.call(settler(), "releaseEscrowMany", [authority().id, f.tokens.USDC, []]),
      "EscrowEmptyBatch",
      [],
    );
  });

  it("releaseMany: fails when a stranger settles", async () => {
    const quotes = await payThree();
    const { stranger } = f.accounts;
    await expectRevert(
      f.call(stranger, "releaseEscrowMany", [authority().id, f.tokens.USDC, quotes.map(toSettlement)]),
      "EscrowUnauthorizedSettler",
      [authority().id, stranger.address],
    );
    await expectNothingMoved(quotes);
  });

  it("releaseMany: fails for a deactivated authority", async () => {
    const quotes = await payThree();
    const { id, payout } = authority();
    await f.call(f.accounts.deployer, "setAuthority", [id, payout.address, settler().address, false]);
    await expectRevert(
      f.call(settler(), "releaseEscrowMany", [id, f.tokens.USDC, quotes.map(toSettlement)]),
      "EscrowAuthorityInactive",
      [id],
    );
    await expectNothingMoved(quotes);
  });
});

describe("settlement is never paused", () => {
  it("release, refund, releaseMany and claimExpired all work while new payments are paused", async () => {
    const quotes: Quote[] = [];
    for (let i = 0; i < 5; i += 1) quotes.push((await payQuote(f, payer())).quote);
    await f.call(f.accounts.guardian, "setPaused", [true]);
    expect(await escrowReader(f).read.paused()).toBe(true);

    await f.call(settler(), "releaseEscrowByAuthority", [toEscrowRecord(quotes[0]!)]);
    await f.call(settler(), "refundPaymentFee", [toEscrowRecord(quotes[1]!)]);
    await f.call(settler(), "releaseEscrowMany", [
      authority().id,
      f.tokens.USDC,
      [quotes[2]!, quotes[3]!].map(toSettlement),
    ]);
    await passTime(f, quotes[4]!.decisionDeadline);
    await f.call(f.accounts.relayer, "claimExpired", [toEscrowRecord(quotes[4]!)]);

    expect(await Promise.all(quotes.map(statusOf))).toEqual([
      Status.Released,
      Status.Refunded,
      Status.Released,
      Status.Released,
      Status.Claimed,
    ]);
    expect(await holdings(f, f.tokens.USDC, { payer: payer().address, payout: authority().payout.address })).toEqual({
      payer: FUNDING - 3n * 40_040_000n,
      escrow: 3n * 40_000n,
      payout: 3n * 40_000_000n,
      fees: 3n * 40_000n,
    });
  });
});

describe("settlement after a token leaves the allow-list", () => {
  it("release and refund still settle escrows open in a removed token", async () => {
    const released = (await payQuote(f, payer())).quote;
    const refunded = (await payQuote(f, payer())).quote;
    await f.call(f.accounts.deployer, "setTokenAllowed", [f.tokens.USDC, false]);
    await f.call(settler(), "releaseEscrowByAuthority", [toEscrowRecord(released)]);
    await f.call(settler(), "refundPaymentFee", [toEscrowRecord(refunded)]);
    expect(await holdings(f, f.tokens.USDC, { payer: payer().address, payout: authority().payout.address })).toEqual({
      payer: FUNDING - released.amount,
      escrow: released.platformFee,
      payout: released.amount - released.platformFee,
      fees: released.platformFee,
    });
  });
});
