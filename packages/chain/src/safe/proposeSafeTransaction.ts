import Safe, { type ContractNetworksConfig, type Eip1193Provider } from "@safe-global/protocol-kit";
import type { EIP1193Provider } from "viem";
import { type Address, getAddress, type Hex } from "viem";

/** A call for a Safe to make. */
export type SafeCall = { to: Address; data: Hex; value?: bigint | undefined };

/** What the owners of a Safe sign and one of them executes: a Safe transaction and its hash. */
export type SafeTransactionProposal = {
  chainId: number;
  safe: Address;
  /** The Safe's EIP-712 `SafeTx` hash: what each owner signs (in a Safe wallet, or with protocol-kit). */
  safeTxHash: Hex;
  /** The `SafeTx` fields, as `execTransaction` takes them (integers as decimal strings). */
  transaction: {
    to: Address;
    value: string;
    data: Hex;
    /** 0 call, 1 delegatecall (several calls go through MultiSendCallOnly). */
    operation: number;
    safeTxGas: string;
    baseGas: string;
    gasPrice: string;
    gasToken: Address;
    refundReceiver: Address;
    nonce: number;
  };
};

/** Parameters of {@link proposeSafeTransaction}. */
export type ProposeSafeTransactionParameters = {
  provider: EIP1193Provider | string;
  safe: Address;
  calls: readonly SafeCall[];
  contractNetworks?: ContractNetworksConfig | undefined;
};

/**
 * Builds the Safe transaction that makes `calls` from `safe` at its current nonce, and its hash, for
 * the owners to sign and execute (Safe's wallet, its transaction service, or protocol-kit). Entrada
 * holds no owner key: an admin or guardian action of a Safe-held role is printed, never sent.
 *
 * @example
 * const proposal = await proposeSafeTransaction({ provider: rpcUrl, safe, calls: [{ to: escrow, data: setPausedCall }] });
 * console.log(proposal.safeTxHash);
 */
export async function proposeSafeTransaction({
  provider,
  safe,
  calls,
  contractNetworks,
}: ProposeSafeTransactionParameters): Promise<SafeTransactionProposal> {
  if (calls.length === 0) throw new TypeError("proposeSafeTransaction: no call to make");
  const kit = await Safe.init({
    // viem's provider type is narrower than protocol-kit's (typed methods); the object is the same.
    provider: provider as Eip1193Provider | string,
    safeAddress: safe,
    ...(contractNetworks === undefined ? {} : { contractNetworks }),
  });
  const transaction = await kit.createTransaction({
    transactions: calls.map((call) => ({ to: call.to, data: call.data, value: String(call.value ?? 0n) })),
  });
  const { data } = transaction;
  return {
    chainId: Number(await kit.getChainId()),
    safe: getAddress(safe),
    safeTxHash: (await kit.getTransactionHash(transaction)) as Hex,
    transaction: {
      to: getAddress(data.to),
      value: String(data.value),
      data: data.data as Hex,
      operation: Number(data.operation),
      safeTxGas: String(data.safeTxGas),
      baseGas: String(data.baseGas),
      gasPrice: String(data.gasPrice),
      gasToken: getAddress(data.gasToken),
      refundReceiver: getAddress(data.refundReceiver),
      nonce: Number(data.nonce),
    },
  };
}
