import { CodedError } from "@entrada/core";
import {
  applications,
  type Database,
  type Executor,
  type OutboxMessage,
  outbox,
  webhookDeliveries,
  webhookEndpoints,
} from "@entrada/db";
import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Logger } from "pino";
import { OutboundRedirectRefusedError } from "../errors/outbound.ts";
import { createOutboundHttp, type OutboundHttp } from "../http/outbound/createOutboundHttp.ts";
import { readPayloadString } from "./readPayloadString.ts";
import { recordAfterSend } from "./recordAfterSend.ts";
import { redactError } from "./redactError.ts";
import { signWebhook, webhookSignatureHeader } from "./signWebhook.ts";

/** A row of `webhook_endpoints`. */
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;

/** A row of `webhook_deliveries`: the delivery log. */
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

export type CreateWebhookDelivererParameters = {
  db: Database;
  /** The endpoint's signing secret, decrypted (it is stored encrypted with the master key). */
  secretOf: (endpoint: WebhookEndpoint) => string | Promise<string>;
  /**
   * The outbound client's `fetch` (`createOutboundHttp(outboundPolicies(config).webhooks)`): it
   * refuses, at connect time, endpoints that are or resolve to loopback, private, link-local and
   * other special-purpose addresses, and refuses redirects. Default: one with production's policy
   * (public https only), shared by deliverers that were given none; never a plain `fetch`.
   */
  fetch?: typeof globalThis.fetch | undefined;
  /** The time deliveries are scheduled and signed with (default: the system clock). */
  clock?: (() => Date) | undefined;
  /** Attempts before a delivery is given up as `failed` (default 10). */
  maxAttempts?: number | undefined;
  /** Wait after failed attempt `attempt` (1, 2, …) before the next, in ms (default {@link webhookBackoffMs}). */
  backoff?: ((attempt: number) => number) | undefined;
  /** Longest wait for a receiver's answer, in ms (default 10 s). */
  timeoutMs?: number | undefined;
  /** Most deliveries one `deliverDue` sends, at once (default 20). */
  batchSize?: number | undefined;
  logger: Logger;
  /**
   * Whether an endpoint of an authority or organisation may receive an event: the same policy as
   * its people's live stream (an authority sees an application from payment on). Default: all.
   */
  canSee?: ((endpoint: WebhookScope, event: OutboxMessage) => boolean) | undefined;
  /**
   * The API's absolute base, e.g. `https://entrada.example/api/v1` (`ENTRADA_PUBLIC_URL` + `/api/v1`):
   * an event about an application then carries its `reference` and the `links` a receiver fetches
   * and decides the case with. Without it, events carry neither.
   */
  apiBaseUrl?: string | undefined;
};

/**
 * The API routes of the application an event is about, absolute, for the system that receives it:
 * what it reads (`application`, with its documents' ids, `history`, `evisa`) and, for an
 * authority's endpoint, where it decides (`approve`, `reject`, `requestInfo`). Documents open at
 * `GET /identity/documents/:id` with the ids the application lists.
 */
export type WebhookCaseLinks = {
  application: string;
  history: string;
  evisa: string;
  approve?: string;
  reject?: string;
  requestInfo?: string;
};

/**
 * The links of {@link WebhookCaseLinks} for one application and one endpoint.
 *
 * @example
 * webhookCaseLinks("https://entrada.example/api/v1", id, { authorityId: "gb-eta" }).approve
 * // "https://entrada.example/api/v1/officer/applications/<id>/approve"
 */
export function webhookCaseLinks(apiBaseUrl: string, applicationId: string, scope: WebhookScope): WebhookCaseLinks {
  const base = apiBaseUrl.replace(/\/+$/, "");
  const application = `${base}/applications/${applicationId}`;
  const links: WebhookCaseLinks = { application, history: `${application}/history`, evisa: `${application}/evisa` };
  if (scope.authorityId === undefined) return links;
  const officer = `${base}/officer/applications/${applicationId}`;
  return {
    ...links,
    approve: `${officer}/approve`,
    reject: `${officer}/reject`,
    requestInfo: `${officer}/request-info`,
  };
}

/** Whose system a webhook endpoint belongs to. */
export type WebhookScope = { authorityId?: string | undefined; organisationId?: string | undefined };

