import { toEscrowRecord } from "@entrada/contracts";
import { createEscrowFixture, type EscrowFixture, type Quote } from "@entrada/contracts/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { checkEscrowHolds } from "./checkEscrowHolds.ts";

describe("checkEscrowHolds", () => {
  let f: EscrowFixture;

  beforeAll(async () => {
    f = await createEscrowFixture();
  });

  /** Pays a fresh quote from payer `index` with `pay`, and returns it with its digest. */
  async function paid(index: number): Promise<{ quote: Quote; digest: `0x${string}` }> {
    const payer = f.accounts.payers[index]!;
    const quote = await f.makeQuote({ payer: payer.address });
    await f.approve(f.tokens.USDC, payer, quote.amount);
    await f.call(payer, "pay", [quote, await f.signQuote(quote)]);
    return { quote, digest: await f.quoteDigest(quote) };
  }

  const check = (applicationId: `0x${string}`, digest: `0x${string}`) =>
    checkEscrowHolds({ client: f.chain.publicClient, escrow: f.escrow, applicationId, digest });

  it("holds a payment made with exactly the quote the database names", async () => {
    const { quote, digest } = await paid(0);
    expect(await check(quote.applicationId, digest)).toEqual({ holds: true, status: "open", onchainDigest: digest });
    // Digests compare as hex, whatever the case the database kept.
    expect((await check(quote.applicationId, digest.toUpperCase().replace("0X", "0x") as `0x${string}`)).holds).toBe(
      true,
    );
  });

  it("does not hold what the chain never saw: a database counting money the chain does not hold", async () => {
    const quote = await f.makeQuote({ payer: f.accounts.payers[1]!.address });
    expect(await check(quote.applicationId, await f.quoteDigest(quote))).toEqual({
      holds: false,
      status: "none",
      onchainDigest: null,
    });
  });

  it("does not hold a payment made with another quote than the database's", async () => {
    const { quote, digest } = await paid(2);
    const other = await f.quoteDigest({ ...quote, amount: quote.amount + 1n });
    expect(await check(quote.applicationId, other)).toEqual({ holds: false, status: "open", onchainDigest: digest });
  });

  it("no longer holds a refunded fee", async () => {
    const { quote, digest } = await paid(3);
    await f.call(f.authorities[0]!.settler, "refundPaymentFee", [toEscrowRecord(quote)]);
    expect(await check(quote.applicationId, digest)).toEqual({ holds: false, status: "refunded", onchainDigest: null });
  });
});
