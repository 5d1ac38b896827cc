import type { Deployment } from "@entrada/contracts";
import { VisaFeeEscrow } from "@entrada/contracts";
import { applications, type Database, payments, quotes } from "@entrada/db";
import { and, eq, inArray } from "drizzle-orm";
import { type Chain, erc20Abi, type Hex, type PublicClient, type Transport } from "viem";

/**
 * Where an application must end after a scenario, in the database and on chain; `returned`: its
 * payment is gone from the chain and the application is back to `submitted`, to be paid again;
 * `paidOrReturned`: either of `paid` and `returned`, as long as the database and the chain agree.
 */
export type ExpectedOutcome = "paid" | "issued" | "refunded" | "returned" | "paidOrReturned";

/** An application the scenario drove, with what it should become. */
export type TrackedApplication = {
  applicationId: string;
  onchainId: Hex;
  expect: ExpectedOutcome;
  total: bigint;
  platformFee: bigint;
};

/** What {@link checkLedger} found. */
export type LedgerReport = {
  /** Every tracked application is where it should be, in the database and on chain, and the escrow's balance matches. */
  settled: boolean;
  paymentsChecked: number;
  /**
   * Token units the database and the chain disagree on: paid on chain but unknown to the database
   * (or the reverse), settled one way on chain and another in the database, and the escrow's
   * balance against what the database says it holds.
   */
  unitsLost: bigint;
  /** Second payments or settlements of one application: on chain (events) or in the database (rows). */
  duplicates: number;
  /** One line per disagreement, for the report. */
  problems: string[];
};

/** `IVisaFeeEscrow.EscrowStatus`. */
const escrowStatuses = ["None", "Open", "Released", "Refunded", "Claimed"] as const;

/** Database states in which the escrow must hold the application's payment. */
const heldStates = new Set(["paid", "under_review", "needs_info", "approved", "rejected", "expired"]);
/** Database states in which no payment is known. */
const unpaidStates = new Set(["draft", "submitted", "payment_pending", "cancelled"]);

type Outcome = { db: readonly string[]; chain: (typeof escrowStatuses)[number] };
const paid: Outcome = { db: ["paid", "under_review"], chain: "Open" };
const returned: Outcome = { db: ["submitted"], chain: "None" };
const expectedStates: Record<ExpectedOutcome, readonly Outcome[]> = {
  paid: [paid],
  issued: [{ db: ["issued"], chain: "Released" }],
  refunded: [{ db: ["refunded"], chain: "Refunded" }],
  returned: [returned],
  paidOrReturned: [paid, returned],
};

/**
 * Compares the database with the escrow, for the tracked applications and for the whole escrow:
 * each application's state, quote and payment rows against the escrow's `escrowStatus` view and its
 * event logs (one `EscrowPaid`, at most one settlement), and the escrow's USDC balance and
 * `feesAccrued` against what the database says is held (payments of applications not yet settled)
 * and earned (platform fees of issued ones).
 *
 * @example
 * const report = await checkLedger({ db, client, deployment, tracked });
 * report.settled && report.unitsLost === 0n && report.duplicates === 0;
 */