export type DeliverDueReturnType = {
  /** Deliveries attempted (claimed) by this call. */
  attempted: number;
  delivered: number;
  /** Failed attempts that will be retried after the backoff. */
  retrying: number;
  /** Deliveries given up (out of attempts, or the endpoint was deactivated). */
  failed: number;
};

export type WebhookDeliverer = {
  /**
   * Schedules the event for every active endpoint subscribed to its topic and in its scope (the
   * authority of the application, or its organisation). Idempotent: a second call adds nothing.
   * Returns how many deliveries it added.
   */
  fanOut(event: OutboxMessage, db?: Executor): Promise<number>;
  /** Sends the deliveries that are due, `FOR UPDATE SKIP LOCKED`, so several deliverers can share one database. */
  deliverDue(): Promise<DeliverDueReturnType>;
  /**
   * Schedules one more attempt of a delivery, now (the "redeliver" button of the delivery log), even
   * if it was delivered or failed. `false` when there is no such delivery or an attempt is in flight.
   */
  redeliver(deliveryId: string): Promise<boolean>;
};

const uuidPattern = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

/** Longest wait between two attempts of a delivery. */
const maxBackoffMs = 6 * 60 * 60 * 1000;

/**
 * Wait after the `attempt`-th failed attempt of a webhook delivery: 10 s, 20 s, 40 s, … doubling,
 * capped at 6 hours; the default ten attempts wait about 85 minutes in all (never reaching the
 * cap), and a receiver down longer gets its failed deliveries by redelivery.
 *
 * @example
 * webhookBackoffMs(1); // 10_000
 * webhookBackoffMs(4); // 80_000
 */
export function webhookBackoffMs(attempt: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempt - 1), maxBackoffMs);
}

/**
 * Entrada's webhooks: outbox events fanned out to the endpoints of authority and organisation
 * systems, signed with `Entrada-Signature` (see {@link signWebhook}), retried with backoff until
 * `maxAttempts`, with every attempt's status, duration and error reason (never the response body) in
 * `webhook_deliveries`, the delivery log.
 *
 * A receiver gets JSON `{ id, type, created, data }`: `id` is the outbox event id (the same across
 * retries and redeliveries, so receivers can deduplicate), `type` its topic, `created` its unix time,
 * `data` its payload; an event about an application also carries its `reference` and, when the
 * deliverer knows the API's address (`apiBaseUrl`), the `links` to fetch and decide it
 * ({@link WebhookCaseLinks}). Only 2xx counts as delivered; a redirect is a failed attempt (its status and
 * `ENTRADA_OUTBOUND_REDIRECT_REFUSED` in the log), never followed.
 *
 * No delivery is sent twice at once: a deliverer claims due rows with `FOR UPDATE SKIP LOCKED` and
 * holds them (`locked_until`) for the attempt; its result is written only while it still holds the
 * claim. A delivery is never retried once delivered.
 *
 * @example
 * const webhooks = createWebhookDeliverer({ db, secretOf: (endpoint) => decryptSecret(endpoint), logger });
 * await webhooks.fanOut(message);
 * await webhooks.deliverDue(); // { attempted: 1, delivered: 1, retrying: 0, failed: 0 }
 */
