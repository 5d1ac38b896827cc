import { type Abi, encodeFunctionData, type HDAccount, type Hex, maxUint256 } from "viem";
import { toEscrowRecord, toReleaseManyItem } from "../encodeSettlementCall.ts";
import { escrowAccessList } from "../escrowAccessList.ts";
import { FiatTokenV2_2 } from "../generated/FiatTokenV2_2.ts";
import {
  type BatchQuote,
  createEscrowFixture,
  type EscrowFixture,
  escrowCallAbi,
  type Quote,
} from "../testing/escrowFixture.ts";

/** Gas of one batch payment of N applications. */
export type BatchGas = { total: number; perItem: number };

/**
 * Gas figures of the escrow, from transaction receipts in steady state: the payer, the escrow, the
 * authority's payout and the treasury's accrued fees already hold a balance, as they do after the
 * first day of operation. Payments approve exactly the quoted amount (as the app does). The token is
 * Circle's USDC (FiatTokenV2_2 behind its proxy), so the figures are what users pay.
 */
export type GasReport = {
  /** The contract behind the USDC the figures were measured with. */
  token: string;
  erc20Transfer: number;
  pay: number;
  payWithPermit: number;
  payWithAuthorization: number;
  release: number;
  refund: number;
  claimExpired: number;
  releaseMany10PerItem: number;
  /**
   * The gasless payment and the settlements as the relayer sends them: with the EIP-2930 access list
   * of `escrowAccessList` (Circle's proxy and the slots the token call reads, the implementation's
   * address; for the payment also its SignatureChecker library and the payer). The figures above
   * are without it, so that both are on record.
   */
  payWithAuthorizationWithAccessList: number;
  releaseWithAccessList: number;
  refundWithAccessList: number;
  claimExpiredWithAccessList: number;
  releaseMany10PerItemWithAccessList: number;
  payBatch: Record<"1" | "10" | "20" | "100", BatchGas>;
};

/** The batch sizes measured. */
export const batchSizes = [1, 10, 20, 100] as const;

/**
 * Measures every {@link GasReport} figure on a fresh deployment on the in-process local chain.
 *
 * @example
 * const report = await measureGas();
 * report.pay // 90031
 */
