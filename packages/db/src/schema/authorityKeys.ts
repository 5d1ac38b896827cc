import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { authorities } from "./catalogue.ts";
import { bytea, createdAt, timestamptz } from "./columns.ts";

/** A published EC P-256 public key, as the `public_jwk` column holds it. */
type PublicJwk = {
  readonly kty: string;
  readonly crv: string;
  readonly x: string;
  readonly y: string;
  readonly kid: string;
  readonly alg: string;
  readonly use: string;
};

/**
 * Each authority's issuer keys (ES256, P-256): the key that signs its e-visas. One current key per
 * authority (`retired_at` null, a partial unique index); a rotated key is retired but stays
 * published until `not_after`, so that what it signed still verifies. The private JWK is sealed like
 * `applicants` (AES-256-GCM under a per-record data key wrapped by the master key `master_key_id`,
 * bound to `authority-issuer-key:<authority>:<kid>`): it never leaves the server in clear.
 */
export const authorityIssuerKeys = pgTable(
  "authority_issuer_keys",
  {
    authorityId: text("authority_id")
      .notNull()
      .references(() => authorities.id),
    /** The RFC 7638 thumbprint of the public key: its `kid` in JWS headers, the JWKS and DID documents. */
    kid: text("kid").notNull(),
    /** `{ kty, crv, x, y, kid, alg: "ES256", use: "sig" }`, as published. */
    publicJwk: jsonb("public_jwk").$type<PublicJwk>().notNull(),
    /** AES-256-GCM ciphertext of the private JWK, tag appended. */
    privateKeyCiphertext: bytea("private_key_ciphertext").notNull(),
    /** GCM nonce (12 bytes). */
    privateKeyNonce: bytea("private_key_nonce").notNull(),
    /** The per-record data key, wrapped by the master key. */
    wrappedDataKey: bytea("wrapped_data_key").notNull(),
    /** Which master key wrapped the data key. */
    masterKeyId: text("master_key_id").notNull(),
    createdAt: createdAt(),
    /** When a newer key replaced it; `null` for the current key. */
    retiredAt: timestamptz("retired_at"),
    /** Until when a retired key stays published: what it signed may be checked until then. */
    notAfter: timestamptz("not_after"),
  },
  (t) => [
    primaryKey({ columns: [t.authorityId, t.kid] }),
    uniqueIndex("authority_issuer_keys_current_idx").on(t.authorityId).where(sql`${t.retiredAt} is null`),
    index("authority_issuer_keys_not_after_idx").on(t.authorityId, t.notAfter),
    check("authority_issuer_keys_retired_check", sql`(${t.retiredAt} is null) = (${t.notAfter} is null)`),
  ],
);
