import { randomUUID } from "node:crypto";
import { VisaFeeEscrow } from "@entrada/contracts";
import type { ApplicationState } from "@entrada/core";
import { applications, type Database, quotes, type SettlementKind, settlementJobs } from "@entrada/db";
import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { type Address, getAddress, type Hex } from "viem";
import type { Relayer, RelayerSendReturnType, Relayers } from "../chain/Relayer.ts";
import { SettlerUnavailableError } from "../errors/payment.ts";
import {
  classifyIssuerHold,
  classifySettlementFailure,
  type IssuerHeldAccount,
  isIssuerHoldRevert,
  type SettlementFailure,
} from "./classifySettlementFailure.ts";
import type { SettlementJob } from "./enqueueSettlement.ts";
import { type IssuerHoldClient, readIssuerHold } from "./readIssuerHold.ts";

/** Logs blocked jobs (warn) and what each run did; a pino logger fits. */
export type SettlementWorkerLogger = {
  warn(object: Record<string, unknown>, message: string): void;
  info?(object: Record<string, unknown>, message: string): void;
};

/** Parameters of {@link createSettlementWorker}. */
export type CreateSettlementWorkerParameters = {
  db: Database;
  /**
   * Releases and refunds go through the authority's settler, claims through the payment relayer, on
   * the job's chain: the relayers of one chain, or those of each chain served (`undefined` for a chain
   * no longer served: the job waits and retries).
   */
  relayers: Relayers | ((chainId: number) => Relayers | undefined);
  clock: () => Date;
  /**
   * View calls on the job's chain, to read before each send whether the token's issuer holds the
   * settlement (`paused()`, `isBlacklisted` of the escrow and of the payer or the payout), so that a
   * held one is not sent and is re-checked cheaply. Without it (or when the read fails) the relayer's
   * pre-flight finds the same hold from the revert.
   */
  readChain?: ((chainId: number) => IssuerHoldClient | undefined) | undefined;
  logger?: SettlementWorkerLogger | undefined;
  /** Names this worker's claims (default: a random one per instance). */
  workerId?: string | undefined;
  /** Most jobs one run works (default 20); the next run takes the rest. */
  batchSize?: number | undefined;
  /** How long a claim lasts (default 60 s); past it another worker may take the job (this one died). */
  leaseMs?: number | undefined;
  /** How soon a sent transaction is checked again for its receipt (default 2 s). */
  pollMs?: number | undefined;
  /** Retry delays: `baseMs` after the first failure, doubling, at most `maxMs` (default 5 s to 5 min). */
  backoff?: { baseMs: number; maxMs: number } | undefined;
};

/** What one {@link SettlementWorker.runDue} did, job by job. */
export type SettlementRunReturnType = {
  /** Handed to the relayer (or still waiting for their receipt). */
  sent: number;
  succeeded: number;
  blocked: number;
  /** Failed in a way that may pass; tried again after a backoff. */
  retrying: number;
  /** No longer wanted: the application left the state the settlement was for. */
  cancelled: number;
};

/** What {@link createSettlementWorker} returns. */
export type SettlementWorker = {
  /** Claims the jobs due now (`FOR UPDATE SKIP LOCKED`) and works each: send, check, classify. */
  runDue(): Promise<SettlementRunReturnType>;
  /**
   * Works one job now if it is due and no other worker holds it (the decision's first attempt, right
   * after its commit); returns the job as it is afterwards. A failure only changes the job: it throws
   * only when the database does.
   */
  attempt(jobId: number): Promise<SettlementJob>;
  /** Puts a blocked (or waiting) job back in the queue, due now: an operator's retry. */
  requeue(jobId: number): Promise<SettlementJob>;
};

/** The state the application is in while its settlement is owed, and the one the settlement leads to. */
const applicationStates: Record<SettlementKind, { owed: ApplicationState; settled: ApplicationState }> = {
  release: { owed: "approved", settled: "issued" },
  refund: { owed: "rejected", settled: "refunded" },
  claim: { owed: "expired", settled: "refunded" },
};

/**
 * Retry delay after `attempts` failed sends: `baseMs`, doubling each time, never above `maxMs`.
 *
 * @example
 * settlementBackoffMs(3, { baseMs: 5_000, maxMs: 300_000 }) // 20_000
 */
