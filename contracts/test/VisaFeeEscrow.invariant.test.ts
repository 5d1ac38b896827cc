// Randomized invariant test of VisaFeeEscrow: a seeded sequence of valid and invalid operations
// against the real EVM, checked after every step against an off-chain model (escrowModel.ts), plus
// a fast-check property of batch rounding.
//
// Reproduce a failure with the seed it prints:
//   INVARIANT_SEED=<seed> npx vitest run contracts/test/VisaFeeEscrow.invariant
// INVARIANT_OPS sets the number of random operations per run (default 1000).

import fc from "fast-check";
import {
  type Address,
  encodeAbiParameters,
  getAddress,
  type HDAccount,
  type Hex,
  hexToString,
  keccak256,
  parseEventLogs,
  type TransactionReceipt,
} from "viem";
import { beforeAll, describe, expect, test } from "vitest";
import { toEscrowRecord, toReleaseManyItem as toSettlement } from "../encodeSettlementCall.ts";
import { FiatTokenV2_2 } from "../generated/FiatTokenV2_2.ts";
import { VisaFeeEscrow } from "../generated/VisaFeeEscrow.ts";
import {
  type BatchQuote,
  type BatchRecord,
  createEscrowFixture,
  type EscrowFixture,
  type FixtureAuthority,
  type Quote,
} from "../testing/escrowFixture.ts";
import { expectRevert } from "../testing/expectRevert.ts";
import {
  type BatchEscrow,
  batchTotal,
  createEscrowModel,
  type EscrowModel,
  EscrowStatus,
  type SingleEscrow,
  type TokenTransfer,
} from "./escrowModel.ts";

const defaultSeed = 0x5eed0001;
const operationCount = envInteger("INVARIANT_OPS") ?? 1000;
const envSeed = envInteger("INVARIANT_SEED");
/** The fixed seed always runs; a second, time-based seed explores a new sequence on every run. */
const seeds = envSeed !== undefined ? [envSeed] : [defaultSeed, Date.now() % 0x1_0000_0000];

const hour = 3600;
const day = 86_400;
/**
 * The model keeps a clock that the chain's time never runs behind nor `margin` seconds ahead of:
 * each transaction mines a block a second or so later, and `advanceTime` sets the chain's time to
 * the clock exactly. Deadline-dependent choices read only the clock, so a seed replays the same
 * operations however fast the machine is; an application within `margin` of its deadline is left
 * to operations that do not depend on it.
 */
const margin = 600n;
/** Steps after which `advanceTime` is forced, which keeps the drift well under `margin`. */
const syncEvery = 25;
/** Steps between sweeps of every participant's balances and allowances. */
const sweepEvery = 50;

// ---------------------------------------------------------------- seeded randomness

/** mulberry32: a small seeded PRNG (Math.random cannot be replayed). */
function createRng(seed: number) {
  let state = seed >>> 0;
  function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  }
  function int(min: number, max: number): number {
    return min + Math.floor(next() * (max - min + 1));
  }
  /** `count` distinct items of `items`, in random order. */
  function sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    for (let i = 0; i < count; i += 1) {
      const j = int(i, copy.length - 1);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, count);
  }
  return {
    int,
    sample,
    chance: (p: number) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error("rng: pick from an empty list");
      return items[int(0, items.length - 1)]!;
    },
    shuffle: <T>(items: readonly T[]): T[] => sample(items, items.length),
    /** In [min, max]; near uniform for spans far below 2^53. */
    bigint(min: bigint, max: bigint): bigint {
      const r = BigInt(Math.floor(next() * 0x1_0000_0000)) * 0x20_0000n + BigInt(Math.floor(next() * 0x20_0000));
      return min + (r % (max - min + 1n));
    },
    weighted<T extends { weight: number }>(items: readonly T[]): T {
      let r = next() * items.reduce((sum, item) => sum + item.weight, 0);
      for (const item of items) {
        r -= item.weight;
        if (r < 0) return item;
      }
      return items[items.length - 1]!;
    },
  };
}
type Rng = ReturnType<typeof createRng>;

// ---------------------------------------------------------------- the run

type RunContext = {
  f: EscrowFixture;
  rng: Rng;
  model: EscrowModel;
  /** The model's clock (see {@link margin}). */
  clock: bigint;
  lastSync: number;
  step: number;
  /** The operation being run, for the failure message. */
  op: string;
  /** Put in front of `op` when an operation runs inside another. */
  prefix: string;
  /** Accounts whose balances (and, for payers, allowances) are checked after this step. */
  touched: Set<Address>;
  touchedSingles: Set<Hex>;
  touchedItems: Map<string, { batchId: Hex; index: number }>;
  participants: Address[];
  accounts: Map<Address, HDAccount>;
  payers: Set<Address>;
  labels: Map<Address, string>;
  symbols: Map<Address, string>;
  counts: Map<string, number>;
};

type Operation = {
  kind: string;
  weight: number;
  applicable(ctx: RunContext): boolean;
  run(ctx: RunContext): Promise<void>;
};

async function createRunContext(f: EscrowFixture, seed: number): Promise<RunContext> {
  const { accounts: a } = f;
  const named: [HDAccount, string][] = [
    [a.treasury, "treasury"],
    [a.relayer, "relayer"],
    [a.stranger, "stranger"],
    [a.quoteSigner, "quoteSigner"],
    [a.guardian, "guardian"],
    [a.deployer, "deployer"],
    ...a.payers.map((p, i): [HDAccount, string] => [p, `payer${i}`]),
    ...f.authorities.flatMap((auth): [HDAccount, string][] => [
      [auth.payout, `${slug(auth.id)}.payout`],
      [auth.settler, `${slug(auth.id)}.settler`],
    ]),
  ];
  const labels = new Map<Address, string>([
    [getAddress(f.escrow), "escrow"],
    ...named.map(([acc, name]): [Address, string] => [acc.address, name]),
  ]);
  const participants = [...labels.keys()];
  const tokens = [f.tokens.USDC, f.tokens.USDT];
  const balances = await Promise.all(
    tokens.flatMap((token) =>
      participants.map(async (owner) => ({ token, owner, value: await f.balanceOf(token, owner) })),
    ),
  );
  return {
    f,
    rng: createRng(seed),
    model: createEscrowModel({
      escrow: f.escrow,
      treasury: a.treasury.address,
      tokens,
      authorities: f.authorities.map((auth) => ({ id: auth.id, payout: auth.payout.address })),
      balances,
    }),
    clock: 0n,
    lastSync: 0,
    step: 0,
    op: "setup",
    prefix: "",
    touched: new Set(),
    touchedSingles: new Set(),
    touchedItems: new Map(),
    participants,
    accounts: new Map(named.map(([acc]) => [acc.address, acc])),
    payers: new Set(a.payers.map((p) => p.address)),
    labels,
    symbols: new Map([
      [getAddress(f.tokens.USDC), "USDC"],
      [getAddress(f.tokens.USDT), "USDT"],
    ]),
    counts: new Map(),
  };
}

/** Runs `count` random operations, then settles everything left and withdraws the fees. */
async function runInvariant(f: EscrowFixture, seed: number, count: number): Promise<Map<string, number>> {
  const ctx = await createRunContext(f, seed);
  try {
    await syncClock(ctx, (await f.now()) + 1n);
    await checkInvariants(ctx, "balances");
    for (ctx.step = 0; ctx.step < count; ctx.step += 1) {
      beginStep(ctx);
      const operation =
        ctx.step - ctx.lastSync >= syncEvery
          ? advanceTimeOperation
          : ctx.rng.weighted(operations.filter((o) => o.applicable(ctx)));
      await operation.run(ctx);
      await checkInvariants(ctx, (ctx.step + 1) % sweepEvery === 0 ? "balances" : "touched");
    }
    await drain(ctx);
    await checkInvariants(ctx, "everything");
  } catch (error) {
    throw withSeed(error, seed, `seed=${seed} step=${ctx.step} op=${ctx.op}`);
  }
  return ctx.counts;
}

function beginStep(ctx: RunContext): void {
  ctx.op = "(choosing)";
  ctx.prefix = "";
  ctx.touched.clear();
  ctx.touchedSingles.clear();
  ctx.touchedItems.clear();
}

