import { createHash } from "node:crypto";
import {
  completeIdempotencyKey,
  type Database,
  type Json,
  releaseIdempotencyKey,
  reserveIdempotencyKey,
} from "@entrada/db";
import type { FastifyReply, FastifyRequest } from "fastify";
import {
  IdempotencyInProgressError,
  IdempotencyKeyInvalidError,
  IdempotencyMismatchError,
} from "../errors/idempotency.ts";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route honours `Idempotency-Key` (every POST that moves money or creates records). */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    /** Set when this request reserved an idempotency key: its response will be stored. */
    idempotency?: { scope: string; key: string } | undefined;
  }
}

/** The request header, as Stripe names it. */
export const idempotencyHeader = "idempotency-key";
/** Header on a replayed response. */
export const idempotentReplayedHeader = "idempotent-replayed";

/** Parameters of {@link createIdempotencyHooks}. */
export type CreateIdempotencyHooksParameters = {
  db: Database;
  /** How long keys are remembered. Default 24 h (Stripe's minimum). */
  ttlMs?: number | undefined;
  /** How long a first request may run before a retry may take its key over. Default 60 s. */
  lockMs?: number | undefined;
};

/**
 * `Idempotency-Key` with Stripe's semantics for routes marked `config: { idempotent: true }`:
 * the same key with the same request (method, path, body) gets the stored response again, marked
 * `Idempotent-Replayed: true`; the same key with another request is a 409
 * (ENTRADA_IDEMPOTENCY_MISMATCH); while the first runs, a 409 (ENTRADA_IDEMPOTENCY_IN_PROGRESS).
 * Keys are scoped to the caller (a user, or an API key). Responses that say "try again" (5xx, 429, a
 * concurrent update) are not stored: the key is released so that a retry runs the request again.
 * Without the header the request runs as usual.
 *
 * @example
 * const idempotency = createIdempotencyHooks({ db });
 * app.addHook("preHandler", idempotency.preHandler);
 * app.addHook("onSend", idempotency.onSend);
 */
export function createIdempotencyHooks({ db, ttlMs = 86_400_000, lockMs = 60_000 }: CreateIdempotencyHooksParameters) {
  return {
    async preHandler(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
      if (request.routeOptions.config.idempotent !== true) return undefined;
      const header = request.headers[idempotencyHeader];
      if (header === undefined) return undefined;
      const key = Array.isArray(header) ? header[0] : header;
      if (key === undefined || !/^[\x21-\x7e]{1,255}$/.test(key)) throw new IdempotencyKeyInvalidError();
      // Anonymous requests to these routes are refused by the route itself; there is no scope to key.
      const user = request.user;
      if (user === null) return undefined;
      const scope = user.apiKeyId !== undefined ? `api_key:${user.apiKeyId}` : `user:${user.id}`;
      const requestHash = createHash("sha256")
        .update(`${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`)
        .digest("hex");
      const reservation = await reserveIdempotencyKey(db, { scope, key, requestHash, ttlMs, lockMs });
      switch (reservation.type) {
        case "reserved":
          request.idempotency = { scope, key };
          return undefined;
        case "replay":
          // Returning the reply ends the hook chain: the handler does not run again.
          return reply
            .header(idempotentReplayedHeader, "true")
            .status(reservation.responseStatus)
            .send(reservation.responseBody ?? undefined);
        case "in_progress":
          throw new IdempotencyInProgressError();
        case "mismatch":
          throw new IdempotencyMismatchError();
      }
    },

    async onSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
      const reserved = request.idempotency;
      if (reserved === undefined) return payload;
      request.idempotency = undefined;
      let body: Json | null = null;
      if (typeof payload === "string" && payload.length > 0) {
        try {
          body = JSON.parse(payload) as Json;
        } catch {
          body = null;
        }
      }
      const status = reply.statusCode;
      const code = typeof body === "object" && body !== null && !Array.isArray(body) ? errorCode(body) : undefined;
      try {
        if (status >= 500 || status === 429 || code === "ENTRADA_CONCURRENT_UPDATE") {
          await releaseIdempotencyKey(db, reserved);
        } else {
          await completeIdempotencyKey(db, { ...reserved, responseStatus: status, responseBody: body });
        }
      } catch (error) {
        // The response still goes out; the key frees itself when its lock lapses.
        request.log.error({ err: error }, "could not store the idempotent response");
      }
      return payload;
    },
  };
}

function errorCode(body: { [key: string]: Json }): string | undefined {
  const error = body.error;
  if (typeof error !== "object" || error === null || Array.isArray(error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

/** JSON with object keys sorted, so that `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
