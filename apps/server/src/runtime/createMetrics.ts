import type { PriceSource } from "@entrada/core";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { LoopState } from "./createSupervisor.ts";

/** Parameters of {@link createMetrics}. */
export type CreateMetricsParameters = {
  /** Now, for the age of price rounds. Default the system clock. */
  clock?: (() => Date) | undefined;
  /**
   * Also Node's process metrics (CPU, memory, event-loop delay, `process_*` and `nodejs_*`). Only the
   * running server turns them on: they start timers per registry, and tests build many apps.
   */
  processMetrics?: boolean | undefined;
};

/** One HTTP request, as {@link Metrics.observeRequest} counts it. */
export type RequestSample = {
  method: string;
  /** The route's pattern (`/api/v1/applications/:id`), never the URL: bounded label values. */
  route: string;
  statusCode: number;
  seconds: number;
};

/** What {@link createMetrics} returns: one registry per app instance, and the ways to feed it. */
export type Metrics = {
  /** This instance's registry: `registry.metrics()` is the `/metrics` body. */
  registry: Registry;
  /** Counts an answered request and its duration. */
  observeRequest(sample: RequestSample): void;
  /** `source`, recording the age of every round the quote service reads from it. */
  observePriceSource(source: PriceSource): PriceSource;
  /** Counts the failed attempts of one pass of webhook deliveries. */
  countWebhookFailures(result: { retrying: number; failed: number }): void;
  /** The indexer's position against the chain's head. */
  setIndexer(reading: { chainId: number; headBlock: bigint; lastBlock: bigint | undefined }): void;
  /** The outbox's due, unprocessed events and the age of the oldest. */
  setOutbox(reading: { backlog: number; oldestAgeSeconds: number }): void;
  /** A relayer account's pending transactions and, when read, its native balance in wei. */
  setRelayer(reading: {
    chainId: number;
    relayer: string;
    account: string;
    pending: number;
    balanceWei?: bigint | undefined;
  }): void;
  /** The settlement jobs waiting, sent and blocked, and the age of the oldest open and blocked ones. */
  setSettlements(reading: {
    queued: number;
    sent: number;
    blocked: number;
    /** Of the blocked, those the token's issuer holds (a paused token, a blacklisted account). */
    heldByIssuer?: number | undefined;
    oldestOpenAgeSeconds: number | null;
    oldestBlockedAgeSeconds: number | null;
  }): void;
  /** Reads the supervisor's loops at each scrape (`entrada_loop_*`). */
  watchLoops(states: () => readonly LoopState[]): void;
};

/** Request latency buckets, in seconds: the API answers in milliseconds, the relayed payments in seconds. */
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Entrada's Prometheus metrics (prom-client), in a registry of their own so that many apps in one
 * process (tests) never collide in prom-client's global one. Series, all prefixed `entrada_`:
 * HTTP requests and latency by route pattern and status; the indexer's head, last block and lag;
 * the outbox backlog and its oldest age; each relayer account's pending transactions and balance;
 * settlement jobs by status and the oldest open and blocked; webhook delivery failures; the age of the price rounds quotes used; and per background loop its
 * errors, iterations, consecutive failures, last success and health. docs/api.md lists them.
 *
 * @example
 * const metrics = createMetrics({ processMetrics: true });
 * metrics.observeRequest({ method: "GET", route: "/api/v1/health", statusCode: 200, seconds: 0.002 });
 * await metrics.registry.metrics(); // "# HELP entrada_http_requests_total …"
 */