/** Names the step's operation for the failure message, and counts it. */
function note(ctx: RunContext, kind: string, detail: Record<string, unknown>): void {
  ctx.op = `${ctx.prefix}${kind} ${stringify(detail)}`;
  ctx.counts.set(kind, (ctx.counts.get(kind) ?? 0) + 1);
}

/** Puts the seed, step and operation in front of an error's message, keeping its diff and stack. */
function withSeed(error: unknown, seed: number, where: string): Error {
  const header = `invariant run failed: ${where}\n  reproduce: INVARIANT_SEED=${seed} npx vitest run contracts/test/VisaFeeEscrow.invariant\n`;
  if (error instanceof Error) {
    error.message = `${header}${error.message}`;
    return error;
  }
  return new Error(`${header}${String(error)}`);
}

/** Sets the chain's time to exactly `target`, and the model's clock with it. */
async function syncClock(ctx: RunContext, target: bigint): Promise<void> {
  const chainNow = await ctx.f.now();
  if ((ctx.clock !== 0n && (chainNow < ctx.clock || chainNow >= ctx.clock + margin)) || target <= chainNow) {
    throw new Error(`harness: chain time ${chainNow} left [clock ${ctx.clock}, +${margin}) or passed ${target}`);
  }
  await ctx.f.chain.testClient.setNextBlockTimestamp({ timestamp: target });
  await ctx.f.chain.testClient.mine({ blocks: 1 });
  expect(await ctx.f.now()).toBe(target);
  ctx.clock = target;
  ctx.lastSync = ctx.step;
}

// ---------------------------------------------------------------- invariants

type Scope = "touched" | "balances" | "everything";

/**
 * The invariants, read from the chain: per token, the escrow holds exactly its open escrows plus
 * its accrued fees; accrued fees match the model; every checked account holds what the model says
 * (and the model only ever pays the authority of record, the treasury or the payer); payers leave
 * no allowance behind; statuses match. `touched` checks the escrow, the treasury and the step's
 * accounts and applications; `balances` every participant; `everything` also every application.
 */
async function checkInvariants(ctx: RunContext, scope: Scope): Promise<void> {
  const { f, model } = ctx;
  const accounts = scope === "touched" ? unique([model.escrow, model.treasury, ...ctx.touched]) : ctx.participants;
  const actual: Record<string, unknown> = {};
  const expected: Record<string, unknown> = {};
  const reads: Promise<void>[] = [];
  const read = (name: string, want: unknown, value: Promise<unknown>) => {
    expected[name] = want;
    reads.push(
      value.then((v) => {
        actual[name] = v;
      }),
    );
  };
  for (const token of model.tokens) {
    const symbol = ctx.symbols.get(token)!;
    read(
      `${symbol}: escrow balance = open escrows + accrued fees`,
      model.escrowHeld(token),
      f.balanceOf(token, f.escrow),
    );
    read(`${symbol}: feesAccrued`, model.feesAccrued(token), readFeesAccrued(f, token));
    for (const owner of accounts) {
      read(`${symbol}: balance of ${label(ctx, owner)}`, model.balanceOf(token, owner), f.balanceOf(token, owner));
      if (ctx.payers.has(owner))
        read(`${symbol}: allowance of ${label(ctx, owner)}`, 0n, readAllowance(f, token, owner));
    }
  }
  const singles = scope === "everything" ? model.singles() : [...ctx.touchedSingles].map((id) => model.single(id));
  for (const { quote, status } of singles) {
    read(`status of ${short(quote.applicationId)}`, status, readStatus(f, quote.applicationId));
  }
  const items =
    scope === "everything"
      ? model.batches().flatMap((b) => b.fees.map((_, index) => ({ batchId: b.record.batchId, index })))
      : [...ctx.touchedItems.values()];
  for (const { batchId, index } of items) {
    const batch = model.batch(batchId);
    read(
      `(status, fee) of batch ${short(batchId)}[${index}]`,
      [batch.statuses[index], batch.fees[index]],
      readBatchItem(f, batchId, index),
    );
  }
  await Promise.all(reads);
  expect(actual).toEqual(expected);
}

/** The receipt's token transfers must be exactly the model's: token, sender, recipient and value. */
function expectTransfers(ctx: RunContext, receipt: TransactionReceipt, transfers: TokenTransfer[]): void {
  expect(receipt.status).toBe("success");
  const actual = parseEventLogs({ abi: FiatTokenV2_2.abi, eventName: "Transfer", logs: receipt.logs })
    .filter((log) => ctx.symbols.has(getAddress(log.address)))
    .map((log) => ({
      token: getAddress(log.address),
      from: getAddress(log.args.from),
      to: getAddress(log.args.to),
      value: log.args.value,
    }));
  expect(actual.map((t) => describeTransfer(ctx, t))).toEqual(transfers.map((t) => describeTransfer(ctx, t)));
  for (const t of transfers) ctx.touched.add(t.from).add(t.to);
}

// ---------------------------------------------------------------- valid operations

type PayMethod = "pay" | "payWithPermit" | "payWithAuthorization";

/**
 * Sends a payment of `quote` by `method` (a relayer submits authorizations); does not approve.
 * With `frontRun`, a stranger submits the payer's permit to the token first, which the escrow must
 * tolerate.
 */
async function sendPayment(ctx: RunContext, method: PayMethod, quote: Quote, payer: HDAccount, frontRun = false) {
  const { f } = ctx;
  const signature = await f.signQuote(quote);
  if (method === "pay") return f.call(payer, "pay", [quote, signature]);
  if (method === "payWithPermit") {
    const { v, r, s } = await f.signPermit(quote.token, payer, quote.amount, quote.expiresAt);
    if (frontRun) {
      await f.send(f.accounts.stranger, {
        address: quote.token,
        abi: FiatTokenV2_2.abi,
        functionName: "permit",
        args: [payer.address, f.escrow, quote.amount, quote.expiresAt, v, r, s],
      });
    }
    return f.call(payer, "payWithPermit", [quote, signature, quote.expiresAt, v, r, s]);
  }
  const auth = await f.signAuthorization(quote, payer);
  return f.call(f.accounts.relayer, "payWithAuthorization", [quote, signature, auth.v, auth.r, auth.s]);
}

async function pay(ctx: RunContext, method: PayMethod) {
  const { f, rng } = ctx;
  const payer = rng.pick(f.accounts.payers);
  // Permits and authorizations are USDC features; USDT is paid with an allowance only.
  const token = method === "pay" ? rng.pick(ctx.model.tokens) : f.tokens.USDC;
  const quote = await newQuote(ctx, payer, rng.pick(f.authorities), token);
  const frontRun = method === "payWithPermit" && rng.chance(0.25);
  note(ctx, frontRun ? `${method}.frontRunPermit` : method, describeQuote(ctx, quote));
  if (method === "pay") await f.approve(token, payer, quote.amount);
  expectTransfers(ctx, await sendPayment(ctx, method, quote, payer, frontRun), ctx.model.paySingle(quote));
  ctx.touched.add(payer.address);
  ctx.touchedSingles.add(quote.applicationId);
}

async function payBatch(ctx: RunContext) {
  const { f, rng } = ctx;
  const payer = rng.pick(f.accounts.payers);
  const quote = newBatchQuote(ctx, payer, rng.pick(f.authorities), rng.pick(ctx.model.tokens));
  note(ctx, "payBatch", describeBatchQuote(ctx, quote));
  await f.approve(quote.token, payer, batchTotal(quote.fees, quote.platformFeeBps));
  const receipt = await f.call(payer, "payBatch", [quote, await f.signBatchQuote(quote)]);
  expectTransfers(ctx, receipt, ctx.model.payBatch(quote));
  ctx.touched.add(payer.address);
  for (let index = 0; index < quote.fees.length; index += 1) touchItem(ctx, quote.batchId, index);
}

