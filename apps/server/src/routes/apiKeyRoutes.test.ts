import { apiKeys } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hashToken } from "../auth/tokens.ts";
import { createTestApp } from "../testing/createTestApp.ts";
import { grantRole, signIn, type TestUser } from "../testing/signIn.ts";

describe.each(createTestDatabases())("API key routes on $name", ({ open }) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let officer: TestUser;
  let operator: TestUser;
  let traveller: TestUser;

  beforeAll(async () => {
    database = await open();
    ({ app } = await createTestApp({ db: database.db }));
    officer = await signIn(app);
    operator = await signIn(app);
    traveller = await signIn(app);
    await grantRole(database.db, officer.id, "officer", { authorityId: "gb-eta" });
    await grantRole(database.db, operator.id, "operator");
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const create = (user: TestUser, payload: Record<string, unknown>) =>
    app.inject({ method: "POST", url: "/api/v1/api-keys", headers: user.headers, payload });

  test("an officer creates a key for their authority; it is shown once and stored hashed", async () => {
    const response = await create(officer, { name: "UKVI case system", authorityId: "gb-eta" });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      name: "UKVI case system",
      authorityId: "gb-eta",
      organisationId: null,
      // None asked for: every scope, as keys had before scopes existed.
      scopes: ["applications:read", "documents:read", "applications:decide", "webhooks:manage"],
      revokedAt: null,
    });
    expect(body.key).toMatch(/^ek_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(body.key.startsWith(body.prefix)).toBe(true);
    const [row] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, body.id));
    expect(Buffer.from(row!.keyHash)).toEqual(Buffer.from(hashToken(body.key)));

    const me = await app.inject({ method: "GET", url: "/api/v1/me", headers: { authorization: `Bearer ${body.key}` } });
    expect(me.json()).toMatchObject({ via: "api_key", roles: ["officer"], authorityId: "gb-eta" });
    const list = await app.inject({ method: "GET", url: "/api/v1/api-keys", headers: officer.headers });
    expect(list.json().items.map((item: { id: string }) => item.id)).toContain(body.id);
    expect(JSON.stringify(list.json())).not.toContain(body.key);
    await create(officer, { name: "second", authorityId: "gb-eta" });
    const page = (
      await app.inject({ method: "GET", url: "/api/v1/api-keys?limit=1", headers: officer.headers })
    ).json();
    expect(page.items.map((item: { name: string }) => item.name)).toEqual(["second"]);
    const next = await app.inject({
      method: "GET",
      url: `/api/v1/api-keys?limit=1&cursor=${page.nextCursor}`,
      headers: officer.headers,
    });
    expect(next.json().items.map((item: { name: string }) => item.name)).toEqual(["UKVI case system"]);
  });

  test("scopes: officers only for their authority, operators for any, travellers for none", async () => {
    expect((await create(officer, { name: "x", authorityId: "th-evisa" })).statusCode).toBe(403);
    expect((await create(traveller, { name: "x", authorityId: "gb-eta" })).statusCode).toBe(403);
    expect((await create(operator, { name: "x", authorityId: "th-evisa" })).statusCode).toBe(201);
    const unknown = await create(operator, { name: "x", authorityId: "xx-nope" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("ENTRADA_AUTHORITY_NOT_FOUND");
    expect((await create(operator, { name: "x" })).statusCode).toBe(400);
    expect(
      (await app.inject({ method: "POST", url: "/api/v1/api-keys", payload: { name: "x", authorityId: "gb-eta" } }))
        .statusCode,
    ).toBe(401);
  });

  test("a key holds the scopes chosen at creation, in a fixed order, and lists show them", async () => {
    const response = await create(officer, {
      name: "read-only case mirror",
      authorityId: "gb-eta",
      scopes: ["documents:read", "applications:read", "documents:read"],
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().scopes).toEqual(["applications:read", "documents:read"]);
    const listed = (await app.inject({ method: "GET", url: "/api/v1/api-keys", headers: officer.headers })).json();
    expect(listed.items.find((item: { id: string }) => item.id === response.json().id).scopes).toEqual([
      "applications:read",
      "documents:read",
    ]);
    // Without applications:read, the queue is refused with the scope named.
    const { key } = (
      await create(officer, { name: "decider", authorityId: "gb-eta", scopes: ["applications:decide"] })
    ).json();
    const queue = await app.inject({
      method: "GET",
      url: "/api/v1/officer/applications",
      headers: { authorization: `Bearer ${key}` },
    });
    expect(queue.statusCode).toBe(403);
    expect(queue.json().error).toMatchObject({
      code: "ENTRADA_API_KEY_SCOPE",
      details: { action: "officer.queue", scope: "applications:read" },
    });
  });

  test("empty or unknown scopes are refused with ENTRADA_API_KEY_SCOPES_INVALID", async () => {
    const empty = await create(officer, { name: "x", authorityId: "gb-eta", scopes: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe("ENTRADA_API_KEY_SCOPES_INVALID");
    const unknown = await create(officer, { name: "x", authorityId: "gb-eta", scopes: ["applications:read", "admin"] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({
      code: "ENTRADA_API_KEY_SCOPES_INVALID",
      details: {
        unknown: ["admin"],
        allowed: ["applications:read", "documents:read", "applications:decide", "webhooks:manage"],
      },
    });
  });

  test("a key cannot mint keys, and a revoked key opens nothing", async () => {
    const { key, id } = (await create(officer, { name: "temporary", authorityId: "gb-eta" })).json();
    const bearer = { authorization: `Bearer ${key}` };
    const minted = await app.inject({
      method: "POST",
      url: "/api/v1/api-keys",
      headers: bearer,
      payload: { name: "y", authorityId: "gb-eta" },
    });
    expect(minted.statusCode).toBe(403);
    expect(
      (await app.inject({ method: "DELETE", url: `/api/v1/api-keys/${id}`, headers: traveller.headers })).statusCode,
    ).toBe(404);
    const revoked = await app.inject({ method: "DELETE", url: `/api/v1/api-keys/${id}`, headers: officer.headers });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).toEqual(expect.any(String));
    const refused = await app.inject({ method: "GET", url: "/api/v1/me", headers: bearer });
    expect(refused.statusCode).toBe(401);
    expect(
      (
        await app.inject({
          method: "DELETE",
          url: "/api/v1/api-keys/00000000-0000-4000-8000-000000000000",
          headers: officer.headers,
        })
      ).statusCode,
    ).toBe(404);
  });
});