export function createWebhookDeliverer(parameters: CreateWebhookDelivererParameters): WebhookDeliverer {
  const {
    db,
    secretOf,
    fetch = strictWebhookFetch(),
    clock = () => new Date(),
    maxAttempts = 10,
    backoff = webhookBackoffMs,
    timeoutMs = 10_000,
    batchSize = 20,
    logger,
    canSee = () => true,
    apiBaseUrl,
  } = parameters;
  // A claim outlives the attempt's timeout, so a live deliverer always finishes before it lapses.
  const leaseMs = timeoutMs + 60_000;

  type Outcome = "delivered" | "retrying" | "failed" | "lost";

  async function attempt(
    delivery: WebhookDelivery,
    endpoint: WebhookEndpoint | undefined,
    event: OutboxMessage | undefined,
    reference: string | undefined,
  ): Promise<Outcome> {
    const log = {
      deliveryId: delivery.id,
      endpointId: delivery.endpointId,
      eventId: delivery.eventId,
      attempt: delivery.attempts,
    };
    let statusCode: number | null = null;
    let lastError: string | null = null;
    const started = performance.now();
    if (!endpoint?.active || !event) {
      lastError = "The endpoint was deactivated.";
    } else {
      const applicationId = applicationIdOf(event);
      const body = JSON.stringify({
        id: String(event.id),
        type: event.topic,
        created: Math.floor(event.createdAt.getTime() / 1000),
        data: event.payload,
        // Beside `data`, which stays the event's payload as it always was.
        ...(reference === undefined ? {} : { reference }),
        ...(apiBaseUrl === undefined || applicationId === undefined
          ? {}
          : {
              links: webhookCaseLinks(apiBaseUrl, applicationId, {
                authorityId: endpoint.authorityId ?? undefined,
                organisationId: endpoint.organisationId ?? undefined,
              }),
            }),
      });
      try {
        const signature = signWebhook(await secretOf(endpoint), body, Math.floor(clock().getTime() / 1000));
        const response = await fetch(endpoint.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "user-agent": "Entrada-Webhooks/1",
            [webhookSignatureHeader]: signature,
            "entrada-event-id": String(event.id),
            "entrada-delivery-id": delivery.id,
          },
          body,
          redirect: "manual",
          signal: AbortSignal.timeout(timeoutMs),
        });
        statusCode = response.status;
        // The body is never read: the log shows status and timing only, so a receiver's answer
        // (possibly an internal service's) never reaches whoever reads the log.
        await response.body?.cancel().catch(() => {});
        if (!response.ok) lastError = `The endpoint answered ${response.status}.`;
      } catch (error) {
        lastError = describeFailure(error);
        // A redirect is an answer (its status is shown) that does not count as delivered.
        if (error instanceof OutboundRedirectRefusedError) statusCode = error.statusCode;
      }
    }
    const durationMs = Math.round(performance.now() - started);
    const now = clock();
    const giveUp = lastError !== null && (!endpoint?.active || !event || delivery.attempts >= maxAttempts);
    const outcome: Outcome = lastError === null ? "delivered" : giveUp ? "failed" : "retrying";
    // The receiver may have it already: a database away for a moment must not make it due again.
    const updated = await recordAfterSend(
      () =>
        db
          .update(webhookDeliveries)
          .set({
            status: outcome === "retrying" ? "pending" : outcome,
            statusCode,
            lastError,
            durationMs,
            lockedUntil: null,
            nextAttemptAt: outcome === "retrying" ? new Date(now.getTime() + backoff(delivery.attempts)) : null,
            ...(outcome === "delivered" ? { deliveredAt: now } : {}),
          })
          // Only while this deliverer still holds the claim it took.
          .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.attempts, delivery.attempts)))
          .returning({ id: webhookDeliveries.id }),
      { what: "webhook attempt", logger },
    );
    if (updated.length === 0) {
      logger.warn(log, "webhook delivery lost its claim; result not recorded");
      return "lost";
    }
    const entry = { ...log, statusCode, ms: durationMs };
    if (outcome === "delivered") logger.info(entry, "webhook delivered");
    else
      logger.warn(
        { ...entry, error: lastError, giveUp },
        giveUp ? "webhook delivery failed; giving up" : "webhook delivery failed; will retry",
      );
    return outcome;
  }

  return {
    async fanOut(event, executor = db) {
      // The application (when the payload names one, as a well-formed uuid) decides the scope; the
      // policy (`canSee`) then decides which of those endpoints may receive this event at all.
      const candidates = (
        (await executor.execute(sql`
        select e.id, e.authority_id, e.organisation_id
        from ${outbox} o
        left join ${applications} a
          on a.id = case
            when o.payload->>'applicationId' ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
            then (o.payload->>'applicationId')::uuid
          end
        join ${webhookEndpoints} e
          on e.active
          and (cardinality(e.events) = 0 or o.topic = any(e.events))
          and (e.authority_id = coalesce(a.authority_id, o.payload->>'authorityId') or e.organisation_id = a.organisation_id)
        where o.id = ${event.id}`)) as unknown as {
          rows: { id: string; authority_id: string | null; organisation_id: string | null }[];
        }
      ).rows.filter((row) =>
        canSee({ authorityId: row.authority_id ?? undefined, organisationId: row.organisation_id ?? undefined }, event),
      );
      if (candidates.length === 0) return 0;
      const inserted = await executor
        .insert(webhookDeliveries)
        .values(candidates.map((row) => ({ endpointId: row.id, eventId: event.id, nextAttemptAt: clock() })))
        .onConflictDoNothing({ target: [webhookDeliveries.endpointId, webhookDeliveries.eventId] })
        .returning({ id: webhookDeliveries.id });
      return inserted.length;
    },

    async deliverDue() {
      const now = clock();
      const claimed = await db.transaction(async (tx) => {
        const due = await tx
          .select({ id: webhookDeliveries.id })
          .from(webhookDeliveries)
          .where(
            and(
              eq(webhookDeliveries.status, "pending"),
              lte(webhookDeliveries.nextAttemptAt, now),
              or(isNull(webhookDeliveries.lockedUntil), lte(webhookDeliveries.lockedUntil, now)),
            ),
          )
          .orderBy(asc(webhookDeliveries.nextAttemptAt))
          .limit(batchSize)
          .for("update", { skipLocked: true });
        if (due.length === 0) return [];
        return tx
          .update(webhookDeliveries)
          .set({ lockedUntil: new Date(now.getTime() + leaseMs), attempts: sql`${webhookDeliveries.attempts} + 1` })
          .where(
            inArray(
              webhookDeliveries.id,
              due.map((row) => row.id),
            ),
          )
          .returning();
      });
      const summary: DeliverDueReturnType = { attempted: claimed.length, delivered: 0, retrying: 0, failed: 0 };
      if (claimed.length === 0) return summary;

      const endpoints = await db
        .select()
        .from(webhookEndpoints)
        .where(inArray(webhookEndpoints.id, [...new Set(claimed.map((delivery) => delivery.endpointId))]));
      const events = await db
        .select()
        .from(outbox)
        .where(inArray(outbox.id, [...new Set(claimed.map((delivery) => delivery.eventId))]));
      const applicationIds = [...new Set(events.map(applicationIdOf).filter((id): id is string => id !== undefined))];
      const references = new Map(
        applicationIds.length === 0
          ? []
          : (
              await db
                .select({ id: applications.id, reference: applications.reference })
                .from(applications)
                .where(inArray(applications.id, applicationIds))
            ).map((row) => [row.id, row.reference]),
      );
      const outcomes = await Promise.all(
        claimed.map((delivery) => {
          const event = events.find((candidate) => candidate.id === delivery.eventId);
          const applicationId = event === undefined ? undefined : applicationIdOf(event);
          return attempt(
            delivery,
            endpoints.find((endpoint) => endpoint.id === delivery.endpointId),
            event,
            applicationId === undefined ? undefined : references.get(applicationId),
          );
        }),
      );
      for (const outcome of outcomes) if (outcome !== "lost") summary[outcome] += 1;
      return summary;
    },

    async redeliver(deliveryId) {
      if (!uuidPattern.test(deliveryId)) return false;
      const now = clock();
      const rows = await db
        .update(webhookDeliveries)
        .set({ status: "pending", nextAttemptAt: now })
        .where(
          and(
            eq(webhookDeliveries.id, deliveryId),
            or(isNull(webhookDeliveries.lockedUntil), lte(webhookDeliveries.lockedUntil, now)),
          ),
        )
        .returning({ id: webhookDeliveries.id });
      if (rows.length === 1) logger.info({ deliveryId }, "webhook redelivery scheduled");
      return rows.length === 1;
    },
  };
}

/** The application an event is about: its payload's `applicationId`, when a well-formed uuid. */
function applicationIdOf(event: OutboxMessage): string | undefined {
  const id = readPayloadString(event.payload, "applicationId");
  return id !== undefined && uuidPattern.test(id) ? id.toLowerCase() : undefined;
}

let strictClient: OutboundHttp | undefined;

/** The default client: production's policy, created once (its idle connections do not hold the process). */
function strictWebhookFetch(): typeof globalThis.fetch {
  strictClient ??= createOutboundHttp({ target: "webhooks" });
  return strictClient.fetch;
}

/**
 * The delivery log's reason for a failed attempt: `CODE: message` for the outbound client's refusals
 * (a stable code the endpoint's owner can look up in docs/errors.md), else the redacted error.
 */
function describeFailure(error: unknown): string {
  if (error instanceof CodedError) return redactError(`${error.code}: ${error.shortMessage}`);
  return redactError(error);
}
