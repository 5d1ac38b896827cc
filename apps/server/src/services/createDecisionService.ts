import { VisaFeeEscrow } from "@entrada/contracts";
import type { ApplicationEvent } from "@entrada/core";
import { applications, type Database, quotes } from "@entrada/db";
import { and, desc, eq } from "drizzle-orm";
import { encodeFunctionData, type Hex } from "viem";
import type { Principal } from "../auth/Principal.ts";
import type { EscrowDeployment } from "../chain/EscrowDeployment.ts";
import type { Relayer, Relayers } from "../chain/Relayer.ts";
import { NotFoundError } from "../errors/http.ts";
import { RelayerFailedError, SettlerUnavailableError } from "../errors/payment.ts";
import { authorizeApplication } from "../policy.ts";
import type { ApplicationView } from "../views/applicationView.ts";
import { type QuoteRow, toEscrowQuote } from "../views/quoteView.ts";
import { officerActor } from "./actors.ts";
import { type ApplicationService, lockApplication } from "./createApplicationService.ts";
import { type ApplicationRow, recordTransition } from "./recordTransition.ts";

/** Parameters of {@link createDecisionService}. */
export type CreateDecisionServiceParameters = {
  db: Database;
  deployment: EscrowDeployment;
  relayers: Relayers;
  applications: ApplicationService;
  clock: () => Date;
};

/** The escrow transaction a decision sent. */
export type Settlement = { kind: "release" | "refund"; txHash: Hex; status: string };

/** What {@link createDecisionService} returns. */
export type DecisionService = {
  /** Asks the applicant for more information (the reason is shown to them). */
  requestInfo(principal: Principal | null, id: string, reason: string): Promise<ApplicationView>;
  /** Approves, and has the authority's settler `release` the escrow. */
  approve(
    principal: Principal | null,
    id: string,
    reason?: string | undefined,
  ): Promise<{ application: ApplicationView; settlement: Settlement }>;
  /** Rejects, and has the authority's settler `refund` the payer in full. */
  reject(
    principal: Principal | null,
    id: string,
    reason: string,
  ): Promise<{ application: ApplicationView; settlement: Settlement }>;
};

/**
 * An authority's decisions. The decision is recorded at once (`approved`, `rejected`, `needs_info`);
 * the money moves when the settler's `release` or `refund` is mined, and the application becomes
 * `issued` or `refunded` only when the indexer reports that event. An officer's first decision on a
 * `paid` application also records that they opened it (`start_review`).
 *
 * Asking again after a decision re-sends its settlement under the same relayer key, which returns the
 * first transaction: a retry after a failed relay is safe and never pays twice.
 *
 * @example
 * const { settlement } = await decisions.approve(officer, id); // { kind: "release", txHash, status }
 */
export function createDecisionService({
  db,
  deployment,
  relayers,
  applications: applicationService,
  clock,
}: CreateDecisionServiceParameters): DecisionService {
  /** Records the officer's events on the locked application, opening the review first if needed. */
  async function decide(
    principal: Principal | null,
    id: string,
    event: Extract<ApplicationEvent, "request_info" | "approve" | "reject">,
    reason: string | undefined,
  ): Promise<ApplicationRow> {
    return db.transaction(async (tx) => {
      let application = await lockApplication(tx, id);
      authorizeApplication(principal, "application.review", application);
      const decided = { approve: "approved", reject: "rejected", request_info: "needs_info" }[event];
      // Already decided this way: only the settlement is (re)sent.
      if (application.state === decided && event !== "request_info") return application;
      const actor = officerActor(principal);
      const at = clock();
      if (application.state === "paid") {
        application = await recordTransition(tx, { application, event: "start_review", actor, at });
      }
      return recordTransition(tx, { application, event, actor, reason, at });
    });
  }

  async function paidQuote(applicationId: string): Promise<QuoteRow> {
    const [quote] = await db
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

  function settler(authorityId: string): Relayer {
    const relayer = relayers.settlers[authorityId];
    if (relayer === undefined) throw new SettlerUnavailableError({ authorityId });
    return relayer;
  }

  async function settle(
    principal: Principal | null,
    id: string,
    kind: Settlement["kind"],
    reason: string | undefined,
  ): Promise<{ application: ApplicationView; settlement: Settlement }> {
    const [current] = await db.select().from(applications).where(eq(applications.id, id));
    if (current === undefined) throw new NotFoundError({ resource: "application", id });
    authorizeApplication(principal, "application.review", current);
    // Checked before anything is recorded: a decision that cannot be settled is not taken.
    const relayer = settler(current.authorityId);
    const quote = await paidQuote(id);
    const row = await decide(principal, id, kind === "release" ? "approve" : "reject", reason);
    const key = `${kind}:${quote.digest}`;
    const data = encodeFunctionData({ abi: VisaFeeEscrow.abi, functionName: kind, args: [toEscrowQuote(quote)] });
    let sent: Awaited<ReturnType<Relayer["send"]>>;
    try {
      sent = await relayer.send({ key, to: deployment.escrow, data });
    } catch (error) {
      throw new RelayerFailedError({ key, cause: error });
    }
    return {
      application: await applicationService.view(principal!, row),
      settlement: { kind, txHash: sent.hash, status: sent.status },
    };
  }

  return {
    async requestInfo(principal, id, reason) {
      const row = await decide(principal, id, "request_info", reason);
      return applicationService.view(principal!, row);
    },
    approve: (principal, id, reason) => settle(principal, id, "release", reason),
    reject: (principal, id, reason) => settle(principal, id, "refund", reason),
  };
}
