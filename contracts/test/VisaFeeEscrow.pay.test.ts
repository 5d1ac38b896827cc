import {
  type Hex,
  hashTypedData,
  keccak256,
  maxUint128,
  parseSignature,
  recoverTypedDataAddress,
  type TransactionReceipt,
  toHex,
  zeroHash,
} from "viem";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { authorityId } from "../deploy.ts";
import { FeeOnTransferToken } from "../generated/FeeOnTransferToken.ts";
import { FiatTokenV2_2 } from "../generated/FiatTokenV2_2.ts";
import { createEscrowFixture, type EscrowFixture, expectRevert, type Quote } from "../testing/index.ts";
import { cancelAuthorizationTypes, quoteTypes, receiveWithAuthorizationTypes, usdcDomain } from "../typedData.ts";
import {
  atNextBlock,
  batchTotal,
  deploy,
  escrowEvents,
  escrowReader,
  expectEmptyRevert,
  FUNDING,
  holdings,
  makeBatchQuote,
  passTime,
  payQuote,
  recoverQuoteSigner,
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
/** A permit that no token accepts: for USDT, which has no permit at all. */
const noPermit = { v: 27, r: zeroHash, s: zeroHash } as const;

function allowance(token: Hex, owner: Hex): Promise<bigint> {
  return f.chain.publicClient.readContract({
    address: token,
    abi: FiatTokenV2_2.abi,
    functionName: "allowance",
    args: [owner, f.escrow],
  });
}

/** Asserts the state of a freshly paid quote: balances, the digest on record and the event. */
async function expectPaid(quote: Quote, receipt: TransactionReceipt): Promise<void> {
  expect(await holdings(f, quote.token, { payer: quote.payer, payout: authority().payout.address })).toEqual({
    payer: FUNDING - quote.amount,
    escrow: quote.amount,
    payout: 0n,
    fees: 0n,
  });
  expect(escrowEvents(f, receipt)).toEqual([{ eventName: "EscrowPaid", args: quote }]);
  const escrow = escrowReader(f);
  expect(await escrow.read.escrowStatus([quote.applicationId])).toBe(Status.Open);
  expect(await escrow.read.escrowDigest([quote.applicationId])).toBe(
    hashTypedData({ domain: f.domain, types: quoteTypes, primaryType: "Quote", message: quote }),
  );
}

/** Asserts that nothing of `quote` reached the escrow. */
async function expectUnpaid(quote: Quote): Promise<void> {
  expect(await holdings(f, quote.token, { payer: quote.payer, payout: authority().payout.address })).toEqual({
    payer: FUNDING,
    escrow: 0n,
    payout: 0n,
    fees: 0n,
  });
  expect(await escrowReader(f).read.escrowStatus([quote.applicationId])).toBe(Status.None);
}

describe("views", () => {
  it("quoteDigest: equals the EIP-712 hash of the quote under the escrow's domain", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    expect(await escrowReader(f).read.quoteDigest([quote])).toBe(
      hashTypedData({ domain: f.domain, types: quoteTypes, primaryType: "Quote", message: quote }),
    );
    expect(f.domain).toEqual({
      name: "Entrada VisaFeeEscrow",
      version: "1",
      chainId: 31337,
      verifyingContract: f.escrow,
    });
  });

  it("eip712Domain: publishes the domain that quotes are signed under", async () => {
    expect(await escrowReader(f).read.eip712Domain()).toEqual([
      "0x0f",
      "Entrada VisaFeeEscrow",
      "1",
      31337n,
      f.escrow,
      zeroHash,
      [],
    ]);
  });

  it("escrowStatus and escrowDigest: report nothing for an unknown application", async () => {
    const escrow = escrowReader(f);
    const id = f.newId();
    expect(await escrow.read.escrowStatus([id])).toBe(Status.None);
    expect(await escrow.read.escrowDigest([id])).toBe(zeroHash);
  });
});

