import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DocumentIntegrityError, InvalidCidError } from "../errors/documents.ts";
import { computeCid } from "./computeCid.ts";
import { createFsBlobStore } from "./createFsBlobStore.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "entrada-blobs-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const blob = new TextEncoder().encode("sealed bytes");

describe("createFsBlobStore", () => {
  it("stores bytes under their CID in a sharded folder and reads them back", async () => {
    const blobs = createFsBlobStore({ dir: join(dir, "documents") });
    const cid = await blobs.put(blob);
    expect(cid).toBe(await computeCid(blob));
    expect(await blobs.get(cid)).toEqual(blob);
    expect(await readFile(join(dir, "documents", cid.slice(-2), cid))).toEqual(Buffer.from(blob));
  });

  it("is idempotent and leaves no temporary files", async () => {
    const blobs = createFsBlobStore({ dir });
    const cids = await Promise.all([blobs.put(blob), blobs.put(blob), blobs.put(blob)]);
    expect(new Set(cids).size).toBe(1);
    expect(await readdir(join(dir, cids[0]!.slice(-2)))).toEqual([cids[0]]);
  });

  it("answers undefined for an absent blob, deletes, and refuses a CID that is a path", async () => {
    const blobs = createFsBlobStore({ dir });
    const cid = await blobs.put(blob);
    await blobs.delete(cid);
    await blobs.delete(cid);
    expect(await blobs.get(cid)).toBeUndefined();
    await expect(blobs.get("../../etc/passwd")).rejects.toThrow(InvalidCidError);
  });

  it("notices a blob changed on disk", async () => {
    const blobs = createFsBlobStore({ dir });
    const cid = await blobs.put(blob);
    await writeFile(join(dir, cid.slice(-2), cid), "other bytes");
    await expect(blobs.get(cid)).rejects.toThrow(DocumentIntegrityError);
  });

  it("says the store is unavailable when the folder cannot be written", async () => {
    const file = join(dir, "not-a-folder");
    await writeFile(file, "x");
    await expect(createFsBlobStore({ dir: file }).put(blob)).rejects.toMatchObject({
      code: "ENTRADA_DOCUMENT_STORE_UNAVAILABLE",
      retryable: true,
    });
  });
});