async function release(ctx: RunContext) {
  const { quote } = ctx.rng.pick(releasableSingles(ctx));
  note(ctx, "release", describeQuote(ctx, quote));
  const receipt = await ctx.f.call(authorityOf(ctx, quote.authorityId).settler, "releaseEscrowByAuthority", [
    toEscrowRecord(quote),
  ]);
  expectTransfers(ctx, receipt, ctx.model.releaseSingles([quote]));
  ctx.touchedSingles.add(quote.applicationId);
}

async function releaseMany(ctx: RunContext) {
  const { rng } = ctx;
  const group = rng.pick(releaseGroups(ctx));
  const quotes = rng.sample(group, rng.int(2, Math.min(5, group.length)));
  const { authorityId, token } = quotes[0]!;
  note(ctx, "releaseMany", {
    authority: slug(authorityId),
    token: ctx.symbols.get(token),
    applications: quotes.map((q) => short(q.applicationId)),
  });
  const settler = authorityOf(ctx, authorityId).settler;
  const receipt = await ctx.f.call(settler, "releaseEscrowMany", [authorityId, token, quotes.map(toSettlement)]);
  expectTransfers(ctx, receipt, ctx.model.releaseSingles(quotes));
  for (const q of quotes) ctx.touchedSingles.add(q.applicationId);
}

async function refund(ctx: RunContext) {
  const { quote } = ctx.rng.pick(openSingles(ctx));
  note(ctx, "refund", describeQuote(ctx, quote));
  const receipt = await ctx.f.call(authorityOf(ctx, quote.authorityId).settler, "refundPaymentFee", [
    toEscrowRecord(quote),
  ]);
  expectTransfers(ctx, receipt, ctx.model.returnSingle(quote.applicationId, EscrowStatus.Refunded));
  ctx.touchedSingles.add(quote.applicationId);
}

async function claimExpired(ctx: RunContext) {
  const { quote } = ctx.rng.pick(claimableSingles(ctx));
  // Anyone may claim for the payer; the funds must still reach the payer.
  const caller = anyone(ctx, quote.payer);
  note(ctx, "claimExpired", { ...describeQuote(ctx, quote), caller: label(ctx, caller.address) });
  const receipt = await ctx.f.call(caller, "claimExpired", [toEscrowRecord(quote)]);
  expectTransfers(ctx, receipt, ctx.model.returnSingle(quote.applicationId, EscrowStatus.Claimed));
  ctx.touched.add(caller.address);
  ctx.touchedSingles.add(quote.applicationId);
}

type BatchMethod = "releaseBatch" | "refundBatch" | "claimExpiredBatch";

function batchesFor(ctx: RunContext, method: BatchMethod): BatchEscrow[] {
  const open = openBatches(ctx);
  if (method === "releaseBatch") return open.filter((b) => releasable(ctx, b.record.decisionDeadline));
  if (method === "claimExpiredBatch") return open.filter((b) => claimable(ctx, b.record.decisionDeadline));
  return open;
}

async function settleBatch(ctx: RunContext, method: BatchMethod) {
  const { rng, model } = ctx;
  const batch = rng.pick(batchesFor(ctx, method));
  const open = openIndexes(batch);
  const indexes = rng.sample(open, rng.int(1, open.length));
  const { record } = batch;
  const caller =
    method === "claimExpiredBatch" ? anyone(ctx, record.payer) : authorityOf(ctx, record.authorityId).settler;
  note(ctx, method, { ...describeBatch(ctx, batch), indexes, caller: label(ctx, caller.address) });
  const receipt = await ctx.f.call(caller, method, [record, indexes.map(BigInt)]);
  const transfers =
    method === "releaseBatch"
      ? model.releaseBatch(record.batchId, indexes)
      : model.returnBatch(
          record.batchId,
          indexes,
          method === "refundBatch" ? EscrowStatus.Refunded : EscrowStatus.Claimed,
        );
  expectTransfers(ctx, receipt, transfers);
  ctx.touched.add(caller.address);
  for (const index of indexes) touchItem(ctx, record.batchId, index);
}

async function withdrawFees(ctx: RunContext) {
  const { f, model, rng } = ctx;
  const withFees = model.tokens.filter((t) => model.feesAccrued(t) > 0n);
  // Mostly a token with fees; sometimes one without (a zero withdrawal must be harmless).
  const token = withFees.length > 0 && rng.chance(0.9) ? rng.pick(withFees) : rng.pick(model.tokens);
  note(ctx, "withdrawFees", { token: ctx.symbols.get(token), accrued: model.feesAccrued(token) });
  const receipt = await f.call(f.accounts.treasury, "withdrawFees", [token]);
  expectTransfers(ctx, receipt, model.withdrawFees(token));
}

async function advanceTime(ctx: RunContext) {
  const { rng } = ctx;
  const seconds = BigInt(rng.chance(0.7) ? rng.int(15 * 60, 3 * hour) : rng.int(6 * hour, 2 * day));
  note(ctx, "advanceTime", { seconds, forced: ctx.step - ctx.lastSync >= syncEvery });
  await syncClock(ctx, ctx.clock + seconds);
}

const advanceTimeOperation: Operation = { kind: "advanceTime", weight: 5, applicable: () => true, run: advanceTime };

// ---------------------------------------------------------------- invalid operations
// Each must revert with its exact error and arguments and change nothing: the step's checks read
// the accounts and applications involved, the periodic sweeps everything else.

/** A fresh, validly signed quote for an application (or batch) that was paid before. */
async function doublePay(ctx: RunContext) {
  const { f, rng, model } = ctx;
  if (model.batches().length > 0 && rng.chance(0.3)) {
    const { record } = rng.pick(model.batches());
    const payer = rng.chance(0.5) ? account(ctx, record.payer) : rng.pick(f.accounts.payers);
    const quote = {
      ...newBatchQuote(ctx, payer, authorityOf(ctx, record.authorityId), record.token),
      batchId: record.batchId,
    };
    note(ctx, "invalid.doublePay.payBatch", describeBatchQuote(ctx, quote));
    await expectRevert(f.call(payer, "payBatch", [quote, await f.signBatchQuote(quote)]), "EscrowAlreadyPaid", [
      record.batchId,
    ]);
    ctx.touched.add(payer.address);
    return;
  }
  const original = rng.pick(model.singles()).quote;
  const payer = rng.chance(0.5) ? account(ctx, original.payer) : rng.pick(f.accounts.payers);
  const method = rng.pick(["pay", "payWithPermit", "payWithAuthorization"] as const);
  const token = method === "pay" ? rng.pick(model.tokens) : f.tokens.USDC;
  const fresh = await newQuote(ctx, payer, authorityOf(ctx, original.authorityId), token);
  const quote = { ...fresh, applicationId: original.applicationId };
  note(ctx, `invalid.doublePay.${method}`, describeQuote(ctx, quote));
  await expectRevert(sendPayment(ctx, method, quote, payer), "EscrowAlreadyPaid", [quote.applicationId]);
  ctx.touched.add(payer.address);
  ctx.touchedSingles.add(quote.applicationId);
}

