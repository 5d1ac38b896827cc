import { createLocalEs256Signer, type Es256PublicJwk, type Es256Signer } from "@entrada/chain";
import { UnknownAuthorityError } from "@entrada/core";
import { authorities, authorityIssuerKeys, type Database, type Executor, type Json } from "@entrada/db";
import { generateIssuerKey, type Jwk } from "@entrada/identity";
import { and, asc, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { RecordCipher } from "../crypto/createRecordCipher.ts";

/**
 * How long a retired key stays published by default: ten years, the longest validity a visa has
 * (multiple-entry visas of ten years exist; the demo catalogue's longest is one year), so that every
 * visa a key signed still verifies until it expires.
 */
export const defaultRetiredKeyDays = 3650;

/** Parameters of {@link createAuthorityKeys}. */
export type CreateAuthorityKeysParameters = {
  db: Database;
  /** Seals the private keys with the master key. */
  cipher: RecordCipher;
  /** Now. Default the system clock. */
  clock?: (() => Date) | undefined;
  /** Days a retired key stays published after its rotation. Default {@link defaultRetiredKeyDays}. */
  retiredKeyDays?: number | undefined;
};

/** One authority issuer key as the service shows it: public parts and dates only. */
export type AuthorityKey = {
  readonly authorityId: string;
  readonly kid: string;
  readonly publicJwk: Es256PublicJwk;
  readonly createdAt: Date;
  /** `null` for the current key. */
  readonly retiredAt: Date | null;
  /** Until when a retired key is published; `null` for the current key. */
  readonly notAfter: Date | null;
};

/** What {@link createAuthorityKeys} returns. */
export type AuthorityKeys = {
  /** The authority's current key, made now when it has none. Idempotent: processes racing keep one key. */
  ensure(authorityId: string): Promise<AuthorityKey & { created: boolean }>;
  /** The current key, or `undefined` when the authority has none yet. */
  current(authorityId: string): Promise<AuthorityKey | undefined>;
  /** A new current key; the previous one is retired and stays published for `retiredKeyDays`. */
  rotate(authorityId: string): Promise<{ current: AuthorityKey; retired: AuthorityKey | undefined }>;
  /** The keys a verifier needs: the current one and every retired one not yet past `notAfter`, newest first. */
  publishable(authorityId: string): Promise<readonly AuthorityKey[]>;
  /** Signs with the current key. Its private part is opened here, inside the server, and never returned. */
  signer(authorityId: string): Promise<Es256Signer>;
  /**
   * Signs raw bytes with the current key: the e-visa seal's message (`@entrada/verify`'s
   * `encodeVisaSeal`), which is binary. {@link AuthorityKeys.signer} signs JWS inputs, which are text,
   * as their UTF-8 bytes: a seal message passed through it as text would be signed as other bytes.
   */
  sealSigner(authorityId: string): Promise<AuthoritySealSigner>;
};

/** Signs a seal's message with an authority's current key: ECDSA P-256 over SHA-256, `r‖s` (64 bytes). */
export type AuthoritySealSigner = {
  /** The key's `kid`, which the seal names. */
  readonly kid: string;
  sign(message: Uint8Array): Promise<Uint8Array<ArrayBuffer>>;
};

/** The additional data that binds a sealed private key to its row. */
function sealContext(authorityId: string, kid: string): string {
  return `authority-issuer-key:${authorityId}:${kid}`;
}

/**
 * The authorities' own issuer keys (issue 12): each authority signs its e-visas with a P-256 key of
 * its own, stored sealed with the master key (the record cipher's envelope) and published as a
 * `did:web` DID document and as SD-JWT VC issuer metadata. One current key per authority, enforced
 * by a partial unique index, so that two processes seeding at once keep one. Rotating keeps the old
 * key published until `notAfter`: what it signed still verifies with the public JWKS.
 *
 * @throws {UnknownAuthorityError} (ENTRADA_AUTHORITY_NOT_FOUND) for an authority not in the database.
 * @example
 * const authorityKeys = createAuthorityKeys({ db, cipher });
 * await authorityKeys.ensure("th-evisa");
 * const signer = await authorityKeys.signer("th-evisa"); // signs JWS inputs with ES256
 */
export function createAuthorityKeys({
  db,
  cipher,
  clock = () => new Date(),
  retiredKeyDays = defaultRetiredKeyDays,
}: CreateAuthorityKeysParameters): AuthorityKeys {
  if (!Number.isInteger(retiredKeyDays) || retiredKeyDays <= 0) {
    throw new RangeError("createAuthorityKeys: retiredKeyDays must be a positive whole number");
  }

  async function assertAuthority(executor: Executor, authorityId: string, lock: boolean): Promise<void> {
    const query = executor.select({ id: authorities.id }).from(authorities).where(eq(authorities.id, authorityId));
    const [row] = lock ? await query.for("update") : await query;
    if (row === undefined) throw new UnknownAuthorityError({ authorityId });
  }

  async function currentRow(executor: Executor, authorityId: string) {
    const [row] = await executor
      .select()
      .from(authorityIssuerKeys)
      .where(and(eq(authorityIssuerKeys.authorityId, authorityId), isNull(authorityIssuerKeys.retiredAt)));
    return row;
  }

  async function insertNewKey(executor: Executor, authorityId: string, now: Date) {
    const key = await generateIssuerKey();
    const sealed = cipher.seal(key.privateJwk as Json, sealContext(authorityId, key.kid));
    return (
      executor
        .insert(authorityIssuerKeys)
        .values({
          authorityId,
          kid: key.kid,
          publicJwk: {
            kty: "EC",
            crv: "P-256",
            x: key.publicJwk.x!,
            y: key.publicJwk.y!,
            kid: key.kid,
            alg: "ES256",
            use: "sig",
          },
          privateKeyCiphertext: sealed.ciphertext,
          privateKeyNonce: sealed.nonce,
          wrappedDataKey: sealed.wrappedDataKey,
          masterKeyId: sealed.masterKeyId,
          createdAt: now,
        })
        // Another process made the current key first (the partial unique index): keep theirs.
        .onConflictDoNothing()
        .returning()
    );
  }

  return {
    async ensure(authorityId) {
      const existing = await currentRow(db, authorityId);
      if (existing !== undefined) return { ...toKey(existing), created: false };
      await assertAuthority(db, authorityId, false);
      const [inserted] = await insertNewKey(db, authorityId, clock());
      if (inserted !== undefined) return { ...toKey(inserted), created: true };
      const winner = await currentRow(db, authorityId);
      if (winner === undefined) throw new Error(`createAuthorityKeys: no current key for ${authorityId} after insert`);
      return { ...toKey(winner), created: false };
    },

    async current(authorityId) {
      const row = await currentRow(db, authorityId);
      return row === undefined ? undefined : toKey(row);
    },

    async rotate(authorityId) {
      return db.transaction(async (tx) => {
        // The authority's row lock serialises rotations: two at once make two keys one after the other.
        await assertAuthority(tx, authorityId, true);
        const now = clock();
        const [retired] = await tx
          .update(authorityIssuerKeys)
          .set({ retiredAt: now, notAfter: new Date(now.getTime() + retiredKeyDays * 86_400_000) })
          .where(and(eq(authorityIssuerKeys.authorityId, authorityId), isNull(authorityIssuerKeys.retiredAt)))
          .returning();
        const [inserted] = await insertNewKey(tx, authorityId, now);
        if (inserted === undefined) throw new Error(`createAuthorityKeys: rotating ${authorityId} kept the old key`);
        return { current: toKey(inserted), retired: retired === undefined ? undefined : toKey(retired) };
      });
    },

    async publishable(authorityId) {
      const rows = await db
        .select()
        .from(authorityIssuerKeys)
        .where(
          and(
            eq(authorityIssuerKeys.authorityId, authorityId),
            or(isNull(authorityIssuerKeys.retiredAt), gt(authorityIssuerKeys.notAfter, clock())),
          ),
        )
        // The current key first, then the most recently retired: as a verifier would try them.
        .orderBy(sql`${authorityIssuerKeys.retiredAt} desc nulls first`, asc(authorityIssuerKeys.kid));
      return rows.map(toKey);
    },

    async signer(authorityId) {
      const row = await currentRow(db, authorityId);
      if (row === undefined) {
        await assertAuthority(db, authorityId, false);
        throw new Error(`createAuthorityKeys: authority ${authorityId} has no issuer key; run ensure first`);
      }
      const privateJwk = cipher.open(
        {
          ciphertext: row.privateKeyCiphertext,
          nonce: row.privateKeyNonce,
          wrappedDataKey: row.wrappedDataKey,
          masterKeyId: row.masterKeyId,
        },
        sealContext(authorityId, row.kid),
      ) as Jwk;
      // Imported as non-extractable: the opened JWK goes out of scope with this call.
      return createLocalEs256Signer({ privateJwk, kid: row.kid });
    },

    async sealSigner(authorityId) {
      const row = await currentRow(db, authorityId);
      if (row === undefined) {
        await assertAuthority(db, authorityId, false);
        throw new Error(`createAuthorityKeys: authority ${authorityId} has no issuer key; run ensure first`);
      }
      const { kty, crv, x, y, d } = cipher.open(
        {
          ciphertext: row.privateKeyCiphertext,
          nonce: row.privateKeyNonce,
          wrappedDataKey: row.wrappedDataKey,
          masterKeyId: row.masterKeyId,
        },
        sealContext(authorityId, row.kid),
      ) as Jwk;
      // Non-extractable, as the JWS signer's: the opened JWK goes out of scope with this call.
      const key = await globalThis.crypto.subtle.importKey(
        "jwk",
        { kty, crv, x, y, d } as JsonWebKey,
        { name: "ECDSA", namedCurve: "P-256" },
        false,
        ["sign"],
      );
      return {
        kid: row.kid,
        sign: async (message) =>
          new Uint8Array(
            await globalThis.crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, Uint8Array.from(message)),
          ),
      };
    },
  };
}

function toKey(row: typeof authorityIssuerKeys.$inferSelect): AuthorityKey {
  return {
    authorityId: row.authorityId,
    kid: row.kid,
    publicJwk: row.publicJwk as Es256PublicJwk,
    createdAt: row.createdAt,
    retiredAt: row.retiredAt,
    notAfter: row.notAfter,
  };
}
