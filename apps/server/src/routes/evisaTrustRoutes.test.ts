import { applications, evisas, statusLists } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { encodeVisaSeal, icaoCountryCode, sealToBase64url, type VisaSealData } from "@entrada/verify";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRecordCipher } from "../crypto/createRecordCipher.ts";
import { type AuthorityKeys, createAuthorityKeys } from "../services/createAuthorityKeys.ts";
import { createDraft } from "../testing/applicationSteps.ts";
import { createTestApp, type TestApp } from "../testing/createTestApp.ts";
import { signIn } from "../testing/signIn.ts";

describe.each(createTestDatabases())("e-visa trust list and verification on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  let keys: AuthorityKeys;
  let application: { id: string; reference: string };

  /** A UK ETA as the server seals it, signed with gb-eta's current key (from createAuthorityKeys). */
  async function sealFor(overrides: Partial<VisaSealData> = {}): Promise<string> {
    const signer = await keys.sealSigner("gb-eta");
    const visa: VisaSealData = {
      issuingState: icaoCountryCode("GB")!,
      authorityId: "gb-eta",
      kid: signer.kid,
      issuedOn: "2026-12-07",
      reference: "K7Q2M9XA",
      surname: "ERIKSSON",
      givenNames: "ANNA MARIA",
      nationality: "SWE",
      birthDate: "1974-08-12",
      sex: "F",
      passportNumber: "L898902C3",
      validFrom: "2026-12-07",
      validUntil: "2027-03-06",
      entries: "multiple",
      durationOfStayDays: 180,
      statusIndex: 3,
      ...overrides,
    };
    return sealToBase64url(await encodeVisaSeal(visa, signer.sign, { now: new Date("2026-12-07T09:00:00Z") }));
  }

  const verify = (text: string) => t.app.inject({ method: "POST", url: "/api/v1/evisa/verify", payload: { text } });

  beforeAll(async () => {
    database = await open();
    t = await createTestApp({ db: database.db });
    keys = createAuthorityKeys({
      db: database.db,
      cipher: createRecordCipher({ masterKey: t.config.masterKey }),
      clock: t.clock,
    });
    // An application made at the real time (the sign-in message's), then seals judged at a date within the visas'.
    const draft = await createDraft(t.app, await signIn(t.app));
    application = { id: draft.id, reference: String(draft.reference) };
    t.clock.set(new Date("2027-01-15T12:00:00Z"));
  });
  afterAll(() => database.close());

  test("GET /evisa/trust-list: every authority's current key, public and cacheable", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/v1/evisa/trust-list" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toBe("public, max-age=300");
    expect(response.headers["access-control-allow-origin"]).toBe("*");
    const list = response.json();
    expect(list.generatedAt).toBe("2027-01-15T12:00:00.000Z");
    const current = (await keys.current("gb-eta"))!;
    expect(list.keys.find((key: { authorityId: string }) => key.authorityId === "gb-eta")).toEqual({
      authorityId: "gb-eta",
      name: expect.any(String),
      names: { en: expect.any(String), zh: expect.any(String), es: expect.any(String) },
      country: "GB",
      kid: current.kid,
      publicJwk: { ...current.publicJwk },
      notAfter: null,
    });
    // One current key for every authority of the catalogue, nothing private.
    expect(new Set(list.keys.map((key: { authorityId: string }) => key.authorityId)).size).toBe(list.keys.length);
    expect(JSON.stringify(list)).not.toContain('"d"');
    expect(list.revoked).toEqual([]);
  });

  test("POST /evisa/verify: a genuine seal is valid, with its holder and authority", async () => {
    const response = await verify(await sealFor());
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.json()).toEqual({
      valid: true,
      status: "valid",
      authority: { id: "gb-eta", name: expect.any(String), country: "GB" },
      holder: {
        surname: "ERIKSSON",
        givenNames: "ANNA MARIA",
        nationality: "SWE",
        birthDate: "1974-08-12",
        sex: "F",
        passportNumber: "L898902C3",
      },
      reference: "ENT-K7Q2-M9XA",
      entries: "multiple",
      durationOfStayDays: 180,
      validFrom: "2026-12-07",
      validUntil: "2027-03-06",
      revocationChecked: true,
    });
  });

  test("a changed byte is forged, and tells nothing of the holder", async () => {
    const bytes = Buffer.from(await sealFor(), "base64url");
    bytes[30] = bytes[30]! ^ 0x04;
    const body = (await verify(bytes.toString("base64url"))).json();
    expect(body).toMatchObject({ valid: false, status: "forged", holder: null, validUntil: null });
  });

  test("expired after its last day, not yet valid before its first", async () => {
    const text = await sealFor();
    // Valid until its last day is over everywhere (UTC-12): expired from 12:00 UTC the next day.
    t.clock.set(new Date("2027-03-07T12:00:01Z"));
    expect((await verify(text)).json()).toMatchObject({
      valid: false,
      status: "expired",
      holder: { surname: "ERIKSSON" },
    });
    // And valid from its first day's start anywhere (UTC+14): 10:00 UTC the day before.
    t.clock.set(new Date("2026-12-06T09:59:59Z"));
    expect((await verify(text)).json()).toMatchObject({ valid: false, status: "not_yet_valid" });
    t.clock.set(new Date("2027-01-15T12:00:00Z"));
  });

  test("rotation keeps what the old key sealed valid, and the trust list holds the retired key until notAfter", async () => {
    const before = await sealFor({ reference: "ROT1" });
    await keys.rotate("gb-eta");
    expect((await verify(before)).json()).toMatchObject({ valid: true, status: "valid" });
    const list = (await t.app.inject({ method: "GET", url: "/api/v1/evisa/trust-list" })).json();
    const gb = list.keys.filter((key: { authorityId: string }) => key.authorityId === "gb-eta");
    expect(gb).toHaveLength(2);
    expect(gb[1].notAfter).toEqual(expect.any(String));
    expect((await verify(await sealFor({ reference: "ROT2" }))).json()).toMatchObject({ status: "valid" });
  });

  test("a revoked e-visa answers revoked, and the trust list names its status index", async () => {
    const [list] = await database.db
      .insert(statusLists)
      .values({ authorityId: "gb-eta", bits: 1, size: 1024, lst: "" })
      .returning();
    // The seal holds the reference without its prefix and dashes (ENT-7K3Q-9XPA → 7K3Q9XPA).
    const text = await sealFor({ reference: application.reference.replace(/^ENT-|-/g, ""), statusIndex: 41 });
    const row = {
      applicationId: application.id,
      authorityId: "gb-eta",
      kid: (await keys.current("gb-eta"))!.kid,
      ciphertext: new Uint8Array(32),
      nonce: new Uint8Array(12),
      wrappedDataKey: new Uint8Array(40),
      masterKeyId: "test",
      statusListId: list!.id,
      statusIndex: 41,
      validFrom: "2026-12-07",
      validUntil: "2027-03-06",
      reference: application.reference,
      issuedAt: new Date("2026-12-07T09:00:00Z"),
    };
    await database.db.insert(evisas).values(row);
    // In force only while its application is issued (a reorg that removes the release suspends it).
    expect((await verify(text)).json()).toMatchObject({ valid: false, status: "revoked" });
    await database.db.update(applications).set({ state: "issued" }).where(eq(applications.id, application.id));
    expect((await verify(text)).json()).toMatchObject({ valid: true, status: "valid" });
    await database.db
      .update(evisas)
      .set({ revokedAt: new Date("2027-01-10T00:00:00Z"), revokeReason: "passport reported lost", revokedBy: "test" })
      .where(eq(evisas.applicationId, application.id));
    expect((await verify(text)).json()).toMatchObject({
      valid: false,
      status: "revoked",
      holder: { surname: "ERIKSSON" },
    });
    // Another e-visa at the same index of another list (another reference) is not taken for it.
    expect((await verify(await sealFor({ statusIndex: 41 }))).json()).toMatchObject({ status: "valid" });
    const trustList = (await t.app.inject({ method: "GET", url: "/api/v1/evisa/trust-list" })).json();
    expect(trustList.revoked).toEqual([{ authorityId: "gb-eta", statusIndex: 41 }]);
    // Once past its last day (and a day's margin), it verifies as expired: the list leaves it out.
    t.clock.set(new Date("2027-03-07T23:59:59Z"));
    expect((await t.app.inject({ method: "GET", url: "/api/v1/evisa/trust-list" })).json().revoked).toHaveLength(1);
    t.clock.set(new Date("2027-03-08T00:00:00Z"));
    expect((await t.app.inject({ method: "GET", url: "/api/v1/evisa/trust-list" })).json().revoked).toEqual([]);
    t.clock.set(new Date("2027-01-15T12:00:00Z"));
  });

  test("what is not a seal is 400 ENTRADA_SEAL_MALFORMED; a missing text is a validation error", async () => {
    const response = await verify("not a seal!");
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "ENTRADA_SEAL_MALFORMED", details: { reason: "base64url" } });
    const truncated = await verify((await sealFor()).slice(0, 40));
    expect(truncated.json().error.code).toBe("ENTRADA_SEAL_MALFORMED");
    const empty = await t.app.inject({ method: "POST", url: "/api/v1/evisa/verify", payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe("ENTRADA_VALIDATION");
  });
});
