import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { ReorgTooDeepError } from "@entrada/chain";
import { demoAccounts, devAccount } from "@entrada/contracts";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { type Config, keyAddress, loadConfig } from "../config.ts";
import { createLogger } from "./createLogger.ts";
import { type Entrada, startEntrada } from "./startEntrada.ts";
import { type SignedInUser, signInWithWallet } from "./testing/createHttpClient.ts";
import { applyForUkEta, payGaslessly, quoteInUsdc } from "./testing/payGaslessly.ts";
import { waitFor } from "./testing/waitFor.ts";

// The runtime's loops under the supervisor, end to end on the embedded chain: a payment moves
// through the indexer, outbox and relayer loops and shows in /metrics and /health/ready; then a reorg
// deeper than the indexer's window stops the process the way a process manager needs it stopped.

/** A logger writing parsed JSON lines into an array, through the server's serializers. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger({ level: "info", destination }), lines };
}

/** The value of one sample of a Prometheus text body, or `undefined`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("supervised loops of the runtime", () => {
  let dataDir: string;
  let config: Config;
  let entrada: Entrada;
  let traveller: SignedInUser;
  const log = capture();
  const onFatal = vi.fn();
  const account = devAccount(demoAccounts.firstWallet);
  /** JSON-RPC to the embedded chain, for what only a test does to a chain: snapshots and reverts. */
  const rpc = (method: string, params: unknown[] = []) =>
    entrada.client.request({ method, params } as never) as Promise<unknown>;
  const scrape = async () => {
    const response = await fetch(`${entrada.url}/metrics`);
    expect(response.status).toBe(200);
    return response.text();
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "entrada-supervised-"));
    config = loadConfig({
      NODE_ENV: "development",
      HOST: "127.0.0.1",
      PORT: "0",
      ENTRADA_DATA_DIR: dataDir,
      CHAIN_RPC_URL: "http://127.0.0.1:0",
      ENTRADA_EMBEDDED_CHAIN: "true",
      CHAIN_CONFIRMATIONS: "1",
      RATE_LIMIT_MAX: "100000",
    });
    entrada = await startEntrada({
      config,
      embeddedChain: true,
      intervals: { indexer: 50, outbox: 100, relayer: 200, webhooks: 100, expiry: 1_000 },
      logger: log.logger,
      // A narrow window, so that a test can reorg below it.
      maxReorgDepth: 2,
      onFatal,
    });
    traveller = await signInWithWallet(entrada.url, account);
  });

  afterAll(async () => {
    await entrada?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test("after a few requests and a payment, /metrics has the named series and /health/ready every loop", async () => {
    // Before the payment: the block a reorg will go back to.
    const snapshot = await rpc("evm_snapshot");
    const id = await applyForUkEta(traveller.client);
    await quoteInUsdc(traveller.client, id);
    const { response } = await payGaslessly(traveller.client, account, id);
    expect(response.status, response.text).toBe(202);
    await rpc("evm_mine");
    await waitFor(
      async () => (await traveller.client.get<{ state: string }>(`/api/v1/applications/${id}`)).body.state === "paid",
      { what: "the payment to be indexed" },
    );
    // The indexer's lag is read every few seconds: wait for a reading at or past the payment's block.
    const paidBlock = Number(await entrada.client.getBlockNumber());
    const text = await waitFor(
      async () => {
        const body = await scrape();
        return (sample(body, 'entrada_indexer_last_block{chain_id="31337"}') ?? 0) >= paidBlock && body;
      },
      { what: "the indexer's position in /metrics", timeoutMs: 20_000 },
    );

    expect(
      sample(text, 'entrada_http_requests_total{method="POST",route="/api/v1/applications",status_code="201"}'),
    ).toBe(1);
    expect(
      sample(
        text,
        'entrada_http_requests_total{method="POST",route="/api/v1/applications/:id/payment/authorization",status_code="202"}',
      ),
    ).toBe(1);
    expect(text).toMatch(
      /entrada_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/applications\/:id",status_code="200"\} \d+/,
    );
    // Caught up: with one confirmation the head itself is indexed.
    expect(sample(text, 'entrada_indexer_lag_blocks{chain_id="31337"}')).toBe(0);
    expect(sample(text, "entrada_outbox_backlog")).toEqual(expect.any(Number));
    expect(text).toContain("entrada_outbox_oldest_age_seconds");
    const relayer = keyAddress(config.keys.relayer).toLowerCase();
    const payments = `chain_id="31337",relayer="payments",account="${relayer}"`;
    expect(sample(text, `entrada_relayer_pending_transactions{${payments}}`)).toEqual(expect.any(Number));
    expect(sample(text, `entrada_relayer_balance_wei{${payments}}`)).toBeGreaterThan(0);
    expect(text).toMatch(/entrada_quote_price_age_seconds\{pair="GBP\/USD",source="chain-feeds"\} \d/);
    expect(sample(text, 'entrada_webhook_delivery_failures_total{outcome="failed"}')).toBe(0);
    expect(sample(text, 'entrada_settlement_jobs{status="blocked"}')).toBe(0);
    expect(sample(text, 'entrada_loop_errors_total{loop="indexer:31337"}')).toBe(0);
    expect(sample(text, 'entrada_loop_iterations_total{loop="indexer:31337"}')).toBeGreaterThan(0);
    expect(sample(text, 'entrada_loop_healthy{loop="outbox"}')).toBe(1);
    expect(text).toContain("process_cpu_user_seconds_total");

    const ready = await fetch(`${entrada.url}/api/v1/health/ready`);
    expect(ready.status).toBe(200);
    const readiness = (await ready.json()) as { status: string; loops: { name: string; status: string }[] };
    expect(readiness.status).toBe("ready");
    expect(readiness.loops.map((loop) => loop.name)).toEqual(
      expect.arrayContaining(["indexer:31337", "outbox", "relayer", "webhooks", "expiry", "settlements"]),
    );
    expect(readiness.loops.every((loop) => loop.status === "ok" || loop.status === "starting")).toBe(true);
    // Each request's log lines name it.
    expect(log.lines.some((line) => line.reqId !== undefined && line.msg === "request completed")).toBe(true);

    expect(onFatal).not.toHaveBeenCalled();
    await reorgBelowTheWindow(snapshot);
  });

  test("a reorg deeper than the indexer's window stops Entrada with a structured fatal log and calls onFatal", async () => {
    await vi.waitFor(() => expect(onFatal).toHaveBeenCalledTimes(1), { timeout: 20_000 });
    const [error, loop] = onFatal.mock.calls[0]!;
    expect(loop).toBe("indexer:31337");
    expect(error).toBeInstanceOf(ReorgTooDeepError);
    expect(log.lines.filter((line) => line.level === 60)).toEqual([
      expect.objectContaining({
        loop: "indexer:31337",
        kind: "fatal",
        code: "ENTRADA_REORG_TOO_DEEP",
        msg: expect.stringContaining("stopping the process"),
        err: expect.objectContaining({
          type: "ReorgTooDeepError",
          code: "ENTRADA_REORG_TOO_DEEP",
          stack: expect.stringContaining("ReorgTooDeepError"),
        }),
      }),
    ]);
    // Closed before onFatal was called: the API no longer answers.
    await expect(fetch(`${entrada.url}/api/v1/health`)).rejects.toThrow();
  });

  /**
   * Lets the indexer take blocks past the payment as final (two blocks deep), then replaces the
   * chain from before the payment with a longer one: every block the indexer kept is gone.
   */
  async function reorgBelowTheWindow(snapshot: unknown): Promise<void> {
    const head = await entrada.client.getBlockNumber();
    for (let i = 0; i < 4; i += 1) await rpc("evm_mine");
    await waitFor(
      async () => {
        const text = await scrape();
        return (sample(text, 'entrada_indexer_last_block{chain_id="31337"}') ?? 0) >= Number(head) + 4;
      },
      { what: "the indexer to pass the window", timeoutMs: 20_000 },
    );
    expect(await rpc("evm_revert", [snapshot])).toBe(true);
    // Later timestamps: the new blocks differ from the old ones at every height.
    const latest = await entrada.client.getBlock();
    for (let i = 0; i < 10; i += 1) await rpc("evm_mine", [Number(latest.timestamp) + 100 + i]);
  }
});