describe.each(["USDC", "USDT"] as const)("pay in %s", (symbol) => {
  /** The token's own error for a missing allowance: Circle's USDC reverts with a reason string. */
  const allowanceError = (quote: Quote): [string, readonly unknown[]] =>
    symbol === "USDC"
      ? ["Error", ["ERC20: transfer amount exceeds allowance"]]
      : ["UsdtInsufficientAllowance", [f.escrow, 0n, quote.amount]];

  it("pay: moves the amount into escrow, records the quote's digest and emits every field", async () => {
    const quote = await f.makeQuote({ payer: payer().address, token: f.tokens[symbol] });
    expect([quote.amount, quote.platformFee]).toEqual([40_040_000n, 40_000n]);
    await f.approve(quote.token, payer(), quote.amount);
    const receipt = await f.call(payer(), "pay", [quote, await f.signQuote(quote)]);
    await expectPaid(quote, receipt);
    expect(await allowance(quote.token, payer().address)).toBe(0n);
  });

  it("pay: pays two quotes in a row, re-approving in between", async () => {
    const first = await payQuote(f, payer(), { token: f.tokens[symbol] });
    const second = await payQuote(f, payer(), { token: f.tokens[symbol], amount: 1_001_000n });
    expect(second.quote.platformFee).toBe(1_000n);
    expect(await f.balanceOf(f.tokens[symbol], payer().address)).toBe(FUNDING - 40_040_000n - 1_001_000n);
    expect(await f.balanceOf(f.tokens[symbol], f.escrow)).toBe(40_040_000n + 1_001_000n);
    expect(escrowEvents(f, second.receipt)).toEqual([{ eventName: "EscrowPaid", args: second.quote }]);
    expect(escrowEvents(f, first.receipt)).toEqual([{ eventName: "EscrowPaid", args: first.quote }]);
  });

  it("pay: fails without an allowance, with the token's own error", async () => {
    const quote = await f.makeQuote({ payer: payer().address, token: f.tokens[symbol] });
    await expectRevert(f.call(payer(), "pay", [quote, await f.signQuote(quote)]), ...allowanceError(quote));
    await expectUnpaid(quote);
  });

  it("payWithPermit: fails without a usable permit or allowance, with the token's own error", async () => {
    const quote = await f.makeQuote({ payer: payer().address, token: f.tokens[symbol] });
    // For USDC the permit is expired; USDT has no permit at all. Either way the permit call fails quietly.
    const permit =
      symbol === "USDC" ? await f.signPermit(quote.token, payer(), quote.amount, (await f.now()) - 1n) : noPermit;
    await expectRevert(
      f.call(payer(), "payWithPermit", [
        quote,
        await f.signQuote(quote),
        quote.expiresAt,
        permit.v,
        permit.r,
        permit.s,
      ]),
      ...allowanceError(quote),
    );
    await expectUnpaid(quote);
  });

  it("payWithPermit: pays when the payer already approved, whatever the permit", async () => {
    const quote = await f.makeQuote({ payer: payer().address, token: f.tokens[symbol] });
    await f.approve(quote.token, payer(), quote.amount);
    const receipt = await f.call(payer(), "payWithPermit", [
      quote,
      await f.signQuote(quote),
      quote.expiresAt,
      noPermit.v,
      noPermit.r,
      noPermit.s,
    ]);
    await expectPaid(quote, receipt);
    expect(await allowance(quote.token, payer().address)).toBe(0n);
  });
});

