import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { InvalidCidError } from "../errors/documents.ts";

/**
 * The content id of bytes: CIDv1, `raw` codec, SHA-256 multihash, base32 (`bafkrei…`) — what
 * an IPFS node computes for a file stored as a single raw block, so that a blob has the same id in
 * the local folder and on IPFS.
 *
 * @example
 * await computeCid(new TextEncoder().encode("hello")) // "bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq"
 */
export async function computeCid(bytes: Uint8Array): Promise<string> {
  return CID.create(1, raw.code, await sha256.digest(bytes)).toString();
}

/**
 * Checks that a string is a CIDv1 and returns it parsed. Every store calls it before using a CID
 * as a file name or URL part, so a CID cannot smuggle in `../`.
 *
 * @throws {InvalidCidError} when it is not a CIDv1.
 * @example
 * parseCid("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq").code // 0x55 (raw)
 */
export function parseCid(cid: string): CID {
  try {
    const parsed = CID.parse(cid);
    if (parsed.version !== 1 || parsed.toString() !== cid) throw new Error("not a canonical CIDv1");
    return parsed as CID;
  } catch {
    throw new InvalidCidError({ cid });
  }
}

/**
 * Whether bytes are the content of a CID, for CIDs of single raw blocks hashed with SHA-256 (the
 * only ones a check is possible for without rebuilding an IPFS DAG). `undefined` for other CIDs.
 *
 * @example
 * await matchesCid(cid, bytes) // true, false, or undefined (a dag-pb root)
 */
export async function matchesCid(cid: CID, bytes: Uint8Array): Promise<boolean | undefined> {
  if (cid.code !== raw.code || cid.multihash.code !== sha256.code) return undefined;
  return (await computeCid(bytes)) === cid.toString();
}
