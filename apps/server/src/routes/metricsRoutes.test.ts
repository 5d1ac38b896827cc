import { Writable } from "node:stream";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createLogger } from "../runtime/createLogger.ts";
import { createQuoted } from "../testing/applicationSteps.ts";
import { createTestApp, productionIdentityEnv, type TestApp } from "../testing/createTestApp.ts";
import { signIn } from "../testing/signIn.ts";

const token = "m3tr1cs-token-for-tests-0123456789abcdef";
const productionEnv = {
  ...productionIdentityEnv,
  NODE_ENV: "production",
  ENTRADA_PUBLIC_URL: "https://entrada.example",
  MASTER_KEY: "11".repeat(32),
  SESSION_SECRET: "a-production-session-secret-of-32-chars!",
};

/** A logger writing parsed JSON lines into an array. */
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

describe.each(createTestDatabases())("/metrics and request ids on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  const log = capture();

  beforeAll(async () => {
    database = await open();
    t = await createTestApp({ db: database.db, logger: log.logger });
  });
  afterAll(async () => {
    await t.app.close();
    await database.close();
  });

  test("counts requests by route pattern and status, and the age of the price rounds quotes used", async () => {
    const { app } = t;
    const user = await signIn(app);
    await createQuoted(app, user);
    for (const id of ["0e8c2a30-3f4b-4d5e-8f6a-7b8c9d0e1f2a", "1f9d3b41-4a5c-4e6f-9a7b-8c9d0e1f2a3b"]) {
      await app.inject({ method: "GET", url: `/api/v1/applications/${id}`, headers: user.headers });
    }
    await app.inject({ method: "GET", url: "/api/v1/no-such-route" });

    const response = await app.inject({ method: "GET", url: "/metrics" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = response.body;
    // Two ids, one series: the label is the pattern.
    expect(text).toContain(
      'entrada_http_requests_total{method="GET",route="/api/v1/applications/:id",status_code="404"} 2',
    );
    expect(text).not.toContain("0e8c2a30");
    expect(text).toContain(
      'entrada_http_requests_total{method="POST",route="/api/v1/applications",status_code="201"} 1',
    );
    expect(text).toMatch(/entrada_http_requests_total\{method="GET",route="unmatched",status_code="404"\} 1/);
    const created = 'method="POST",route="/api/v1/applications",status_code="201"';
    expect(text).toContain(`entrada_http_request_duration_seconds_bucket{le="+Inf",${created}} 1`);
    expect(text).toContain(`entrada_http_request_duration_seconds_count{${created}} 1`);
    const sum = text
      .split("\n")
      .find((line) => line.startsWith(`entrada_http_request_duration_seconds_sum{${created}}`));
    expect(Number(sum?.split(" ")[1])).toBeGreaterThan(0);
    // The test prices were updated a minute before the test clock's now.
    expect(text).toMatch(/entrada_quote_price_age_seconds\{pair="GBP\/USD",source="test-feeds"\} 60\b/);
    expect(text).toContain('entrada_webhook_delivery_failures_total{outcome="failed"} 0');
  });

  test("every answer carries its request id, a sane X-Request-Id is kept, and request log lines name it", async () => {
    const { app } = t;
    const kept = await app.inject({
      method: "GET",
      url: "/api/v1/health",
      headers: { "x-request-id": "lb-1-5f3c:trace=9" },
    });
    expect(kept.headers["x-request-id"]).toBe("lb-1-5f3c:trace=9");
    for (const insane of ["two words", "x".repeat(200), 'quote"d', "-leading-dash"]) {
      const replaced = await app.inject({ method: "GET", url: "/api/v1/health", headers: { "x-request-id": insane } });
      expect(replaced.headers["x-request-id"]).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
    // A refusal before any handler ran still names its request.
    const refused = await app.inject({ method: "GET", url: "/api/v1/me" });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers["x-request-id"]).toEqual(expect.any(String));

    const lines = log.lines.filter((line) => line.reqId === "lb-1-5f3c:trace=9");
    expect(lines.map((line) => line.msg)).toEqual(["incoming request", "request completed"]);
    const refusedLines = log.lines.filter((line) => line.reqId === refused.headers["x-request-id"]);
    expect(refusedLines.length).toBeGreaterThanOrEqual(2);
  });

  test("in production /metrics wants METRICS_TOKEN as a bearer token, and does not exist without one", async () => {
    const withToken = await createTestApp({ db: database.db, env: { ...productionEnv, METRICS_TOKEN: token } });
    const without = await createTestApp({ db: database.db, env: productionEnv });
    try {
      const scrape = (authorization?: string) =>
        withToken.app.inject({
          method: "GET",
          url: "/metrics",
          headers: authorization === undefined ? {} : { authorization },
        });
      for (const authorization of [undefined, "Bearer wrong-token", `Basic ${token}`, `Bearer ${token}x`]) {
        const refused = await scrape(authorization);
        expect(refused.statusCode, String(authorization)).toBe(401);
        expect(refused.json().error.code).toBe("ENTRADA_UNAUTHENTICATED");
      }
      const scraped = await scrape(`Bearer ${token}`);
      expect(scraped.statusCode).toBe(200);
      expect(scraped.body).toContain("# TYPE entrada_http_requests_total counter");
      // The token's app documents the requirement; the other has no such route.
      const document = (await withToken.app.inject({ method: "GET", url: "/docs/json" })).json();
      expect(document.paths["/metrics"].get.security).toEqual([{ metricsToken: [] }]);
      expect((await without.app.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(404);
    } finally {
      await withToken.app.close();
      await without.app.close();
    }
  });
});
