import { VisaFeeEscrow } from "@entrada/contracts";
import type { Address, Chain, Hex, PublicClient, Transport } from "viem";

/**
 * Where an application's escrow stands on chain, in the order of `IVisaFeeEscrow.EscrowStatus`:
 * never paid (`none`), paid and held (`open`), or settled one of three ways.
 */
export const escrowStatuses = ["none", "open", "released", "refunded", "claimed"] as const;

/** One of {@link escrowStatuses}. */
export type EscrowStatus = (typeof escrowStatuses)[number];

/** Parameters of {@link checkEscrowHolds}. */
export type CheckEscrowHoldsParameters = {
  client: PublicClient<Transport, Chain>;
  /** The `VisaFeeEscrow` the application was paid into. */
  escrow: Address;
  /** The application's opaque id on chain (`applications.onchain_id`). */
  applicationId: Hex;
  /** The EIP-712 digest of the quote the database says paid it (`quotes.digest`). */
  digest: Hex;
};

/** What {@link checkEscrowHolds} found. */
export type CheckEscrowHoldsReturnType = {
  /** The escrow holds the fee, paid with exactly this quote. */
  holds: boolean;
  status: EscrowStatus;
  /** The digest of the quote that paid the open escrow; `null` when it is not open. */
  onchainDigest: Hex | null;
};

const zeroDigest = `0x${"0".repeat(64)}`;

/**
 * Asks the escrow itself whether it holds an application's fee, paid with the quote the database
 * says paid it: the escrow's record (`escrowStatus`, `escrowDigest`) is the truth, the database only
 * a copy. A safety net before anything trusts a `paid` row — at start-up after a crash, before a
 * settlement — because a database restored from a backup, or a development chain started afresh, can
 * count money the chain does not hold. Reads the latest block: pass a client of the chain the quote
 * names.
 *
 * @example
 * const { holds, status } = await checkEscrowHolds({ client, escrow, applicationId: row.onchainId, digest: quote.digest });
 * if (!holds) logger.error({ applicationId: row.id, status }, "the escrow does not hold this payment");
 */
export async function checkEscrowHolds(parameters: CheckEscrowHoldsParameters): Promise<CheckEscrowHoldsReturnType> {
  const { client, escrow, applicationId, digest } = parameters;
  const [statusIndex, onchainDigest] = await Promise.all([
    client.readContract({
      address: escrow,
      abi: VisaFeeEscrow.abi,
      functionName: "escrowStatus",
      args: [applicationId],
    }),
    client.readContract({
      address: escrow,
      abi: VisaFeeEscrow.abi,
      functionName: "escrowDigest",
      args: [applicationId],
    }),
  ]);
  const status = escrowStatuses[statusIndex];
  // An escrow of another version could answer a status this server does not know.
  if (status === undefined) throw new RangeError(`escrowStatus answered ${statusIndex}, not an EscrowStatus`);
  const open = status === "open" && onchainDigest !== zeroDigest;
  return {
    holds: open && onchainDigest.toLowerCase() === digest.toLowerCase(),
    status,
    onchainDigest: open ? (onchainDigest.toLowerCase() as Hex) : null,
  };
}
