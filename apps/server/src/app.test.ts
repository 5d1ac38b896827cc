import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestApp } from "./testing/createTestApp.ts";
import { signIn } from "./testing/signIn.ts";

describe.each(createTestDatabases())("buildApp on $name", ({ open }) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await open();
    ({ app } = await createTestApp({ db: database.db }));
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  test("GET /api/v1/health answers ok with the database reachable", async () => {
    const response = await app.inject({ method: "GET", url: "/api/v1/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok", checks: { database: "ok" }, chainId: 31337, chainIds: [31337] });
  });

  test("sets security headers (helmet) and rate-limit headers", async () => {
    const response = await app.inject({ method: "GET", url: "/api/v1/catalogue/authorities" });
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(response.headers["x-ratelimit-limit"]).toBe("100000");
  });

  test("an unknown route is a 404 ENTRADA_NOT_FOUND in the error format", async () => {
    const response = await app.inject({ method: "GET", url: "/api/v1/nope" });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: "ENTRADA_NOT_FOUND", message: "No route.", details: { resource: "route" } },
    });
  });

  test("a body that is not JSON is a 400 ENTRADA_VALIDATION, another content type a 415", async () => {
    const broken = await app.inject({
      method: "POST",
      url: "/api/v1/eligibility",
      headers: { "content-type": "application/json" },
      payload: "{nope",
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe("ENTRADA_VALIDATION");
    const text = await app.inject({
      method: "POST",
      url: "/api/v1/eligibility",
      headers: { "content-type": "text/plain" },
      payload: "hello",
    });
    expect(text.statusCode).toBe(415);
    // The answer names what was sent, so a client sees at once which header to fix.
    expect(text.json().error).toEqual({
      code: "ENTRADA_UNSUPPORTED_MEDIA_TYPE",
      message: "Send the body as application/json.",
      details: { contentType: "text/plain" },
    });
    const form = await app.inject({
      method: "POST",
      url: "/api/v1/eligibility",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      payload: "a=1",
    });
    expect(form.statusCode).toBe(415);
    expect(form.json().error.details).toEqual({ contentType: "application/x-www-form-urlencoded; charset=utf-8" });
  });

  test("a body over 1 MiB is a 413 ENTRADA_PAYLOAD_TOO_LARGE", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/eligibility",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ pad: "x".repeat(1_100_000) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe("ENTRADA_PAYLOAD_TOO_LARGE");
  });

  test("validation errors name the path of each problem", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/eligibility",
      payload: { nationality: "gbr", destination: "TH", purpose: "holiday", extra: 1 },
    });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe("ENTRADA_VALIDATION");
    expect(error.details.issues.map((issue: { path: string }) => issue.path).sort()).toEqual([
      "body",
      "body.nationality",
      "body.purpose",
    ]);
  });

  test("serves the OpenAPI document at /docs/json and the UI at /docs", async () => {
    const json = await app.inject({ method: "GET", url: "/docs/json" });
    expect(json.statusCode).toBe(200);
    const document = json.json();
    expect(document.openapi).toBe("3.0.3");
    expect(Object.keys(document.paths).sort()).toMatchInlineSnapshot(`
      [
        "/.well-known/did.json",
        "/.well-known/jwks.json",
        "/.well-known/jwt-vc-issuer",
        "/.well-known/jwt-vc-issuer/authorities/{id}",
        "/api/v1/api-keys",
        "/api/v1/api-keys/{id}",
        "/api/v1/applications",
        "/api/v1/applications/{id}",
        "/api/v1/applications/{id}/cancel",
        "/api/v1/applications/{id}/documents",
        "/api/v1/applications/{id}/evisa",
        "/api/v1/applications/{id}/evisa.pdf",
        "/api/v1/applications/{id}/evisa/revoke",
        "/api/v1/applications/{id}/history",
        "/api/v1/applications/{id}/payment",
        "/api/v1/applications/{id}/payment/authorization",
        "/api/v1/applications/{id}/quote",
        "/api/v1/applications/{id}/submit",
        "/api/v1/auth/logout",
        "/api/v1/auth/nonce",
        "/api/v1/auth/session",
        "/api/v1/auth/siwe",
        "/api/v1/catalogue/authorities",
        "/api/v1/catalogue/products",
        "/api/v1/catalogue/products/{id}",
        "/api/v1/client-config",
        "/api/v1/eligibility",
        "/api/v1/evisa/trust-list",
        "/api/v1/evisa/verify",
        "/api/v1/health",
        "/api/v1/health/ready",
        "/api/v1/identity/credential",
        "/api/v1/identity/credential/move",
        "/api/v1/identity/credential/revoke",
        "/api/v1/identity/credentials",
        "/api/v1/identity/disclosures",
        "/api/v1/identity/documents",
        "/api/v1/identity/documents/{id}",
        "/api/v1/identity/mrz/validate",
        "/api/v1/identity/presentation-requests",
        "/api/v1/identity/presentations",
        "/api/v1/identity/reviews",
        "/api/v1/identity/reviews/{id}/decide",
        "/api/v1/identity/status-lists/{id}",
        "/api/v1/identity/verifications",
        "/api/v1/identity/verifications/current",
        "/api/v1/me",
        "/api/v1/me/email/verification",
        "/api/v1/me/email/verification/confirm",
        "/api/v1/me/export",
        "/api/v1/me/profile",
        "/api/v1/officer/applications",
        "/api/v1/officer/applications/{id}",
        "/api/v1/officer/applications/{id}/approve",
        "/api/v1/officer/applications/{id}/reject",
        "/api/v1/officer/applications/{id}/request-info",
        "/api/v1/officer/applications/{id}/settlement/retry",
        "/api/v1/officer/reconciliation.csv",
        "/api/v1/officer/stats",
        "/authorities/{id}/did.json",
        "/authorities/{id}/status-lists/{listId}",
        "/metrics",
        "/vct/evisa/v1",
      ]
    `);
    const ui = await app.inject({ method: "GET", url: "/docs/" });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers["content-type"]).toContain("text/html");
  });

  test("/docs alone allows inline styles (swagger-ui's); otherwise it keeps the app's CSP, no inline script", async () => {
    const directives = async (url: string) =>
      String((await app.inject({ method: "GET", url })).headers["content-security-policy"])
        .split(";")
        .map((directive) => directive.trim());
    const docs = await directives("/docs/");
    expect(docs).toContain("style-src 'self' 'unsafe-inline'");
    expect(docs).toContain("script-src 'self'");
    expect(docs).toContain("script-src-attr 'none'");
    // The app's policy allows no inline style; everything else on /docs is as the app's.
    const api = await directives("/api/v1/health");
    expect(api).toContain("style-src 'self'");
    expect(docs.filter((d) => !d.startsWith("style-src"))).toEqual(api.filter((d) => !d.startsWith("style-src")));
    // Not swagger-ui's own policy, which would upgrade a dev app's requests over http.
    expect(docs).not.toContain("upgrade-insecure-requests");
    for (const url of ["/docs/static/swagger-ui.css", "/docs/json"]) {
      const response = await app.inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers["content-security-policy"], url).toBe(
        (await app.inject({ method: "GET", url: "/docs/" })).headers["content-security-policy"],
      );
    }
    // The widening stays inside /docs: a 404 next to it has the app's policy.
    expect(await directives("/docsx")).toEqual(api);
  });

  test("every route declares a schema for each input it reads", async () => {
    const document = (await app.inject({ method: "GET", url: "/docs/json" })).json() as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: unknown }>>;
    };
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const pathParameters = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
        const declared = (operation.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
        expect(declared, `${method} ${path}`).toEqual(pathParameters);
        if (method === "patch") expect(operation.requestBody, `${method} ${path}`).toBeDefined();
      }
    }
  });

  test("rate limits each client; 429 ENTRADA_RATE_LIMITED with Retry-After; health is exempt", async () => {
    const limited = await createTestApp({ db: database.db, env: { RATE_LIMIT_MAX: "2" } });
    for (let i = 0; i < 2; i += 1) {
      expect((await limited.app.inject({ method: "GET", url: "/api/v1/catalogue/authorities" })).statusCode).toBe(200);
    }
    const refused = await limited.app.inject({ method: "GET", url: "/api/v1/catalogue/authorities" });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatchObject({ code: "ENTRADA_RATE_LIMITED", details: { retryAfterSeconds: 60 } });
    expect(refused.headers["retry-after"]).toBe("60");
    expect((await limited.app.inject({ method: "GET", url: "/api/v1/health" })).statusCode).toBe(200);
    await limited.app.close();
  });

  test("the messaging seam: the sse plugin is mounted after authentication", async () => {
    const seam = await createTestApp({
      db: database.db,
      sse: async (instance) => {
        instance.get("/api/v1/events/probe", async (request) => ({ userId: request.user?.id ?? null }));
      },
    });
    const user = await signIn(seam.app);
    const probe = await seam.app.inject({ method: "GET", url: "/api/v1/events/probe", headers: user.headers });
    expect(probe.json()).toEqual({ userId: user.id });
    expect((await seam.app.inject({ method: "GET", url: "/api/v1/events/probe" })).json()).toEqual({ userId: null });
    await seam.app.close();
  });
});