describe("pay: quote checks", () => {
  it("pay: accepts a quote in the last second before it expires", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    await f.approve(quote.token, payer(), quote.amount);
    const signature = await f.signQuote(quote);
    await atNextBlock(f, quote.expiresAt - 1n);
    await expectPaid(quote, await f.call(payer(), "pay", [quote, signature]));
  });

  it("pay: fails from the second the quote expires (expiresAt is exclusive)", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    await f.approve(quote.token, payer(), quote.amount);
    const signature = await f.signQuote(quote);
    await atNextBlock(f, quote.expiresAt);
    await expectRevert(f.call(payer(), "pay", [quote, signature]), "EscrowQuoteExpired", [
      quote.applicationId,
      quote.expiresAt,
    ]);
    await expectUnpaid(quote);
  });

  it("pay: fails when the same quote is paid again (replay)", async () => {
    const { quote } = await payQuote(f, payer());
    await f.approve(quote.token, payer(), quote.amount);
    await expectRevert(f.call(payer(), "pay", [quote, await f.signQuote(quote)]), "EscrowAlreadyPaid", [
      quote.applicationId,
    ]);
    expect(await f.balanceOf(quote.token, f.escrow)).toBe(quote.amount);
  });

  it("pay: fails when an application paid before is quoted again with a fresh signature", async () => {
    const { quote } = await payQuote(f, payer());
    const again = { ...quote, amount: 2_002_000n, platformFee: 2_000n };
    await f.approve(quote.token, payer(), again.amount);
    await expectRevert(f.call(payer(), "pay", [again, await f.signQuote(again)]), "EscrowAlreadyPaid", [
      quote.applicationId,
    ]);
  });

  it("pay: fails when someone other than the quote's payer submits it", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    const { stranger } = f.accounts;
    await expectRevert(f.call(stranger, "pay", [quote, await f.signQuote(quote)]), "EscrowWrongPayer", [
      quote.applicationId,
      payer().address,
      stranger.address,
    ]);
  });

  it("pay: fails when another payer rewrites the quote to name themselves", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    const signature = await f.signQuote(quote);
    const other = f.accounts.payers[1]!;
    const rewritten = { ...quote, payer: other.address };
    await f.approve(quote.token, other, quote.amount);
    const recovered = await recoverQuoteSigner(f, rewritten, signature);
    expect(recovered).not.toBe(f.accounts.quoteSigner.address);
    await expectRevert(f.call(other, "pay", [rewritten, signature]), "EscrowInvalidQuoteSigner", [recovered]);
    await expectUnpaid(rewritten);
  });

  it("pay: fails when the quote is signed by someone other than the quote signer", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    await f.approve(quote.token, payer(), quote.amount);
    await expectRevert(
      f.call(payer(), "pay", [quote, await f.signQuote(quote, f.accounts.stranger)]),
      "EscrowInvalidQuoteSigner",
      [f.accounts.stranger.address],
    );
    await expectUnpaid(quote);
  });

  it("pay: fails when the quote was signed for another chain", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    await f.approve(quote.token, payer(), quote.amount);
    const signature = await f.signQuote(quote, f.accounts.quoteSigner, { ...f.domain, chainId: 1 });
    const recovered = await recoverQuoteSigner(f, quote, signature);
    expect(recovered).not.toBe(f.accounts.quoteSigner.address);
    await expectRevert(f.call(payer(), "pay", [quote, signature]), "EscrowInvalidQuoteSigner", [recovered]);
    await expectUnpaid(quote);
  });

  it("pay: fails when the quote was signed for another escrow contract", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    await f.approve(quote.token, payer(), quote.amount);
    const signature = await f.signQuote(quote, f.accounts.quoteSigner, {
      ...f.domain,
      verifyingContract: f.tokens.USDC,
    });
    const recovered = await recoverQuoteSigner(f, quote, signature);
    expect(recovered).not.toBe(f.accounts.quoteSigner.address);
    await expectRevert(f.call(payer(), "pay", [quote, signature]), "EscrowInvalidQuoteSigner", [recovered]);
    await expectUnpaid(quote);
  });

  it("pay: fails with an s in the upper half of the curve order (no malleable twins)", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    await f.approve(quote.token, payer(), quote.amount);
    const { r } = await f.signQuote(quote);
    // In ERC-2098 form the top bit is the parity, so the largest s expressible is 2^255 - 1, above n / 2.
    const highS = toHex((1n << 255n) - 1n, { size: 32 });
    await expectRevert(f.call(payer(), "pay", [quote, { r, yParityAndS: highS }]), "ECDSAInvalidSignatureS", [highS]);
    await expectUnpaid(quote);
  });

  it("pay: fails with a signature from which no address can be recovered", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    await f.approve(quote.token, payer(), quote.amount);
    const { yParityAndS } = await f.signQuote(quote);
    await expectRevert(f.call(payer(), "pay", [quote, { r: zeroHash, yParityAndS }]), "ECDSAInvalidSignature", []);
    await expectUnpaid(quote);
  });

  it("pay: fails when a field of the quote changed after signing", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    const signature = await f.signQuote(quote);
    const cheaper = { ...quote, amount: quote.amount - 1_000_000n };
    await f.approve(quote.token, payer(), quote.amount);
    const recovered = await recoverQuoteSigner(f, cheaper, signature);
    expect(recovered).not.toBe(f.accounts.quoteSigner.address);
    await expectRevert(f.call(payer(), "pay", [cheaper, signature]), "EscrowInvalidQuoteSigner", [recovered]);
    await expectUnpaid(quote);
  });

  it("pay: fails when the amount is zero", async () => {
    const quote = await f.makeQuote({ payer: payer().address, amount: 0n, platformFee: 0n });
    await expectRevert(f.call(payer(), "pay", [quote, await f.signQuote(quote)]), "EscrowInvalidAmount", [0n, 0n]);
  });

  it("pay: fails when the platform fee equals or exceeds the amount", async () => {
    for (const platformFee of [100n, 101n]) {
      const quote = await f.makeQuote({ payer: payer().address, amount: 100n, platformFee });
      await expectRevert(f.call(payer(), "pay", [quote, await f.signQuote(quote)]), "EscrowInvalidAmount", [
        100n,
        platformFee,
      ]);
    }
  });

  it("pay: fails when the amount does not fit in 128 bits", async () => {
    const quote = await f.makeQuote({ payer: payer().address, amount: maxUint128 + 1n, platformFee: 0n });
    await f.approve(quote.token, payer());
    await expectRevert(f.call(payer(), "pay", [quote, await f.signQuote(quote)]), "EscrowInvalidAmount", [
      maxUint128 + 1n,
      0n,
    ]);
  });

  it("pay: accepts an amount of 2^128-1, which then fails only at the token for lack of balance", async () => {
    const quote = await f.makeQuote({ payer: payer().address, amount: maxUint128, platformFee: 0n });
    await f.approve(quote.token, payer());
    await expectRevert(f.call(payer(), "pay", [quote, await f.signQuote(quote)]), "Error", [
      "ERC20: transfer amount exceeds balance",
    ]);
  });

  it("pay: fails when the platform fee is above the cap on the authority's part", async () => {
    // The authority's part is 40_000_000, so the 100 bps cap is 400_000.
    const quote = await f.makeQuote({ payer: payer().address, amount: 40_400_001n, platformFee: 400_001n });
    await f.approve(quote.token, payer(), quote.amount);
    await expectRevert(f.call(payer(), "pay", [quote, await f.signQuote(quote)]), "EscrowFeeAboveCap", [
      400_001n,
      400_000n,
    ]);
  });

  it("pay: reports the cap rounded down when the authority's part is not a round number", async () => {
    // cap = 40_000_099 * 100 / 10_000 = 400_000.99, reported as 400_000.
    const quote = await f.makeQuote({ payer: payer().address, amount: 40_400_100n, platformFee: 400_001n });
    await f.approve(quote.token, payer(), quote.amount);
    await expectRevert(f.call(payer(), "pay", [quote, await f.signQuote(quote)]), "EscrowFeeAboveCap", [
      400_001n,
      400_000n,
    ]);
  });

  it("pay: accepts a platform fee exactly at the cap", async () => {
    const quote = await f.makeQuote({ payer: payer().address, amount: 40_400_000n, platformFee: 400_000n });
    await f.approve(quote.token, payer(), quote.amount);
    await expectPaid(quote, await f.call(payer(), "pay", [quote, await f.signQuote(quote)]));
  });

  it("pay: fails when the decision deadline is not after the quote's expiry", async () => {
    const base = await f.makeQuote({ payer: payer().address });
    for (const decisionDeadline of [base.expiresAt, base.expiresAt - 1n]) {
      const quote = { ...base, decisionDeadline };
      await f.approve(quote.token, payer(), quote.amount);
      await expectRevert(f.call(payer(), "pay", [quote, await f.signQuote(quote)]), "EscrowInvalidDeadline", [
        decisionDeadline,
        base.expiresAt,
      ]);
    }
  });

  it("pay: fails when the token is not on the allow-list", async () => {
    const quote = await f.makeQuote({ payer: payer().address, token: f.accounts.stranger.address });
    await expectRevert(f.call(payer(), "pay", [quote, await f.signQuote(quote)]), "EscrowTokenNotAllowed", [
      f.accounts.stranger.address,
    ]);
  });

  it("pay: fails in a token removed from the allow-list", async () => {
    await f.call(f.accounts.deployer, "setTokenAllowed", [f.tokens.USDC, false]);
    const quote = await f.makeQuote({ payer: payer().address });
    await f.approve(quote.token, payer(), quote.amount);
    await expectRevert(f.call(payer(), "pay", [quote, await f.signQuote(quote)]), "EscrowTokenNotAllowed", [
      f.tokens.USDC,
    ]);
    await expectUnpaid(quote);
  });
});

