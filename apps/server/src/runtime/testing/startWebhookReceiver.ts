import { startHttpStandIn } from "../../messaging/testing/startHttpStandIn.ts";
import { verifyWebhookSignature } from "../../messaging/verifyWebhookSignature.ts";

/** A webhook as the receiver got it. */
export type ReceivedWebhook = {
  /** `Entrada-Event-Id` and `Entrada-Delivery-Id`. */
  eventId: string;
  deliveryId: string;
  /** Whether `Entrada-Signature` verified against the endpoint's secret. */
  signatureValid: boolean;
  body: { id: string; type: string; created: number; data: Record<string, unknown> };
};

/** A webhook receiver standing in for an authority's system. */
export type WebhookReceiver = {
  /** `http://127.0.0.1:<port>/webhooks`. */
  url: string;
  received: ReceivedWebhook[];
  /** Sets the secret signatures are checked with (known once the endpoint is registered). */
  setSecret(secret: string): void;
  close(): Promise<void>;
};

/**
 * An HTTP server that receives Entrada's webhooks as an authority's system would: it checks
 * `Entrada-Signature` over the raw body with the endpoint's secret (at the time `now` says: the
 * server signs with its own clock), answers 200 when it verifies and 400 when it does not, and
 * records everything.
 *
 * @example
 * const receiver = await startWebhookReceiver({ now: clock });
 * receiver.setSecret(endpoint.secret);
 */
export async function startWebhookReceiver({ now }: { now: () => Date }): Promise<WebhookReceiver> {
  let secret: string | undefined;
  const received: ReceivedWebhook[] = [];
  const standIn = await startHttpStandIn((request) => {
    const header = request.headers["entrada-signature"];
    const signatureValid =
      secret !== undefined &&
      verifyWebhookSignature(typeof header === "string" ? header : undefined, request.body, secret, { now: now() })
        .valid;
    received.push({
      eventId: String(request.headers["entrada-event-id"]),
      deliveryId: String(request.headers["entrada-delivery-id"]),
      signatureValid,
      body: JSON.parse(request.body) as ReceivedWebhook["body"],
    });
    return signatureValid ? { status: 200, body: "thanks" } : { status: 400, body: "bad signature" };
  });
  return {
    url: `${standIn.url}/webhooks`,
    received,
    setSecret(value) {
      secret = value;
    },
    close: () => standIn.close(),
  };
}
