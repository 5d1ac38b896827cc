import type { ChainEventHandler, IndexedEscrowEvent } from "@entrada/chain";
import { escrowDomain, quoteTypes } from "@entrada/contracts";
import { applicationTransitions, BaseError } from "@entrada/core";
import { applicationEvents, applications, type Executor, evisas, payments, quotes } from "@entrada/db";
import { and, desc, eq, gt, ne } from "drizzle-orm";
import { type Hex, hashTypedData } from "viem";
import type { EscrowDeployment } from "../chain/EscrowDeployment.ts";
import { indexerActor } from "./actors.ts";
import { outboxTopics, publishOutbox } from "./publishOutbox.ts";
import { type ApplicationRow, recordTransition, writeStateChange } from "./recordTransition.ts";
import { setEvisaStatusEntry } from "./setEvisaStatusEntry.ts";

/** Logs what the handler skips or cannot apply; a pino logger fits. */
export type ChainEventLogger = {
  warn(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
};

/** Parameters of {@link createChainEventHandler}. */
export type CreateChainEventHandlerParameters = {
  deployment: EscrowDeployment;
  /**
   * The indexer's confirmation depth: how many confirmations an event has when it is reported, the
   * block that holds it counting as the first (0 reads as 1, as the indexer reads it).
   */
  confirmations: number;
  clock: () => Date;
  logger: ChainEventLogger;
};

/** The event name of a reorg's compensating audit entry. */
export const reorgRollbackEvent = "reorg_rollback";

/**
 * Applies the escrow's events to applications, inside the indexer's transaction (docs/architecture.md,
 * "The loop", step 4):
 * - `EscrowPaid` → the payment is recorded (`payments`, the quote marked paid) and the application
 *   moves to `paid` with the escrow's decision deadline. (An officer then opens it: core lets only an
 *   officer `start_review`.)
 * - `EscrowReleased` → `issued`; `EscrowRefunded` → `refunded`; `EscrowClaimed` → `expired` (when the
 *   expiry job had not run yet) → `refunded`.
 *
 * Each change goes through core's `transition()`, the audit trail and the outbox, with the log's
 * transaction hash. Replays are harmless (a payment already recorded is skipped), and a log that
 * contradicts the application's state is logged and skipped, never thrown: one bad log must not stop
 * the indexer. Database errors do throw, so the indexer's transaction rolls back and retries.
 *
 * `onRollback` undoes what removed logs caused: the payment is marked `reorged` (`payment.reorged`),
 * and the application returns to the state before the first change the log's transaction caused, with
 * a `reorg_rollback` audit entry. An application taken out of `issued` has its e-visa's status list
 * entry suspended (`createEvisaService` gives it back when the release is mined again).
 *
 * @example
 * const handler = createChainEventHandler({ deployment, confirmations: 12, clock, logger });
 * await db.transaction((tx) => handler.onEvents(tx, events));
 */
export function createChainEventHandler({
  deployment,
  confirmations,
  clock,
  logger,
}: CreateChainEventHandlerParameters): ChainEventHandler {
  // A reported log is at least in a block: that block is its first confirmation.
  const reportedConfirmations = Math.max(confirmations, 1);

  async function lockByOnchainId(tx: Executor, onchainId: Hex): Promise<ApplicationRow | undefined> {
    const [row] = await tx
      .select()
      .from(applications)
      .where(eq(applications.onchainId, onchainId.toLowerCase() as Hex))
      .for("update");
    return row;
  }

  /** Runs a transition, logging (not throwing) when the application's state does not allow it. */
  async function tryTransition(
    tx: Executor,
    application: ApplicationRow,
    event: Parameters<typeof recordTransition>[1]["event"],
    log: IndexedEscrowEvent,
    set?: Parameters<typeof recordTransition>[1]["set"],
  ): Promise<ApplicationRow> {
    try {
      return await recordTransition(tx, {
        application,
        event,
        actor: indexerActor,
        txHash: log.txHash,
        chainId: log.chainId,
        at: clock(),
        set,
      });
    } catch (error) {
      if (!(error instanceof BaseError)) throw error;
      logger.error(
        { applicationId: application.id, state: application.state, event, txHash: log.txHash, code: error.code },
        "escrow event does not fit the application's state; needs manual reconciliation",
      );
      return application;
    }
  }

  async function onPaid(tx: Executor, log: Extract<IndexedEscrowEvent, { eventName: "EscrowPaid" }>): Promise<void> {
    const { args } = log;
    const application = await lockByOnchainId(tx, args.applicationId);
    if (application === undefined) {
      logger.warn({ applicationId: args.applicationId, txHash: log.txHash }, "payment for an unknown application");
      return;
    }
    const position = and(
      eq(payments.chainId, log.chainId),
      eq(payments.txHash, lower(log.txHash)),
      eq(payments.logIndex, log.logIndex),
    );
    const [existing] = await tx.select().from(payments).where(position);
    if (existing !== undefined && existing.status !== "reorged") return;

    const digest = hashTypedData({
      domain: escrowDomain(log.chainId, deployment.escrow),
      types: quoteTypes,
      primaryType: "Quote",
      message: {
        applicationId: args.applicationId,
        authorityId: args.authorityId,
        token: args.token,
        payer: args.payer,
        amount: args.amount,
        platformFee: args.platformFee,
        decisionDeadline: args.decisionDeadline,
        expiresAt: args.expiresAt,
      },
    });
    const [quote] = await tx
      .select({ id: quotes.id })
      .from(quotes)
      .where(and(eq(quotes.digest, lower(digest)), eq(quotes.applicationId, application.id)));
    const now = clock();
    const recorded = {
      status: "confirmed" as const,
      blockNumber: log.blockNumber,
      blockHash: lower(log.blockHash),
      confirmations: reportedConfirmations,
      confirmedAt: now,
    };
    if (existing === undefined) {
      await tx.insert(payments).values({
        applicationId: application.id,
        quoteId: quote?.id ?? null,
        chainId: log.chainId,
        txHash: lower(log.txHash),
        logIndex: log.logIndex,
        payer: lower(args.payer),
        token: lower(args.token),
        amount: args.amount,
        ...recorded,
      });
    } else {
      // Mined again after a reorg dropped it.
      await tx.update(payments).set(recorded).where(position);
    }
    if (quote === undefined) {
      logger.error({ applicationId: application.id, digest }, "payment of a quote this server did not sign");
    } else {
      await tx.update(quotes).set({ status: "paid" }).where(eq(quotes.id, quote.id));
      await tx
        .update(quotes)
        .set({ status: "superseded" })
        .where(and(eq(quotes.applicationId, application.id), eq(quotes.status, "open")));
    }
    await publishOutbox(tx, {
      topic: outboxTopics.paymentConfirmed,
      aggregateId: application.id,
      payload: {
        applicationId: application.id,
        userId: application.userId,
        organisationId: application.organisationId,
        authorityId: application.authorityId,
        txHash: lower(log.txHash),
        chainId: log.chainId,
        confirmations: reportedConfirmations,
        amount: args.amount.toString(),
        token: lower(args.token),
      },
    });
    await tryTransition(tx, application, "confirm_payment", log, {
      decisionDeadline: new Date(Number(args.decisionDeadline) * 1000),
    });
  }

  async function onSettled(
    tx: Executor,
    log: Extract<IndexedEscrowEvent, { eventName: "EscrowReleased" | "EscrowRefunded" | "EscrowClaimed" }>,
  ): Promise<void> {
    let application = await lockByOnchainId(tx, log.args.applicationId);
    if (application === undefined) {
      logger.warn(
        { applicationId: log.args.applicationId, txHash: log.txHash },
        "settlement of an unknown application",
      );
      return;
    }
    if (log.eventName === "EscrowReleased") {
      await tryTransition(tx, application, "issue", log);
      return;
    }
    if (
      log.eventName === "EscrowClaimed" &&
      (applicationTransitions.expire.from as readonly string[]).includes(application.state)
    ) {
      // Claimed before the expiry job ran: the chain already decided that the deadline passed.
      application = await tryTransition(tx, application, "expire", log);
    }
    await tryTransition(tx, application, "confirm_refund", log);
  }

  async function rollback(tx: Executor, log: IndexedEscrowEvent): Promise<void> {
    if (!("applicationId" in log.args) || log.eventName === "BatchPaid") return;
    const application = await lockByOnchainId(tx, log.args.applicationId);
    if (application === undefined) return;
    const txHash = lower(log.txHash);
    if (log.eventName === "EscrowPaid") {
      const [payment] = await tx
        .update(payments)
        .set({ status: "reorged", confirmations: 0, confirmedAt: null })
        .where(and(eq(payments.chainId, log.chainId), eq(payments.txHash, txHash), eq(payments.logIndex, log.logIndex)))
        .returning();
      if (payment?.quoteId != null) {
        // Payable again until it expires: the same payment may well be mined again.
        await tx.update(quotes).set({ status: "open" }).where(eq(quotes.id, payment.quoteId));
      }
      await publishOutbox(tx, {
        topic: outboxTopics.paymentReorged,
        aggregateId: application.id,
        payload: {
          applicationId: application.id,
          userId: application.userId,
          organisationId: application.organisationId,
          authorityId: application.authorityId,
          txHash,
          chainId: log.chainId,
          confirmations: 0,
        },
      });
    }
    // The changes this transaction caused since it was last rolled back, oldest first.
    const [lastRollback] = await tx
      .select({ id: applicationEvents.id })
      .from(applicationEvents)
      .where(
        and(
          eq(applicationEvents.applicationId, application.id),
          eq(applicationEvents.txHash, txHash),
          eq(applicationEvents.event, reorgRollbackEvent),
        ),
      )
      .orderBy(desc(applicationEvents.id))
      .limit(1);
    const [first] = await tx
      .select()
      .from(applicationEvents)
      .where(
        and(
          eq(applicationEvents.applicationId, application.id),
          eq(applicationEvents.txHash, txHash),
          ne(applicationEvents.event, reorgRollbackEvent),
          lastRollback === undefined ? undefined : gt(applicationEvents.id, lastRollback.id),
        ),
      )
      .orderBy(applicationEvents.id)
      .limit(1);
    if (first === undefined || first.fromState === null || first.fromState === application.state) return;
    if (application.state === "issued") {
      // Its e-visa must not verify while the release it rests on is off the chain (issue 12).
      const [evisa] = await tx.select().from(evisas).where(eq(evisas.applicationId, application.id));
      if (evisa !== undefined) await setEvisaStatusEntry(tx, { entry: evisa, status: "suspended", from: ["valid"] });
    }
    await writeStateChange(tx, {
      application,
      to: first.fromState,
      event: reorgRollbackEvent,
      auditRole: indexerActor.auditRole,
      actorId: null,
      reason: `A chain reorganisation removed ${log.eventName} of transaction ${txHash}.`,
      txHash,
      chainId: log.chainId,
      at: clock(),
      // Before the payment there was no decision deadline.
      ...(log.eventName === "EscrowPaid" ? { set: { decisionDeadline: null } } : {}),
    });
  }

  return {
    async onEvents(tx, events) {
      for (const log of events) {
        if (log.chainId !== deployment.chainId) continue;
        switch (log.eventName) {
          case "EscrowPaid":
            await onPaid(tx, log);
            break;
          case "EscrowReleased":
          case "EscrowRefunded":
          case "EscrowClaimed":
            await onSettled(tx, log);
            break;
          default:
          // Batches, governance and fee events change no application.
        }
      }
    },

    async onRollback(tx, removed) {
      // Newest first: undo in the reverse of the order things happened.
      const ordered = [...removed]
        .filter((log) => log.chainId === deployment.chainId)
        .sort((a, b) =>
          a.blockNumber === b.blockNumber ? b.logIndex - a.logIndex : a.blockNumber < b.blockNumber ? 1 : -1,
        );
      for (const log of ordered) await rollback(tx, log);
    },
  };
}

function lower(value: Hex): Hex {
  return value.toLowerCase() as Hex;
}
