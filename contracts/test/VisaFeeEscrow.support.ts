// Helpers shared by the VisaFeeEscrow test files: typed reads, decoded events, ready-made payments.
import {
  type Abi,
  type Account,
  type Address,
  BaseError,
  type CompactSignature,
  ContractFunctionRevertedError,
  compactSignatureToSignature,
  encodeAbiParameters,
  getAddress,
  getContract,
  type HDAccount,
  type Hex,
  isAddressEqual,
  keccak256,
  parseEventLogs,
  recoverTypedDataAddress,
  type TransactionReceipt,
} from "viem";
import { toReleaseManyItem } from "../encodeSettlementCall.ts";
import { VisaFeeEscrow } from "../generated/VisaFeeEscrow.ts";
import type { BatchQuote, BatchRecord, EscrowFixture, Quote } from "../testing/index.ts";
import { batchQuoteTypes, quoteTypes } from "../typedData.ts";

/** What each fixture payer holds of each token before any test runs (1,000,000 tokens, 6 decimals). */
export const FUNDING = 1_000_000_000_000n;

/** `IVisaFeeEscrow.EscrowStatus` as the ABI returns it. */
export const Status = { None: 0, Open: 1, Released: 2, Refunded: 3, Claimed: 4 } as const;

/** The escrow with typed reads. */
export function escrowReader(f: EscrowFixture) {
  return getContract({ address: f.escrow, abi: VisaFeeEscrow.abi, client: f.chain.publicClient });
}

/** The escrow's own events in `receipt`, as `{ eventName, args }` in log order. */
export function escrowEvents(f: EscrowFixture, receipt: TransactionReceipt): { eventName: string; args: unknown }[] {
  return parseEventLogs({ abi: VisaFeeEscrow.abi, logs: receipt.logs })
    .filter((log) => isAddressEqual(log.address, f.escrow))
    .map(({ eventName, args }) => ({ eventName, args }));
}

/** Token balances of the parties of a payment, and the platform fees accrued in that token. */
export async function holdings(f: EscrowFixture, token: Address, parties: { payer: Address; payout: Address }) {
  return {
    payer: await f.balanceOf(token, parties.payer),
    escrow: await f.balanceOf(token, f.escrow),
    payout: await f.balanceOf(token, parties.payout),
    fees: await escrowReader(f).read.feesAccrued([token]),
  };
}

/** Makes a quote for `payer`, approves exactly its amount and pays it. */
export async function payQuote(
  f: EscrowFixture,
  payer: HDAccount,
  overrides: Partial<Quote> = {},
): Promise<{ quote: Quote; receipt: TransactionReceipt }> {
  const quote = await f.makeQuote({ ...overrides, payer: payer.address });
  await f.approve(quote.token, payer, quote.amount);
  const receipt = await f.call(payer, "pay", [quote, await f.signQuote(quote)]);
  return { quote, receipt };
}

/** The `releaseMany` form of a quote. */
export const toSettlement = toReleaseManyItem;

/** Who the escrow recovers from `signature` over `quote` (under the escrow's real domain). */
export function recoverQuoteSigner(f: EscrowFixture, quote: Quote, signature: CompactSignature): Promise<Address> {
  return recoverTypedDataAddress({
    domain: f.domain,
    types: quoteTypes,
    primaryType: "Quote",
    message: quote,
    signature: compactSignatureToSignature(signature),
  });
}

/** Who the escrow recovers from `signature` over the batch quote `quote`. */
export function recoverBatchQuoteSigner(
  f: EscrowFixture,
  quote: BatchQuote,
  signature: CompactSignature,
): Promise<Address> {
  return recoverTypedDataAddress({
    domain: f.domain,
    types: batchQuoteTypes,
    primaryType: "BatchQuote",
    message: { ...quote, fees: [...quote.fees] },
    signature: compactSignatureToSignature(signature),
  });
}

/** A valid batch quote for `payer` at authority 0 in USDC, 10 bps, payable 15 minutes, decided within 7 days. */
export async function makeBatchQuote(
  f: EscrowFixture,
  overrides: Partial<BatchQuote> & { payer: Address },
): Promise<BatchQuote> {
  const t = await f.now();
  return {
    batchId: f.newId("batch"),
    authorityId: f.authorities[0]!.id,
    token: f.tokens.USDC,
    fees: [40_000_000n, 12_345_678n, 999n],
    platformFeeBps: 10,
    decisionDeadline: t + 7n * 86_400n,
    expiresAt: t + 900n,
    ...overrides,
  };
}

