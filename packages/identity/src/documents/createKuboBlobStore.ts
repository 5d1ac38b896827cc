import { DocumentIntegrityError, DocumentStoreUnavailableError } from "../errors/documents.ts";
import type { BlobStore } from "./BlobStore.ts";
import { computeCid, matchesCid, parseCid } from "./computeCid.ts";

/** Parameters of {@link createKuboBlobStore}. */
export type CreateKuboBlobStoreParameters = {
  /** The node's RPC API, for example `http://127.0.0.1:5001` (never expose it publicly). */
  url: string;
  /** Extra headers, for example `authorization` when the RPC API sits behind a proxy. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Per request. Default 30 000 ms. */
  timeoutMs?: number | undefined;
  /**
   * Default: the global `fetch`. A server passes its outbound client's (timeouts, a cap on the
   * answer, and only the addresses its policy allows).
   */
  fetch?: typeof globalThis.fetch | undefined;
};

// Up to 1 MiB (Kubo's largest chunk) a file is one raw block, whose CID equals computeCid's.
const chunkSize = 1_048_576;
const notFound = /not found|no link named|does not exist|no such file/i;

/**
 * A {@link BlobStore} on an IPFS node through Kubo's RPC API: `POST /api/v0/add` (CIDv1, raw
 * leaves, SHA-256, pinned), `POST /api/v0/cat` and `POST /api/v0/pin/rm`. Blobs up to 1 MiB get
 * the same CID as in the local folder, and Kubo's answer is checked against it; larger blobs get
 * Kubo's UnixFS CID, whose bytes cannot be checked here (the seal's authentication still catches
 * any change to a sealed document).
 *
 * Anyone who learns a CID can fetch the blob from the IPFS network if the node shares it: store
 * only sealed documents, which are useless without the master key.
 *
 * @example
 * const blobs = createKuboBlobStore({ url: "http://127.0.0.1:5001" });
 */
export function createKuboBlobStore(parameters: CreateKuboBlobStoreParameters): BlobStore {
  const base = parameters.url.replace(/\/+$/, "");
  const timeoutMs = parameters.timeoutMs ?? 30_000;
  const doFetch = parameters.fetch ?? globalThis.fetch;

  const call = async (
    operation: string,
    path: string,
    query: Record<string, string>,
    body?: FormData,
  ): Promise<Response> => {
    const url = `${base}/api/v0/${path}?${new URLSearchParams(query).toString()}`;
    let response: Response;
    try {
      response = await doFetch(url, {
        method: "POST",
        headers: { ...parameters.headers },
        ...(body === undefined ? {} : { body }),
        // The node's API answers itself; a redirect is a misconfiguration, not followed.
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new DocumentStoreUnavailableError({ store: "kubo", operation, cause: error });
    }
    return response;
  };
  const failure = async (operation: string, response: Response) =>
    new DocumentStoreUnavailableError({
      store: "kubo",
      operation,
      cause: new Error(`Kubo answered ${response.status}: ${(await response.text()).slice(0, 300)}`),
    });

  return {
    name: "kubo",
    async put(bytes) {
      const form = new FormData();
      form.append("file", new Blob([bytes as Uint8Array<ArrayBuffer>]), "blob");
      const query = {
        "cid-version": "1",
        "raw-leaves": "true",
        hash: "sha2-256",
        chunker: `size-${chunkSize}`,
        pin: "true",
        quieter: "true",
      };
      const response = await call("add", "add", query, form);
      if (!response.ok) throw await failure("add", response);
      let hash: unknown;
      try {
        // One JSON object per line; the last names the root.
        const lines = (await response.text()).trim().split("\n");
        hash = (JSON.parse(lines.at(-1)!) as { Hash?: unknown }).Hash;
      } catch (error) {
        throw new DocumentStoreUnavailableError({ store: "kubo", operation: "add", cause: error });
      }
      if (typeof hash !== "string") {
        throw new DocumentStoreUnavailableError({
          store: "kubo",
          operation: "add",
          cause: new Error("no Hash in Kubo's answer"),
        });
      }
      parseCid(hash);
      if (bytes.byteLength <= chunkSize) {
        const expected = await computeCid(bytes);
        if (hash !== expected) throw new DocumentIntegrityError({ cid: expected, actual: hash });
      }
      return hash;
    },
    async get(cid) {
      const parsed = parseCid(cid);
      const response = await call("cat", "cat", { arg: cid });
      if (!response.ok) {
        const text = await response.text();
        if (response.status === 500 && notFound.test(text)) return undefined;
        throw new DocumentStoreUnavailableError({
          store: "kubo",
          operation: "cat",
          cause: new Error(`Kubo answered ${response.status}: ${text.slice(0, 300)}`),
        });
      }
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        throw new DocumentStoreUnavailableError({ store: "kubo", operation: "cat", cause: error });
      }
      if ((await matchesCid(parsed, bytes)) === false)
        throw new DocumentIntegrityError({ cid, actual: await computeCid(bytes) });
      return bytes;
    },
    async delete(cid) {
      parseCid(cid);
      const response = await call("pin/rm", "pin/rm", { arg: cid });
      if (!response.ok) {
        const text = await response.text();
        // Unpinning what is not pinned is the goal reached.
        if (response.status === 500 && /not pinned/i.test(text)) return;
        throw new DocumentStoreUnavailableError({
          store: "kubo",
          operation: "pin/rm",
          cause: new Error(`Kubo answered ${response.status}: ${text.slice(0, 300)}`),
        });
      }
      await response.body?.cancel();
    },
  };
}
