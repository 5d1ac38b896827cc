import { sessions } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hashToken } from "../auth/tokens.ts";
import { sessionCookieName } from "../http/authenticate.ts";
import {
  createTestApp,
  productionIdentityEnv,
  type TestApp,
  testPublicUrl,
  testSecondChain,
} from "../testing/createTestApp.ts";
import { grantRole, signIn } from "../testing/signIn.ts";

describe.each(createTestDatabases())("auth routes on $name", ({ open }) => {
  let database: TestDatabase;
  let test$: TestApp;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await open();
    test$ = await createTestApp({ db: database.db });
    app = test$.app;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  /** A SIWE message for a fresh wallet with a fresh nonce; `overrides` change its fields. */
  async function siwe(overrides: Partial<Parameters<typeof createSiweMessage>[0]> = {}) {
    const account = privateKeyToAccount(generatePrivateKey());
    const { nonce } = (await app.inject({ method: "POST", url: "/api/v1/auth/nonce" })).json();
    const message = createSiweMessage({
      address: account.address,
      chainId: 31337,
      domain: "localhost:5173",
      nonce,
      uri: testPublicUrl,
      version: "1",
      issuedAt: test$.clock(),
      ...overrides,
    });
    return { account, message, signature: await account.signMessage({ message }) };
  }

  async function post({ message, signature }: { message: unknown; signature: unknown }) {
    return app.inject({ method: "POST", url: "/api/v1/auth/siwe", payload: { message, signature } });
  }

  test("POST /auth/nonce gives a nonce and the fields the message must carry", async () => {
    const response = await app.inject({ method: "POST", url: "/api/v1/auth/nonce" });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ domain: "localhost:5173", uri: testPublicUrl, chainId: 31337, version: "1" });
    expect(body.nonce).toMatch(/^[a-zA-Z0-9]{8,}$/);
    expect(Date.parse(body.expiresAt) - test$.clock().getTime()).toBe(600_000);
  });

  test("a signed message opens a session: httpOnly, SameSite=Lax, Secure, signed; only its hash stored", async () => {
    const { account, message, signature } = await siwe();
    const response = await post({ message, signature });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().user).toMatchObject({
      via: "session",
      roles: ["traveller"],
      walletAddress: account.address.toLowerCase(),
      authorityId: null,
    });
    const cookie = response.cookies.find((c) => c.name === sessionCookieName)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: true, path: "/" });
    // The cookie is signed (token.signature); the database has neither the cookie nor the token.
    const token = cookie.value.slice(0, cookie.value.lastIndexOf("."));
    const rows = await database.db
      .select()
      .from(sessions)
      .where(eq(sessions.tokenHash, hashToken(token)));
    expect(rows).toHaveLength(1);

    const me = await app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: { cookie: `${cookie.name}=${cookie.value}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(response.json().user.id);
  });

  test("signing in again with the same wallet is the same user", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const first = await signIn(app, account);
    const second = await signIn(app, account);
    expect(second.id).toBe(first.id);
  });

  test("a nonce is single use: replaying a signed message is refused", async () => {
    const signed = await siwe();
    expect((await post(signed)).statusCode).toBe(200);
    const replay = await post(signed);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error).toMatchObject({ code: "ENTRADA_SIWE_INVALID", details: { reason: "nonce" } });
  });

  test.each([
    ["domain", { domain: "evil.example" }],
    ["uri", { uri: "https://evil.example" }],
    ["chain", { chainId: 1 }],
    ["nonce", { nonce: "abcdefgh1234" }],
  ] as const)("refuses a message with another %s", async (reason, overrides) => {
    const response = await post(await siwe(overrides));
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toMatchObject({ code: "ENTRADA_SIWE_INVALID", details: { reason } });
  });

  test("with two chains served, a message for either chain signs in; another chain is still refused", async () => {
    const twoChains = await createTestApp({
      db: database.db,
      env: { ENTRADA_CHAINS: "2" },
      otherChains: [testSecondChain()],
    });
    try {
      for (const chainId of [31337, 1337]) {
        const { account, message, signature } = await siwe({ chainId });
        const response = await twoChains.app.inject({
          method: "POST",
          url: "/api/v1/auth/siwe",
          payload: { message, signature },
        });
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json().user.walletAddress).toBe(account.address.toLowerCase());
      }
      const other = await siwe({ chainId: 8453 });
      const refused = await twoChains.app.inject({
        method: "POST",
        url: "/api/v1/auth/siwe",
        payload: { message: other.message, signature: other.signature },
      });
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error).toMatchObject({ code: "ENTRADA_SIWE_INVALID", details: { reason: "chain" } });
    } finally {
      await twoChains.app.close();
    }
  });

  test("refuses expired and not-yet-valid messages", async () => {
    const now = test$.clock().getTime();
    const expired = await post(await siwe({ expirationTime: new Date(now - 1000) }));
    expect(expired.json().error.details).toEqual({ reason: "expired" });
    const early = await post(await siwe({ notBefore: new Date(now + 60_000) }));
    expect(early.json().error.details).toEqual({ reason: "not_yet_valid" });
    const future = await post(await siwe({ issuedAt: new Date(now + 3_600_000) }));
    expect(future.json().error.details).toEqual({ reason: "not_yet_valid" });
  });

  test("refuses a signature by another wallet, and a malformed message", async () => {
    const { message } = await siwe();
    const other = privateKeyToAccount(generatePrivateKey());
    const forged = await post({ message, signature: await other.signMessage({ message }) });
    expect(forged.json().error).toMatchObject({ code: "ENTRADA_SIWE_INVALID", details: { reason: "signature" } });
    const malformed = await post({ message: "hello", signature: `0x${"11".repeat(65)}` });
    expect(malformed.json().error.details).toEqual({ reason: "malformed" });
    const badSignature = await post({ message, signature: "0x1234" });
    expect(badSignature.statusCode).toBe(400);
    expect(badSignature.json().error.code).toBe("ENTRADA_VALIDATION");
  });

  test("a refused sign-in spends its nonce: the same nonce never gets a second try", async () => {
    const { message, signature } = await siwe();
    const other = privateKeyToAccount(generatePrivateKey());
    const forged = await post({ message, signature: await other.signMessage({ message }) });
    expect(forged.json().error.details).toEqual({ reason: "signature" });
    const afterForgery = await post({ message, signature });
    expect(afterForgery.statusCode).toBe(401);
    expect(afterForgery.json().error.details).toEqual({ reason: "nonce" });

    // Whatever the refusal: a message for another domain, or expired, spends its nonce too.
    const account = privateKeyToAccount(generatePrivateKey());
    for (const overrides of [{ domain: "evil.example" }, { expirationTime: new Date(test$.clock().getTime() - 1) }]) {
      const { nonce } = (await app.inject({ method: "POST", url: "/api/v1/auth/nonce" })).json();
      const fields = {
        address: account.address,
        chainId: 31337,
        domain: "localhost:5173",
        nonce,
        uri: testPublicUrl,
        version: "1" as const,
        issuedAt: test$.clock(),
      };
      const refusedMessage = createSiweMessage({ ...fields, ...overrides });
      expect(
        (await post({ message: refusedMessage, signature: await account.signMessage({ message: refusedMessage }) }))
          .statusCode,
      ).toBe(401);
      const correct = createSiweMessage(fields);
      const retry = await post({ message: correct, signature: await account.signMessage({ message: correct }) });
      expect(retry.json().error.details).toEqual({ reason: "nonce" });
    }
    // A new nonce signs in.
    expect((await post(await siwe())).statusCode).toBe(200);
  });

  test("GET /me without a session is 401; a forged cookie is anonymous", async () => {
    const anonymous = await app.inject({ method: "GET", url: "/api/v1/me" });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error).toMatchObject({ code: "ENTRADA_UNAUTHENTICATED", details: { reason: "missing" } });
    const forged = await app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: { cookie: `${sessionCookieName}=made-up.signature` },
    });
    expect(forged.statusCode).toBe(401);
  });

  test("GET /auth/session answers 200 with the user, or null when nobody is signed in", async () => {
    const anonymous = await app.inject({ method: "GET", url: "/api/v1/auth/session" });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ user: null });
    const user = await signIn(app);
    const signedIn = await app.inject({ method: "GET", url: "/api/v1/auth/session", headers: user.headers });
    expect(signedIn.statusCode).toBe(200);
    const me = await app.inject({ method: "GET", url: "/api/v1/me", headers: user.headers });
    expect(signedIn.json()).toEqual({ user: me.json() });
  });

  test("logout revokes the session and clears the cookie", async () => {
    const user = await signIn(app);
    const response = await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: user.headers });
    expect(response.statusCode).toBe(204);
    expect(response.cookies.find((c) => c.name === sessionCookieName)?.value).toBe("");
    expect((await app.inject({ method: "GET", url: "/api/v1/me", headers: user.headers })).statusCode).toBe(401);
  });

  test("a session expires after its time to live", async () => {
    const user = await signIn(app);
    test$.clock.advance(test$.config.sessionTtlSeconds + 1);
    try {
      expect((await app.inject({ method: "GET", url: "/api/v1/me", headers: user.headers })).statusCode).toBe(401);
    } finally {
      test$.clock.advance(-(test$.config.sessionTtlSeconds + 1));
    }
  });

  test("roles granted to a user apply from their next request", async () => {
    const user = await signIn(app);
    await grantRole(database.db, user.id, "officer", { authorityId: "gb-eta" });
    const me = (await app.inject({ method: "GET", url: "/api/v1/me", headers: user.headers })).json();
    expect(me).toMatchObject({ roles: ["traveller", "officer"], authorityId: "gb-eta" });
  });

  test("an Authorization header without a valid API key is refused", async () => {
    const bad = await app.inject({ method: "GET", url: "/api/v1/me", headers: { authorization: "Bearer ek_nope" } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.details).toEqual({ reason: "invalid_api_key" });
    const basic = await app.inject({ method: "GET", url: "/api/v1/me", headers: { authorization: "Basic eDp5" } });
    expect(basic.json().error.details).toEqual({ reason: "invalid_authorization" });
  });

  test("POST /auth/dev-login does not exist outside development", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/auth/dev-login",
      payload: { role: "officer", authorityId: "gb-eta" },
    });
    expect(response.statusCode).toBe(404);
    for (const env of [{ NODE_ENV: "production" }, { NODE_ENV: "development", CHAIN_ID: "8453" }]) {
      const other = await createTestApp({
        db: database.db,
        env: {
          ...env,
          QUOTE_SIGNER_KEY: `0x${"ab".repeat(32)}`,
          RELAYER_KEY: `0x${"cd".repeat(32)}`,
          MASTER_KEY: "11".repeat(32),
          SESSION_SECRET: "s".repeat(40),
          ENTRADA_PUBLIC_URL: "https://entrada.example",
          ...productionIdentityEnv,
        },
        deployment: { ...test$.deployment, chainId: env.CHAIN_ID === undefined ? 31337 : 8453 },
      });
      const refused = await other.app.inject({
        method: "POST",
        url: "/api/v1/auth/dev-login",
        payload: { role: "officer", authorityId: "gb-eta" },
      });
      expect(refused.statusCode).toBe(404);
      await other.app.close();
    }
  });

  test("POST /auth/dev-login signs in demo officers in development on the local chain", async () => {
    const dev = await createTestApp({ db: database.db, env: { NODE_ENV: "development" } });
    const login = await dev.app.inject({
      method: "POST",
      url: "/api/v1/auth/dev-login",
      payload: { role: "officer", authorityId: "gb-eta" },
    });
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json().user).toMatchObject({ roles: ["traveller", "officer"], authorityId: "gb-eta" });
    const cookie = login.cookies.find((c) => c.name === sessionCookieName)!;
    expect(cookie.secure).toBeFalsy();
    const unknown = await dev.app.inject({
      method: "POST",
      url: "/api/v1/auth/dev-login",
      payload: { role: "officer", authorityId: "xx-nope" },
    });
    expect(unknown.statusCode).toBe(404);
    const reviewer = await dev.app.inject({
      method: "POST",
      url: "/api/v1/auth/dev-login",
      payload: { role: "kyc_reviewer" },
    });
    expect(reviewer.statusCode, reviewer.body).toBe(200);
    expect(reviewer.json().user).toMatchObject({ roles: ["traveller", "kyc_reviewer"], authorityId: null });
    const orgAdmin = await dev.app.inject({
      method: "POST",
      url: "/api/v1/auth/dev-login",
      payload: { role: "org_admin" },
    });
    expect(orgAdmin.json().user.organisationId).toMatch(/^[0-9a-f-]{36}$/);
    const noAuthority = await dev.app.inject({
      method: "POST",
      url: "/api/v1/auth/dev-login",
      payload: { role: "officer" },
    });
    expect(noAuthority.statusCode).toBe(400);
    await dev.app.close();
  });
});
