/**
 * Content-addressed storage of opaque bytes (Entrada stores only sealed documents in it). A blob's
 * id is its CID, so storing the same bytes twice stores them once, and a reader can check that it
 * got what it asked for. Implementations: a local folder (`createFsBlobStore`) and an IPFS Kubo
 * node (`createKuboBlobStore`); anything else that keeps this contract can replace them.
 */
export type BlobStore = {
  /** A name for errors and logs ("fs", "kubo"). */
  readonly name: string;
  /** Stores bytes and returns their CIDv1. Idempotent. */
  put(bytes: Uint8Array): Promise<string>;
  /** The bytes of a CID, checked against it where the CID allows; `undefined` when absent. */
  get(cid: string): Promise<Uint8Array | undefined>;
  /** Removes a blob (on IPFS: unpins it, for the next garbage collection). Absent blobs are fine. */
  delete(cid: string): Promise<void>;
};
