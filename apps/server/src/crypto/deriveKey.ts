import { hkdfSync } from "node:crypto";

/**
 * A 32-byte key for one purpose, derived from the master key with HKDF-SHA-256, so that one secret
 * (`MASTER_KEY`) yields independent keys: a leak of one purpose's key exposes nothing of another.
 *
 * @example
 * const documentKey = deriveKey(config.masterKey, "entrada/documents/v1");
 */
export function deriveKey(masterKey: Uint8Array, purpose: string): Uint8Array {
  return new Uint8Array(hkdfSync("sha256", masterKey, Buffer.alloc(0), purpose, 32));
}
