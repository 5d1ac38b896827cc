import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, test } from "vitest";
import { NotFoundError } from "../errors/http.ts";
import { errorHandler } from "./errorHandler.ts";
import { createMethodNotAllowed } from "./methodNotAllowed.ts";

let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify();
  const methodNotAllowed = createMethodNotAllowed();
  app.addHook("onRoute", methodNotAllowed.onRoute);
  app.addHook("onRequest", methodNotAllowed.onRequest);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => errorHandler(new NotFoundError({ resource: "route" }), request, reply));
  await app.register(
    async (api) => {
      api.get("/things/:id", async () => ({ ok: true }));
      api.patch("/things/:id", async () => ({ ok: true }));
      api.post("/things", async () => ({ ok: true }));
      api.get("/things/:id/parts.json", async () => ({ ok: true }));
    },
    { prefix: "/api" },
  );
  // A catch-all, like the web app's: it makes no path known.
  app.get("/*", async (_request, reply) => reply.callNotFound());
  await app.ready();
});
afterAll(() => app.close());

test("a known path with another method is 405, with Allow and the error envelope", async () => {
  const response = await app.inject({ method: "DELETE", url: "/api/things/42?x=1" });
  expect(response.statusCode).toBe(405);
  expect(response.headers.allow).toBe("GET, HEAD, PATCH");
  expect(response.json()).toEqual({
    error: {
      code: "ENTRADA_METHOD_NOT_ALLOWED",
      message: "DELETE is not allowed here; use GET, HEAD, PATCH.",
      details: { method: "DELETE", allow: ["GET", "HEAD", "PATCH"] },
    },
  });
  const put = await app.inject({ method: "PUT", url: "/api/things" });
  expect([put.statusCode, put.headers.allow]).toEqual([405, "POST"]);
  const dotted = await app.inject({ method: "POST", url: "/api/things/7/parts.json" });
  expect([dotted.statusCode, dotted.headers.allow]).toEqual([405, "GET, HEAD"]);
});

test("405 comes before the body is read: a body that is not JSON, or not allowed, changes nothing", async () => {
  const response = await app.inject({
    method: "PUT",
    url: "/api/things/42",
    headers: { "content-type": "application/json" },
    payload: "{not json",
  });
  expect(response.statusCode).toBe(405);
  const plain = await app.inject({
    method: "POST",
    url: "/api/things/42",
    headers: { "content-type": "text/plain" },
    payload: "x",
  });
  expect(plain.statusCode).toBe(405);
});

test("unknown paths stay 404, whatever the method; so do paths only a catch-all serves", async () => {
  for (const request of [
    { method: "GET", url: "/api/nothing" },
    { method: "POST", url: "/api/things/1/more" },
    { method: "POST", url: "/some/page" },
    { method: "DELETE", url: "/api/things/" },
  ] as const) {
    const response = await app.inject(request);
    expect(response.statusCode, `${request.method} ${request.url}`).toBe(404);
    expect(response.json().error.code).toBe("ENTRADA_NOT_FOUND");
  }
});
