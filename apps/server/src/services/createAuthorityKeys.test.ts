import { seedCatalogue } from "@entrada/core";
import { authorityIssuerKeys, queryRows } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { encodeVisaSeal, trustedKeysFromIssuerMetadata, verifyVisaSeal } from "@entrada/verify";
import { testVisa } from "@entrada/verify/testing";
import { sql } from "drizzle-orm";
import { createLocalJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRecordCipher } from "../crypto/createRecordCipher.ts";
import { createAuthorityKeys, defaultRetiredKeyDays } from "./createAuthorityKeys.ts";
import { syncCatalogue } from "./syncCatalogue.ts";

const cipher = createRecordCipher({ masterKey: new Uint8Array(32).fill(7) });
const day = 86_400_000;

/** A compact ES256 JWS of `payload`, signed by `signer` (as an e-visa will be). */
async function signJws(signer: { kid: string; sign(input: string): Promise<string> }, payload: object) {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const input = `${encode({ alg: "ES256", typ: "JWT", kid: signer.kid })}.${encode(payload)}`;
  return `${input}.${await signer.sign(input)}`;
}

describe.each(createTestDatabases())("authority issuer keys on $name", ({ open }) => {
  let database: TestDatabase;
  let now = new Date("2026-12-01T00:00:00Z");
  const clock = () => now;

  beforeAll(async () => {
    database = await open();
    await syncCatalogue(database.db, seedCatalogue());
  });
  afterAll(() => database.close());

  test("ensure makes one key per authority, once, even when processes race", async () => {
    const keys = createAuthorityKeys({ db: database.db, cipher, clock });
    const racing = await Promise.all(
      Array.from({ length: 4 }, () => createAuthorityKeys({ db: database.db, cipher, clock }).ensure("gb-eta")),
    );
    expect(new Set(racing.map((key) => key.kid)).size).toBe(1);
    expect(racing.filter((key) => key.created)).toHaveLength(1);
    const again = await keys.ensure("gb-eta");
    expect(again).toMatchObject({ kid: racing[0]!.kid, created: false, retiredAt: null, notAfter: null });
    expect(again.publicJwk).toEqual({
      kty: "EC",
      crv: "P-256",
      x: expect.any(String),
      y: expect.any(String),
      kid: again.kid,
      alg: "ES256",
      use: "sig",
    });
    // The kid is the RFC 7638 thumbprint: 43 base64url characters of SHA-256.
    expect(again.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await database.db.select().from(authorityIssuerKeys)).toHaveLength(1);
  });

  test("the private key is stored sealed: the raw columns hold no JWK", async () => {
    const keys = createAuthorityKeys({ db: database.db, cipher, clock });
    const key = await keys.ensure("th-evisa");
    const [raw] = await queryRows<{ public_jwk: unknown; private_key_ciphertext: unknown; master_key_id: string }>(
      database.db,
      sql`select public_jwk, private_key_ciphertext, master_key_id from authority_issuer_keys where kid = ${key.kid}`,
    );
    expect(raw!.public_jwk).not.toHaveProperty("d");
    const stored = Buffer.from(raw!.private_key_ciphertext as Uint8Array).toString("latin1");
    expect(() => JSON.parse(stored)).toThrow();
    expect(stored).not.toContain('"d"');
    expect(stored).not.toContain(key.publicJwk.x);
    expect(raw!.master_key_id).toBe(cipher.masterKeyId);
    // Another master key cannot open it: the signer refuses rather than sign with garbage.
    const other = createAuthorityKeys({
      db: database.db,
      cipher: createRecordCipher({ masterKey: new Uint8Array(32) }),
    });
    await expect(other.signer("th-evisa")).rejects.toThrow(/master key/);
  });

  test("rotate: the new key signs, the old one stays published until notAfter, and what it signed still verifies", async () => {
    const keys = createAuthorityKeys({ db: database.db, cipher, clock });
    const first = await keys.ensure("in-evisa");
    const oldSigner = await keys.signer("in-evisa");
    expect(oldSigner.kid).toBe(first.kid);
    const visa = await signJws(oldSigner, { iss: "http://entrada.test/authorities/in-evisa", sub: "visa-1" });

    now = new Date("2027-01-01T00:00:00Z");
    const { current, retired } = await keys.rotate("in-evisa");
    expect(current.kid).not.toBe(first.kid);
    expect(retired).toMatchObject({ kid: first.kid, retiredAt: now });
    expect(retired!.notAfter).toEqual(new Date(now.getTime() + defaultRetiredKeyDays * day));
    expect((await keys.current("in-evisa"))?.kid).toBe(current.kid);
    expect((await keys.signer("in-evisa")).kid).toBe(current.kid);

    const published = await keys.publishable("in-evisa");
    expect(published.map((key) => key.kid)).toEqual([current.kid, first.kid]);
    const jwks = createLocalJWKSet({ keys: published.map((key) => ({ ...key.publicJwk })) });
    const { payload } = await jwtVerify(visa, jwks);
    expect(payload.sub).toBe("visa-1");
    const fresh = await signJws(await keys.signer("in-evisa"), { sub: "visa-2" });
    await expect(jwtVerify(fresh, jwks)).resolves.toBeDefined();

    // Past notAfter the old key is no longer published: its visas have all expired.
    now = new Date(retired!.notAfter!.getTime() + 1);
    expect((await keys.publishable("in-evisa")).map((key) => key.kid)).toEqual([current.kid]);
  });

  test("sealSigner signs the seal's binary message so that the published keys verify it; the JWS signer cannot", async () => {
    const keys = createAuthorityKeys({ db: database.db, cipher, clock });
    await keys.ensure("th-evisa");
    const sealSigner = await keys.sealSigner("th-evisa");
    expect(sealSigner.kid).toBe((await keys.current("th-evisa"))!.kid);
    const visa = testVisa({ authorityId: "th-evisa", kid: sealSigner.kid }, { reference: "K7Q2M9XA", statusIndex: 7 });
    const trusted = trustedKeysFromIssuerMetadata({
      issuer: "http://127.0.0.1:3000/authorities/th-evisa",
      jwks: { keys: (await keys.publishable("th-evisa")).map((key) => key.publicJwk) },
    });
    const at = { keys: trusted, now: new Date("2027-01-15T12:00:00Z") };
    const seal = await encodeVisaSeal(visa, sealSigner.sign);
    expect(await verifyVisaSeal(seal, at)).toMatchObject({ valid: true, status: "valid", authorityId: "th-evisa" });
    // The JWS signer signs its input's UTF-8 bytes: given the message as base64url text, it signs other bytes.
    const jws = await keys.signer("th-evisa");
    const viaText = await encodeVisaSeal(visa, async (message) =>
      Buffer.from(await jws.sign(Buffer.from(message).toString("base64url")), "base64url"),
    );
    expect(await verifyVisaSeal(viaText, at)).toMatchObject({ valid: false, status: "forged" });
  });

  test("an unknown authority is ENTRADA_AUTHORITY_NOT_FOUND, and nothing is stored", async () => {
    const keys = createAuthorityKeys({ db: database.db, cipher, clock });
    for (const attempt of [
      () => keys.ensure("xx-visa"),
      () => keys.rotate("xx-visa"),
      () => keys.signer("xx-visa"),
      () => keys.sealSigner("xx-visa"),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: "ENTRADA_AUTHORITY_NOT_FOUND" });
    }
    expect(await keys.publishable("xx-visa")).toEqual([]);
    expect(() => createAuthorityKeys({ db: database.db, cipher, retiredKeyDays: 0 })).toThrow(RangeError);
  });
});
