import Fastify from "fastify";
import { describe, expect, test } from "vitest";
import { computeSecurityHeaders, securityHeaders } from "./securityHeaders.ts";

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
