import { CID } from "multiformats/cid";
import { describe, expect, it } from "vitest";
import { InvalidCidError } from "../errors/documents.ts";
import { computeCid, matchesCid, parseCid } from "./computeCid.ts";

const hello = new TextEncoder().encode("hello");

describe("computeCid", () => {
  it("gives the CID an IPFS node gives a single raw block (ipfs add --cid-version=1 --raw-leaves)", async () => {
    expect(await computeCid(hello)).toBe("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq");
    expect(await computeCid(new Uint8Array(0))).toBe("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
  });

  it("is stable for the same bytes and differs for others", async () => {
    expect(await computeCid(new Uint8Array(hello))).toBe(await computeCid(hello));
    expect(await computeCid(new TextEncoder().encode("hellp"))).not.toBe(await computeCid(hello));
  });
});

describe("parseCid and matchesCid", () => {
  it("accepts canonical CIDv1 only", async () => {
    const cid = await computeCid(hello);
    expect(parseCid(cid).toString()).toBe(cid);
    for (const bad of [
      "",
      "../../etc/passwd",
      "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o",
      cid.toUpperCase(),
      `${cid}/x`,
    ]) {
      expect(() => parseCid(bad)).toThrow(InvalidCidError);
    }
  });

  it("checks raw SHA-256 blocks and admits it cannot check others", async () => {
    const cid = parseCid(await computeCid(hello));
    expect(await matchesCid(cid, hello)).toBe(true);
    expect(await matchesCid(cid, new TextEncoder().encode("bye"))).toBe(false);
    const dagPb = CID.createV1(0x70, cid.multihash);
    expect(await matchesCid(dagPb, hello)).toBeUndefined();
  });
});
