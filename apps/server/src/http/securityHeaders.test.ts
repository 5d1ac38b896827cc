import { createTestDatabases } from "@entrada/db/testing";
import Fastify from "fastify";
import { describe, expect, test } from "vitest";
import { createTestApp } from "../testing/createTestApp.ts";
import { computeSecurityHeaders, rpcOrigins, securityHeaders } from "./securityHeaders.ts";

describe("securityHeaders", () => {
  test("works out helmet's default headers once", () => {
    const headers = computeSecurityHeaders();
    expect(headers["content-security-policy"]).toContain("default-src 'self'");
    expect(headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(headers["referrer-policy"]).toBe("no-referrer");
    expect(headers["x-powered-by"]).toBeUndefined();
  });

  test("lets the built web app run: its scripts and stylesheets (no inline one), blob images and PDFs (object and frame), worker, manifest and the chain's RPC", () => {
    const csp = computeSecurityHeaders({ rpcUrl: "http://127.0.0.1:8545", upgradeInsecureRequests: false })[
      "content-security-policy"
    ];
    expect(csp?.split(";")).toEqual([
      "default-src 'self'",
      "base-uri 'self'",
      "font-src 'self' https: data:",
      "form-action 'self'",
      "frame-ancestors 'self'",
      "img-src 'self' data: blob:",
      "object-src blob:",
      "script-src 'self'",
      "script-src-attr 'none'",
      "style-src 'self'",
      "frame-src blob:",
      "connect-src 'self' http://127.0.0.1:8545 ws://127.0.0.1:8545",
      "worker-src 'self'",
      "manifest-src 'self'",
    ]);
    // Served over https, browsers are asked to upgrade anything else.
    expect(computeSecurityHeaders()["content-security-policy"]).toContain("upgrade-insecure-requests");
  });

  test("sends Strict-Transport-Security only for an app served over https", () => {
    expect(computeSecurityHeaders({ upgradeInsecureRequests: true })["strict-transport-security"]).toBe(
      "max-age=31536000; includeSubDomains",
    );
    const plainHttp = computeSecurityHeaders({ upgradeInsecureRequests: false });
    expect(plainHttp["strict-transport-security"]).toBeUndefined();
    expect(plainHttp["x-content-type-options"]).toBe("nosniff");
    expect(computeSecurityHeaders({ strictTransportSecurity: false })["strict-transport-security"]).toBeUndefined();
  });

  test("the app sends HSTS when its public URL is https, and not on a plain http origin", async () => {
    const database = await createTestDatabases()[0]!.open();
    try {
      for (const [publicUrl, hsts] of [
        ["http://localhost:5173", undefined],
        ["https://entrada.example", "max-age=31536000; includeSubDomains"],
      ] as const) {
        const { app } = await createTestApp({ db: database.db, env: { ENTRADA_PUBLIC_URL: publicUrl } });
        const response = await app.inject({ method: "GET", url: "/api/v1/health" });
        expect(response.headers["strict-transport-security"], publicUrl).toBe(hsts);
        expect(response.headers["x-content-type-options"]).toBe("nosniff");
        await app.close();
      }
    } finally {
      await database.close();
    }
  });

  test.each([
    ["http://127.0.0.1:8545", ["http://127.0.0.1:8545", "ws://127.0.0.1:8545"]],
    ["https://polygon.drpc.org", ["https://polygon.drpc.org", "wss://polygon.drpc.org"]],
    ["wss://rpc.example:8443/v1/key", ["https://rpc.example:8443", "wss://rpc.example:8443"]],
  ])("the RPC %s may be reached at %j", (url, origins) => {
    expect(rpcOrigins(url)).toEqual(origins);
  });

  test("sets them on every reply, errors included", async () => {
    const app = Fastify();
    await app.register(securityHeaders);
    app.get("/ok", async () => ({ ok: true }));
    for (const url of ["/ok", "/missing"]) {
      const response = await app.inject({ method: "GET", url });
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
      expect(response.headers["content-security-policy"]).toContain("default-src 'self'");
    }
    await app.close();
  });
});
