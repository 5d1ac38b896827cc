import { type Address, getAddress, isAddress } from "viem";
import { z } from "zod";

/** One chain of the `CHAINS` variable, as written (defaults are filled in by `loadConfig`). */
export type ChainEntry = {
  id: number;
  rpcUrl: string;
  publicRpcUrl?: string | undefined;
  explorerUrl?: string | undefined;
  confirmations?: number | undefined;
  escrowAddress?: Address | undefined;
};

const rpcUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      return ["http:", "https:", "ws:", "wss:"].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, "must be a URL with http:, https:, ws: or wss:");

const entrySchema = z.strictObject({
  id: z
    .number()
    .int()
    .min(1)
    .max(2 ** 53 - 1),
  rpcUrl,
  publicRpcUrl: rpcUrl.optional(),
  explorerUrl: z.url({ protocol: /^https?$/ }).optional(),
  confirmations: z.number().int().min(0).max(1000).optional(),
  escrowAddress: z
    .string()
    .refine((value) => isAddress(value, { strict: false }), "must be a 20-byte 0x address")
    .transform((value) => getAddress(value))
    .optional(),
});

/**
 * Reads `CHAINS`, the chains Entrada serves beside `CHAIN_ID`: `<chain id>=<rpc url>,…`, or a JSON
 * array of `{ id, rpcUrl, publicRpcUrl?, explorerUrl?, confirmations?, escrowAddress? }`. Returns a
 * message (for `CHAINS: <message>`) when malformed; never echoes a URL, which may hold an API key.
 *
 * @example
 * parseChainsVariable("8453=https://base.example/rpc") // [{ id: 8453, rpcUrl: "https://base.example/rpc" }]
 * parseChainsVariable("base") // "each entry must be <chain id>=<rpc url>"
 */
export function parseChainsVariable(value: string): ChainEntry[] | string {
  let raw: unknown[];
  if (value.trim().startsWith("[")) {
    try {
      const json: unknown = JSON.parse(value);
      if (!Array.isArray(json)) return "must be a JSON array";
      raw = json;
    } catch {
      return "is not valid JSON";
    }
  } else {
    raw = [];
    for (const pair of value.split(",")) {
      const at = pair.indexOf("=");
      const id = pair.slice(0, at).trim();
      if (at < 0 || !/^\d+$/.test(id)) return "each entry must be <chain id>=<rpc url>";
      raw.push({ id: Number(id), rpcUrl: pair.slice(at + 1).trim() });
    }
  }
  const entries: ChainEntry[] = [];
  for (const [index, item] of raw.entries()) {
    const parsed = entrySchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.length ? issue.path.join(".") : "entry";
      return `chain ${index + 1}: ${field} ${issue?.message ?? "is invalid"}`;
    }
    entries.push(parsed.data);
  }
  if (entries.length === 0) return "names no chain";
  return entries;
}