describe("payWithPermit", () => {
  it("payWithPermit: pays a USDC quote with a fresh permit and no prior allowance", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    expect(await allowance(quote.token, payer().address)).toBe(0n);
    const permit = await f.signPermit(quote.token, payer(), quote.amount, quote.expiresAt);
    const receipt = await f.call(payer(), "payWithPermit", [
      quote,
      await f.signQuote(quote),
      quote.expiresAt,
      permit.v,
      permit.r,
      permit.s,
    ]);
    await expectPaid(quote, receipt);
    expect(await allowance(quote.token, payer().address)).toBe(0n);
    expect(
      await f.chain.publicClient.readContract({
        address: quote.token,
        abi: FiatTokenV2_2.abi,
        functionName: "nonces",
        args: [payer().address],
      }),
    ).toBe(1n);
  });

  it("payWithPermit: still pays when someone front-ran the permit straight to the token", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    const permit = await f.signPermit(quote.token, payer(), quote.amount, quote.expiresAt);
    await f.send(f.accounts.stranger, {
      address: quote.token,
      abi: FiatTokenV2_2.abi,
      functionName: "permit",
      args: [payer().address, f.escrow, quote.amount, quote.expiresAt, permit.v, permit.r, permit.s],
    });
    expect(await allowance(quote.token, payer().address)).toBe(quote.amount);
    const receipt = await f.call(payer(), "payWithPermit", [
      quote,
      await f.signQuote(quote),
      quote.expiresAt,
      permit.v,
      permit.r,
      permit.s,
    ]);
    await expectPaid(quote, receipt);
    expect(await allowance(quote.token, payer().address)).toBe(0n);
  });

  it("payWithPermit: fails when the permit is for less than the amount", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    const permit = await f.signPermit(quote.token, payer(), quote.amount - 1n, quote.expiresAt);
    // The permit signs value amount - 1 but the escrow submits amount: the permit fails, no allowance.
    await expectRevert(
      f.call(payer(), "payWithPermit", [
        quote,
        await f.signQuote(quote),
        quote.expiresAt,
        permit.v,
        permit.r,
        permit.s,
      ]),
      "Error",
      ["ERC20: transfer amount exceeds allowance"],
    );
    await expectUnpaid(quote);
  });

  it("payWithPermit: fails when someone other than the quote's payer submits it", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    const permit = await f.signPermit(quote.token, payer(), quote.amount, quote.expiresAt);
    const { stranger } = f.accounts;
    await expectRevert(
      f.call(stranger, "payWithPermit", [
        quote,
        await f.signQuote(quote),
        quote.expiresAt,
        permit.v,
        permit.r,
        permit.s,
      ]),
      "EscrowWrongPayer",
      [quote.applicationId, payer().address, stranger.address],
    );
    await expectUnpaid(quote);
  });

  it("payWithPermit: fails when the quote has expired", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    const permit = await f.signPermit(quote.token, payer(), quote.amount, quote.expiresAt + 3_600n);
    const signature = await f.signQuote(quote);
    await passTime(f, quote.expiresAt);
    await expectRevert(
      f.call(payer(), "payWithPermit", [quote, signature, quote.expiresAt + 3_600n, permit.v, permit.r, permit.s]),
      "EscrowQuoteExpired",
      [quote.applicationId, quote.expiresAt],
    );
    await expectUnpaid(quote);
  });

  it("payWithPermit: fails when the quote was already paid", async () => {
    const { quote } = await payQuote(f, payer());
    const permit = await f.signPermit(quote.token, payer(), quote.amount, quote.expiresAt);
    await expectRevert(
      f.call(payer(), "payWithPermit", [
        quote,
        await f.signQuote(quote),
        quote.expiresAt,
        permit.v,
        permit.r,
        permit.s,
      ]),
      "EscrowAlreadyPaid",
      [quote.applicationId],
    );
  });

  it("payWithPermit: fails when the quote is signed by someone other than the quote signer", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    const permit = await f.signPermit(quote.token, payer(), quote.amount, quote.expiresAt);
    await expectRevert(
      f.call(payer(), "payWithPermit", [
        quote,
        await f.signQuote(quote, f.accounts.stranger),
        quote.expiresAt,
        permit.v,
        permit.r,
        permit.s,
      ]),
      "EscrowInvalidQuoteSigner",
      [f.accounts.stranger.address],
    );
  });
});