export function settlementBackoffMs(attempts: number, { baseMs, maxMs }: { baseMs: number; maxMs: number }): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 30);
  return Math.min(maxMs, baseMs * 2 ** exponent);
}

/**
 * The settlement worker: sends the escrow calls that decisions and expiries recorded
 * (`settlement_jobs`) until each is mined or visibly blocked.
 *
 * Several server processes share one database: a run claims due jobs with `FOR UPDATE SKIP LOCKED`
 * and a lease (`locked_until`), so no two workers hold a job at once; every write after the send is
 * guarded by the lease holder, and the relayer is idempotent per key, so even a worker that outlived
 * its lease never sends a second transaction. A crash between a decision's commit and its send
 * leaves a queued job that the next run (in this process after a restart, or in another) takes up.
 *
 * A job's transaction is looked up through the relayer with the same key (which returns its record
 * and sends nothing); mined → `succeeded`, reverted → `blocked` with the decoded error. Failures go
 * through {@link classifySettlementFailure}: retried with exponential backoff for ever, or blocked
 * (logged at warn with the cause) until an operator retries.
 *
 * @example
 * const worker = createSettlementWorker({ db, relayers, clock, logger });
 * setInterval(() => worker.runDue(), 1_000);
 */
export function createSettlementWorker({
  db,
  relayers,
  clock,
  readChain,
  logger,
  workerId = `settlement-${randomUUID()}`,
  batchSize = 20,
  leaseMs = 60_000,
  pollMs = 2_000,
  backoff = { baseMs: 5_000, maxMs: 300_000 },
}: CreateSettlementWorkerParameters): SettlementWorker {
  for (const [name, value] of Object.entries({ batchSize, leaseMs, pollMs, ...backoff })) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`createSettlementWorker: ${name} must be a whole number above 0, got ${value}`);
    }
  }

  /** Claims due, free jobs (`only`: that one), counting a send attempt for those not yet sent. */
  async function claim(limit: number, only?: number): Promise<SettlementJob[]> {
    const now = clock();
    return db.transaction(async (tx) => {
      const due = await tx
        .select({ id: settlementJobs.id })
        .from(settlementJobs)
        .where(
          and(
            lte(settlementJobs.nextAttemptAt, now),
            inArray(settlementJobs.status, ["queued", "sent", "blocked"]),
            or(isNull(settlementJobs.lockedUntil), lte(settlementJobs.lockedUntil, now)),
            only === undefined ? undefined : eq(settlementJobs.id, only),
          ),
        )
        .orderBy(asc(settlementJobs.nextAttemptAt), asc(settlementJobs.id))
        .limit(limit)
        .for("update", { skipLocked: true });
      if (due.length === 0) return [];
      const claimed = await tx
        .update(settlementJobs)
        .set({
          lockedBy: workerId,
          lockedUntil: new Date(now.getTime() + leaseMs),
          // Checking a sent transaction is not another attempt to send it.
          attempts: sql`${settlementJobs.attempts} + case when ${settlementJobs.status} = 'sent' then 0 else 1 end`,
        })
        .where(
          inArray(
            settlementJobs.id,
            due.map((row) => row.id),
          ),
        )
        .returning();
      return claimed.sort((a, b) => a.nextAttemptAt!.getTime() - b.nextAttemptAt!.getTime() || a.id - b.id);
    });
  }

  /** Writes the outcome of the work on a job this worker holds, and lets go of it. */
  async function finish(job: SettlementJob, changes: Partial<SettlementJob>): Promise<SettlementJob> {
    const [row] = await db
      .update(settlementJobs)
      .set({ ...changes, lockedBy: null, lockedUntil: null })
      .where(and(eq(settlementJobs.id, job.id), eq(settlementJobs.lockedBy, workerId)))
      .returning();
    // Another worker took it over after this one's lease ran out: its word stands.
    if (row !== undefined) return row;
    const [current] = await db.select().from(settlementJobs).where(eq(settlementJobs.id, job.id));
    return current!;
  }

  /** Records a failure: a retry after the backoff, or a block (logged with its cause). */
  async function fail(job: SettlementJob, failure: SettlementFailure, changes: Partial<SettlementJob> = {}) {
    const now = clock();
    if (failure.outcome === "retry") {
      return finish(job, {
        ...changes,
        lastErrorCode: failure.code,
        lastErrorMessage: failure.message,
        nextAttemptAt: new Date(now.getTime() + settlementBackoffMs(job.attempts, backoff)),
      });
    }
    const fields = {
      jobId: job.id,
      applicationId: job.applicationId,
      kind: job.kind,
      relayerKey: job.relayerKey,
      txHash: changes.txHash ?? job.txHash,
      code: failure.code,
      cause: failure.message,
    };
    if (failure.code !== "ENTRADA_SETTLEMENT_HELD_BY_ISSUER") {
      logger?.warn(fields, "settlement blocked");
    } else if (job.status === "blocked" && job.lastErrorCode === failure.code) {
      // A re-check that found the hold still there: once a few minutes, not worth a warning each.
      logger?.info?.({ ...fields, nextCheckInMs: failure.recheckAfterMs }, "settlement still held by the token issuer");
    } else {
      logger?.warn({ ...fields, nextCheckInMs: failure.recheckAfterMs }, "settlement held by the token issuer");
    }
    return finish(job, {
      ...changes,
      status: "blocked",
      lastErrorCode: failure.code,
      lastErrorMessage: failure.message,
      nextAttemptAt: failure.recheckAfterMs === undefined ? null : new Date(now.getTime() + failure.recheckAfterMs),
      finishedAt: now,
    });
  }

  function relayerFor(kind: SettlementKind, authorityId: string, chainId: number): Relayer {
    const onChain = typeof relayers === "function" ? relayers(chainId) : relayers;
    if (onChain === undefined) throw new Error(`chain ${chainId} is not served by this Entrada`);
    if (kind === "claim") return onChain.payments;
    const settler = onChain.settlers[authorityId];
    if (settler === undefined) throw new SettlerUnavailableError({ authorityId });
    return settler;
  }

  /**
   * The token issuer's hold on the job, read from the token before sending; `undefined` when there is
   * none, or when it cannot be read (the relayer's pre-flight then finds it from the revert).
   */
  async function issuerHoldOf(job: SettlementJob): Promise<SettlementFailure | undefined> {
    const client = readChain?.(job.chainId);
    if (client === undefined) return undefined;
    try {
      const [quote] = await db
        .select({ token: quotes.token, payer: quotes.payer, pricing: quotes.rateLegs })
        .from(quotes)
        .where(eq(quotes.id, job.quoteId));
      if (quote === undefined) return undefined;
      const accounts: IssuerHeldAccount[] = [{ role: "escrow", address: getAddress(job.to) }];
      if (job.kind === "release") {
        // The payout is the escrow's record of the authority; the transfer goes there.
        const { payout } = (await client.readContract({
          address: job.to,
          abi: VisaFeeEscrow.abi,
          functionName: "authority",
          args: [quote.pricing.authorityId],
        } as never)) as { payout: Address };
        accounts.push({ role: "payout", address: getAddress(payout) });
      } else {
        accounts.push({ role: "payer", address: getAddress(quote.payer) });
      }
      const hold = await readIssuerHold({
        client,
        token: getAddress(quote.token),
        accounts: accounts.map((account) => account.address as Address),
      });
      if (hold === null) return undefined;
      return classifyIssuerHold(job.kind, {
        paused: hold.paused,
        blacklisted: accounts.filter((account) => hold.blacklisted.includes(account.address as Address)),
      });
    } catch (error) {
      logger?.info?.(
        { err: error, jobId: job.id },
        "could not read the token issuer's hold; the relayer's pre-flight decides",
      );
      return undefined;
    }
  }

  /**
   * The relayer key to send the job under: its own, unless a transaction under it was mined and
   * reverted because the token's issuer held the money (blacklisted between the pre-flight and the
   * block, say). That key is spent, but the escrow record is still open, so once the hold is lifted
   * the call goes again as `<key>#2` (then `#3`…). The escrow settles a record at most once, so a
   * second transaction can never pay twice; each key is still sent at most once.
   */
  async function keyToSend(relayer: Relayer, base: string, resend: boolean): Promise<string> {
    let key = base;
    for (let n = 2; ; n += 1) {
      const record = await relayer.get(key);
      if (record?.status !== "failed" || !isIssuerHoldRevert(record.error)) return key;
      const next = `${base}#${n}`;
      // A sent job only looks its transaction up: the revert is recorded (held) before any resend.
      if (!resend && (await relayer.get(next)) === undefined) return key;
      key = next;
    }
  }

  /** Sends (or looks up) the job's transaction and records what became of it. */
  async function work(job: SettlementJob): Promise<SettlementJob> {
    const [application] = await db
      .select({ state: applications.state, authorityId: applications.authorityId })
      .from(applications)
      .where(eq(applications.id, job.applicationId));
    const states = applicationStates[job.kind];
    const now = clock();
    // The indexer saw the escrow's event: settled, whoever sent it.
    if (application?.state === states.settled) {
      return finish(job, { status: "succeeded", nextAttemptAt: null, lastErrorCode: null, finishedAt: now });
    }
    if (application?.state !== states.owed) {
      return finish(job, {
        status: "cancelled",
        nextAttemptAt: null,
        lastErrorCode: null,
        lastErrorMessage: `The application is ${application?.state ?? "gone"}: its ${job.kind} is no longer owed.`,
        finishedAt: now,
      });
    }
    // Not for a sent job: its transaction is on its way, and only its receipt is checked.
    if (job.status !== "sent") {
      const held = await issuerHoldOf(job);
      if (held !== undefined) return fail(job, held);
    }
    let record: RelayerSendReturnType;
    try {
      const relayer = relayerFor(job.kind, application.authorityId, job.chainId);
      const key = await keyToSend(relayer, job.relayerKey, job.status !== "sent");
      record = await relayer.send({ key, to: job.to, data: job.data });
    } catch (error) {
      return fail(job, classifySettlementFailure(job.kind, { type: "error", error }));
    }
    const txHash = record.hash.toLowerCase() as Hex;
    const sent = { txHash, sentAt: job.sentAt ?? now };
    switch (record.status) {
      case "mined":
        return finish(job, {
          ...sent,
          status: "succeeded",
          nextAttemptAt: null,
          lastErrorCode: null,
          lastErrorMessage: null,
          finishedAt: now,
        });
      case "failed":
        return fail(job, classifySettlementFailure(job.kind, { type: "reverted", reason: record.error ?? null }), sent);
      case "replaced":
        return fail(job, classifySettlementFailure(job.kind, { type: "replaced" }), sent);
      default:
        // Pending: the relayer's tick watches for the receipt and bumps fees; check again soon.
        return finish(job, {
          ...sent,
          status: "sent",
          nextAttemptAt: new Date(now.getTime() + pollMs),
          lastErrorCode: null,
          lastErrorMessage: null,
        });
    }
  }

  async function attempt(jobId: number): Promise<SettlementJob> {
    const [job] = await claim(1, jobId);
    if (job !== undefined) return work(job);
    const [current] = await db.select().from(settlementJobs).where(eq(settlementJobs.id, jobId));
    if (current === undefined) throw new RangeError(`No settlement job ${jobId}`);
    return current;
  }

  return {
    async runDue() {
      const result: SettlementRunReturnType = { sent: 0, succeeded: 0, blocked: 0, retrying: 0, cancelled: 0 };
      for (const job of await claim(batchSize)) {
        let after: SettlementJob;
        try {
          after = await work(job);
        } catch (error) {
          // The database failed mid-way: the lease runs out and a later run takes the job again.
          logger?.warn({ err: error, jobId: job.id, applicationId: job.applicationId }, "settlement job failed");
          result.retrying += 1;
          continue;
        }
        result[after.status === "queued" ? "retrying" : after.status] += 1;
      }
      return result;
    },
    attempt,
    async requeue(jobId) {
      const [row] = await db
        .update(settlementJobs)
        .set({ status: "queued", nextAttemptAt: clock(), finishedAt: null })
        .where(and(eq(settlementJobs.id, jobId), inArray(settlementJobs.status, ["queued", "blocked"])))
        .returning();
      if (row !== undefined) return row;
      const [current] = await db.select().from(settlementJobs).where(eq(settlementJobs.id, jobId));
      if (current === undefined) throw new RangeError(`No settlement job ${jobId}`);
      return current;
    },
  };
}