export async function measureGas(fixture?: EscrowFixture): Promise<GasReport> {
  const f = fixture ?? (await createEscrowFixture());
  const [payerA, payerB, payerC] = f.accounts.payers;
  if (!payerA || !payerB || !payerC) throw new Error("measureGas: the fixture has too few payers");
  const authority = f.authorities[0];
  if (!authority) throw new Error("measureGas: the fixture has no authority");
  const usdc = f.tokens.USDC;
  const gas = (receipt: { gasUsed: bigint }) => Number(receipt.gasUsed);

  /** Sends an escrow call as the relayer does: with the access list it attaches. */
  async function sendWithAccessList(account: HDAccount, functionName: string, args: readonly unknown[]) {
    const data = encodeFunctionData({ abi: escrowCallAbi as unknown as Abi, functionName, args });
    const accessList = await escrowAccessList({
      client: f.chain.publicClient,
      escrow: f.escrow,
      data,
      fiatTokens: [usdc],
    });
    if (accessList === undefined) throw new Error(`measureGas: no access list for ${functionName}`);
    const hash = await f.chain.wallet(account).sendTransaction({ to: f.escrow, data, accessList } as never);
    return f.chain.publicClient.getTransactionReceipt({ hash });
  }

  async function pay(payer = payerA!): Promise<Quote> {
    const quote = await f.makeQuote({ payer: payer.address });
    await f.approve(usdc, payer, quote.amount);
    await f.call(payer, "pay", [quote, await f.signQuote(quote)]);
    return quote;
  }

  // Steady state: the authority has been paid once, fees have accrued, the escrow holds funds.
  await f.call(authority.settler, "releaseEscrowByAuthority", [toEscrowRecord(await pay())]);
  await pay(payerB);

  const erc20Transfer = gas(
    await f.send(payerA, {
      address: usdc,
      abi: FiatTokenV2_2.abi,
      functionName: "transfer",
      args: [payerB.address, 1_000_000n],
    }),
  );

  const payQuote = await f.makeQuote({ payer: payerA.address });
  await f.approve(usdc, payerA, payQuote.amount);
  const payGas = gas(await f.call(payerA, "pay", [payQuote, await f.signQuote(payQuote)]));

  const permitQuote = await f.makeQuote({ payer: payerB.address });
  await f.approve(usdc, payerB, 0n);
  const permit = await f.signPermit(usdc, payerB, permitQuote.amount, permitQuote.expiresAt);
  const payWithPermit = gas(
    await f.call(payerB, "payWithPermit", [
      permitQuote,
      await f.signQuote(permitQuote),
      permitQuote.expiresAt,
      permit.v,
      permit.r,
      permit.s,
    ]),
  );

  const authQuote = await f.makeQuote({ payer: payerC.address });
  const authorization = await f.signAuthorization(authQuote, payerC);
  const payWithAuthorization = gas(
    await f.call(f.accounts.relayer, "payWithAuthorization", [
      authQuote,
      await f.signQuote(authQuote),
      authorization.v,
      authorization.r,
      authorization.s,
    ]),
  );

  const relayedQuote = await f.makeQuote({ payer: payerC.address });
  const relayedAuthorization = await f.signAuthorization(relayedQuote, payerC);
  const payWithAuthorizationWithAccessList = gas(
    await sendWithAccessList(f.accounts.relayer, "payWithAuthorization", [
      relayedQuote,
      await f.signQuote(relayedQuote),
      relayedAuthorization.v,
      relayedAuthorization.r,
      relayedAuthorization.s,
    ]),
  );

  const release = gas(await f.call(authority.settler, "releaseEscrowByAuthority", [toEscrowRecord(payQuote)]));
  const refund = gas(await f.call(authority.settler, "refundPaymentFee", [toEscrowRecord(permitQuote)]));
  const releaseWithAccessList = gas(
    await sendWithAccessList(authority.settler, "releaseEscrowByAuthority", [toEscrowRecord(await pay())]),
  );
  const refundWithAccessList = gas(
    await sendWithAccessList(authority.settler, "refundPaymentFee", [toEscrowRecord(await pay(payerB))]),
  );

  const many: Quote[] = [];
  for (let i = 0; i < 10; i += 1) many.push(await pay(f.accounts.payers[i % 3]));
  const releaseMany = gas(
    await f.call(authority.settler, "releaseEscrowMany", [authority.id, usdc, many.map(toReleaseManyItem)]),
  );
  const manyWithList: Quote[] = [];
  for (let i = 0; i < 10; i += 1) manyWithList.push(await pay(f.accounts.payers[i % 3]));
  const releaseManyWithAccessList = gas(
    await sendWithAccessList(authority.settler, "releaseEscrowMany", [
      authority.id,
      usdc,
      manyWithList.map(toReleaseManyItem),
    ]),
  );

  const payBatch = {} as GasReport["payBatch"];
  for (const size of batchSizes) {
    const t = await f.now();
    const quote: BatchQuote = {
      batchId: f.newId("batch") as Hex,
      authorityId: authority.id,
      token: usdc,
      payer: payerA.address,
      fees: Array.from({ length: size }, (_, i) => 40_000_000n + BigInt(i) * 1_000_000n),
      platformFeeBps: 10,
      decisionDeadline: t + 7n * 86_400n,
      expiresAt: t + 900n,
    };
    const total = quote.fees.reduce((sum, fee) => sum + fee + (fee * 10n) / 10_000n, 0n);
    await f.approve(usdc, payerA, total);
    const used = gas(await f.call(payerA, "payBatch", [quote, await f.signBatchQuote(quote)]));
    payBatch[String(size) as keyof GasReport["payBatch"]] = { total: used, perItem: Math.round(used / size) };
  }

  // Last, as it moves the clock past every open quote's deadline.
  const expiring = await pay(payerB);
  const expiringToo = await pay(payerB);
  await f.increaseTime(expiring.decisionDeadline - (await f.now()) + 1n);
  const claimExpired = gas(await f.call(f.accounts.relayer, "claimExpired", [toEscrowRecord(expiring)]));
  const claimExpiredWithAccessList = gas(
    await sendWithAccessList(f.accounts.relayer, "claimExpired", [toEscrowRecord(expiringToo)]),
  );

  // Keep the approval state tidy for callers that reuse the fixture.
  await f.approve(usdc, payerA, maxUint256);

  return {
    token: FiatTokenV2_2.contractName,
    erc20Transfer,
    pay: payGas,
    payWithPermit,
    payWithAuthorization,
    release,
    refund,
    claimExpired,
    releaseMany10PerItem: Math.round(releaseMany / 10),
    payWithAuthorizationWithAccessList,
    releaseWithAccessList,
    refundWithAccessList,
    claimExpiredWithAccessList,
    releaseMany10PerItemWithAccessList: Math.round(releaseManyWithAccessList / 10),
    payBatch,
  };
}
