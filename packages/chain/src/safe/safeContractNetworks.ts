import type { SafeSingletons } from "@entrada/contracts/safe";
import type { ContractNetworksConfig } from "@safe-global/protocol-kit";

/**
 * protocol-kit's `contractNetworks` for a chain whose Safe contracts were deployed by
 * `deploySafeSingletons` (the local chain). Public networks need none: protocol-kit knows Safe's
 * canonical deployments there.
 *
 * @example
 * const kit = await Safe.init({ provider, safeAddress, contractNetworks: safeContractNetworks(singletons) });
 */
export function safeContractNetworks(singletons: SafeSingletons): ContractNetworksConfig {
  const { chainId, ...addresses } = singletons;
  return { [String(chainId)]: addresses };
}
