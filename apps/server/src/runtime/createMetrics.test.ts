import { createStaticPriceSource } from "@entrada/core";
import { expect, test } from "vitest";
import { createMetrics } from "./createMetrics.ts";
import type { LoopState } from "./createSupervisor.ts";

const now = new Date("2026-03-01T12:00:00Z");
const unix = now.getTime() / 1000;

test("each instance has its own registry: two apps in one process never collide", async () => {
  const first = createMetrics();
  const second = createMetrics();
  first.observeRequest({ method: "GET", route: "/api/v1/health", statusCode: 200, seconds: 0.003 });
  expect(await first.registry.metrics()).toContain(
    'entrada_http_requests_total{method="GET",route="/api/v1/health",status_code="200"} 1',
  );
  expect(await second.registry.metrics()).not.toContain('route="/api/v1/health"');
});

test("requests by route pattern and status, with their latency", async () => {
  const metrics = createMetrics();
  for (const seconds of [0.004, 0.02, 0.3]) {
    metrics.observeRequest({ method: "GET", route: "/api/v1/applications/:id", statusCode: 200, seconds });
  }
  metrics.observeRequest({ method: "GET", route: "/api/v1/applications/:id", statusCode: 404, seconds: 0.001 });
  const text = await metrics.registry.metrics();
  const labels = 'method="GET",route="/api/v1/applications/:id",status_code="200"';
  expect(text).toContain(`entrada_http_requests_total{${labels}} 3`);
  expect(text).toContain(`entrada_http_request_duration_seconds_bucket{le="0.005",${labels}} 1`);
  expect(text).toContain(`entrada_http_request_duration_seconds_bucket{le="0.25",${labels}} 2`);
  expect(text).toContain(`entrada_http_request_duration_seconds_count{${labels}} 3`);
  expect(text).toContain('status_code="404"} 1');
});

test("the chain, outbox, relayer, webhook and price readings become their series", async () => {
  const metrics = createMetrics({ clock: () => now });
  metrics.setIndexer({ chainId: 8453, headBlock: 1_000_005n, lastBlock: 1_000_002n });
  metrics.setOutbox({ backlog: 4, oldestAgeSeconds: 12.5 });
  metrics.setRelayer({
    chainId: 8453,
    relayer: "payments",
    account: "0xAbC0000000000000000000000000000000000001",
    pending: 2,
    balanceWei: 1_500_000_000_000_000_000n,
  });
  metrics.setSettlements({
    queued: 1,
    sent: 2,
    blocked: 1,
    heldByIssuer: 1,
    oldestOpenAgeSeconds: 620,
    oldestBlockedAgeSeconds: null,
  });
  metrics.countWebhookFailures({ retrying: 2, failed: 0 });
  metrics.countWebhookFailures({ retrying: 1, failed: 1 });
  const source = metrics.observePriceSource(
    createStaticPriceSource({
      name: "chain-feeds",
      prices: { "GBP/USD": { answer: 127_000_000n, decimals: 8, updatedAt: unix - 90 } },
    }),
  );
  expect(source.name).toBe("chain-feeds");
  expect(await source.latest("GBP/USD")).toMatchObject({ answer: 127_000_000n });
  expect(await source.latest("XYZ/USD")).toBeUndefined();

  const text = await metrics.registry.metrics();
  expect(text).toContain('entrada_indexer_head_block{chain_id="8453"} 1000005');
  expect(text).toContain('entrada_indexer_last_block{chain_id="8453"} 1000002');
  expect(text).toContain('entrada_indexer_lag_blocks{chain_id="8453"} 3');
  expect(text).toContain("entrada_outbox_backlog 4");
  expect(text).toContain("entrada_outbox_oldest_age_seconds 12.5");
  const relayer = 'chain_id="8453",relayer="payments",account="0xabc0000000000000000000000000000000000001"';
  expect(text).toContain(`entrada_relayer_pending_transactions{${relayer}} 2`);
  expect(text).toContain(`entrada_relayer_balance_wei{${relayer}} 1500000000000000000`);
  expect(text).toContain('entrada_settlement_jobs{status="blocked"} 1');
  expect(text).toContain("entrada_settlements_held_by_issuer 1");
  expect(text).toContain('entrada_settlement_jobs{status="sent"} 2');
  expect(text).toContain("entrada_settlement_oldest_open_age_seconds 620");
  expect(text).toContain("entrada_settlement_oldest_blocked_age_seconds 0");
  expect(text).toContain('entrada_webhook_delivery_failures_total{outcome="retrying"} 3');
  expect(text).toContain('entrada_webhook_delivery_failures_total{outcome="failed"} 1');
  expect(text).toContain('entrada_quote_price_age_seconds{pair="GBP/USD",source="chain-feeds"} 90');
  // Node's process metrics only when asked for.
  expect(text).not.toContain("process_cpu");
});

test("loop series are read from the supervisor at each scrape", async () => {
  const metrics = createMetrics();
  let states: LoopState[] = [];
  metrics.watchLoops(() => states);
  const base = {
    iterations: 10,
    lastError: null,
    lag: null,
    lagAt: null,
  };
  states = [
    { ...base, name: "outbox", status: "ok", errors: 0, consecutiveFailures: 0, lastSuccessAt: now },
    { ...base, name: "indexer:31337", status: "failing", errors: 7, consecutiveFailures: 5, lastSuccessAt: null },
  ];
  let text = await metrics.registry.metrics();
  expect(text).toContain('entrada_loop_errors_total{loop="indexer:31337"} 7');
  expect(text).toContain('entrada_loop_errors_total{loop="outbox"} 0');
  expect(text).toContain('entrada_loop_iterations_total{loop="outbox"} 10');
  expect(text).toContain('entrada_loop_consecutive_failures{loop="indexer:31337"} 5');
  expect(text).toContain(`entrada_loop_last_success_timestamp_seconds{loop="outbox"} ${unix}`);
  expect(text).not.toContain('entrada_loop_last_success_timestamp_seconds{loop="indexer:31337"}');
  expect(text).toContain('entrada_loop_healthy{loop="outbox"} 1');
  expect(text).toContain('entrada_loop_healthy{loop="indexer:31337"} 0');

  states = [{ ...states[1]!, errors: 9, status: "retrying" }];
  text = await metrics.registry.metrics();
  expect(text).toContain('entrada_loop_errors_total{loop="indexer:31337"} 9');
  expect(text).not.toContain('loop="outbox"');
});

test("process metrics on request", async () => {
  const metrics = createMetrics({ processMetrics: true });
  const text = await metrics.registry.metrics();
  expect(text).toContain("process_cpu_user_seconds_total");
  expect(text).toContain("nodejs_eventloop_lag_seconds");
});
