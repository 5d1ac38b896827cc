import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";
import type { Json } from "@entrada/db";

/** A JSON value sealed with envelope encryption, as the `applicants` and `applications` columns hold it. */
export type SealedRecord = {
  /** AES-256-GCM ciphertext with the 16-byte tag appended. */
  ciphertext: Uint8Array;
  /** The 12-byte GCM nonce of `ciphertext`. */
  nonce: Uint8Array;
  /** The record's data key, sealed by the master key: nonce (12) ‖ ciphertext (32) ‖ tag (16). */
  wrappedDataKey: Uint8Array;
  /** Which master key wrapped the data key. */
  masterKeyId: string;
};

/** Parameters of {@link createRecordCipher}. */
export type CreateRecordCipherParameters = {
  /** The 32-byte master key (`MASTER_KEY`). */
  masterKey: Uint8Array;
};

/** What {@link createRecordCipher} returns. */
export type RecordCipher = {
  /** Id of the master key: stored beside each record so that keys can be rotated. */
  readonly masterKeyId: string;
  /** Id of the blind-index key, stored beside each index value. */
  readonly indexKeyId: string;
  /**
   * Encrypts `value` under a fresh data key. `context` (e.g. `applicant:<id>`) is bound as GCM
   * associated data, so a ciphertext copied to another row does not decrypt there.
   */
  seal(value: Json, context: string): SealedRecord;
  /** Decrypts a record sealed for `context`; throws when the key, context or data do not match. */
  open(sealed: SealedRecord, context: string): Json;
  /** Keyed HMAC-SHA-256 of a normalised value: finds duplicates without storing the value. */
  blindIndex(value: string): Uint8Array;
};

/**
 * Envelope encryption of personal data (DESIGN.md, "Database"): each record gets its own random
 * AES-256-GCM data key, which is itself encrypted ("wrapped") by the master key. Rotating the master
 * key re-wraps data keys without touching records. The blind index is an HMAC, not a plain hash: a
 * passport number has about 2³³ values, so a plain hash would be reversed by enumeration.
 *
 * @example
 * const cipher = createRecordCipher({ masterKey: config.masterKey });
 * const sealed = cipher.seal({ surname: "ERIKSSON" }, `applicant:${id}`);
 * cipher.open(sealed, `applicant:${id}`) // { surname: "ERIKSSON" }
 */
export function createRecordCipher({ masterKey }: CreateRecordCipherParameters): RecordCipher {
  if (masterKey.length !== 32) throw new RangeError("createRecordCipher: the master key must be 32 bytes");
  // Separate keys per purpose, derived from the one master key.
  const wrapKey = derive(masterKey, "entrada/wrap/v1");
  const indexKey = derive(masterKey, "entrada/blind-index/v1");
  const fingerprint = createHash("sha256").update(masterKey).digest("hex").slice(0, 12);
  const masterKeyId = `mk-${fingerprint}`;

  return {
    masterKeyId,
    indexKeyId: `ix-${fingerprint}`,
    seal(value, context) {
      const dataKey = randomBytes(32);
      const nonce = randomBytes(12);
      const ciphertext = encrypt(dataKey, nonce, Buffer.from(JSON.stringify(value), "utf8"), context);
      const keyNonce = randomBytes(12);
      const wrapped = encrypt(wrapKey, keyNonce, dataKey, `data-key:${context}`);
      return {
        ciphertext,
        nonce: Uint8Array.from(nonce),
        wrappedDataKey: Uint8Array.from(Buffer.concat([keyNonce, wrapped])),
        masterKeyId,
      };
    },
    open(sealed, context) {
      if (sealed.masterKeyId !== masterKeyId) {
        throw new Error(`record sealed with master key ${sealed.masterKeyId}, not ${masterKeyId}`);
      }
      const wrapped = Buffer.from(sealed.wrappedDataKey);
      const dataKey = decrypt(wrapKey, wrapped.subarray(0, 12), wrapped.subarray(12), `data-key:${context}`);
      const plain = decrypt(dataKey, Buffer.from(sealed.nonce), Buffer.from(sealed.ciphertext), context);
      return JSON.parse(plain.toString("utf8")) as Json;
    },
    blindIndex(value) {
      return Uint8Array.from(createHmac("sha256", indexKey).update(value, "utf8").digest());
    },
  };
}

function derive(masterKey: Uint8Array, info: string): Buffer {
  return Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), info, 32));
}

function encrypt(key: Uint8Array, nonce: Uint8Array, plain: Uint8Array, context: string): Uint8Array {
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(context, "utf8"));
  return Uint8Array.from(Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]));
}

function decrypt(key: Uint8Array, nonce: Uint8Array, sealed: Buffer, context: string): Buffer {
  const decipher = createDecipheriv("aes-256-gcm", key, nonce);
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
}
