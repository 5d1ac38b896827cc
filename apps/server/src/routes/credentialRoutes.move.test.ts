import { identityCredentials, notifications, users } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { createHolderKeyProof, decodeCredential, restoreStatusList } from "@entrada/identity";
import { and, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestApp, testPublicUrl } from "../testing/createTestApp.ts";
import type { TestClock } from "../testing/createTestClock.ts";
import {
  createTestHolder,
  type IssuedCredentialJson,
  issueCredential,
  presentCredential,
  type TestHolder,
} from "../testing/identitySteps.ts";
import { signIn, type TestUser } from "../testing/signIn.ts";

/** The status of one entry of a status list token. */
function statusAt(token: string, index: number): number {
  const { status_list: list } = decodeJwt(token) as { status_list: { bits: 1 | 2 | 4 | 8; lst: string } };
  return restoreStatusList({ bits: list.bits, lst: list.lst }).get(index);
}

describe.each(createTestDatabases())("moving a credential to a new device, on $name", ({ open }) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let clock: TestClock;

  beforeAll(async () => {
    database = await open();
    ({ app, clock } = await createTestApp({ db: database.db }));
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  /** A proof by `holder` that it may receive the credential `credentialId`, made now by the test clock. */
  const proofFor = (holder: TestHolder, credentialId: string, overrides: { audience?: string } = {}) =>
    createHolderKeyProof({
      holderJwk: holder.publicJwk,
      signer: holder.signer,
      audience: overrides.audience ?? testPublicUrl,
      nonce: credentialId,
      issuedAt: Math.floor(clock().getTime() / 1000),
    });
  const move = (user: TestUser | undefined, holder: TestHolder, proof: string) =>
    app.inject({
      method: "POST",
      url: "/api/v1/identity/credential/move",
      ...(user === undefined ? {} : { headers: user.headers }),
      payload: { holderJwk: holder.publicJwk, proof },
    });
  const get = (url: string, user?: TestUser) =>
    app.inject({ method: "GET", url, ...(user === undefined ? {} : { headers: user.headers }) });
  const credentialRow = async (id: string) =>
    (await database.db.select().from(identityCredentials).where(eq(identityCredentials.id, id)))[0]!;

  test("re-issues to the new key without a new check, revokes the old one (moved), keeps the disclosures and e-mails the owner", async () => {
    const ana = await signIn(app);
    // A verified notification address, in Spanish.
    await database.db
      .update(users)
      .set({ email: `ana-${ana.id}@example.org`, locale: "es" })
      .where(eq(users.id, ana.id));
    const phone = await createTestHolder();
    const laptop = await createTestHolder();
    const first = await issueCredential(app, ana, phone);
    const shared = await presentCredential(app, ana, phone, first.credential, "gb-eta");
    expect(shared.response.statusCode, shared.response.body).toBe(201);

    const response = await move(ana, laptop, await proofFor(laptop, first.id));
    expect(response.statusCode, response.body).toBe(201);
    const moved = response.json() as IssuedCredentialJson;
    expect(moved).toMatchObject({ status: "active", revokedAt: null });
    expect(moved.id).not.toBe(first.id);
    const decoded = await decodeCredential(moved.credential);
    expect(decoded.holderJwk).toEqual(laptop.publicJwk);
    expect(decoded.claims).toMatchObject({ given_name: "Anna Maria", family_name: "Eriksson" });

    // The old credential: revoked as moved, by its owner, and invalid on the public status list.
    expect(await credentialRow(first.id)).toMatchObject({ revocationReason: "moved", revokedBy: ana.id });
    expect((await credentialRow(moved.id)).verificationId).toBe((await credentialRow(first.id)).verificationId);
    const oldList = (await get(`/api/v1/identity/status-lists/${first.statusList.id}`)).body;
    expect(statusAt(oldList, first.statusList.index)).toBe(1);
    const newList = (await get(`/api/v1/identity/status-lists/${moved.statusList.id}`)).body;
    expect(statusAt(newList, moved.statusList.index)).toBe(0);

    // What the old device reads of its copy, and the disclosure made with it, still the account's.
    const listed = (await get("/api/v1/identity/credentials", ana)).json();
    expect(listed.issuer).toBe(testPublicUrl);
    expect(listed.items.map((item: { id: string; status: string; revocationReason: string | null }) => item)).toEqual([
      expect.objectContaining({ id: moved.id, status: "active", revocationReason: null }),
      expect.objectContaining({ id: first.id, status: "revoked", revocationReason: "moved" }),
    ]);
    const disclosures = (await get("/api/v1/identity/disclosures", ana)).json();
    expect(disclosures.items.map((item: { id: string }) => item.id)).toEqual([shared.response.json().id]);

    // The new key presents; the old one no longer can.
    expect((await presentCredential(app, ana, laptop, moved.credential, "gb-eta")).response.statusCode).toBe(201);
    const stale = await presentCredential(app, ana, phone, first.credential, "gb-eta");
    expect(stale.response.json().error.code).toBe("ENTRADA_CREDENTIAL_REVOKED");

    const mails = await database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, ana.id), eq(notifications.template, "credential_moved")));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      to: `ana-${ana.id}@example.org`,
      subject: "Su credencial de identidad se trasladó a un dispositivo nuevo",
    });
    expect(mails[0]!.body).toContain(`${testPublicUrl}/identity`);
  });

  test("an account without a verified address moves without an e-mail", async () => {
    const ben = await signIn(app);
    const first = await issueCredential(app, ben, await createTestHolder());
    const laptop = await createTestHolder();
    expect((await move(ben, laptop, await proofFor(laptop, first.id))).statusCode).toBe(201);
    const mails = await database.db.select().from(notifications).where(eq(notifications.userId, ben.id));
    expect(mails).toEqual([]);
  });

  test("refuses a proof that is not by the new key, not for this credential or issuer, stale, or replayed", async () => {
    const cleo = await signIn(app);
    const phone = await createTestHolder();
    const laptop = await createTestHolder();
    const thief = await createTestHolder();
    const first = await issueCredential(app, cleo, phone);
    const reason = async (response: Awaited<ReturnType<typeof move>>) => {
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.code).toBe("ENTRADA_HOLDER_KEY_PROOF_INVALID");
      return response.json().error.details.reason;
    };
    // A proof made by another key for the laptop's key.
    const forged = await createHolderKeyProof({
      holderJwk: laptop.publicJwk,
      signer: thief.signer,
      audience: testPublicUrl,
      nonce: first.id,
      issuedAt: Math.floor(clock().getTime() / 1000),
    });
    expect(await reason(await move(cleo, laptop, forged))).toBe("signature");
    expect(await reason(await move(cleo, thief, await proofFor(laptop, first.id)))).toBe("key");
    expect(await reason(await move(cleo, laptop, await proofFor(laptop, crypto.randomUUID())))).toBe("nonce");
    expect(
      await reason(await move(cleo, laptop, await proofFor(laptop, first.id, { audience: "https://evil.example" }))),
    ).toBe("audience");
    const old = await proofFor(laptop, first.id);
    clock.advance(7 * 60);
    expect(await reason(await move(cleo, laptop, old))).toBe("stale");
    // Nothing above changed the credential.
    expect(await credentialRow(first.id)).toMatchObject({ revokedAt: null });

    const proof = await proofFor(laptop, first.id);
    const moved = (await move(cleo, laptop, proof)).json() as IssuedCredentialJson;
    // The same request again: the credential it named is gone, and the laptop holds the new one.
    const again = await move(cleo, laptop, proof);
    expect(again.json().error).toMatchObject({
      code: "ENTRADA_CREDENTIAL_ALREADY_ON_DEVICE",
      details: { credentialId: moved.id },
    });
    // Replayed for a third key, it names a credential that is no longer the one to move.
    const tablet = await createTestHolder();
    const replayed = await move(cleo, tablet, proof);
    expect(replayed.json().error.code).toBe("ENTRADA_HOLDER_KEY_PROOF_INVALID");
  });

  test("moves only the signed-in owner's active credential: none, revoked, signed out, another account", async () => {
    const dan = await signIn(app);
    const laptop = await createTestHolder();
    const none = await move(dan, laptop, await proofFor(laptop, crypto.randomUUID()));
    expect(none.statusCode).toBe(409);
    expect(none.json().error).toMatchObject({ code: "ENTRADA_CREDENTIAL_NOT_MOVABLE", details: { reason: "none" } });

    const first = await issueCredential(app, dan, await createTestHolder());
    expect((await move(undefined, laptop, await proofFor(laptop, first.id))).statusCode).toBe(401);
    // Another account's session moves nothing of Dan's, even with a proof naming his credential.
    const eve = await signIn(app);
    const stolen = await move(eve, laptop, await proofFor(laptop, first.id));
    expect(stolen.json().error).toMatchObject({ code: "ENTRADA_CREDENTIAL_NOT_MOVABLE", details: { reason: "none" } });
    expect(await credentialRow(first.id)).toMatchObject({ revokedAt: null });

    const revoked = await app.inject({
      method: "POST",
      url: "/api/v1/identity/credential/revoke",
      headers: dan.headers,
      payload: { reason: "lost" },
    });
    expect(revoked.statusCode).toBe(200);
    const afterLoss = await move(dan, laptop, await proofFor(laptop, first.id));
    expect(afterLoss.json().error).toMatchObject({
      code: "ENTRADA_CREDENTIAL_NOT_MOVABLE",
      details: { reason: "revoked" },
    });
  });

  test("a second copy for another key is a move, not an issue: POST /identity/credential refuses it", async () => {
    const fay = await signIn(app);
    const first = await issueCredential(app, fay, await createTestHolder());
    const laptop = await createTestHolder();
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/identity/credential",
      headers: fay.headers,
      payload: { holderJwk: laptop.publicJwk },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: "ENTRADA_CREDENTIAL_HELD_ELSEWHERE",
      details: { credentialId: first.id },
    });
  });

  test("at most three moves a day, then 429 with Retry-After until the oldest is a day old", async () => {
    const gus = await signIn(app);
    let current = await issueCredential(app, gus, await createTestHolder());
    for (let move_ = 0; move_ < 3; move_++) {
      const next = await createTestHolder();
      const response = await move(gus, next, await proofFor(next, current.id));
      expect(response.statusCode, response.body).toBe(201);
      current = response.json();
      clock.advance(60 * 60);
    }
    const next = await createTestHolder();
    const limited = await move(gus, next, await proofFor(next, current.id));
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toMatchObject({
      code: "ENTRADA_CREDENTIAL_MOVE_RATE_LIMITED",
      // The first move was three hours ago: 21 hours to wait.
      details: { maxPerDay: 3, retryAfterSeconds: 21 * 60 * 60 },
    });
    expect(limited.headers["retry-after"]).toBe(String(21 * 60 * 60));
    clock.advance(21 * 60 * 60);
    expect((await move(gus, next, await proofFor(next, current.id))).statusCode).toBe(201);
  });
});
