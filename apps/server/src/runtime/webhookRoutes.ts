import { randomBytes } from "node:crypto";
import { type Database, webhookDeliveries, webhookEndpoints } from "@entrada/db";
import { and, desc, eq, type SQL } from "drizzle-orm";
import type { FastifyPluginAsync } from "fastify";
import { hasRole, type Principal } from "../auth/Principal.ts";
import type { RecordCipher } from "../crypto/createRecordCipher.ts";
import { ApiError } from "../errors/ApiError.ts";
import { requireUser } from "../http/authenticate.ts";
import { type OutboundUrlPolicy, refuseOutboundUrl } from "../http/outbound/refuseOutboundUrl.ts";
import { routeSecurity } from "../http/routeSecurity.ts";
import type { WebhookDeliverer } from "../messaging/createWebhookDeliverer.ts";
import { authorize } from "../policy.ts";
import { outboxTopics } from "../services/publishOutbox.ts";

/** Parameters of {@link webhookRoutes}. */
export type WebhookRoutesParameters = {
  db: Database;
  cipher: RecordCipher;
  webhooks: WebhookDeliverer;
  /**
   * What an endpoint's URL may be when it is registered. Default: public https only. Development and
   * tests allow http and loopback, where the receiver runs on this machine. A courtesy answered at
   * once: the deliverer's outbound client checks the address it connects to, the check that counts.
   */
  urlPolicy?: OutboundUrlPolicy | undefined;
};

const context = "webhook-secret";

/**
 * A webhook signing secret sealed for the `secret_ciphertext` column: the record cipher's envelope
 * (fresh data key wrapped by the master key) packed into one blob, nonce ‖ wrapped key ‖ ciphertext.
 */
export function sealWebhookSecret(cipher: RecordCipher, secret: string): Uint8Array {
  const sealed = cipher.seal(secret, context);
  return Uint8Array.from(Buffer.concat([sealed.nonce, sealed.wrappedDataKey, sealed.ciphertext]));
}

/** The secret sealed by {@link sealWebhookSecret}. */
export function openWebhookSecret(cipher: RecordCipher, blob: Uint8Array): string {
  const bytes = Buffer.from(blob);
  const opened = cipher.open(
    {
      nonce: bytes.subarray(0, 12),
      wrappedDataKey: bytes.subarray(12, 72),
      ciphertext: bytes.subarray(72),
      masterKeyId: cipher.masterKeyId,
    },
    context,
  );
  if (typeof opened !== "string") throw new TypeError("openWebhookSecret: not a sealed secret");
  return opened;
}

/**
 * Whose endpoints a principal manages, once the policy allows it (`webhook.manage`: an officer or an
 * organisation admin, and an API key with `webhooks:manage`): its authority's, else its organisation's.
 */
function ownerOf(user: Principal): { authorityId: string | null; organisationId: string | null } {
  authorize(user, "webhook.manage");
  return user.authorityId !== undefined && hasRole(user, "officer")
    ? { authorityId: user.authorityId, organisationId: null }
    : { authorityId: null, organisationId: user.organisationId ?? null };
}

/** The endpoints a principal may manage (see {@link ownerOf}). */
function scopeOf(user: Principal): SQL {
  const { authorityId, organisationId } = ownerOf(user);
  return authorityId !== null
    ? eq(webhookEndpoints.authorityId, authorityId)
    : eq(webhookEndpoints.organisationId, organisationId!);
}

const idParams = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "string", format: "uuid" } },
} as const;

/**
 * The documented answers. Every object keeps unlisted properties (`additionalProperties: true`): these
 * schemas also serialize the responses (fast-json-stringify), and must never drop a field silently.
 */
const endpointSchema = {
  type: "object",
  required: ["id", "url", "events"],
  additionalProperties: true,
  properties: {
    id: { type: "string", format: "uuid" },
    url: { type: "string" },
    events: { type: "array", items: { type: "string" } },
  },
} as const;
const deliverySchema = {
  type: "object",
  required: ["id", "endpointId", "eventId", "status", "attempts"],
  additionalProperties: true,
  properties: {
    id: { type: "string", format: "uuid" },
    endpointId: { type: "string", format: "uuid" },
    eventId: { type: "integer" },
    status: { type: "string" },
    attempts: { type: "integer" },
    statusCode: { type: "integer", nullable: true },
    durationMs: { type: "integer", nullable: true },
    lastError: { type: "string", nullable: true },
    nextAttemptAt: { type: "string", nullable: true },
    deliveredAt: { type: "string", nullable: true },
    createdAt: { type: "string" },
    updatedAt: { type: "string" },
  },
} as const;
const listOf = (item: object) =>
  ({ type: "object", required: ["data"], properties: { data: { type: "array", items: item } } }) as const;

/**
 * Webhook endpoints of authority and organisation systems, their delivery log and redelivery:
 * `POST /api/v1/webhook-endpoints` (the signing secret is shown once), `GET` to list them,
 * `GET /api/v1/webhook-endpoints/:id/deliveries`, `POST /api/v1/webhook-deliveries/:id/redeliver`.
 */