/** Settling an application that is already settled, alone or among open ones (all or nothing). */
async function settleSettled(ctx: RunContext) {
  const { f, rng, model } = ctx;
  const singles = model.singles().filter((s) => s.status !== EscrowStatus.Open);
  const batches = model.batches().filter((b) => b.statuses.some((s) => s !== EscrowStatus.Open));
  if (batches.length > 0 && (singles.length === 0 || rng.chance(0.5))) {
    const batch = rng.pick(batches);
    const { record } = batch;
    const settled = rng.pick(batch.statuses.flatMap((s, i) => (s === EscrowStatus.Open ? [] : [i])));
    const open = openIndexes(batch);
    const indexes = rng.shuffle([settled, ...rng.sample(open, rng.int(0, Math.min(3, open.length)))]);
    const methods: BatchMethod[] = ["refundBatch"];
    if (releasable(ctx, record.decisionDeadline)) methods.push("releaseBatch");
    if (claimable(ctx, record.decisionDeadline)) methods.push("claimExpiredBatch");
    const method = rng.pick(methods);
    const caller =
      method === "claimExpiredBatch" ? anyone(ctx, record.payer) : authorityOf(ctx, record.authorityId).settler;
    note(ctx, `invalid.settleSettled.${method}`, {
      ...describeBatch(ctx, batch),
      indexes,
      caller: label(ctx, caller.address),
    });
    await expectRevert(f.call(caller, method, [record, indexes.map(BigInt)]), "EscrowNotOpen", [
      batchItemId(record.batchId, settled),
    ]);
    ctx.touched.add(caller.address);
    for (const index of indexes) touchItem(ctx, record.batchId, index);
    return;
  }
  const { quote } = rng.pick(singles);
  const settler = authorityOf(ctx, quote.authorityId).settler;
  const methods = ["refundPaymentFee"];
  if (releasable(ctx, quote.decisionDeadline)) methods.push("releaseEscrowByAuthority", "releaseEscrowMany");
  if (claimable(ctx, quote.decisionDeadline)) methods.push("claimExpired");
  const method = rng.pick(methods);
  note(ctx, `invalid.settleSettled.${method}`, describeQuote(ctx, quote));
  if (method === "releaseEscrowMany") {
    const others = releasableSingles(ctx).filter((s) => sameGroup(s.quote, quote));
    const quotes = rng.shuffle([
      quote,
      ...rng.sample(others, rng.int(0, Math.min(3, others.length))).map((s) => s.quote),
    ]);
    await expectRevert(
      f.call(settler, "releaseEscrowMany", [quote.authorityId, quote.token, quotes.map(toSettlement)]),
      "EscrowNotOpen",
      [quote.applicationId],
    );
    for (const q of quotes) ctx.touchedSingles.add(q.applicationId);
    return;
  }
  const caller = method === "claimExpired" ? anyone(ctx, quote.payer) : settler;
  await expectRevert(f.call(caller, method, [toEscrowRecord(quote)]), "EscrowNotOpen", [quote.applicationId]);
  ctx.touched.add(caller.address);
  ctx.touchedSingles.add(quote.applicationId);
}

/** The same open application twice in one call: the second must find it settled (all or nothing). */
async function settleTwiceInOneCall(ctx: RunContext) {
  const { f, rng } = ctx;
  const groups = releaseGroups(ctx);
  if (groups.length > 0 && rng.chance(0.3)) {
    const group = rng.pick(groups);
    const [twice, ...rest] = rng.sample(group, rng.int(1, Math.min(3, group.length)));
    const quotes = rng.shuffle([twice!, twice!, ...rest]);
    const { authorityId, token } = twice!;
    note(ctx, "invalid.settleTwice.releaseMany", {
      twice: short(twice!.applicationId),
      applications: quotes.map((q) => short(q.applicationId)),
    });
    await expectRevert(
      f.call(authorityOf(ctx, authorityId).settler, "releaseEscrowMany", [
        authorityId,
        token,
        quotes.map(toSettlement),
      ]),
      "EscrowNotOpen",
      [twice!.applicationId],
    );
    for (const q of quotes) ctx.touchedSingles.add(q.applicationId);
    return;
  }
  const batch = rng.pick(openBatches(ctx));
  const { record } = batch;
  const [twice, ...rest] = rng.sample(openIndexes(batch), rng.int(1, Math.min(3, openIndexes(batch).length)));
  const indexes = rng.shuffle([twice!, twice!, ...rest]);
  const method = releasable(ctx, record.decisionDeadline) && rng.chance(0.5) ? "releaseBatch" : "refundBatch";
  note(ctx, `invalid.settleTwice.${method}`, { ...describeBatch(ctx, batch), indexes });
  await expectRevert(
    f.call(authorityOf(ctx, record.authorityId).settler, method, [record, indexes.map(BigInt)]),
    "EscrowNotOpen",
    [batchItemId(record.batchId, twice!)],
  );
  for (const index of indexes) touchItem(ctx, record.batchId, index);
}

/** Settling by a stranger, the payer, the authority's payout or another authority's settler. */
async function wrongSettler(ctx: RunContext) {
  const { f, rng } = ctx;
  const useBatch = openBatches(ctx).length > 0 && (openSingles(ctx).length === 0 || rng.chance(0.4));
  if (useBatch) {
    const batch = rng.pick(openBatches(ctx));
    const { record } = batch;
    const caller = wrongCaller(ctx, record.authorityId, record.payer);
    const method = rng.pick(["releaseBatch", "refundBatch"] as const);
    const indexes = rng.sample(openIndexes(batch), rng.int(1, openIndexes(batch).length));
    note(ctx, `invalid.wrongSettler.${method}`, {
      ...describeBatch(ctx, batch),
      indexes,
      caller: label(ctx, caller.address),
    });
    await expectRevert(f.call(caller, method, [record, indexes.map(BigInt)]), "EscrowUnauthorizedSettler", [
      record.authorityId,
      caller.address,
    ]);
    ctx.touched.add(caller.address);
    for (const index of indexes) touchItem(ctx, record.batchId, index);
    return;
  }
  const { quote } = rng.pick(openSingles(ctx));
  const caller = wrongCaller(ctx, quote.authorityId, quote.payer);
  const method = rng.pick(["releaseEscrowByAuthority", "refundPaymentFee", "releaseEscrowMany"] as const);
  note(ctx, `invalid.wrongSettler.${method}`, { ...describeQuote(ctx, quote), caller: label(ctx, caller.address) });
  const args =
    method === "releaseEscrowMany" ? [quote.authorityId, quote.token, [toSettlement(quote)]] : [toEscrowRecord(quote)];
  await expectRevert(f.call(caller, method, args), "EscrowUnauthorizedSettler", [quote.authorityId, caller.address]);
  ctx.touched.add(caller.address);
  ctx.touchedSingles.add(quote.applicationId);
}

type Tamper = { name: string; caller: HDAccount; method: string; args: readonly unknown[]; id: Hex };

/**
 * Redirection attempts by callers allowed to settle: a record changed to pay another authority,
 * another payer, more than was paid, a lower platform fee, or after a moved deadline.
 */
async function tamperedRecord(ctx: RunContext) {
  const { f, rng } = ctx;
  const candidates: Tamper[] = [];
  const singles = openSingles(ctx);
  if (singles.length > 0) {
    const { quote } = rng.pick(singles);
    const own = authorityOf(ctx, quote.authorityId);
    const other = rng.pick(f.authorities.filter((a) => a.id !== own.id));
    const otherToken = ctx.model.tokens.find((t) => t !== getAddress(quote.token))!;
    const id = quote.applicationId;
    const pusher = rng.pick([f.accounts.stranger, f.accounts.relayer]);
    candidates.push(
      {
        name: "refundToStranger",
        caller: own.settler,
        method: "refundPaymentFee",
        args: [toEscrowRecord({ ...quote, payer: f.accounts.stranger.address })],
        id,
      },
      {
        name: "releaseAfterMovingDeadline",
        caller: own.settler,
        method: "releaseEscrowByAuthority",
        args: [toEscrowRecord({ ...quote, decisionDeadline: ctx.clock + margin + 30n * BigInt(day) })],
        id,
      },
    );
    if (releasable(ctx, quote.decisionDeadline)) {
      candidates.push(
        {
          name: "releaseToOtherAuthority",
          caller: other.settler,
          method: "releaseEscrowByAuthority",
          args: [toEscrowRecord({ ...quote, authorityId: other.id })],
          id,
        },
        {
          name: "releaseMoreThanPaid",
          caller: own.settler,
          method: "releaseEscrowByAuthority",
          args: [toEscrowRecord({ ...quote, amount: quote.amount + rng.bigint(1n, 1_000_000n) })],
          id,
        },
        {
          name: "releaseWithoutPlatformFee",
          caller: own.settler,
          method: "releaseEscrowByAuthority",
          args: [toEscrowRecord({ ...quote, platformFee: quote.platformFee === 0n ? 1n : 0n })],
          id,
        },
        {
          name: "releaseManyToOtherAuthority",
          caller: other.settler,
          method: "releaseEscrowMany",
          args: [other.id, quote.token, [toSettlement(quote)]],
          id,
        },
        {
          name: "releaseManyInOtherToken",
          caller: own.settler,
          method: "releaseEscrowMany",
          args: [own.id, otherToken, [toSettlement(quote)]],
          id,
        },
      );
    }
    if (claimable(ctx, quote.decisionDeadline)) {
      candidates.push({
        name: "claimToCaller",
        caller: pusher,
        method: "claimExpired",
        args: [toEscrowRecord({ ...quote, payer: pusher.address })],
        id,
      });
    }
  }
  const batches = openBatches(ctx);
  if (batches.length > 0) {
    const batch = rng.pick(batches);
    const { record } = batch;
    const own = authorityOf(ctx, record.authorityId);
    const other = rng.pick(f.authorities.filter((a) => a.id !== own.id));
    const indexes = rng.sample(openIndexes(batch), rng.int(1, openIndexes(batch).length)).map(BigInt);
    const id = record.batchId;
    const pusher = rng.pick([f.accounts.stranger, f.accounts.relayer]);
    const settle = (name: string, caller: HDAccount, method: BatchMethod, changed: BatchRecord): Tamper => ({
      name,
      caller,
      method,
      args: [changed, indexes],
      id,
    });
    candidates.push(
      settle("refundBatchToStranger", own.settler, "refundBatch", { ...record, payer: f.accounts.stranger.address }),
      settle("releaseBatchAfterMovingDeadline", own.settler, "releaseBatch", {
        ...record,
        decisionDeadline: ctx.clock + margin + 30n * BigInt(day),
      }),
    );
    if (releasable(ctx, record.decisionDeadline)) {
      candidates.push(
        settle("releaseBatchToOtherAuthority", other.settler, "releaseBatch", { ...record, authorityId: other.id }),
        settle("releaseBatchWithOtherBps", own.settler, "releaseBatch", {
          ...record,
          platformFeeBps: (record.platformFeeBps + rng.int(1, 100)) % 101,
        }),
      );
    }
    if (claimable(ctx, record.decisionDeadline)) {
      candidates.push(settle("claimBatchToCaller", pusher, "claimExpiredBatch", { ...record, payer: pusher.address }));
    }
  }
  const t = rng.pick(candidates);
  note(ctx, `invalid.tampered.${t.name}`, { id: short(t.id), caller: label(ctx, t.caller.address), args: t.args });
  await expectRevert(f.call(t.caller, t.method, t.args), "EscrowNotOpen", [t.id]);
  ctx.touched.add(t.caller.address);
  touchId(ctx, t.id);
}

