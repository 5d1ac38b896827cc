import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentDecryptionError, DocumentNotFoundError } from "../errors/documents.ts";
import { sampleFiles } from "../testing/sampleFiles.ts";
import { type KuboStandIn, startKuboStandIn } from "../testing/startKuboStandIn.ts";
import { computeCid } from "./computeCid.ts";
import { createDocumentStore } from "./createDocumentStore.ts";
import { generateMasterKey } from "./sealDocument.ts";

let dir: string;
let kubo: KuboStandIn;
const masterKey = generateMasterKey();
const scan = sampleFiles.jpeg(1600, 1200);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "entrada-documents-"));
  kubo = await startKuboStandIn();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await kubo.close();
});

describe("createDocumentStore", () => {
  it("stores sealed documents in a folder and gives them back in the clear", async () => {
    const documents = createDocumentStore({ masterKey, dir });
    const stored = await documents.put(scan);
    expect(stored.size).toBe(scan.byteLength + 101);
    expect(await documents.get(stored.cid)).toEqual(scan);
    const onDisk = await readFile(join(dir, stored.cid.slice(-2), stored.cid));
    expect(stored.cid).toBe(await computeCid(onDisk));
    expect(onDisk.includes(Buffer.from(scan.subarray(0, 12)))).toBe(false);
  });

  it("gives the same document a new CID each time: the CID of a sealed blob reveals nothing", async () => {
    const documents = createDocumentStore({ masterKey, dir });
    const [first, second] = [await documents.put(scan), await documents.put(scan)];
    expect(first.cid).not.toBe(second.cid);
    expect(first.cid).not.toBe(await computeCid(scan));
  });

  it("works the same on an IPFS Kubo node", async () => {
    const documents = createDocumentStore({ masterKey, kubo: { url: kubo.url } });
    expect(documents.name).toBe("kubo");
    const { cid } = await documents.put(scan);
    expect(kubo.blocks.has(cid)).toBe(true);
    expect(await documents.get(cid)).toEqual(scan);
    await documents.delete(cid);
    await expect(documents.get(cid)).rejects.toThrow(DocumentNotFoundError);
  });

  it("opens documents sealed under a previous master key during a rotation", async () => {
    const old = createDocumentStore({ masterKey, dir });
    const { cid } = await old.put(scan);
    const next = generateMasterKey();
    expect(await createDocumentStore({ masterKey: next, previousMasterKeys: [masterKey], dir }).get(cid)).toEqual(scan);
    await expect(createDocumentStore({ masterKey: next, dir }).get(cid)).rejects.toMatchObject({
      reason: "unknown_key",
    });
  });

  it("refuses a forged blob that hashes to its own CID but was not sealed with the key", async () => {
    const documents = createDocumentStore({ masterKey, dir });
    const forged = new Uint8Array(Buffer.concat([Buffer.from("ENTD\u0001", "latin1"), Buffer.alloc(200)]));
    const cid = await computeCid(forged);
    await mkdir(join(dir, cid.slice(-2)), { recursive: true });
    await writeFile(join(dir, cid.slice(-2), cid), forged);
    await expect(documents.get(cid)).rejects.toThrow(DocumentDecryptionError);
  });

  it("refuses a master key of the wrong length at start-up", () => {
    expect(() => createDocumentStore({ masterKey: new Uint8Array(31), dir })).toThrow(/31 bytes, not 32/);
  });
});