describe("payWithAuthorization", () => {
  /** The relayer submits the payer's authorization for `quote`. */
  async function relay(quote: Quote, authorization: { v: number; r: Hex; s: Hex }) {
    return f.call(f.accounts.relayer, "payWithAuthorization", [
      quote,
      await f.signQuote(quote),
      authorization.v,
      authorization.r,
      authorization.s,
    ]);
  }

  function authorizationState(token: Hex, authorizer: Hex, nonce: Hex): Promise<boolean> {
    return f.chain.publicClient.readContract({
      address: token,
      abi: FiatTokenV2_2.abi,
      functionName: "authorizationState",
      args: [authorizer, nonce],
    });
  }

  it("payWithAuthorization: a relayer pays a USDC quote with the payer's authorization", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    const digest = await f.quoteDigest(quote);
    const receipt = await relay(quote, await f.signAuthorization(quote, payer()));
    await expectPaid(quote, receipt);
    expect(await f.balanceOf(quote.token, f.accounts.relayer.address)).toBe(0n);
    expect(await authorizationState(quote.token, payer().address, digest)).toBe(true);
    expect(await allowance(quote.token, payer().address)).toBe(0n);
  });

  it("payWithAuthorization: a stranger may relay it too", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    const authorization = await f.signAuthorization(quote, payer());
    const receipt = await f.call(f.accounts.stranger, "payWithAuthorization", [
      quote,
      await f.signQuote(quote),
      authorization.v,
      authorization.r,
      authorization.s,
    ]);
    await expectPaid(quote, receipt);
  });

  it("payWithAuthorization: fails for USDT, which has no EIP-3009, and moves no funds", async () => {
    const quote = await f.makeQuote({ payer: payer().address, token: f.tokens.USDT });
    // Even with an allowance in place, the escrow never falls back to transferFrom.
    await f.approve(quote.token, payer(), quote.amount);
    await expectEmptyRevert(relay(quote, await f.signAuthorization(quote, payer())));
    await expectUnpaid(quote);
  });

  it("payWithAuthorization: fails with the token's invalid-signature error when the nonce is not the quote digest", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    const digest = await f.quoteDigest(quote);
    const authorization = await f.signAuthorization(quote, payer(), keccak256(toHex("not the quote digest")));
    // The token checks the signature against the message with the digest as nonce: it recovers someone else.
    const recovered = await recoverTypedDataAddress({
      domain: usdcDomain(f.chain.chain.id, quote.token),
      types: receiveWithAuthorizationTypes,
      primaryType: "ReceiveWithAuthorization",
      message: {
        from: payer().address,
        to: f.escrow,
        value: quote.amount,
        validAfter: 0n,
        validBefore: quote.expiresAt,
        nonce: digest,
      },
      signature: { r: authorization.r, s: authorization.s, v: BigInt(authorization.v) },
    });
    expect(recovered).not.toBe(payer().address);
    await expectRevert(relay(quote, authorization), "Error", ["FiatTokenV2: invalid signature"]);
    await expectUnpaid(quote);
  });

  it("payWithAuthorization: fails when the authorization was signed by someone other than the payer", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    const authorization = await f.signAuthorization(quote, f.accounts.stranger);
    await expectRevert(relay(quote, authorization), "Error", ["FiatTokenV2: invalid signature"]);
    await expectUnpaid(quote);
  });

  it("payWithAuthorization: fails when the same authorization is replayed (the escrow refuses first)", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    const authorization = await f.signAuthorization(quote, payer());
    await relay(quote, authorization);
    await expectRevert(relay(quote, authorization), "EscrowAlreadyPaid", [quote.applicationId]);
    expect(await f.balanceOf(quote.token, payer().address)).toBe(FUNDING - quote.amount);
    expect(await f.balanceOf(quote.token, f.escrow)).toBe(quote.amount);
  });

  it("payWithAuthorization: fails after the payer canceled the authorization", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    const digest = await f.quoteDigest(quote);
    const authorization = await f.signAuthorization(quote, payer());
    const cancel = parseSignature(
      await payer().signTypedData({
        domain: usdcDomain(f.chain.chain.id, quote.token),
        types: cancelAuthorizationTypes,
        primaryType: "CancelAuthorization",
        message: { authorizer: payer().address, nonce: digest },
      }),
    );
    await f.send(f.accounts.stranger, {
      address: quote.token,
      abi: FiatTokenV2_2.abi,
      functionName: "cancelAuthorization",
      args: [payer().address, digest, Number(cancel.v), cancel.r, cancel.s],
    });
    await expectRevert(relay(quote, authorization), "Error", ["FiatTokenV2: authorization is used or canceled"]);
    await expectUnpaid(quote);
  });

  it("payWithAuthorization: fails when the quote has expired", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    const authorization = await f.signAuthorization(quote, payer());
    await passTime(f, quote.expiresAt);
    await expectRevert(relay(quote, authorization), "EscrowQuoteExpired", [quote.applicationId, quote.expiresAt]);
  });

  it("payWithAuthorization: agrees with pay on the last payable second (expiresAt and validBefore both exclusive)", async () => {
    const late = await f.makeQuote({ payer: payer().address });
    const lateAuthorization = await f.signAuthorization(late, payer());
    const lateSignature = await f.signQuote(late);
    const id = await f.chain.snapshot();
    await atNextBlock(f, late.expiresAt - 1n);
    await f.call(f.accounts.relayer, "payWithAuthorization", [
      late,
      lateSignature,
      lateAuthorization.v,
      lateAuthorization.r,
      lateAuthorization.s,
    ]);
    await f.chain.revert(id);
    await atNextBlock(f, late.expiresAt);
    await expectRevert(
      f.call(f.accounts.relayer, "payWithAuthorization", [
        late,
        lateSignature,
        lateAuthorization.v,
        lateAuthorization.r,
        lateAuthorization.s,
      ]),
      "EscrowQuoteExpired",
      [late.applicationId, late.expiresAt],
    );
    await expectUnpaid(late);
  });

  it("payWithAuthorization: fails when the quote is signed by someone other than the quote signer", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    const authorization = await f.signAuthorization(quote, payer());
    await expectRevert(
      f.call(f.accounts.relayer, "payWithAuthorization", [
        quote,
        await f.signQuote(quote, f.accounts.stranger),
        authorization.v,
        authorization.r,
        authorization.s,
      ]),
      "EscrowInvalidQuoteSigner",
      [f.accounts.stranger.address],
    );
  });
});

