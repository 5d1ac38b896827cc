import { randomBytes } from "node:crypto";
import { type Database, webhookDeliveries, webhookEndpoints } from "@entrada/db";
import { and, desc, eq, type SQL } from "drizzle-orm";
import type { FastifyPluginAsync } from "fastify";
import type { Principal } from "../auth/Principal.ts";
import type { RecordCipher } from "../crypto/createRecordCipher.ts";
import { ApiError } from "../errors/ApiError.ts";
import { requireUser } from "../http/authenticate.ts";
import type { WebhookDeliverer } from "../messaging/createWebhookDeliverer.ts";
import { outboxTopics } from "../services/publishOutbox.ts";

/** Parameters of {@link webhookRoutes}. */
export type WebhookRoutesParameters = {
  db: Database;
  cipher: RecordCipher;
  webhooks: WebhookDeliverer;
  /**
   * Whether endpoints may be http or point at loopback and private addresses (development and tests,
   * where the receiver runs on this machine). In production only public https URLs are accepted, so
   * that registering a webhook cannot make Entrada call into its own network.
   */
  allowPrivateUrls?: boolean;
};

const privateHost =
  /^(localhost|.*\.localhost|.*\.internal|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+|0\.0\.0\.0|\[.*\])$/i;

/** Why a webhook URL is refused in production, or `undefined` when it is acceptable. */
export function refuseWebhookUrl(url: string): string | undefined {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:") return "must use https";
  if (privateHost.test(parsed.hostname)) return "must point at a public host";
  return undefined;
}

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

/** The endpoints a principal may manage: its authority's or its organisation's. */
function scopeOf(user: Principal): SQL {
  if (user.authorityId !== undefined && (user.roles.includes("officer") || user.via === "api_key")) {
    return eq(webhookEndpoints.authorityId, user.authorityId);
  }
  if (user.organisationId !== undefined) return eq(webhookEndpoints.organisationId, user.organisationId);
  throw new ApiError("Only an authority's or an organisation's systems can register webhooks.", {
    code: "ENTRADA_FORBIDDEN",
  });
}

const idParams = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "string", format: "uuid" } },
} as const;

/**
 * Webhook endpoints of authority and organisation systems, their delivery log and redelivery:
 * `POST /api/v1/webhook-endpoints` (the signing secret is shown once), `GET` to list them,
 * `GET /api/v1/webhook-endpoints/:id/deliveries`, `POST /api/v1/webhook-deliveries/:id/redeliver`.
 */
export function webhookRoutes({
  db,
  cipher,
  webhooks,
  allowPrivateUrls = false,
}: WebhookRoutesParameters): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: { url: string; events?: string[] } }>(
      "/api/v1/webhook-endpoints",
      {
        schema: {
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
        scopeOf(user);
        const refused = allowPrivateUrls ? undefined : refuseWebhookUrl(request.body.url);
        if (refused !== undefined) {
          throw new ApiError(`The webhook URL ${refused}.`, { code: "ENTRADA_VALIDATION", details: { field: "url" } });
        }
        const secret = `whsec_${randomBytes(24).toString("base64url")}`;
        const [row] = await db
          .insert(webhookEndpoints)
          .values({
            ownerId: user.id,
            authorityId: user.organisationId === undefined ? (user.authorityId ?? null) : null,
            organisationId: user.organisationId ?? null,
            url: request.body.url,
            secretCiphertext: sealWebhookSecret(cipher, secret),
            secretKeyId: cipher.masterKeyId,
            events: request.body.events ?? [],
          })
          .returning({ id: webhookEndpoints.id, url: webhookEndpoints.url, events: webhookEndpoints.events });
        return reply.code(201).send({ ...row, secret });
      },
    );

    app.get("/api/v1/webhook-endpoints", async (request) => {
      const user = requireUser(request);
      const rows = await db
        .select({ id: webhookEndpoints.id, url: webhookEndpoints.url, events: webhookEndpoints.events })
        .from(webhookEndpoints)
        .where(scopeOf(user));
      return { data: rows };
    });

    app.get<{ Params: { id: string } }>(
      "/api/v1/webhook-endpoints/:id/deliveries",
      { schema: { params: idParams } },
      async (request) => {
        const user = requireUser(request);
        const [endpoint] = await db
          .select({ id: webhookEndpoints.id })
          .from(webhookEndpoints)
          .where(and(eq(webhookEndpoints.id, request.params.id), scopeOf(user)));
        if (!endpoint) throw new ApiError("No such webhook endpoint.", { code: "ENTRADA_NOT_FOUND" });
        const rows = await db
          .select()
          .from(webhookDeliveries)
          .where(eq(webhookDeliveries.endpointId, endpoint.id))
          .orderBy(desc(webhookDeliveries.createdAt))
          .limit(100);
        return { data: rows };
      },
    );

    app.post<{ Params: { id: string } }>(
      "/api/v1/webhook-deliveries/:id/redeliver",
      { schema: { params: idParams } },
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
