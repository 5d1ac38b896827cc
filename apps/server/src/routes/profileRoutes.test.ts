import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestApp } from "../testing/createTestApp.ts";
import { signIn, type TestUser } from "../testing/signIn.ts";

describe.each(createTestDatabases())("profile routes on $name", ({ open }) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let ana: TestUser;
  let ben: TestUser;

  beforeAll(async () => {
    database = await open();
    app = (await createTestApp({ db: database.db })).app;
    ana = await signIn(app);
    ben = await signIn(app);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const get = (user: TestUser) => app.inject({ method: "GET", url: "/api/v1/me/profile", headers: user.headers });
  const patch = (user: TestUser, payload: unknown) =>
    app.inject({ method: "PATCH", url: "/api/v1/me/profile", headers: user.headers, payload: payload as object });

  test("a wallet user starts without an e-mail, in English", async () => {
    const response = await get(ana);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ email: null, locale: "en" });
  });

  test("sets the e-mail (normalised to lower case) and the language of messages", async () => {
    const response = await patch(ana, { email: " Ana@Example.ORG ", locale: "zh" });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ email: "ana@example.org", locale: "zh" });
    expect((await get(ana)).json()).toEqual({ email: "ana@example.org", locale: "zh" });
    expect((await patch(ana, { locale: "es" })).json()).toEqual({ email: "ana@example.org", locale: "es" });
  });

  test("refuses another account's e-mail, an unknown language, garbage and an empty change", async () => {
    const taken = await patch(ben, { email: "ana@example.org" });
    expect(taken.statusCode).toBe(400);
    expect(taken.json().error).toMatchObject({ code: "ENTRADA_VALIDATION", details: { field: "email" } });
    for (const body of [{ locale: "fr" }, { email: "not-an-address" }, {}, { email: "a@b.co", extra: 1 }]) {
      const response = await patch(ben, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.code).toBe("ENTRADA_VALIDATION");
    }
    expect((await get(ben)).json()).toEqual({ email: null, locale: "en" });
  });

  test("needs a session", async () => {
    const response = await app.inject({ method: "GET", url: "/api/v1/me/profile" });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe("ENTRADA_UNAUTHENTICATED");
  });
});
