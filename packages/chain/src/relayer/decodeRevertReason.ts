import { type Abi, decodeErrorResult, ExecutionRevertedError, type Hex, isHex } from "viem";

/** Why a call reverted, as far as the ABI tells. */
export type RevertReason = {
  /** The custom error's name, `Error` for a `require` message, `Panic`; `undefined` if unknown. */
  errorName: string | undefined;
  args: readonly unknown[];
  /** One line for records and logs: `EscrowAlreadyPaid(0x…)`, `reverted with 0x…`, or `reverted`. */
  text: string;
};

/**
 * The revert behind an error of a call, a gas estimate or a transaction, decoded with `abi`; or
 * `undefined` when the error is no revert (a network failure, say), which callers rethrow. Finds the
 * revert data anywhere in the error's causes, as nodes and viem nest it differently.
 *
 * @example
 * try { await client.estimateGas(request) } catch (error) {
 *   decodeRevertReason(error, escrowErrorAbi)?.text // "EscrowAlreadyPaid(0x5c…)"
 * }
 */
export function decodeRevertReason(error: unknown, abi: Abi): RevertReason | undefined {
  let data: Hex | undefined;
  let reverted = false;
  for (let current = error, depth = 0; current instanceof Error && depth < 10; depth += 1) {
    const { code, data: value } = current as Error & { code?: unknown; data?: unknown };
    const nested = typeof value === "object" && value !== null ? (value as { data?: unknown }).data : undefined;
    for (const candidate of [value, nested]) {
      if (data === undefined && typeof candidate === "string" && isHex(candidate)) data = candidate;
    }
    if (code === 3 || current instanceof ExecutionRevertedError) reverted = true;
    current = current.cause;
  }
  if (data !== undefined && data.length >= 10) {
    try {
      const { errorName, args = [] } = decodeErrorResult({ abi, data });
      return { errorName, args, text: `${errorName}(${args.map(formatArg).join(", ")})` };
    } catch {
      return { errorName: undefined, args: [], text: `reverted with ${data}` };
    }
  }
  return reverted || data !== undefined ? { errorName: undefined, args: [], text: "reverted" } : undefined;
}

function formatArg(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return isHex(value) ? value : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(formatArg).join(", ")}]`;
  return String(value);
}
