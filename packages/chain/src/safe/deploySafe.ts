import Safe, { type ContractNetworksConfig, type Eip1193Provider } from "@safe-global/protocol-kit";
import type { EIP1193Provider } from "viem";
import {
  type Account,
  type Address,
  type Chain,
  getAddress,
  type Hex,
  hexToBigInt,
  keccak256,
  type PublicClient,
  stringToHex,
  type Transport,
  type WalletClient,
} from "viem";

/** Parameters of {@link deploySafe}. */
export type DeploySafeParameters = {
  /** The chain's EIP-1193 provider or JSON-RPC URL, for protocol-kit. */
  provider: EIP1193Provider | string;
  publicClient: PublicClient<Transport, Chain>;
  /** Pays for the deployment; not an owner unless listed in `owners`. */
  deployer: WalletClient<Transport, Chain, Account>;
  owners: readonly Address[];
  /** Signatures an execution needs, 1 ≤ threshold ≤ owners. */
  threshold: number;
  /**
   * Names the Safe among Safes of the same owners and threshold (the guardian's and the treasury's):
   * its keccak256 is the proxy factory's salt nonce, so the same label gives the same address.
   */
  label?: string | undefined;
  /** On the local chain, the Safe contracts `deploySafeSingletons` deployed; omit on public networks. */
  contractNetworks?: ContractNetworksConfig | undefined;
};

/**
 * Deploys a Safe 1.4.1 account owned by `owners`, `threshold` of whom must sign each transaction,
 * through Safe's proxy factory (protocol-kit builds the call; `deployer` sends it), and returns its
 * address. Deploying the same owners, threshold and salt again returns the existing Safe.
 *
 * @example
 * const guardian = await deploySafe({ provider, publicClient, deployer, owners: [a, b, c], threshold: 2, label: "entrada-guardian" });
 */
export async function deploySafe(parameters: DeploySafeParameters): Promise<Address> {
  const { provider, publicClient, deployer, owners, threshold, label, contractNetworks } = parameters;
  const unique = new Set(owners.map((owner) => getAddress(owner)));
  if (unique.size !== owners.length) throw new TypeError("deploySafe: an owner is listed twice");
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > owners.length) {
    throw new TypeError(`deploySafe: threshold must be 1 to ${owners.length}, got ${threshold}`);
  }
  const kit = await Safe.init({
    // viem's provider type is narrower than protocol-kit's (typed methods); the object is the same.
    provider: provider as Eip1193Provider | string,
    predictedSafe: {
      safeAccountConfig: { owners: [...unique], threshold },
      safeDeploymentConfig: {
        safeVersion: "1.4.1",
        ...(label === undefined ? {} : { saltNonce: hexToBigInt(keccak256(stringToHex(label))).toString() }),
      },
    },
    ...(contractNetworks === undefined ? {} : { contractNetworks }),
  });
  const address = getAddress(await kit.getAddress());
  if (await kit.isSafeDeployed()) return address;
  const deployment = await kit.createSafeDeploymentTransaction();
  const hash = await deployer.sendTransaction({
    to: deployment.to as Address,
    data: deployment.data as Hex,
    value: BigInt(deployment.value),
    account: deployer.account,
    chain: deployer.chain,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`deploySafe: the deployment reverted (${hash})`);
  if ((await publicClient.getCode({ address })) === undefined) throw new Error(`deploySafe: no Safe at ${address}`);
  return address;
}