describe("fee-on-transfer tokens", () => {
  async function deployFeeOnTransferToken(): Promise<Hex> {
    const token = await deploy(f, f.accounts.deployer, FeeOnTransferToken);
    await f.call(f.accounts.deployer, "setTokenAllowed", [token, true]);
    await f.send(f.accounts.deployer, {
      address: token,
      abi: FeeOnTransferToken.abi,
      functionName: "mint",
      args: [payer().address, FUNDING],
    });
    await f.send(payer(), {
      address: token,
      abi: FeeOnTransferToken.abi,
      functionName: "approve",
      args: [f.escrow, FUNDING],
    });
    return token;
  }

  it("pay: refuses a token that delivers less than the amount", async () => {
    const token = await deployFeeOnTransferToken();
    const quote = await f.makeQuote({ payer: payer().address, token });
    // 1 % of 40_040_000 is burned on the way.
    await expectRevert(f.call(payer(), "pay", [quote, await f.signQuote(quote)]), "EscrowTransferMismatch", [
      token,
      40_040_000n,
      39_639_600n,
    ]);
    await expectUnpaid(quote);
  });

  it("payWithPermit: refuses a token that delivers less than the amount", async () => {
    const token = await deployFeeOnTransferToken();
    const quote = await f.makeQuote({ payer: payer().address, token });
    await expectRevert(
      f.call(payer(), "payWithPermit", [
        quote,
        await f.signQuote(quote),
        quote.expiresAt,
        noPermit.v,
        noPermit.r,
        noPermit.s,
      ]),
      "EscrowTransferMismatch",
      [token, 40_040_000n, 39_639_600n],
    );
  });

  it("measures what arrived for every token but the first pinned one (the chain's USDC, taken as exact)", async () => {
    /** How many static calls the escrow itself made to the token in a payment (its balance reads). */
    async function balanceReads(token: Hex): Promise<number> {
      const quote = await f.makeQuote({ payer: payer().address, token });
      await f.approve(token, payer(), quote.amount);
      const { transactionHash } = await f.call(payer(), "pay", [quote, await f.signQuote(quote)]);
      const trace = (await f.chain.publicClient.request({
        method: "debug_traceTransaction" as never,
        params: [transactionHash, { disableMemory: true }] as never,
      })) as { structLogs: { depth: number; op: string; stack?: string[] }[] };
      // A call's target is the second word from the top of the stack.
      const target = (stack: string[] = []) => BigInt(`0x${(stack[stack.length - 2] ?? "0").replace(/^0x/, "")}`);
      return trace.structLogs.filter(
        (log) => log.depth === 1 && log.op === "STATICCALL" && target(log.stack) === BigInt(token),
      ).length;
    }
    expect(await balanceReads(f.tokens.USDC)).toBe(0);
    // USDT is pinned too, second: still measured, before and after the pull.
    expect(await balanceReads(f.tokens.USDT)).toBe(2);
  });

  it("payBatch: refuses a token that delivers less than the total", async () => {
    const token = await deployFeeOnTransferToken();
    const quote = await makeBatchQuote(f, { payer: payer().address, token });
    const total = batchTotal(quote);
    expect(total).toBe(52_399_022n);
    await expectRevert(f.call(payer(), "payBatch", [quote, await f.signBatchQuote(quote)]), "EscrowTransferMismatch", [
      token,
      total,
      total - total / 100n,
    ]);
    expect(await escrowReader(f).read.batchCommitment([quote.batchId])).toBe(zeroHash);
  });
});