export async function checkLedger(parameters: {
  db: Database;
  client: PublicClient<Transport, Chain>;
  deployment: Deployment;
  tracked: readonly TrackedApplication[];
}): Promise<LedgerReport> {
  const { db, client, deployment, tracked } = parameters;
  const usdc = deployment.tokens.USDC;
  const problems: string[] = [];
  let unitsLost = 0n;
  let duplicates = 0;
  let settled = true;

  // Every escrow event since the deployment: counted per application.
  const logs = await client.getContractEvents({
    address: deployment.escrow,
    abi: VisaFeeEscrow.abi,
    fromBlock: BigInt(deployment.startBlock),
    toBlock: "latest",
  });
  const eventsOf = new Map<string, Record<string, number>>();
  let paidOnChain = 0n;
  let paidOut = 0n;
  let feesOnChain = 0n;
  // Settlement events carry only the application id: what moved is in the application's
  // `EscrowPaid` (logs come in chain order, so the payment is always seen first).
  const paidIn = new Map<string, { amount: bigint; platformFee: bigint }>();
  for (const log of logs) {
    const args = log.args as { applicationId?: Hex; amount?: bigint; platformFee?: bigint; token?: Hex };
    if (args.applicationId === undefined) continue;
    const counts = eventsOf.get(args.applicationId) ?? {};
    counts[log.eventName] = (counts[log.eventName] ?? 0) + 1;
    eventsOf.set(args.applicationId, counts);
    if (log.eventName === "EscrowPaid" && args.token?.toLowerCase() === usdc.toLowerCase()) {
      paidOnChain += args.amount!;
      paidIn.set(args.applicationId, { amount: args.amount!, platformFee: args.platformFee! });
    }
    const paid = paidIn.get(args.applicationId);
    if (paid === undefined) continue;
    if (log.eventName === "EscrowReleased") {
      paidOut += paid.amount - paid.platformFee;
      feesOnChain += paid.platformFee;
    }
    if (log.eventName === "EscrowRefunded" || log.eventName === "EscrowClaimed") paidOut += paid.amount;
  }

  const ids = tracked.map((application) => application.applicationId);
  const rows = ids.length === 0 ? [] : await db.select().from(applications).where(inArray(applications.id, ids));
  const paymentRows =
    ids.length === 0 ? [] : await db.select().from(payments).where(inArray(payments.applicationId, ids));
  const paidQuotes =
    ids.length === 0
      ? []
      : await db
          .select()
          .from(quotes)
          .where(and(inArray(quotes.applicationId, ids), eq(quotes.status, "paid")));

  for (const application of tracked) {
    const short = application.applicationId.slice(0, 8);
    const row = rows.find((candidate) => candidate.id === application.applicationId);
    const state = row?.state ?? "missing";
    const status =
      escrowStatuses[
        await client.readContract({
          address: deployment.escrow,
          abi: VisaFeeEscrow.abi,
          functionName: "escrowStatus",
          args: [application.onchainId],
        })
      ] ?? "None";
    const events = eventsOf.get(application.onchainId) ?? {};
    const confirmed = paymentRows.filter(
      (payment) => payment.applicationId === application.applicationId && payment.status === "confirmed",
    ).length;
    const quotesPaid = paidQuotes.filter((quote) => quote.applicationId === application.applicationId).length;
    const expected = expectedStates[application.expect];

    if (!expected.some((outcome) => outcome.db.includes(state) && outcome.chain === status)) {
      settled = false;
      problems.push(`${short}: ${state} in the database, ${status} on chain; expected ${application.expect}`);
    }
    for (const [name, count] of Object.entries(events)) {
      if (count > 1) {
        duplicates += count - 1;
        problems.push(`${short}: ${count} ${name} events`);
      }
    }
    if (confirmed > 1 || quotesPaid > 1) {
      duplicates += Math.max(confirmed, quotesPaid) - 1;
      problems.push(`${short}: ${confirmed} confirmed payment rows, ${quotesPaid} paid quotes`);
    }
    // Money the two sides disagree on, whatever the expectation.
    const knownPaid = !unpaidStates.has(state) && state !== "missing";
    if (status === "None" && knownPaid) {
      unitsLost += application.total;
      problems.push(`${short}: the database says ${state}, the escrow never received the payment`);
    } else if (status !== "None" && !knownPaid) {
      unitsLost += application.total;
      problems.push(`${short}: the escrow holds the payment (${status}), the database says ${state}`);
    } else if (
      (status === "Released" && state === "refunded") ||
      ((status === "Refunded" || status === "Claimed") && state === "issued")
    ) {
      unitsLost += application.total;
      problems.push(`${short}: ${status} on chain but ${state} in the database`);
    }
  }

  // The whole escrow: its balance is what the database says it holds plus the fees it earned.
  const [balance, feesAccrued, held] = await Promise.all([
    client.readContract({ address: usdc, abi: erc20Abi, functionName: "balanceOf", args: [deployment.escrow] }),
    client.readContract({
      address: deployment.escrow,
      abi: VisaFeeEscrow.abi,
      functionName: "feesAccrued",
      args: [usdc],
    }),
    heldByDatabase(db, usdc),
  ]);
  if (balance !== paidOnChain - paidOut) {
    problems.push(`escrow balance ${balance} ≠ paid ${paidOnChain} − paid out ${paidOut} in its events`);
  }
  if (feesAccrued !== feesOnChain) problems.push(`feesAccrued ${feesAccrued} ≠ ${feesOnChain} in release events`);
  const dbBalance = held.held + held.fees;
  if (balance !== dbBalance) {
    const gap = balance > dbBalance ? balance - dbBalance : dbBalance - balance;
    unitsLost += gap;
    settled = false;
    problems.push(`escrow balance ${balance} ≠ ${held.held} held + ${held.fees} fees earned per the database`);
  }
  return { settled, paymentsChecked: tracked.length, unitsLost, duplicates, problems };
}

/** What the database says the escrow holds in `token`: unsettled payments, and platform fees of issued applications. */
async function heldByDatabase(db: Database, token: Hex): Promise<{ held: bigint; fees: bigint }> {
  const rows = await db
    .select({ state: applications.state, amount: payments.amount, quoteId: payments.quoteId })
    .from(payments)
    .innerJoin(applications, eq(applications.id, payments.applicationId))
    .where(and(eq(payments.status, "confirmed"), eq(payments.token, token.toLowerCase() as Hex)));
  let held = 0n;
  const issuedQuotes: string[] = [];
  for (const row of rows) {
    if (heldStates.has(row.state)) held += row.amount;
    if (row.state === "issued" && row.quoteId !== null) issuedQuotes.push(row.quoteId);
  }
  let fees = 0n;
  if (issuedQuotes.length > 0) {
    for (const quote of await db.select().from(quotes).where(inArray(quotes.id, issuedQuotes)))
      fees += quote.platformFee;
  }
  return { held, fees };
}
