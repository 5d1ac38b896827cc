import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { DocumentDecryptionError, InvalidDocumentKeyError } from "../errors/documents.ts";

// Layout of a sealed document, version 1 (all lengths in bytes):
//   magic "ENTD" 4 | version 1 | master key id 8 | key IV 12 | wrapped data key 32 | key tag 16 |
//   data IV 12 | ciphertext n | data tag 16
const magic = Buffer.from("ENTD", "ascii");
const version = 1;
const headerLength = 4 + 1 + 8;
const wrapEnd = headerLength + 12 + 32 + 16;
const dataStart = wrapEnd + 12;
const overhead = dataStart + 16;

/**
 * Encrypts a document for storage with envelope encryption: a fresh AES-256-GCM data key per
 * document encrypts the bytes, and the master key encrypts (wraps) the data key, also with
 * AES-256-GCM. Rotating the master key then means re-wrapping 32-byte keys, not re-encrypting
 * documents; deleting a document's blob destroys the only copy of its key. The header (format,
 * master key id, wrapped key) is authenticated with the data, so no part can be swapped.
 *
 * @throws {InvalidDocumentKeyError} when the master key is not 32 bytes.
 * @example
 * const sealed = sealDocument(passportScan, masterKey);
 * const cid = await blobs.put(sealed);
 */
export function sealDocument(bytes: Uint8Array, masterKey: Uint8Array): Uint8Array {
  const header = Buffer.concat([magic, Buffer.from([version]), masterKeyId(masterKey)]);
  const dataKey = randomBytes(32);
  const keyIv = randomBytes(12);
  const wrap = createCipheriv("aes-256-gcm", masterKey, keyIv).setAAD(header);
  const wrapped = Buffer.concat([wrap.update(dataKey), wrap.final()]);
  const envelope = Buffer.concat([header, keyIv, wrapped, wrap.getAuthTag()]);
  const dataIv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", dataKey, dataIv).setAAD(envelope);
  const ciphertext = Buffer.concat([cipher.update(bytes), cipher.final()]);
  dataKey.fill(0);
  return new Uint8Array(Buffer.concat([envelope, dataIv, ciphertext, cipher.getAuthTag()]));
}

/**
 * Decrypts a document sealed by {@link sealDocument}. Takes the current master key, or several
 * during a rotation: the one whose id the document names is used.
 *
 * @throws {DocumentDecryptionError} `not_sealed`, `unknown_key` (no configured key sealed it) or
 *   `tampered` (any altered byte: GCM authenticates everything).
 * @example
 * const scan = openDocument(await blobs.get(cid), [currentMasterKey, previousMasterKey]);
 */
export function openDocument(sealed: Uint8Array, masterKeys: Uint8Array | readonly Uint8Array[]): Uint8Array {
  const keys = masterKeys instanceof Uint8Array ? [masterKeys] : masterKeys;
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (bytes.byteLength < overhead || !bytes.subarray(0, 4).equals(magic) || bytes[4] !== version) {
    throw new DocumentDecryptionError({ reason: "not_sealed" });
  }
  const id = bytes.subarray(5, headerLength);
  const masterKey = keys.find((key) => masterKeyId(key).equals(id));
  if (masterKey === undefined) throw new DocumentDecryptionError({ reason: "unknown_key" });
  try {
    const unwrap = createDecipheriv("aes-256-gcm", masterKey, bytes.subarray(headerLength, headerLength + 12))
      .setAAD(bytes.subarray(0, headerLength))
      .setAuthTag(bytes.subarray(wrapEnd - 16, wrapEnd));
    const dataKey = Buffer.concat([unwrap.update(bytes.subarray(headerLength + 12, wrapEnd - 16)), unwrap.final()]);
    const decipher = createDecipheriv("aes-256-gcm", dataKey, bytes.subarray(wrapEnd, dataStart))
      .setAAD(bytes.subarray(0, wrapEnd))
      .setAuthTag(bytes.subarray(bytes.byteLength - 16));
    const plain = Buffer.concat([decipher.update(bytes.subarray(dataStart, bytes.byteLength - 16)), decipher.final()]);
    dataKey.fill(0);
    return new Uint8Array(plain);
  } catch (error) {
    throw new DocumentDecryptionError({ reason: "tampered", cause: error });
  }
}

/**
 * A new random 32-byte master key; configure it as hex (`DOCUMENT_MASTER_KEY`).
 *
 * @example
 * Buffer.from(generateMasterKey()).toString("hex") // 64 hex digits
 */
export function generateMasterKey(): Uint8Array {
  return new Uint8Array(randomBytes(32));
}

/**
 * Reads a master key from configuration: 64 hex digits or 32 bytes of base64.
 *
 * @throws {InvalidDocumentKeyError} when it is neither.
 * @example
 * const masterKey = parseMasterKey(process.env.DOCUMENT_MASTER_KEY!);
 */
export function parseMasterKey(text: string): Uint8Array {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return new Uint8Array(Buffer.from(value, "hex"));
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const bytes = Buffer.from(value, value.includes("-") || value.includes("_") ? "base64url" : "base64");
    if (bytes.byteLength === 32) return new Uint8Array(bytes);
  }
  throw new InvalidDocumentKeyError({ reason: "it must be 32 bytes written as 64 hex digits or base64" });
}

/** A short, one-way id of a master key, so that a document says which key sealed it without revealing it. */
function masterKeyId(masterKey: Uint8Array): Buffer {
  if (masterKey.byteLength !== 32)
    throw new InvalidDocumentKeyError({ reason: `it has ${masterKey.byteLength} bytes, not 32` });
  return createHmac("sha256", masterKey).update("entrada/document-master-key-id/v1").digest().subarray(0, 8);
}
