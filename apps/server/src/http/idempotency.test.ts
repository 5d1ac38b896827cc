import { receiveWithAuthorizationTypes, usdcDomain } from "@entrada/contracts";
import { applications } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { eq } from "drizzle-orm";
import { getAddress } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Relayer } from "../chain/Relayer.ts";
import { createQuoted, type QuoteJson, testAnswers, testApplicant } from "../testing/applicationSteps.ts";
import { createRecordingRelayer } from "../testing/createRecordingRelayer.ts";
import { createTestApp, type TestApp } from "../testing/createTestApp.ts";
import { signIn, type TestUser } from "../testing/signIn.ts";
import { canonicalJson } from "./idempotency.ts";

test("canonicalJson ignores key order and undefined members", () => {
  expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: "x", u: undefined })).toBe('{"a":"x","b":[1,{"c":2,"d":1}]}');
  expect(canonicalJson(null)).toBe("null");
});

describe.each(createTestDatabases())("Idempotency-Key on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  let ana: TestUser;
  /** Holds the payment relayer's sends until released, to catch a request in flight. */
  let gate: { wait: Promise<void>; open(): void } | undefined;
  const inner = createRecordingRelayer();
  const gatedRelayer: Relayer = {
    async send(parameters) {
      await gate?.wait;
      return inner.send(parameters);
    },
    get: (key) => inner.get(key),
  };

  beforeAll(async () => {
    database = await open();
    t = await createTestApp({
      db: database.db,
      relayers: { payments: gatedRelayer, settlers: {} },
    });
    ana = await signIn(t.app);
  });
  afterAll(async () => {
    await t.app.close();
    await database.close();
  });

  const createDraft = (user: TestUser, key: string, body: Record<string, unknown> = {}) =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/applications",
      headers: { ...user.headers, "idempotency-key": key },
      payload: { productId: "gb-eta", applicant: testApplicant, answers: testAnswers, ...body },
    });

  test("a retry with the same key and request gets the first response; nothing is created twice", async () => {
    const first = await createDraft(ana, "create-1");
    expect(first.statusCode).toBe(201);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    // The same body with its keys in another order is the same request.
    const retry = await t.app.inject({
      method: "POST",
      url: "/api/v1/applications",
      headers: { ...ana.headers, "idempotency-key": "create-1" },
      payload: { answers: testAnswers, applicant: testApplicant, productId: "gb-eta" },
    });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(retry.json()).toEqual(first.json());
    const rows = await database.db.select().from(applications).where(eq(applications.userId, ana.id));
    expect(rows.filter((row) => row.id === first.json().id)).toHaveLength(1);
    expect(rows).toHaveLength(1);
  });

  test("the same key with other parameters is a 409 mismatch", async () => {
    await createDraft(ana, "create-2");
    const other = await createDraft(ana, "create-2", { answers: { email: "other@example.org" } });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe("ENTRADA_IDEMPOTENCY_MISMATCH");
  });

  test("keys belong to their caller: another user's same key is a new request", async () => {
    const ben = await signIn(t.app);
    const mine = await createDraft(ana, "shared-key");
    const theirs = await createDraft(ben, "shared-key");
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().id).not.toBe(mine.json().id);
  });

  test("a malformed key is refused", async () => {
    for (const key of ["x".repeat(256), "with space", "é"]) {
      const response = await createDraft(ana, key);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe("ENTRADA_IDEMPOTENCY_KEY_INVALID");
    }
  });

  test("client errors are stored and replayed; without a key every request runs", async () => {
    const draft = (await createDraft(ana, "create-3", { answers: { email: "a@example.org" } })).json();
    const submit = (key?: string) =>
      t.app.inject({
        method: "POST",
        url: `/api/v1/applications/${draft.id}/submit`,
        headers: { ...ana.headers, ...(key === undefined ? {} : { "idempotency-key": key }) },
      });
    expect((await submit("submit-1")).statusCode).toBe(422);
    await t.app.inject({
      method: "PATCH",
      url: `/api/v1/applications/${draft.id}`,
      headers: ana.headers,
      payload: { answers: testAnswers },
    });
    const replayed = await submit("submit-1");
    expect(replayed.statusCode).toBe(422);
    expect(replayed.headers["idempotent-replayed"]).toBe("true");
    expect((await submit()).statusCode).toBe(200);
  });

  async function authorization(quote: QuoteJson) {
    const q = quote.escrowQuote;
    return ana.account.signTypedData({
      domain: usdcDomain(31337, getAddress(q.token!)),
      types: receiveWithAuthorizationTypes,
      primaryType: "ReceiveWithAuthorization",
      message: {
        from: getAddress(q.payer!),
        to: t.deployment.escrow,
        value: BigInt(q.amount!),
        validAfter: 0n,
        validBefore: BigInt(q.expiresAt!),
        nonce: quote.digest,
      },
    });
  }

  test("while the first request runs, a retry is told so; after, it gets the response", async () => {
    const { application, quote } = await createQuoted(t.app, ana);
    const payload = { signature: await authorization(quote) };
    const request = () =>
      t.app.inject({
        method: "POST",
        url: `/api/v1/applications/${application.id}/payment/authorization`,
        headers: { ...ana.headers, "idempotency-key": "pay-1" },
        payload,
      });
    let release = () => {};
    gate = { wait: new Promise<void>((resolve) => (release = resolve)), open: () => release() };
    const first = request();
    // Let the first request reach the relayer.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const concurrent = await request();
    expect(concurrent.statusCode).toBe(409);
    expect(concurrent.json().error.code).toBe("ENTRADA_IDEMPOTENCY_IN_PROGRESS");
    gate.open();
    gate = undefined;
    expect((await first).statusCode).toBe(202);
    const after = await request();
    expect(after.statusCode).toBe(202);
    expect(after.headers["idempotent-replayed"]).toBe("true");
    expect(after.json()).toEqual((await first).json());
  });

  test("a server error releases the key, so that a retry runs again", async () => {
    const { application, quote } = await createQuoted(t.app, ana);
    const payload = { signature: await authorization(quote) };
    const request = () =>
      t.app.inject({
        method: "POST",
        url: `/api/v1/applications/${application.id}/payment/authorization`,
        headers: { ...ana.headers, "idempotency-key": "pay-2" },
        payload,
      });
    inner.failNext();
    expect((await request()).statusCode).toBe(502);
    const retry = await request();
    expect(retry.statusCode).toBe(202);
    expect(retry.headers["idempotent-replayed"]).toBeUndefined();
  });
});