/** The platform fee of one batch application: its fee times the bps, rounded down. */
export function batchPlatformFee(fee: bigint, platformFeeBps: number): bigint {
  return (fee * BigInt(platformFeeBps)) / 10_000n;
}

/** What the payer of a batch owes. */
export function batchTotal({ fees, platformFeeBps }: Pick<BatchQuote, "fees" | "platformFeeBps">): bigint {
  return fees.reduce((sum, fee) => sum + fee + batchPlatformFee(fee, platformFeeBps), 0n);
}

/** The shared fields of a batch that settlement takes back. */
function toBatchRecord({ batchId, authorityId, token, payer, platformFeeBps, decisionDeadline }: BatchQuote) {
  return { batchId, authorityId, token, payer, platformFeeBps, decisionDeadline } satisfies BatchRecord;
}

/** Makes a batch quote for `payer`, approves exactly its total and pays it. */
export async function payBatchQuote(
  f: EscrowFixture,
  payer: HDAccount,
  overrides: Partial<BatchQuote> = {},
): Promise<{ quote: BatchQuote; record: BatchRecord; receipt: TransactionReceipt }> {
  const quote = await makeBatchQuote(f, { ...overrides, payer: payer.address });
  await f.approve(quote.token, payer, batchTotal(quote));
  const receipt = await f.call(payer, "payBatch", [quote, await f.signBatchQuote(quote)]);
  return { quote, record: toBatchRecord(quote), receipt };
}

/** `batchItemId` computed off chain: keccak256(abi.encode(batchId, index)). */
export function expectedBatchItemId(batchId: Hex, index: bigint): Hex {
  return keccak256(encodeAbiParameters([{ type: "bytes32" }, { type: "uint256" }], [batchId, index]));
}

/** Mines the next block (the next transaction, with automine) at exactly `timestamp`. */
export async function atNextBlock(f: EscrowFixture, timestamp: bigint): Promise<void> {
  await f.chain.testClient.setNextBlockTimestamp({ timestamp });
}

/** Moves the clock so that the latest block is strictly after `timestamp`. */
export async function passTime(f: EscrowFixture, timestamp: bigint): Promise<void> {
  await f.increaseTime(timestamp - (await f.now()) + 1n);
}

/**
 * Deploys `artifact` from `account`. A constructor revert is rethrown as a decoded
 * `ContractFunctionRevertedError`, so that `expectRevert` checks it like any call.
 */
export async function deploy(
  f: EscrowFixture,
  account: Account,
  artifact: { abi: Abi; bytecode: Hex },
  args: readonly unknown[] = [],
): Promise<Address> {
  let hash: Hex;
  try {
    hash = await f.chain.wallet(account).deployContract({ ...artifact, args } as never);
  } catch (error) {
    const data = revertData(error);
    if (data === undefined) throw error;
    throw new ContractFunctionRevertedError({ abi: artifact.abi, data, functionName: "constructor" });
  }
  const receipt = await f.chain.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success" || !receipt.contractAddress) throw new Error(`deploy: failed (${hash})`);
  return getAddress(receipt.contractAddress);
}

/** The raw revert data somewhere in an error's cause chain. */
function revertData(error: unknown): Hex | undefined {
  let current: unknown = error;
  while (current instanceof Error) {
    const data = (current as { data?: unknown }).data;
    if (typeof data === "string" && /^0x[0-9a-fA-F]{8,}$/.test(data)) return data as Hex;
    current = current.cause;
  }
  return undefined;
}

/**
 * Awaits `action` and checks that it reverted with no revert data at all (a call to a function the
 * target does not have), which `expectRevert` cannot decode.
 */
export async function expectEmptyRevert(action: Promise<unknown>): Promise<void> {
  try {
    await action;
  } catch (error) {
    const reverted =
      error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
    if (!(reverted instanceof ContractFunctionRevertedError)) throw error;
    if (reverted.data !== undefined || reverted.raw !== "0x") {
      throw new Error(`expected a revert without data, got ${reverted.raw} (${reverted.data?.errorName})`);
    }
    return;
  }
  throw new Error("expected a revert without data, but the call succeeded");
}