/** Claiming before the decision deadline. */
async function claimEarly(ctx: RunContext) {
  const { f, rng } = ctx;
  const singles = openSingles(ctx).filter((s) => releasable(ctx, s.quote.decisionDeadline));
  const batches = openBatches(ctx).filter((b) => releasable(ctx, b.record.decisionDeadline));
  if (batches.length > 0 && (singles.length === 0 || rng.chance(0.4))) {
    const batch = rng.pick(batches);
    const { record } = batch;
    const caller = anyone(ctx, record.payer);
    const indexes = rng.sample(openIndexes(batch), rng.int(1, openIndexes(batch).length));
    note(ctx, "invalid.claimEarly.claimExpiredBatch", {
      ...describeBatch(ctx, batch),
      indexes,
      caller: label(ctx, caller.address),
    });
    await expectRevert(f.call(caller, "claimExpiredBatch", [record, indexes.map(BigInt)]), "EscrowDeadlineNotPassed", [
      record.batchId,
      record.decisionDeadline,
    ]);
    ctx.touched.add(caller.address);
    for (const index of indexes) touchItem(ctx, record.batchId, index);
    return;
  }
  const { quote } = rng.pick(singles);
  const caller = anyone(ctx, quote.payer);
  note(ctx, "invalid.claimEarly.claimExpired", { ...describeQuote(ctx, quote), caller: label(ctx, caller.address) });
  await expectRevert(f.call(caller, "claimExpired", [toEscrowRecord(quote)]), "EscrowDeadlineNotPassed", [
    quote.applicationId,
    quote.decisionDeadline,
  ]);
  ctx.touched.add(caller.address);
  ctx.touchedSingles.add(quote.applicationId);
}

/** Releasing after the decision deadline (alone, or last among releasable ones in releaseMany). */
async function releaseLate(ctx: RunContext) {
  const { f, rng } = ctx;
  const singles = claimableSingles(ctx);
  const batches = openBatches(ctx).filter((b) => claimable(ctx, b.record.decisionDeadline));
  if (batches.length > 0 && (singles.length === 0 || rng.chance(0.4))) {
    const batch = rng.pick(batches);
    const { record } = batch;
    const indexes = rng.sample(openIndexes(batch), rng.int(1, openIndexes(batch).length));
    note(ctx, "invalid.releaseLate.releaseBatch", { ...describeBatch(ctx, batch), indexes });
    await expectRevert(
      f.call(authorityOf(ctx, record.authorityId).settler, "releaseBatch", [record, indexes.map(BigInt)]),
      "EscrowDeadlinePassed",
      [record.batchId, record.decisionDeadline],
    );
    for (const index of indexes) touchItem(ctx, record.batchId, index);
    return;
  }
  const { quote } = rng.pick(singles);
  const settler = authorityOf(ctx, quote.authorityId).settler;
  const error = [quote.applicationId, quote.decisionDeadline];
  if (rng.chance(0.3)) {
    // Earlier, releasable applications of the call are undone too.
    const others = releasableSingles(ctx).filter((s) => sameGroup(s.quote, quote));
    const quotes = [...rng.sample(others, rng.int(0, Math.min(3, others.length))).map((s) => s.quote), quote];
    note(ctx, "invalid.releaseLate.releaseMany", {
      late: short(quote.applicationId),
      applications: quotes.map((q) => short(q.applicationId)),
    });
    await expectRevert(
      f.call(settler, "releaseEscrowMany", [quote.authorityId, quote.token, quotes.map(toSettlement)]),
      "EscrowDeadlinePassed",
      error,
    );
    for (const q of quotes) ctx.touchedSingles.add(q.applicationId);
    return;
  }
  note(ctx, "invalid.releaseLate.release", describeQuote(ctx, quote));
  await expectRevert(
    f.call(settler, "releaseEscrowByAuthority", [toEscrowRecord(quote)]),
    "EscrowDeadlinePassed",
    error,
  );
  ctx.touchedSingles.add(quote.applicationId);
}

/** Paying a quote after it expired. */
async function expiredQuote(ctx: RunContext) {
  const { f, rng } = ctx;
  const payer = rng.pick(f.accounts.payers);
  const authority = rng.pick(f.authorities);
  const expiresAt = ctx.clock - BigInt(rng.int(1, 2 * hour));
  const method = rng.pick(["pay", "payWithPermit", "payWithAuthorization", "payBatch"] as const);
  ctx.touched.add(payer.address);
  if (method === "payBatch") {
    const quote = { ...newBatchQuote(ctx, payer, authority, rng.pick(ctx.model.tokens)), expiresAt };
    note(ctx, "invalid.expiredQuote.payBatch", describeBatchQuote(ctx, quote));
    await expectRevert(f.call(payer, "payBatch", [quote, await f.signBatchQuote(quote)]), "EscrowQuoteExpired", [
      quote.batchId,
      expiresAt,
    ]);
    return;
  }
  const token = method === "pay" ? rng.pick(ctx.model.tokens) : f.tokens.USDC;
  const quote = { ...(await newQuote(ctx, payer, authority, token)), expiresAt };
  note(ctx, `invalid.expiredQuote.${method}`, describeQuote(ctx, quote));
  await expectRevert(sendPayment(ctx, method, quote, payer), "EscrowQuoteExpired", [quote.applicationId, expiresAt]);
  expect(await readStatus(f, quote.applicationId)).toBe(EscrowStatus.None);
}

