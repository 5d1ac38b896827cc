import { isDeepStrictEqual } from "node:util";
import { BaseError, ContractFunctionRevertedError } from "viem";

/** A decoded custom error: its name and arguments. */
export type DecodedRevert = { errorName: string; args: readonly unknown[] };

/** The custom error behind a viem contract error, or `undefined` when it has none. */
export function decodeRevert(error: unknown): DecodedRevert | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError) || !reverted.data) return undefined;
  return { errorName: reverted.data.errorName, args: reverted.data.args ?? [] };
}

/**
 * Awaits `action` and checks that it reverted with exactly `errorName` and, when given, exactly
 * `args` (addresses compared case-insensitively). Throws a descriptive error otherwise.
 *
 * @example
 * await expectRevert(f.call(stranger, "releaseEscrowByAuthority", [quote]), "EscrowUnauthorizedSettler", [quote.authorityId, stranger.address]);
 */
export async function expectRevert(
  action: Promise<unknown>,
  errorName: string,
  args?: readonly unknown[],
): Promise<DecodedRevert> {
  let outcome: unknown;
  try {
    outcome = await action;
  } catch (error) {
    const decoded = decodeRevert(error);
    if (!decoded) throw new Error(`expected revert ${errorName}, got an undecoded error: ${String(error)}`);
    if (decoded.errorName !== errorName) {
      throw new Error(`expected revert ${errorName}, got ${decoded.errorName}(${stringify(decoded.args)})`);
    }
    if (args !== undefined && !isDeepStrictEqual(normalize(decoded.args), normalize(args))) {
      throw new Error(`expected ${errorName}(${stringify(args)}), got ${errorName}(${stringify(decoded.args)})`);
    }
    return decoded;
  }
  throw new Error(`expected revert ${errorName}, but the call succeeded: ${stringify(outcome)}`);
}

function normalize(values: readonly unknown[]): unknown[] {
  return values.map((v) => (typeof v === "string" && /^0x[0-9a-fA-F]{40}$/.test(v) ? v.toLowerCase() : v));
}

function stringify(value: unknown): string {
  return JSON.stringify(value, (_, v) => (typeof v === "bigint" ? `${v}n` : v));
}
