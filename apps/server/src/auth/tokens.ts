import { createHash, randomBytes } from "node:crypto";

/**
 * A new random secret for a session cookie or an API key: 32 bytes, base64url.
 *
 * @example
 * const token = newToken(); // "q3N0…" (43 characters)
 */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * SHA-256 of a session token or API key, as the database stores it: the secret itself is never
 * stored, so a copy of the database opens no session. A fast hash suffices, the secrets being random.
 *
 * @example
 * await db.insert(sessions).values({ userId, tokenHash: hashToken(token), expiresAt });
 */
export function hashToken(token: string): Uint8Array {
  return Uint8Array.from(createHash("sha256").update(token, "utf8").digest());
}