/** Paying a quote from an account other than its payer. */
async function wrongPayer(ctx: RunContext) {
  const { f, rng } = ctx;
  const [payer, sender] = rng.sample(f.accounts.payers, 2) as [HDAccount, HDAccount];
  const authority = rng.pick(f.authorities);
  const token = rng.pick(ctx.model.tokens);
  ctx.touched.add(payer.address).add(sender.address);
  if (rng.chance(0.3)) {
    const quote = newBatchQuote(ctx, payer, authority, token);
    note(ctx, "invalid.wrongPayer.payBatch", { ...describeBatchQuote(ctx, quote), sender: label(ctx, sender.address) });
    await expectRevert(f.call(sender, "payBatch", [quote, await f.signBatchQuote(quote)]), "EscrowWrongPayer", [
      quote.batchId,
      payer.address,
      sender.address,
    ]);
    return;
  }
  const quote = await newQuote(ctx, payer, authority, token);
  note(ctx, "invalid.wrongPayer.pay", { ...describeQuote(ctx, quote), sender: label(ctx, sender.address) });
  await expectRevert(f.call(sender, "pay", [quote, await f.signQuote(quote)]), "EscrowWrongPayer", [
    quote.applicationId,
    payer.address,
    sender.address,
  ]);
}

/** Settling an index past the end of a batch (after some valid ones, which are undone). */
async function indexOutOfRange(ctx: RunContext) {
  const { f, rng } = ctx;
  const batch = rng.pick(ctx.model.batches());
  const { record } = batch;
  const outside = batch.fees.length + rng.int(0, 5);
  const open = openIndexes(batch);
  const indexes = [...rng.sample(open, rng.int(0, Math.min(3, open.length))), outside];
  note(ctx, "invalid.indexOutOfRange.refundBatch", { ...describeBatch(ctx, batch), indexes });
  await expectRevert(
    f.call(authorityOf(ctx, record.authorityId).settler, "refundBatch", [record, indexes.map(BigInt)]),
    "EscrowBatchIndexOutOfRange",
    [record.batchId, BigInt(outside)],
  );
  for (const index of indexes.slice(0, -1)) touchItem(ctx, record.batchId, index);
}

const settlementKinds = new Set([
  "releaseEscrowByAuthority",
  "releaseEscrowMany",
  "refundPaymentFee",
  "claimExpired",
  "releaseBatch",
  "refundBatch",
  "claimExpiredBatch",
  "withdrawFees",
]);

/** While the guardian has paused new payments, a payment fails and settlement still goes on. */
async function whilePaused(ctx: RunContext) {
  const { f, rng } = ctx;
  const payer = rng.pick(f.accounts.payers);
  const authority = rng.pick(f.authorities);
  const method = rng.pick(["pay", "payWithPermit", "payWithAuthorization", "payBatch"] as const);
  ctx.touched.add(payer.address);
  await f.call(f.accounts.guardian, "setPaused", [true]);
  if (method === "payBatch") {
    const quote = newBatchQuote(ctx, payer, authority, rng.pick(ctx.model.tokens));
    note(ctx, "invalid.paused.payBatch", describeBatchQuote(ctx, quote));
    await expectRevert(f.call(payer, "payBatch", [quote, await f.signBatchQuote(quote)]), "EscrowPaused", []);
  } else {
    const quote = await newQuote(ctx, payer, authority, method === "pay" ? rng.pick(ctx.model.tokens) : f.tokens.USDC);
    note(ctx, `invalid.paused.${method}`, describeQuote(ctx, quote));
    await expectRevert(sendPayment(ctx, method, quote, payer), "EscrowPaused", []);
  }
  const settlements = operations.filter((o) => settlementKinds.has(o.kind) && o.applicable(ctx));
  if (settlements.length > 0) {
    ctx.prefix = "while paused: ";
    await rng.weighted(settlements).run(ctx);
  }
  await f.call(f.accounts.guardian, "setPaused", [false]);
}

/** Withdrawing fees as anyone but the treasury. */
async function notTreasury(ctx: RunContext) {
  const { f, rng } = ctx;
  const caller = rng.pick([
    f.accounts.stranger,
    f.accounts.relayer,
    f.accounts.deployer,
    rng.pick(f.accounts.payers),
    ...f.authorities.flatMap((a) => [a.payout, a.settler]),
  ]);
  const token = rng.pick(ctx.model.tokens);
  note(ctx, "invalid.notTreasury.withdrawFees", { token: ctx.symbols.get(token), caller: label(ctx, caller.address) });
  await expectRevert(f.call(caller, "withdrawFees", [token]), "EscrowNotTreasury", [caller.address]);
  ctx.touched.add(caller.address);
}

const hasOpenSingle = (ctx: RunContext) => openSingles(ctx).length > 0;
const hasOpenBatch = (ctx: RunContext) => openBatches(ctx).length > 0;

/** Every random operation with its weight; invalid ones make up about a fifth of the mix. */
const operations: Operation[] = [
  { kind: "pay", weight: 12, applicable: () => true, run: (ctx) => pay(ctx, "pay") },
  { kind: "payWithPermit", weight: 5, applicable: () => true, run: (ctx) => pay(ctx, "payWithPermit") },
  { kind: "payWithAuthorization", weight: 5, applicable: () => true, run: (ctx) => pay(ctx, "payWithAuthorization") },
  { kind: "payBatch", weight: 6, applicable: () => true, run: payBatch },
  { kind: "release", weight: 9, applicable: (ctx) => releasableSingles(ctx).length > 0, run: release },
  { kind: "releaseMany", weight: 4, applicable: (ctx) => releaseGroups(ctx).length > 0, run: releaseMany },
  { kind: "refund", weight: 5, applicable: hasOpenSingle, run: refund },
  { kind: "claimExpired", weight: 5, applicable: (ctx) => claimableSingles(ctx).length > 0, run: claimExpired },
  ...(["releaseBatch", "refundBatch", "claimExpiredBatch"] as const).map(
    (method): Operation => ({
      kind: method,
      weight: method === "releaseBatch" ? 6 : 4,
      applicable: (ctx) => batchesFor(ctx, method).length > 0,
      run: (ctx) => settleBatch(ctx, method),
    }),
  ),
  { kind: "withdrawFees", weight: 3, applicable: () => true, run: withdrawFees },
  advanceTimeOperation,
  { kind: "invalid.doublePay", weight: 2.5, applicable: (ctx) => ctx.model.singles().length > 0, run: doublePay },
  {
    kind: "invalid.settleSettled",
    weight: 2.5,
    applicable: (ctx) =>
      ctx.model.singles().some((s) => s.status !== EscrowStatus.Open) ||
      ctx.model.batches().some((b) => b.statuses.some((s) => s !== EscrowStatus.Open)),
    run: settleSettled,
  },
  { kind: "invalid.settleTwice", weight: 1.5, applicable: hasOpenBatch, run: settleTwiceInOneCall },
  {
    kind: "invalid.wrongSettler",
    weight: 2.5,
    applicable: (ctx) => hasOpenSingle(ctx) || hasOpenBatch(ctx),
    run: wrongSettler,
  },
  {
    kind: "invalid.tampered",
    weight: 3,
    applicable: (ctx) => hasOpenSingle(ctx) || hasOpenBatch(ctx),
    run: tamperedRecord,
  },
  {
    kind: "invalid.claimEarly",
    weight: 2,
    applicable: (ctx) => releasableSingles(ctx).length > 0 || batchesFor(ctx, "releaseBatch").length > 0,
    run: claimEarly,
  },
  {
    kind: "invalid.releaseLate",
    weight: 2,
    applicable: (ctx) => claimableSingles(ctx).length > 0 || batchesFor(ctx, "claimExpiredBatch").length > 0,
    run: releaseLate,
  },
  { kind: "invalid.expiredQuote", weight: 2, applicable: () => true, run: expiredQuote },
  { kind: "invalid.wrongPayer", weight: 1.5, applicable: () => true, run: wrongPayer },
  {
    kind: "invalid.indexOutOfRange",
    weight: 1.5,
    applicable: (ctx) => ctx.model.batches().length > 0,
    run: indexOutOfRange,
  },
  { kind: "invalid.notTreasury", weight: 1, applicable: () => true, run: notTreasury },
  { kind: "invalid.paused", weight: 1, applicable: () => true, run: whilePaused },
];

