import fastifySse from "@fastify/sse";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { UnauthenticatedError } from "../errors/auth.ts";
import { routeSecurity } from "../http/routeSecurity.ts";
import type { SseConnection, SseHub, StreamUser } from "./createSseHub.ts";

export type SseRoutesOptions = {
  /** The hub of this process; an `SseHub<Principal>` fits, as its streams get `request.user` as it is. */
  hub: SseHub;
  /**
   * A stream whose unsent output exceeds this many bytes (a client that stopped reading) is closed;
   * the client reconnects with `Last-Event-ID` and is replayed what it missed. Default 1 MiB.
   */
  maxBufferedBytes?: number | undefined;
};

/** The path of the event stream. */
export const eventStreamPath = "/api/v1/events/stream";

/**
 * `GET /api/v1/events/stream`: the signed-in user's live events as server-sent events, from the
 * {@link SseHub}. Each event has `id:` (the outbox id), `event:` (the topic) and `data:` (the payload
 * as JSON); a reconnecting `EventSource` sends `Last-Event-ID` and is replayed what it missed.
 * Anonymous requests get 401 `ENTRADA_UNAUTHENTICATED`.
 *
 * Register it after the auth plugin, which sets `request.user` (`{ id, roles, authorityId?, … }`,
 * `null` or absent when anonymous); the hub and its `canSee` get that object unchanged. It
 * uses `@fastify/sse` (registering it if the app has not) with the plugin's own heartbeat off: the hub
 * sends one every 15 s to all its streams. On `app.close()` its open streams are ended, so that the
 * server can stop.
 *
 * @example
 * const hub = createSseHub({ db, bus, canSee, logger });
 * await app.register(sseRoutes, { hub });
 */
export const sseRoutes: FastifyPluginAsync<SseRoutesOptions> = async (app, options) => {
  const { hub, maxBufferedBytes = 1024 * 1024 } = options;
  if (!app.hasPlugin("@fastify/sse")) await app.register(fastifySse, { heartbeatInterval: 0 });
  const open = new Set<() => void>();
  // An open stream would hold the server open for ever: end them before it closes.
  app.addHook("preClose", async () => {
    for (const end of [...open]) end();
  });

  app.get(
    eventStreamPath,
    {
      sse: { kind: "only", heartbeat: false },
      // Documentation only: no validation schema, so the app's validator compiler (JSON Schema or zod) never sees one.
      schema: {
        summary: "Follow your applications live (server-sent events; send Last-Event-ID to replay)",
        tags: ["events"],
        operationId: "followEvents",
        security: routeSecurity.sessionOrApiKey,
        response: {
          200: {
            description:
              "An endless stream of events: `id:` the outbox id, `event:` the topic, `data:` the payload as JSON; comments as heartbeats",
            content: { "text/event-stream": { schema: { type: "string" } } },
          },
        },
      },
    },
    async (request, reply) => {
      const user = readStreamUser(request);
      if (!user) {
        // Answered here rather than thrown, so the error has the API's shape whatever error handler the app has.
        const error = new UnauthenticatedError();
        // Widened: the schema documents the stream (200) only; the error statuses are the app's to document.
        return (reply as FastifyReply).code(error.status).send({ error: error.toJSON() });
      }
      reply.sse.keepAlive();
      // Commit the response now: the client sees 200 at once, and Fastify leaves the stream alone.
      reply.sse.sendHeaders();
      // sendHeaders() does not flush: without this the client sees no response until the first event.
      reply.raw.flushHeaders();
      const connection = toConnection(reply, maxBufferedBytes);
      let disconnect: () => void;
      try {
        disconnect = await hub.connect(user, connection, { lastEventId: reply.sse.lastEventId ?? undefined });
      } catch (error) {
        // The stream is open already: end it, and the client's EventSource retries in a few seconds.
        request.log.error({ err: error }, "SSE stream could not start");
        reply.sse.close();
        return;
      }
      const end = () => {
        open.delete(end);
        disconnect();
        reply.sse.close();
      };
      open.add(end);
      reply.sse.onClose(end);
      // The client may have left during the replay, before onClose was registered.
      if (!reply.sse.isConnected) end();
    },
  );
};

/** A hub connection writing to a Fastify SSE reply. */
function toConnection(reply: FastifyReply, maxBufferedBytes: number): SseConnection {
  return {
    send(event) {
      if (reply.raw.writableLength > maxBufferedBytes) {
        reply.log.info({ buffered: reply.raw.writableLength }, "SSE client too slow; closing its stream");
        reply.sse.close();
        return;
      }
      void reply.sse.send(event).catch(() => reply.sse.close());
    },
    comment(text) {
      if (reply.sse.isConnected) reply.raw.write(`: ${text}\n\n`);
    },
    close() {
      reply.sse.close();
    },
  };
}

/**
 * The user the auth plugin put on the request, checked for the fields the hub relies on (this route
 * runs in an app this module does not build) and passed on as it is, with every other field.
 */
function readStreamUser(request: FastifyRequest): StreamUser | undefined {
  const user: unknown = (request as unknown as { user?: unknown }).user;
  if (typeof user !== "object" || user === null) return undefined;
  const { id, roles, authorityId } = user as Record<string, unknown>;
  if (typeof id !== "string" || id.length === 0) return undefined;
  if (!Array.isArray(roles) || !roles.every((role) => typeof role === "string")) return undefined;
  if (authorityId !== undefined && typeof authorityId !== "string") return undefined;
  return user as StreamUser;
}
