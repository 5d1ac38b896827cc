import { DocumentNotFoundError } from "../errors/documents.ts";
import type { BlobStore } from "./BlobStore.ts";
import { createFsBlobStore } from "./createFsBlobStore.ts";
import { type CreateKuboBlobStoreParameters, createKuboBlobStore } from "./createKuboBlobStore.ts";
import { openDocument, sealDocument } from "./sealDocument.ts";

/** Parameters of {@link createDocumentStore}: the master key(s), and where blobs go. */
export type CreateDocumentStoreParameters = {
  /** Seals new documents (32 bytes; see `parseMasterKey`). */
  masterKey: Uint8Array;
  /** Retired master keys, still able to open what they sealed during a rotation. */
  previousMasterKeys?: readonly Uint8Array[] | undefined;
} & (
  | { /** A local folder. */ dir: string }
  | { /** An IPFS Kubo node. */ kubo: CreateKuboBlobStoreParameters }
  | { /** Any other {@link BlobStore}. */ blobs: BlobStore }
);

/** A stored document's reference: keep it in the database with the application. */
export type StoredDocument = {
  /** The CID of the sealed blob (not of the plain document, which would let anyone holding a copy confirm it). */
  readonly cid: string;
  /** Size of the sealed blob in bytes. */
  readonly size: number;
};

/** Encrypted, content-addressed document storage; see {@link createDocumentStore}. */
export type DocumentStore = {
  readonly name: string;
  /** Seals and stores a document. */
  put(bytes: Uint8Array): Promise<StoredDocument>;
  /** The plain document. Throws `DocumentNotFoundError`, `DocumentIntegrityError` or `DocumentDecryptionError`. */
  get(cid: string): Promise<Uint8Array>;
  /** Deletes a document (erasure requests, retention): with its blob goes the only copy of its data key. */
  delete(cid: string): Promise<void>;
};

/**
 * Entrada's store for identity documents: each document is sealed (AES-256-GCM under its own
 * data key, wrapped by the master key) before it leaves the process, and stored by CID in a local
 * folder or on an IPFS node.
 *
 * @example
 * const documents = createDocumentStore({ masterKey: parseMasterKey(env.DOCUMENT_MASTER_KEY), dir: join(dataDir, "documents") });
 * const { cid } = await documents.put(scan);
 * const scanAgain = await documents.get(cid);
 */
export function createDocumentStore(parameters: CreateDocumentStoreParameters): DocumentStore {
  const blobs =
    "blobs" in parameters
      ? parameters.blobs
      : "kubo" in parameters
        ? createKuboBlobStore(parameters.kubo)
        : createFsBlobStore({ dir: parameters.dir });
  const keys = [parameters.masterKey, ...(parameters.previousMasterKeys ?? [])];
  // Fails at start-up rather than on the first upload when the key has the wrong length.
  openDocument(sealDocument(new Uint8Array(0), parameters.masterKey), keys);

  return {
    name: blobs.name,
    async put(bytes) {
      const sealed = sealDocument(bytes, parameters.masterKey);
      return { cid: await blobs.put(sealed), size: sealed.byteLength };
    },
    async get(cid) {
      const sealed = await blobs.get(cid);
      if (sealed === undefined) throw new DocumentNotFoundError({ cid });
      return openDocument(sealed, keys);
    },
    delete: (cid) => blobs.delete(cid),
  };
}