describe("pause", () => {
  beforeEach(async () => {
    await f.call(f.accounts.guardian, "setPaused", [true]);
  });

  it("pay: fails while paused", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    await f.approve(quote.token, payer(), quote.amount);
    await expectRevert(f.call(payer(), "pay", [quote, await f.signQuote(quote)]), "EscrowPaused", []);
    await expectUnpaid(quote);
  });

  it("payWithPermit: fails while paused", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    const permit = await f.signPermit(quote.token, payer(), quote.amount, quote.expiresAt);
    await expectRevert(
      f.call(payer(), "payWithPermit", [
        quote,
        await f.signQuote(quote),
        quote.expiresAt,
        permit.v,
        permit.r,
        permit.s,
      ]),
      "EscrowPaused",
      [],
    );
    await expectUnpaid(quote);
  });

  it("payWithAuthorization: fails while paused", async () => {
    const quote = await f.makeQuote({ payer: payer().address });
    const authorization = await f.signAuthorization(quote, payer());
    await expectRevert(
      f.call(f.accounts.relayer, "payWithAuthorization", [
        quote,
        await f.signQuote(quote),
        authorization.v,
        authorization.r,
        authorization.s,
      ]),
      "EscrowPaused",
      [],
    );
    await expectUnpaid(quote);
  });

  it("payBatch: fails while paused", async () => {
    const quote = await makeBatchQuote(f, { payer: payer().address });
    await f.approve(quote.token, payer(), batchTotal(quote));
    await expectRevert(f.call(payer(), "payBatch", [quote, await f.signBatchQuote(quote)]), "EscrowPaused", []);
    expect(await f.balanceOf(quote.token, f.escrow)).toBe(0n);
  });

  it("pay: works again once the guardian resumes payments", async () => {
    await f.call(f.accounts.guardian, "setPaused", [false]);
    const { quote, receipt } = await payQuote(f, payer());
    await expectPaid(quote, receipt);
  });
});

