import { type CreateLocalChainParameters, createLocalChain, type LocalChain } from "@entrada/contracts";
import type { ChainClients } from "./createChainClients.ts";

/**
 * The in-process local chain (Hardhat's EVM, chain id 31337) as {@link ChainClients}, with its test
 * controls (`testClient`, `snapshot`, `revert`): what tests and the embedded dev setup pass to the
 * relayer, the indexer and the feed price source instead of an HTTP endpoint. One EVM per process.
 *
 * @example
 * const clients = await createLocalChainClients();
 * const relayer = createRelayer({ db, client: clients.publicClient, account: devAccount(3), chainId: 31337, bumpAfterMs: 30_000 });
 */
export async function createLocalChainClients(parameters: CreateLocalChainParameters = {}): Promise<LocalChain> {
  const local = await createLocalChain(parameters);
  // Compile-time proof that the local chain is interchangeable with the HTTP clients.
  const clients: ChainClients & LocalChain = local;
  return clients;
}