/** Settles every application still open (claiming where the deadline passed), then withdraws the fees. */
async function drain(ctx: RunContext): Promise<void> {
  const { f, model } = ctx;
  const next = async (run: () => Promise<void>) => {
    ctx.step += 1;
    beginStep(ctx);
    await run();
    await checkInvariants(ctx, "touched");
  };
  for (const { quote } of openSingles(ctx)) {
    await next(async () => {
      const claim = claimable(ctx, quote.decisionDeadline);
      note(ctx, claim ? "drain.claimExpired" : "drain.refund", describeQuote(ctx, quote));
      const caller = claim ? account(ctx, quote.payer) : authorityOf(ctx, quote.authorityId).settler;
      const receipt = await f.call(caller, claim ? "claimExpired" : "refundPaymentFee", [toEscrowRecord(quote)]);
      expectTransfers(
        ctx,
        receipt,
        model.returnSingle(quote.applicationId, claim ? EscrowStatus.Claimed : EscrowStatus.Refunded),
      );
      ctx.touchedSingles.add(quote.applicationId);
    });
  }
  for (const batch of openBatches(ctx)) {
    await next(async () => {
      const { record } = batch;
      const claim = claimable(ctx, record.decisionDeadline);
      const indexes = openIndexes(batch);
      note(ctx, claim ? "drain.claimExpiredBatch" : "drain.refundBatch", { ...describeBatch(ctx, batch), indexes });
      const caller = claim ? account(ctx, record.payer) : authorityOf(ctx, record.authorityId).settler;
      const receipt = await f.call(caller, claim ? "claimExpiredBatch" : "refundBatch", [record, indexes.map(BigInt)]);
      const outcome = claim ? EscrowStatus.Claimed : EscrowStatus.Refunded;
      expectTransfers(ctx, receipt, model.returnBatch(record.batchId, indexes, outcome));
      for (const index of indexes) touchItem(ctx, record.batchId, index);
    });
  }
  for (const token of model.tokens) {
    await next(async () => {
      note(ctx, "drain.withdrawFees", { token: ctx.symbols.get(token), accrued: model.feesAccrued(token) });
      expectTransfers(ctx, await f.call(f.accounts.treasury, "withdrawFees", [token]), model.withdrawFees(token));
      // Nothing open and no fees: the escrow must be empty, to the last unit.
      expect(model.escrowHeld(token)).toBe(0n);
    });
  }
}

// ---------------------------------------------------------------- quotes and amounts

/** An authority fee: mostly 1–500 tokens at full precision (odd values), sometimes a few units. */
function randomFee(rng: Rng): bigint {
  return rng.chance(0.05) ? rng.bigint(1n, 999n) : rng.bigint(1_000_000n, 500_000_000n);
}

/** Platform fee bps within the fixture's 100 bps cap; often Entrada's default of 10. */
function randomBps(rng: Rng): number {
  return rng.chance(0.4) ? 10 : rng.int(0, 100);
}

/** Hours to days after the clock, so that some applications expire during the run. */
function randomDeadline(ctx: RunContext): bigint {
  const { rng } = ctx;
  return ctx.clock + BigInt(rng.chance(0.5) ? rng.int(hour, 12 * hour) : rng.int(12 * hour, 4 * day));
}

/** Payable until the chain is surely past any block of this step (see {@link margin}). */
function freshExpiry(ctx: RunContext): bigint {
  return ctx.clock + margin + 900n;
}

async function newQuote(
  ctx: RunContext,
  payer: HDAccount,
  authority: FixtureAuthority,
  token: Address,
): Promise<Quote> {
  const { rng } = ctx;
  const fee = randomFee(rng);
  // Either bps of the fee (rounded down) or any fee up to the cap: platformFee * 10_000 <= fee * 100.
  const platformFee = rng.chance(0.7) ? (fee * BigInt(randomBps(rng))) / 10_000n : rng.bigint(0n, fee / 100n);
  return ctx.f.makeQuote({
    payer: payer.address,
    authorityId: authority.id,
    token,
    amount: fee + platformFee,
    platformFee,
    decisionDeadline: randomDeadline(ctx),
    expiresAt: freshExpiry(ctx),
  });
}

function newBatchQuote(ctx: RunContext, payer: HDAccount, authority: FixtureAuthority, token: Address): BatchQuote {
  const { rng } = ctx;
  return {
    batchId: ctx.f.newId("batch"),
    authorityId: authority.id,
    token,
    payer: payer.address,
    fees: Array.from({ length: rng.int(1, 12) }, () => randomFee(rng)),
    platformFeeBps: randomBps(rng),
    decisionDeadline: randomDeadline(ctx),
    expiresAt: freshExpiry(ctx),
  };
}

function batchItemId(batchId: Hex, index: number): Hex {
  return keccak256(encodeAbiParameters([{ type: "bytes32" }, { type: "uint256" }], [batchId, BigInt(index)]));
}

// ---------------------------------------------------------------- model queries

/** Surely before the deadline for any block of this step. */
function releasable(ctx: RunContext, decisionDeadline: bigint): boolean {
  return decisionDeadline >= ctx.clock + margin;
}

/** Surely after the deadline for any block of this step. */
function claimable(ctx: RunContext, decisionDeadline: bigint): boolean {
  return decisionDeadline < ctx.clock;
}

function openSingles(ctx: RunContext): SingleEscrow[] {
  return ctx.model.singles().filter((s) => s.status === EscrowStatus.Open);
}

function releasableSingles(ctx: RunContext): SingleEscrow[] {
  return openSingles(ctx).filter((s) => releasable(ctx, s.quote.decisionDeadline));
}

function claimableSingles(ctx: RunContext): SingleEscrow[] {
  return openSingles(ctx).filter((s) => claimable(ctx, s.quote.decisionDeadline));
}

function sameGroup(a: Quote, b: Quote): boolean {
  return (
    a.applicationId !== b.applicationId &&
    a.authorityId === b.authorityId &&
    getAddress(a.token) === getAddress(b.token)
  );
}

/** Releasable applications by authority and token, where there are two or more (for releaseMany). */
function releaseGroups(ctx: RunContext): Quote[][] {
  const groups = new Map<string, Quote[]>();
  for (const { quote } of releasableSingles(ctx)) {
    const key = `${quote.authorityId}:${getAddress(quote.token)}`;
    groups.set(key, [...(groups.get(key) ?? []), quote]);
  }
  return [...groups.values()].filter((g) => g.length >= 2);
}

function openBatches(ctx: RunContext): BatchEscrow[] {
  return ctx.model.batches().filter((b) => b.statuses.includes(EscrowStatus.Open));
}

function openIndexes(batch: BatchEscrow): number[] {
  return batch.statuses.flatMap((s, i) => (s === EscrowStatus.Open ? [i] : []));
}

function authorityOf(ctx: RunContext, authorityId: Hex): FixtureAuthority {
  const authority = ctx.f.authorities.find((a) => a.id === authorityId);
  if (authority === undefined) throw new Error(`harness: unknown authority ${authorityId}`);
  return authority;
}

function account(ctx: RunContext, address: Address): HDAccount {
  const found = ctx.accounts.get(getAddress(address));
  if (found === undefined) throw new Error(`harness: no key for ${address}`);
  return found;
}

/** A caller for a permissionless call: often the payer, otherwise anyone at all. */
function anyone(ctx: RunContext, payer: Address): HDAccount {
  const { f, rng } = ctx;
  if (rng.chance(0.4)) return account(ctx, payer);
  return rng.pick([
    f.accounts.relayer,
    f.accounts.stranger,
    f.accounts.treasury,
    rng.pick(f.accounts.payers),
    rng.pick(f.authorities).settler,
    rng.pick(f.authorities).payout,
  ]);
}

/** Anyone but the settler of `authorityId`: strangers, the payer, its payout, other settlers. */
function wrongCaller(ctx: RunContext, authorityId: Hex, payer: Address): HDAccount {
  const { f, rng } = ctx;
  const own = authorityOf(ctx, authorityId);
  return rng.pick([
    f.accounts.stranger,
    f.accounts.relayer,
    f.accounts.treasury,
    account(ctx, payer),
    own.payout,
    ...f.authorities.filter((a) => a.id !== own.id).map((a) => a.settler),
  ]);
}

function touchItem(ctx: RunContext, batchId: Hex, index: number): void {
  ctx.touchedItems.set(`${batchId}:${index}`, { batchId, index });
}

