import type { ApplicationEvent, RequiredDocument } from "@entrada/core";
import { applications, type Database, type Executor, quotes } from "@entrada/db";
import { and, desc, eq } from "drizzle-orm";
import type { Principal } from "../auth/Principal.ts";
import { type Deployments, deploymentOn } from "../chain/ChainServices.ts";
import { NotFoundError } from "../errors/http.ts";
import type { SettlementWorker } from "../jobs/createSettlementWorker.ts";
import { enqueueSettlement, type SettlementJob } from "../jobs/enqueueSettlement.ts";
import { latestSettlement } from "../jobs/latestSettlement.ts";
import type { ApplicationView } from "../views/applicationView.ts";
import type { QuoteRow } from "../views/quoteView.ts";
import { type SettlementView, toSettlementView } from "../views/settlementView.ts";
import { officerActor } from "./actors.ts";
import { loadApplication, lockApplicationFor } from "./applicationAccess.ts";
import type { ApplicationService } from "./createApplicationService.ts";
import { type ApplicationRow, recordTransition } from "./recordTransition.ts";

/** Logs a first attempt that could not even record its outcome; a pino logger fits. */
export type DecisionServiceLogger = {
  warn(object: Record<string, unknown>, message: string): void;
};

/** Parameters of {@link createDecisionService}. */
export type CreateDecisionServiceParameters = {
  db: Database;
  /** The escrow of each chain served: a decision is settled on the chain of the paid quote. */
  deployment: Deployments;
  applications: ApplicationService;
  /** Makes the first attempt right after the decision commits, and an operator's retry. */
  settlements: Pick<SettlementWorker, "attempt" | "requeue">;
  clock: () => Date;
  logger?: DecisionServiceLogger | undefined;
};

/** What an approval or rejection answers: the application as decided, and where its settlement stands. */
export type DecisionReturnType = { application: ApplicationView; settlement: SettlementView };

/** What {@link createDecisionService} returns. */
export type DecisionService = {
  /**
   * Asks the applicant for more information (the reason is shown to them), and for the documents
   * listed, which they must upload before handing the application back.
   */
  requestInfo(
    principal: Principal | null,
    id: string,
    reason: string,
    documents?: readonly RequiredDocument[] | undefined,
  ): Promise<ApplicationView>;
  /** Approves, with the authority's settler's `release` of the escrow as a job of the same transaction. */
  approve(principal: Principal | null, id: string, reason?: string | undefined): Promise<DecisionReturnType>;
  /** Rejects, with the settler's `refund` of the payer in full as a job of the same transaction. */
  reject(principal: Principal | null, id: string, reason: string): Promise<DecisionReturnType>;
  /** Takes a blocked settlement up again now (once its cause is fixed), or brings a waiting retry forward. */
  retrySettlement(principal: Principal | null, id: string): Promise<{ settlement: SettlementView }>;
};

/**
 * An authority's decisions. An approval or rejection is recorded (`approved`, `rejected`) together
 * with its settlement job (`release`, `refund`) in one transaction, so neither exists without the
 * other whatever crashes; the settlement worker sends it, retrying what may pass and blocking, with
 * the reason shown to officer and traveller, what cannot succeed. The money moves when the
 * transaction is mined, and the application becomes `issued` or `refunded` only when the indexer
 * reports the escrow's event. An officer's first decision on a `paid` application also records that
 * they opened it (`start_review`).
 *
 * The first send is tried at once after the commit, for latency; its failure only updates the job,
 * so a decision never answers 5xx once taken. Asking again after a decision returns the same job.
 *
 * @example
 * const { settlement } = await decisions.approve(officer, id); // { kind: "release", status: "sent", txHash, … }
 */
export function createDecisionService({
  db,
  deployment: deployments,
  applications: applicationService,
  settlements,
  clock,
  logger,
}: CreateDecisionServiceParameters): DecisionService {
  /** Records the officer's event on the locked application, opening the review first if needed. */
  async function record(
    tx: Executor,
    principal: Principal | null,
    id: string,
    event: Extract<ApplicationEvent, "request_info" | "approve" | "reject">,
    reason: string | undefined,
  ): Promise<ApplicationRow> {
    let application = await lockApplicationFor(tx, principal, id, "application.review");
    const decided = { approve: "approved", reject: "rejected", request_info: "needs_info" }[event];
    // Already decided this way: the decision stands, and its settlement job with it.
    if (application.state === decided && event !== "request_info") return application;
    // lockApplicationFor refused an anonymous caller.
    const actor = officerActor(principal!);
    const at = clock();
    if (application.state === "paid") {
      application = await recordTransition(tx, { application, event: "start_review", actor, at });
    }
    return recordTransition(tx, { application, event, actor, reason, at });
  }

  async function paidQuote(tx: Executor, applicationId: string): Promise<QuoteRow> {
    const [quote] = await tx
      .select()
      .from(quotes)
      .where(and(eq(quotes.applicationId, applicationId), eq(quotes.status, "paid")))
      .orderBy(desc(quotes.createdAt))
      .limit(1);
    // A paid application always has its paid quote (the indexer marks it); without it there is no
    // escrow record to settle, which is a bug, not the caller's fault.
    if (quote === undefined) throw new Error(`application ${applicationId} has no paid quote`);
    return quote;
  }

  /** The worker's attempt on a job just committed; whatever happens, the job is what it says. */
  async function attemptNow(job: SettlementJob): Promise<SettlementJob> {
    try {
      return await settlements.attempt(job.id);
    } catch (error) {
      // The job is committed: a later run of the worker takes it up.
      logger?.warn({ err: error, jobId: job.id, applicationId: job.applicationId }, "first settlement attempt failed");
      return job;
    }
  }

  async function decide(
    principal: Principal | null,
    id: string,
    kind: "release" | "refund",
    reason: string | undefined,
  ): Promise<DecisionReturnType> {
    const { row, job } = await db.transaction(async (tx) => {
      const row = await record(tx, principal, id, kind === "release" ? "approve" : "reject", reason);
      const quote = await paidQuote(tx, id);
      // Settled on the chain the application was paid on.
      const deployment = deploymentOn(deployments, quote.chainId);
      const job = await enqueueSettlement(tx, { applicationId: id, quote, kind, deployment, at: clock() });
      return { row, job };
    });
    const settled = await attemptNow(job);
    return { application: await applicationService.view(principal!, row), settlement: toSettlementView(settled) };
  }

  return {
    async requestInfo(principal, id, reason, documents = []) {
      const row = await db.transaction(async (tx) => {
        const requested = await record(tx, principal, id, "request_info", reason);
        const [updated] = await tx
          .update(applications)
          .set({ requestedDocuments: [...new Set(documents)] })
          .where(eq(applications.id, requested.id))
          .returning();
        return updated!;
      });
      return applicationService.view(principal!, row);
    },
    approve: (principal, id, reason) => decide(principal, id, "release", reason),
    reject: (principal, id, reason) => decide(principal, id, "refund", reason),
    async retrySettlement(principal, id) {
      await loadApplication(db, principal, id, "application.settle");
      const job = await latestSettlement(db, id);
      if (job === undefined) throw new NotFoundError({ resource: "settlement", id });
      return { settlement: toSettlementView(await attemptNow(await settlements.requeue(job.id))) };
    },
  };
}
