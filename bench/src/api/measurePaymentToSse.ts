import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyInstance } from "fastify";
import {
  type Chain,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  TransactionReceiptNotFoundError,
  type Transport,
} from "viem";
import { type EventStreamFollower, followEventStream } from "./followEventStream.ts";
import { createQuotedApplication, signPaymentAuthorization, type Traveller } from "./travellerSteps.ts";
import { watchBlockArrivals } from "./watchBlockArrivals.ts";

/** Parameters of {@link measurePaymentToSse}. */
export type MeasurePaymentToSseParameters = {
  /** `http://host:port` of the API. */
  url: string;
  /** The app, to prepare applications in-process (not measured). */
  app: FastifyInstance;
  /** A client of the chain the relayer sends to, for receipts. */
  client: PublicClient<Transport, Chain>;
  /** WebSocket JSON-RPC URL of the same chain, for new-block announcements. */
  chainWsUrl: string;
  /** Payers: travellers whose wallets hold the dev USDC; payment i is traveller i mod n's. */
  travellers: readonly Traveller[];
  payments: number;
  /** Each payment waits a uniformly random 0..maxJitterMs first, so that arrivals do not lock onto the indexer's polling phase. */
  maxJitterMs: number;
  /** Told when the applications are ready, and every 50 payments. */
  progress?: (message: string) => void;
};

/** One payment, times in ms of `performance.now()`. */
export type PaymentSample = {
  applicationId: string;
  txHash: Hex;
  /** The traveller posted the signed authorization. */
  postedAt: number;
  /** The block holding the payment was announced by the node. */
  includedAt: number;
  /** The relayer's `202` reached the traveller. */
  answeredAt: number;
  /** `payment.confirmed` reached the traveller's event stream. */
  streamedAt: number;
  /** `streamedAt - includedAt`. */
  latencyMs: number;
};

/**
 * Pays `payments` applications gaslessly, one at a time, and times each from the inclusion of its
 * transaction (the node's announcement of the block, see {@link watchBlockArrivals}) to the arrival
 * of its `payment.confirmed` event on the payer's SSE stream (`GET /api/v1/events/stream`, one open
 * stream per traveller). Applications are created, quoted and their EIP-3009 authorizations signed
 * beforehand, so a sample holds only the payment's own path: relayer → chain → indexer → outbox →
 * NOTIFY → SSE hub → stream.
 *
 * @example
 * const samples = await measurePaymentToSse({ url, app, client, chainWsUrl, travellers, payments: 200, maxJitterMs: 100 });
 */
export async function measurePaymentToSse(parameters: MeasurePaymentToSseParameters): Promise<PaymentSample[]> {
  const { url, app, client, chainWsUrl, travellers, payments, maxJitterMs, progress = () => {} } = parameters;

  // Prepared per traveller in parallel, each traveller's one after the other.
  const prepared: { traveller: Traveller; applicationId: string; signature: Hex }[] = [];
  await Promise.all(
    travellers.map(async (traveller, t) => {
      for (let i = t; i < payments; i += travellers.length) {
        const applicationId = await createQuotedApplication(app, traveller);
        const signature = await signPaymentAuthorization(app, traveller, applicationId);
        prepared[i] = { traveller, applicationId, signature };
      }
    }),
  );

  progress(`${payments} applications quoted and their authorizations signed`);

  const confirmed = new Map<string, (at: number) => void>();
  const onEvent = (event: { event?: string; data?: string; arrivedAt: number }) => {
    if (event.event !== "payment.confirmed" || event.data === undefined) return;
    const { applicationId } = JSON.parse(event.data) as { applicationId: string };
    // Registered before the payment is posted, so no event can come first.
    confirmed.get(applicationId)?.(event.arrivedAt);
  };
  const blocks = await watchBlockArrivals(chainWsUrl);
  const streams: EventStreamFollower[] = [];
  try {
    for (const traveller of travellers) {
      streams.push(await followEventStream(`${url}/api/v1/events/stream`, { cookie: traveller.cookie }, onEvent));
    }
    progress(`${travellers.length} event streams open`);

    const samples: PaymentSample[] = [];
    for (const { traveller, applicationId, signature } of prepared) {
      await sleep(Math.random() * maxJitterMs);
      const streamed = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no payment.confirmed for ${applicationId} within 10 s`)),
          10_000,
        );
        confirmed.set(applicationId, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
      // Marked handled: if the post fails, its error is the one to report, not this timeout.
      streamed.catch(() => undefined);
      const postedAt = performance.now();
      const response = await fetch(`${url}/api/v1/applications/${applicationId}/payment/authorization`, {
        method: "POST",
        headers: { cookie: traveller.cookie, "content-type": "application/json" },
        body: JSON.stringify({ signature }),
      });
      const answeredAt = performance.now();
      const body = await response.text();
      if (response.status !== 202) throw new Error(`payment of ${applicationId}: ${response.status} ${body}`);
      const { txHash } = JSON.parse(body) as { txHash: Hex };
      const receipt = await receiptOf(client, txHash);
      if (receipt.status !== "success") throw new Error(`payment ${txHash} reverted`);
      const includedAt = await blocks.arrivalOf(receipt.blockHash);
      const streamedAt = await streamed;
      confirmed.delete(applicationId);
      samples.push({
        applicationId,
        txHash,
        postedAt,
        includedAt,
        answeredAt,
        streamedAt,
        latencyMs: streamedAt - includedAt,
      });
      if (samples.length % 50 === 0) progress(`${samples.length} payments streamed`);
    }
    return samples;
  } finally {
    for (const stream of streams) stream.close();
    await blocks.close();
  }
}

/**
 * The receipt of a transaction the relayer has broadcast. On the automining chain it exists as soon as
 * the relayer answers; a short poll covers a node that mines a moment later, and 5 s without one fails.
 */
async function receiptOf(client: PublicClient<Transport, Chain>, hash: Hex): Promise<TransactionReceipt> {
  const deadline = performance.now() + 5_000;
  for (;;) {
    try {
      return await client.getTransactionReceipt({ hash });
    } catch (error) {
      if (!(error instanceof TransactionReceiptNotFoundError) || performance.now() > deadline) throw error;
      await sleep(5);
    }
  }
}
