import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { DocumentIntegrityError, DocumentStoreUnavailableError } from "../errors/documents.ts";
import type { BlobStore } from "./BlobStore.ts";
import { computeCid, parseCid } from "./computeCid.ts";

/** Parameters of {@link createFsBlobStore}. */
export type CreateFsBlobStoreParameters = {
  /** The folder; created on first write. */
  dir: string;
};

/**
 * A {@link BlobStore} in a local folder, the default for development and single-server
 * deployments. Files are named by CID in 1024 sub-folders (the CID's last two characters), written
 * to a temporary file, flushed to disk and renamed into place, so that a crash never leaves a
 * half-written blob under a valid name. Reads are checked against the CID.
 *
 * @example
 * const blobs = createFsBlobStore({ dir: join(dataDir, "documents") });
 * const cid = await blobs.put(sealed);
 */
export function createFsBlobStore({ dir }: CreateFsBlobStoreParameters): BlobStore {
  const pathOf = (cid: string) => {
    parseCid(cid);
    return { folder: join(dir, cid.slice(-2)), file: join(dir, cid.slice(-2), cid) };
  };
  const unavailable = (operation: string, cause: unknown) =>
    new DocumentStoreUnavailableError({ store: "fs", operation, cause });

  return {
    name: "fs",
    async put(bytes) {
      const cid = await computeCid(bytes);
      const { folder, file } = pathOf(cid);
      const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
      try {
        await mkdir(folder, { recursive: true });
        const handle = await open(temporary, "wx");
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        // Same CID, same bytes: replacing an existing file is harmless, and rename is atomic.
        await rename(temporary, file);
      } catch (error) {
        await rm(temporary, { force: true }).catch(() => undefined);
        throw unavailable("write", error);
      }
      return cid;
    },
    async get(cid) {
      const { file } = pathOf(cid);
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(file));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw unavailable("read", error);
      }
      const actual = await computeCid(bytes);
      if (actual !== cid) throw new DocumentIntegrityError({ cid, actual });
      return bytes;
    },
    async delete(cid) {
      const { file } = pathOf(cid);
      try {
        await rm(file, { force: true });
      } catch (error) {
        throw unavailable("delete", error);
      }
    },
  };
}
