import { createHmac, timingSafeEqual } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:http";

/** A webhook as it arrived. */
export type ReceivedWebhook = {
  /** `Entrada-Event-Id`: the outbox event; the same on a redelivery. */
  eventId: string;
  /** `Entrada-Delivery-Id`: the delivery row; another id for the same event would be a second delivery. */
  deliveryId: string;
  type: string;
  data: Record<string, unknown>;
  /** Whether `Entrada-Signature` verified against the endpoint's secret (set once registered). */
  signatureValid: boolean;
};

/** An authority's system receiving Entrada's webhooks on 127.0.0.1. */
export type WebhookReceiver = {
  /** `http://127.0.0.1:<port>/webhooks`. */
  url: string;
  received: ReceivedWebhook[];
  setSecret(secret: string): void;
  /** Waits this long before answering each delivery (0 by default), so that a fault can land mid-delivery. */
  setDelay(ms: number): void;
  close(): Promise<void>;
};

/** `t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`, as docs/api.md documents it. */
function verify(header: string | undefined, body: string, secret: string | undefined): boolean {
  if (header === undefined || secret === undefined) return false;
  const parts = Object.fromEntries(header.split(",").map((part) => part.split("=", 2) as [string, string]));
  if (parts.t === undefined || parts.v1 === undefined) return false;
  const expected = createHmac("sha256", secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * An HTTP server that records every webhook delivery (event id, delivery id, type, data, whether the
 * signature verified) and answers 200 — after the delay, if one is set, during which a sender that
 * dies never learns that it was received.
 *
 * @example
 * const receiver = await startWebhookReceiver();
 * receiver.setSecret(endpoint.secret);
 * receiver.received.filter((w) => w.eventId === "42").length; // 1
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let secret: string | undefined;
  let delayMs = 0;
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    // Received in full: recorded, as a real receiver would act on it, even if the sender dies before
    // the answer reaches it (it will send it again: the same event and delivery ids).
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    let parsed: { type?: string; data?: Record<string, unknown> } = {};
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {}
    const header = request.headers["entrada-signature"];
    received.push({
      eventId: String(request.headers["entrada-event-id"]),
      deliveryId: String(request.headers["entrada-delivery-id"]),
      type: parsed.type ?? "",
      data: parsed.data ?? {},
      signatureValid: verify(typeof header === "string" ? header : undefined, body, secret),
    });
    response.writeHead(200, { "content-type": "text/plain" }).end("thanks");
  });
  server.keepAliveTimeout = 1_000;
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    setSecret(value) {
      secret = value;
    },
    setDelay(ms) {
      delayMs = ms;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}
