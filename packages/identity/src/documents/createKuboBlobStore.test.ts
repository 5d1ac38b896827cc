import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DocumentIntegrityError, DocumentStoreUnavailableError } from "../errors/documents.ts";
import { type KuboStandIn, startKuboStandIn } from "../testing/startKuboStandIn.ts";
import { computeCid } from "./computeCid.ts";
import { createKuboBlobStore } from "./createKuboBlobStore.ts";

let kubo: KuboStandIn;
beforeEach(async () => {
  kubo = await startKuboStandIn();
});
afterEach(() => kubo.close());

const blob = new Uint8Array(Buffer.from("sealed bytes \u0000\u00ff binary"));

describe("createKuboBlobStore", () => {
  it("adds with CIDv1 raw leaves, pinned, and gets the same CID as the local folder", async () => {
    const blobs = createKuboBlobStore({ url: `${kubo.url}/`, headers: { authorization: "Basic dGVzdDp0ZXN0" } });
    const cid = await blobs.put(blob);
    expect(cid).toBe(await computeCid(blob));
    expect(await blobs.get(cid)).toEqual(blob);
    const [add] = kubo.requests;
    expect(add?.url.pathname).toBe("/api/v0/add");
    expect(Object.fromEntries(add!.url.searchParams)).toEqual({
      "cid-version": "1",
      "raw-leaves": "true",
      hash: "sha2-256",
      chunker: "size-1048576",
      pin: "true",
      quieter: "true",
    });
    expect(add?.headers.authorization).toBe("Basic dGVzdDp0ZXN0");
  });

  it("answers undefined for content the node does not have, and unpins on delete", async () => {
    const blobs = createKuboBlobStore({ url: kubo.url });
    const cid = await blobs.put(blob);
    await blobs.delete(cid);
    expect(kubo.blocks.size).toBe(0);
    await blobs.delete(cid); // not pinned any more: fine
    expect(await blobs.get(cid)).toBeUndefined();
  });

  it("refuses a node that computes another CID or serves other bytes", async () => {
    const blobs = createKuboBlobStore({ url: kubo.url });
    const cid = await blobs.put(blob);
    kubo.faults.alterContent = true;
    await expect(blobs.get(cid)).rejects.toThrow(DocumentIntegrityError);
    kubo.faults.wrongCid = true;
    await expect(blobs.put(blob)).rejects.toThrow(DocumentIntegrityError);
  });

  it("says the store is unavailable when the node is down or answers an error", async () => {
    const blobs = createKuboBlobStore({ url: kubo.url });
    const cid = await blobs.put(blob);
    const wrongPath = createKuboBlobStore({ url: `${kubo.url}/nowhere` });
    await expect(wrongPath.put(blob)).rejects.toThrow(DocumentStoreUnavailableError);
    await kubo.close();
    await expect(blobs.get(cid)).rejects.toMatchObject({ code: "ENTRADA_DOCUMENT_STORE_UNAVAILABLE", retryable: true });
    kubo = await startKuboStandIn(); // for afterEach
  });
});