export function createMetrics(parameters: CreateMetricsParameters = {}): Metrics {
  const clock = parameters.clock ?? (() => new Date());
  const registry = new Registry();
  const registers = [registry];
  if (parameters.processMetrics === true) collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: "entrada_http_requests_total",
    help: "HTTP requests answered, by method, route pattern and status code.",
    labelNames: ["method", "route", "status_code"] as const,
    registers,
  });
  const latency = new Histogram({
    name: "entrada_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by method, route pattern and status code.",
    labelNames: ["method", "route", "status_code"] as const,
    buckets: latencyBuckets,
    registers,
  });

  const indexerHead = new Gauge({
    name: "entrada_indexer_head_block",
    help: "The chain's latest block number, as the indexer last read it.",
    labelNames: ["chain_id"] as const,
    registers,
  });
  const indexerLast = new Gauge({
    name: "entrada_indexer_last_block",
    help: "The last block the indexer has stored the logs of (its cursor).",
    labelNames: ["chain_id"] as const,
    registers,
  });
  const indexerLag = new Gauge({
    name: "entrada_indexer_lag_blocks",
    help: "Blocks between the chain's head and the indexer's last block; confirmations − 1 when caught up.",
    labelNames: ["chain_id"] as const,
    registers,
  });

  const outboxBacklog = new Gauge({
    name: "entrada_outbox_backlog",
    help: "Outbox events due and not yet handled (e-mail, SMS, webhook fan-out).",
    registers,
  });
  const outboxOldest = new Gauge({
    name: "entrada_outbox_oldest_age_seconds",
    help: "How long the oldest due, unhandled outbox event has been waiting; 0 when none.",
    registers,
  });

  const relayerPending = new Gauge({
    name: "entrada_relayer_pending_transactions",
    help: "Transactions a relayer account sent that are not mined yet.",
    labelNames: ["chain_id", "relayer", "account"] as const,
    registers,
  });
  const relayerBalance = new Gauge({
    name: "entrada_relayer_balance_wei",
    help: "A relayer account's native balance (gas money), in wei, read periodically.",
    labelNames: ["chain_id", "relayer", "account"] as const,
    registers,
  });

  const settlementJobs = new Gauge({
    name: "entrada_settlement_jobs",
    help: "Settlement jobs (release, refund, expiry claim) by status: queued, sent (awaiting the receipt), blocked (an operator must act).",
    labelNames: ["status"] as const,
    registers,
  });
  const settlementsHeldByIssuer = new Gauge({
    name: "entrada_settlements_held_by_issuer",
    help: "Blocked settlement jobs that the token's issuer holds (token paused, payer or payout blacklisted): the money stays in the escrow and the worker re-checks them on its own.",
    registers,
  });
  const settlementOldestOpen = new Gauge({
    name: "entrada_settlement_oldest_open_age_seconds",
    help: "Age of the oldest settlement job not yet settled; 0 when none.",
    registers,
  });
  const settlementOldestBlocked = new Gauge({
    name: "entrada_settlement_oldest_blocked_age_seconds",
    help: "Age of the oldest blocked settlement job; 0 when none.",
    registers,
  });

  const webhookFailures = new Counter({
    name: "entrada_webhook_delivery_failures_total",
    help: "Failed webhook delivery attempts: retrying (another attempt is scheduled) or failed (given up).",
    labelNames: ["outcome"] as const,
    registers,
  });
  // Both outcomes exist from the start, so a rate over them is defined before the first failure.
  webhookFailures.labels("retrying").inc(0);
  webhookFailures.labels("failed").inc(0);

  const priceAge = new Gauge({
    name: "entrada_quote_price_age_seconds",
    help: "Age of the price round the quote service last read, when it read it, by pair and source.",
    labelNames: ["pair", "source"] as const,
    registers,
  });

  let loops: () => readonly LoopState[] = () => [];
  /** A gauge per loop, computed at each scrape from the supervisor's states. */
  const loopGauge = (name: string, help: string, value: (state: LoopState) => number | undefined) =>
    new Gauge({
      name,
      help,
      labelNames: ["loop"] as const,
      registers,
      collect() {
        this.reset();
        for (const state of loops()) {
          const reading = value(state);
          if (reading !== undefined) this.labels(state.name).set(reading);
        }
      },
    });
  // A counter's value comes from the supervisor's totals, which only grow: set it at each scrape.
  new Counter({
    name: "entrada_loop_errors_total",
    help: "Errors of a background loop since the process started.",
    labelNames: ["loop"] as const,
    registers,
    collect() {
      this.reset();
      for (const state of loops()) this.labels(state.name).inc(state.errors);
    },
  });
  new Counter({
    name: "entrada_loop_iterations_total",
    help: "Ticks of a background loop since the process started, failed ones included.",
    labelNames: ["loop"] as const,
    registers,
    collect() {
      this.reset();
      for (const state of loops()) this.labels(state.name).inc(state.iterations);
    },
  });
  loopGauge(
    "entrada_loop_consecutive_failures",
    "Failures of a background loop since its last success.",
    (state) => state.consecutiveFailures,
  );
  loopGauge(
    "entrada_loop_last_success_timestamp_seconds",
    "Unix time of a background loop's last successful tick.",
    (state) => (state.lastSuccessAt === null ? undefined : state.lastSuccessAt.getTime() / 1000),
  );
  loopGauge(
    "entrada_loop_healthy",
    "1 when a background loop is starting, ok or retrying under the threshold; 0 when failing, stuck, stopped or fatal.",
    (state) => (["starting", "ok", "retrying"].includes(state.status) ? 1 : 0),
  );

  return {
    registry,

    observeRequest({ method, route, statusCode, seconds }) {
      const labels = { method, route, status_code: String(statusCode) };
      requests.inc(labels);
      latency.observe(labels, seconds);
    },

    observePriceSource(source) {
      return {
        name: source.name,
        async latest(pair) {
          const answer = await source.latest(pair);
          if (answer !== undefined && Number.isSafeInteger(answer.updatedAt)) {
            priceAge.set({ pair, source: source.name }, clock().getTime() / 1000 - answer.updatedAt);
          }
          return answer;
        },
      };
    },

    countWebhookFailures({ retrying, failed }) {
      if (retrying > 0) webhookFailures.inc({ outcome: "retrying" }, retrying);
      if (failed > 0) webhookFailures.inc({ outcome: "failed" }, failed);
    },

    setIndexer({ chainId, headBlock, lastBlock }) {
      const labels = { chain_id: String(chainId) };
      indexerHead.set(labels, Number(headBlock));
      if (lastBlock === undefined) return;
      indexerLast.set(labels, Number(lastBlock));
      indexerLag.set(labels, Math.max(0, Number(headBlock - lastBlock)));
    },

    setOutbox({ backlog, oldestAgeSeconds }) {
      outboxBacklog.set(backlog);
      outboxOldest.set(oldestAgeSeconds);
    },

    setRelayer({ chainId, relayer, account, pending, balanceWei }) {
      const labels = { chain_id: String(chainId), relayer, account: account.toLowerCase() };
      relayerPending.set(labels, pending);
      // A float: exact to the wei below 2^53 wei (0.009 ETH), to 16 significant digits above; enough to alert on.
      if (balanceWei !== undefined) relayerBalance.set(labels, Number(balanceWei));
    },

    setSettlements({ queued, sent, blocked, heldByIssuer, oldestOpenAgeSeconds, oldestBlockedAgeSeconds }) {
      settlementsHeldByIssuer.set(heldByIssuer ?? 0);
      settlementJobs.set({ status: "queued" }, queued);
      settlementJobs.set({ status: "sent" }, sent);
      settlementJobs.set({ status: "blocked" }, blocked);
      settlementOldestOpen.set(oldestOpenAgeSeconds ?? 0);
      settlementOldestBlocked.set(oldestBlockedAgeSeconds ?? 0);
    },

    watchLoops(states) {
      loops = states;
    },
  };
}