export function webhookRoutes({ db, cipher, webhooks, urlPolicy = {} }: WebhookRoutesParameters): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: { url: string; events?: string[] } }>(
      "/api/v1/webhook-endpoints",
      {
        schema: {
          tags: ["webhooks"],
          operationId: "createWebhookEndpoint",
          summary:
            "Register a webhook endpoint of the caller's authority or organisation; the signing secret is shown once",
          security: routeSecurity.sessionOrApiKey,
          errors: ["ENTRADA_FORBIDDEN", "ENTRADA_API_KEY_SCOPE", "ENTRADA_VALIDATION"],
          response: {
            201: {
              ...endpointSchema,
              required: [...endpointSchema.required, "secret"],
              properties: { ...endpointSchema.properties, secret: { type: "string" } },
            },
          },
          body: {
            type: "object",
            required: ["url"],
            additionalProperties: false,
            properties: {
              url: { type: "string", format: "uri", maxLength: 2048, pattern: "^https?://" },
              events: {
                type: "array",
                maxItems: 20,
                items: { type: "string", enum: [...Object.values(outboxTopics)] },
              },
            },
          },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const owner = ownerOf(user);
        const refused = refuseOutboundUrl(request.body.url, urlPolicy);
        if (refused !== undefined) {
          throw new ApiError(`The webhook URL ${refused}.`, { code: "ENTRADA_VALIDATION", details: { field: "url" } });
        }
        const secret = `whsec_${randomBytes(24).toString("base64url")}`;
        const [row] = await db
          .insert(webhookEndpoints)
          .values({
            ownerId: user.id,
            ...owner,
            url: request.body.url,
            secretCiphertext: sealWebhookSecret(cipher, secret),
            secretKeyId: cipher.masterKeyId,
            events: request.body.events ?? [],
          })
          .returning({ id: webhookEndpoints.id, url: webhookEndpoints.url, events: webhookEndpoints.events });
        return reply.code(201).send({ ...row, secret });
      },
    );

    const listSchema = {
      tags: ["webhooks"],
      operationId: "listWebhookEndpoints",
      summary: "The webhook endpoints of the caller's authority or organisation",
      security: routeSecurity.sessionOrApiKey,
      errors: ["ENTRADA_FORBIDDEN", "ENTRADA_API_KEY_SCOPE"],
      response: { 200: listOf(endpointSchema) },
    } as const;
    app.get("/api/v1/webhook-endpoints", { schema: listSchema }, async (request) => {
      const user = requireUser(request);
      const rows = await db
        .select({ id: webhookEndpoints.id, url: webhookEndpoints.url, events: webhookEndpoints.events })
        .from(webhookEndpoints)
        .where(scopeOf(user));
      return { data: rows };
    });

    app.get<{ Params: { id: string } }>(
      "/api/v1/webhook-endpoints/:id/deliveries",
      {
        schema: {
          tags: ["webhooks"],
          operationId: "listWebhookDeliveries",
          summary: "The delivery log of an endpoint, newest first (the last 100)",
          security: routeSecurity.sessionOrApiKey,
          errors: ["ENTRADA_FORBIDDEN", "ENTRADA_API_KEY_SCOPE", "ENTRADA_NOT_FOUND"],
          params: idParams,
          response: { 200: listOf(deliverySchema) },
        },
      },
      async (request) => {
        const user = requireUser(request);
        const [endpoint] = await db
          .select({ id: webhookEndpoints.id })
          .from(webhookEndpoints)
          .where(and(eq(webhookEndpoints.id, request.params.id), scopeOf(user)));
        if (!endpoint) throw new ApiError("No such webhook endpoint.", { code: "ENTRADA_NOT_FOUND" });
        // Status, timing and the reason of a failure; never what the endpoint answered (it may be an
        // internal service's data, which the key's holder must not be able to read through us).
        const rows = await db
          .select({
            id: webhookDeliveries.id,
            endpointId: webhookDeliveries.endpointId,
            eventId: webhookDeliveries.eventId,
            status: webhookDeliveries.status,
            attempts: webhookDeliveries.attempts,
            statusCode: webhookDeliveries.statusCode,
            durationMs: webhookDeliveries.durationMs,
            lastError: webhookDeliveries.lastError,
            nextAttemptAt: webhookDeliveries.nextAttemptAt,
            deliveredAt: webhookDeliveries.deliveredAt,
            createdAt: webhookDeliveries.createdAt,
            updatedAt: webhookDeliveries.updatedAt,
          })
          .from(webhookDeliveries)
          .where(eq(webhookDeliveries.endpointId, endpoint.id))
          .orderBy(desc(webhookDeliveries.createdAt))
          .limit(100);
        return { data: rows };
      },
    );

    app.post<{ Params: { id: string } }>(
      "/api/v1/webhook-deliveries/:id/redeliver",
      {
        schema: {
          tags: ["webhooks"],
          operationId: "redeliverWebhook",
          summary: "Send a delivery again, now",
          security: routeSecurity.sessionOrApiKey,
          errors: ["ENTRADA_FORBIDDEN", "ENTRADA_API_KEY_SCOPE", "ENTRADA_NOT_FOUND", "ENTRADA_CONCURRENT_UPDATE"],
          params: idParams,
          response: {
            202: {
              type: "object",
              required: ["id", "scheduled"],
              properties: { id: { type: "string", format: "uuid" }, scheduled: { type: "boolean" } },
            },
          },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const [delivery] = await db
          .select({ id: webhookDeliveries.id })
          .from(webhookDeliveries)
          .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
          .where(and(eq(webhookDeliveries.id, request.params.id), scopeOf(user)));
        if (!delivery) throw new ApiError("No such webhook delivery.", { code: "ENTRADA_NOT_FOUND" });
        if (!(await webhooks.redeliver(delivery.id))) {
          throw new ApiError("An attempt of this delivery is in flight; try again shortly.", {
            code: "ENTRADA_CONCURRENT_UPDATE",
          });
        }
        return reply.code(202).send({ id: delivery.id, scheduled: true });
      },
    );
  };
}