// IVisaFeeEscrow.Authority: "Only active authorities can be paid new fees or receive releases", and
// setAuthority: "A deactivated authority receives no new payments". The payment paths never read the
// authority, so these fail against the current contract (see the report).
describe("new payments to an inactive authority", () => {
  async function deactivate(): Promise<void> {
    const { id, payout, settler } = authority();
    await f.call(f.accounts.deployer, "setAuthority", [id, payout.address, settler.address, false]);
  }

  it("pay: fails when the authority is deactivated", async () => {
    await deactivate();
    const quote = await f.makeQuote({ payer: payer().address });
    await f.approve(quote.token, payer(), quote.amount);
    await expectRevert(f.call(payer(), "pay", [quote, await f.signQuote(quote)]), "EscrowAuthorityInactive", [
      authority().id,
    ]);
  });

  it("payWithPermit: fails when the authority is deactivated", async () => {
    await deactivate();
    const quote = await f.makeQuote({ payer: payer().address });
    const permit = await f.signPermit(quote.token, payer(), quote.amount, quote.expiresAt);
    await expectRevert(
      f.call(payer(), "payWithPermit", [
        quote,
        await f.signQuote(quote),
        quote.expiresAt,
        permit.v,
        permit.r,
        permit.s,
      ]),
      "EscrowAuthorityInactive",
      [authority().id],
    );
  });

  it("payWithAuthorization: fails when the authority is deactivated", async () => {
    await deactivate();
    const quote = await f.makeQuote({ payer: payer().address });
    const authorization = await f.signAuthorization(quote, payer());
    await expectRevert(
      f.call(f.accounts.relayer, "payWithAuthorization", [
        quote,
        await f.signQuote(quote),
        authorization.v,
        authorization.r,
        authorization.s,
      ]),
      "EscrowAuthorityInactive",
      [authority().id],
    );
  });

  it("payBatch: fails when the authority is deactivated", async () => {
    await deactivate();
    const quote = await makeBatchQuote(f, { payer: payer().address });
    await f.approve(quote.token, payer(), batchTotal(quote));
    await expectRevert(f.call(payer(), "payBatch", [quote, await f.signBatchQuote(quote)]), "EscrowAuthorityInactive", [
      authority().id,
    ]);
  });

  it("pay: fails when the authority is not registered", async () => {
    const unknown = authorityId("xx-unknown");
    const quote = await f.makeQuote({ payer: payer().address, authorityId: unknown });
    await f.approve(quote.token, payer(), quote.amount);
    await expectRevert(f.call(payer(), "pay", [quote, await f.signQuote(quote)]), "EscrowAuthorityInactive", [unknown]);
  });
});
