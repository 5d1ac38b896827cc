import { type Address, getAddress, type PublicClient, parseAbi } from "viem";

/**
 * The token issuer's powers that stop a transfer, as FiatTokenV2_2 (Circle's USDC) exposes them:
 * `paused()` (its `Pausable`) and `isBlacklisted(account)` (its `Blacklistable`). A token without
 * them (DevUSDT, most ERC-20s) reverts on the read: it has no such powers.
 */
export const tokenIssuerAbi = parseAbi([
  "function paused() view returns (bool)",
  "function isBlacklisted(address account) view returns (bool)",
]);

/** The one chain read {@link readIssuerHold} needs; a viem `PublicClient` fits. */
export type IssuerHoldClient = Pick<PublicClient, "readContract">;

/** Parameters of {@link readIssuerHold}. */
export type ReadIssuerHoldParameters = {
  client: IssuerHoldClient;
  token: Address;
  /** Every account the transfer moves money from or to, or that sends it (the escrow, the payer…). */
  accounts: readonly Address[];
};

/** What the issuer holds: a paused token, or accounts on its blacklist; `null` when nothing. */
export type IssuerHold = { paused: boolean; blacklisted: readonly Address[] } | null;

/**
 * Reads, with view calls only, whether the token's issuer would stop a transfer between `accounts`
 * now: the token paused, or one of them blacklisted. `null` when nothing stops it, and also for a
 * token that has no such powers (its `paused()` reverts); it throws only when the chain cannot be
 * read, which callers treat as "unknown" and leave to the relayer's own pre-flight.
 *
 * @example
 * await readIssuerHold({ client, token: usdc, accounts: [escrow, payer] })
 * // { paused: false, blacklisted: ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"] }
 */
export async function readIssuerHold({ client, token, accounts }: ReadIssuerHoldParameters): Promise<IssuerHold> {
  let paused: boolean;
  try {
    paused = await client.readContract({ address: token, abi: tokenIssuerAbi, functionName: "paused" });
  } catch (error) {
    if (isRevert(error)) return null;
    throw error;
  }
  const unique = [...new Set(accounts.map((account) => getAddress(account)))];
  const listed = await Promise.all(
    unique.map((account) =>
      client.readContract({ address: token, abi: tokenIssuerAbi, functionName: "isBlacklisted", args: [account] }),
    ),
  );
  const blacklisted = unique.filter((_, i) => listed[i]);
  return paused || blacklisted.length > 0 ? { paused, blacklisted } : null;
}

/** A call that reached the chain and reverted (or hit no code), as opposed to a network failure. */
function isRevert(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 10; depth += 1) {
    const name = current.name;
    if (name === "ContractFunctionRevertedError" || name === "ContractFunctionZeroDataError") return true;
    current = (current as Error & { cause?: unknown }).cause;
  }
  return false;
}