/** Marks an application or every item of a batch for the step's status check. */
function touchId(ctx: RunContext, id: Hex): void {
  const batch = ctx.model.batches().find((b) => b.record.batchId === id);
  if (batch === undefined) ctx.touchedSingles.add(id);
  else for (let index = 0; index < batch.fees.length; index += 1) touchItem(ctx, id, index);
}

// ---------------------------------------------------------------- chain reads

function readFeesAccrued(f: EscrowFixture, token: Address): Promise<bigint> {
  return f.chain.publicClient.readContract({
    address: f.escrow,
    abi: VisaFeeEscrow.abi,
    functionName: "feesAccrued",
    args: [token],
  });
}

function readAllowance(f: EscrowFixture, token: Address, owner: Address): Promise<bigint> {
  // DevUSDT's allowance getter has the same signature as the ERC-20 one.
  return f.chain.publicClient.readContract({
    address: token,
    abi: FiatTokenV2_2.abi,
    functionName: "allowance",
    args: [owner, f.escrow],
  });
}

function readStatus(f: EscrowFixture, applicationId: Hex): Promise<number> {
  return f.chain.publicClient.readContract({
    address: f.escrow,
    abi: VisaFeeEscrow.abi,
    functionName: "escrowStatus",
    args: [applicationId],
  });
}

async function readBatchItem(f: EscrowFixture, batchId: Hex, index: number): Promise<[number, bigint]> {
  const [status, fee] = await f.chain.publicClient.readContract({
    address: f.escrow,
    abi: VisaFeeEscrow.abi,
    functionName: "batchItem",
    args: [batchId, BigInt(index)],
  });
  return [status, fee];
}

// ---------------------------------------------------------------- descriptions

function slug(authorityId: Hex): string {
  return hexToString(authorityId, { size: 32 }).replace(/\0+$/, "");
}

function short(id: Hex): string {
  return `${id.slice(0, 10)}…`;
}

function label(ctx: RunContext, address: Address): string {
  return ctx.labels.get(getAddress(address)) ?? address;
}

function describeQuote(ctx: RunContext, q: Quote): Record<string, unknown> {
  return {
    id: short(q.applicationId),
    authority: slug(q.authorityId),
    token: ctx.symbols.get(getAddress(q.token)),
    payer: label(ctx, q.payer),
    amount: q.amount,
    platformFee: q.platformFee,
    deadlineIn: q.decisionDeadline - ctx.clock,
  };
}

function describeBatchQuote(ctx: RunContext, q: BatchQuote): Record<string, unknown> {
  return {
    id: short(q.batchId),
    authority: slug(q.authorityId),
    token: ctx.symbols.get(getAddress(q.token)),
    payer: label(ctx, q.payer),
    fees: q.fees,
    bps: q.platformFeeBps,
    deadlineIn: q.decisionDeadline - ctx.clock,
  };
}

function describeBatch(ctx: RunContext, b: BatchEscrow): Record<string, unknown> {
  return { ...describeBatchQuote(ctx, { ...b.record, fees: b.fees, expiresAt: 0n }), statuses: b.statuses.join("") };
}

function describeTransfer(ctx: RunContext, t: TokenTransfer): string {
  return `${t.value} ${ctx.symbols.get(t.token) ?? t.token} ${label(ctx, t.from)} -> ${label(ctx, t.to)}`;
}

function stringify(value: unknown): string {
  const text = JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v));
  return text.length > 800 ? `${text.slice(0, 800)}…` : text;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** A non-negative integer from the environment (decimal or 0x hex), or undefined when unset. */
function envInteger(name: string): number | undefined {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

// ---------------------------------------------------------------- tests

describe("VisaFeeEscrow invariants", () => {
  let f: EscrowFixture;
  let base: Hex;

  beforeAll(async () => {
    f = await createEscrowFixture();
    base = await f.chain.snapshot();
  }, 120_000);

  /** Back to the freshly deployed fixture (a snapshot is used up by reverting to it). */
  async function reset(): Promise<void> {
    await f.chain.revert(base);
    base = await f.chain.snapshot();
  }

  test.each(seeds)(
    `holds the escrow's balance to its open escrows plus accrued fees and pays only the authority of record, the treasury or the payer, over ${operationCount} random operations (seed %i)`,
    async (seed) => {
      await reset();
      const counts = await runInvariant(f, seed, operationCount);
      if (operationCount >= 1000) {
        // Every kind of operation ran, so the run proves what it claims to.
        const missing = operations
          .map((o) => o.kind)
          .filter((kind) => ![...counts.keys()].some((k) => k.startsWith(kind)));
        expect(missing, `seed=${seed}`).toEqual([]);
      }
    },
    300_000,
  );

  test("payBatch pulls exactly Σ(fee + ⌊fee·bps/10⁴⌋); releasing any subset and refunding the rest pays each party exactly its share", async () => {
    await reset();
    const payer = f.accounts.payers[0]!;
    const authority = f.authorities[1]!;
    // Mostly fees up to 2^40, sometimes near the largest fee a batch stores (2^56 - 1); 40 of
    // them are far above the fixture's funding.
    const feeArbitrary = fc.oneof(
      { arbitrary: fc.bigInt({ min: 1n, max: 2n ** 40n }), weight: 9 },
      { arbitrary: fc.bigInt({ min: 2n ** 55n, max: 2n ** 56n - 1n }), weight: 1 },
    );
    for (const token of [f.tokens.USDC, f.tokens.USDT]) {
      await f.send(f.accounts.deployer, {
        address: token,
        abi: FiatTokenV2_2.abi,
        functionName: "mint",
        args: [payer.address, 2n ** 64n],
      });
    }
    let snapshot = await f.chain.snapshot();
    const balances = (token: Address) =>
      Promise.all([
        f.balanceOf(token, payer.address),
        f.balanceOf(token, authority.payout.address),
        f.balanceOf(token, f.escrow),
        readFeesAccrued(f, token),
      ]);

    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ fee: feeArbitrary, release: fc.boolean() }), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.integer({ min: 0, max: 100 }),
        fc.constantFrom("USDC" as const, "USDT" as const),
        async (items, platformFeeBps, symbol) => {
          await f.chain.revert(snapshot);
          snapshot = await f.chain.snapshot();
          const token = f.tokens[symbol];
          const platform = (fee: bigint) => (fee * BigInt(platformFeeBps)) / 10_000n;
          const sum = (list: typeof items, part: (fee: bigint) => bigint) =>
            list.reduce((s, { fee }) => s + part(fee), 0n);
          const released = items.filter((i) => i.release);
          const refunded = items.filter((i) => !i.release);
          const t = await f.now();
          const quote: BatchQuote = {
            batchId: f.newId("batch"),
            authorityId: authority.id,
            token,
            payer: payer.address,
            fees: items.map((i) => i.fee),
            platformFeeBps,
            decisionDeadline: t + 7n * BigInt(day),
            expiresAt: t + 900n,
          };
          const total = sum(items, (fee) => fee + platform(fee));
          const [payer0, payout0, escrow0, accrued0] = await balances(token);

          await f.approve(token, payer, total);
          await f.call(payer, "payBatch", [quote, await f.signBatchQuote(quote)]);
          expect(await balances(token)).toEqual([payer0 - total, payout0, escrow0 + total, accrued0]);

          const { fees: _fees, expiresAt: _expiresAt, ...record } = quote;
          const indexesOf = (release: boolean) =>
            items.flatMap((item, i) => (item.release === release ? [BigInt(i)] : []));
          if (released.length > 0) await f.call(authority.settler, "releaseBatch", [record, indexesOf(true)]);
          if (refunded.length > 0) await f.call(authority.settler, "refundBatch", [record, indexesOf(false)]);
          const releasedPlatform = sum(released, platform);
          expect(await balances(token)).toEqual([
            payer0 - total + sum(refunded, (fee) => fee + platform(fee)),
            payout0 + sum(released, (fee) => fee),
            escrow0 + releasedPlatform,
            accrued0 + releasedPlatform,
          ]);
        },
      ),
      { numRuns: 15 },
    );
  }, 120_000);
});
