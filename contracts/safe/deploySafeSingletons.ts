import { createRequire } from "node:module";
import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  getAddress,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";

/** The Safe 1.4.1 contracts a Safe account needs, by the names protocol-kit gives their addresses. */
export type SafeSingletons = {
  chainId: number;
  /** `SafeL2`: the singleton for chains other than Ethereum (it emits events per call, for indexers). */
  safeSingletonAddress: Address;
  safeProxyFactoryAddress: Address;
  multiSendAddress: Address;
  multiSendCallOnlyAddress: Address;
  fallbackHandlerAddress: Address;
  signMessageLibAddress: Address;
  createCallAddress: Address;
  simulateTxAccessorAddress: Address;
};

/** Parameters of {@link deploySafeSingletons}. */
export type DeploySafeSingletonsParameters = {
  publicClient: PublicClient<Transport, Chain>;
  deployer: WalletClient<Transport, Chain, Account>;
};

const require = createRequire(import.meta.url);
/** Safe's own build of 1.4.1, as published on npm (`@safe-global/safe-contracts`). */
function artifact(path: string): { abi: Abi; bytecode: Hex } {
  const { abi, bytecode } = require(`@safe-global/safe-contracts/build/artifacts/contracts/${path}.json`) as {
    abi: Abi;
    bytecode: Hex;
  };
  return { abi, bytecode };
}

/**
 * Deploys Safe's 1.4.1 contracts (Safe's published bytecode from `@safe-global/safe-contracts`):
 * SafeL2, SafeProxyFactory, CompatibilityFallbackHandler, MultiSend, MultiSendCallOnly,
 * SignMessageLib, CreateCall and SimulateTxAccessor, on a chain that has none, the local chain.
 * Public networks have Safe's canonical deployments, which protocol-kit knows without this; on the
 * local chain pass the result to protocol-kit as `contractNetworks` (see `safeContractNetworks` of
 * `@entrada/chain`).
 *
 * @example
 * const singletons = await deploySafeSingletons({ publicClient: chain.publicClient, deployer: chain.wallet(devAccount(0)) });
 */
export async function deploySafeSingletons({
  publicClient,
  deployer,
}: DeploySafeSingletonsParameters): Promise<SafeSingletons> {
  async function deploy(path: string): Promise<Address> {
    const { abi, bytecode } = artifact(path);
    const hash = await deployer.deployContract({ abi, bytecode, args: [] });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success" || !receipt.contractAddress) {
      throw new Error(`deploySafeSingletons: deploying ${path} failed (${hash})`);
    }
    return getAddress(receipt.contractAddress);
  }
  // One after the other: the deployer's nonces, and so the addresses, are the same every time.
  const safeSingletonAddress = await deploy("SafeL2.sol/SafeL2");
  const safeProxyFactoryAddress = await deploy("proxies/SafeProxyFactory.sol/SafeProxyFactory");
  const fallbackHandlerAddress = await deploy("handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler");
  const multiSendAddress = await deploy("libraries/MultiSend.sol/MultiSend");
  const multiSendCallOnlyAddress = await deploy("libraries/MultiSendCallOnly.sol/MultiSendCallOnly");
  const signMessageLibAddress = await deploy("libraries/SignMessageLib.sol/SignMessageLib");
  const createCallAddress = await deploy("libraries/CreateCall.sol/CreateCall");
  const simulateTxAccessorAddress = await deploy("accessors/SimulateTxAccessor.sol/SimulateTxAccessor");
  return {
    chainId: publicClient.chain.id,
    safeSingletonAddress,
    safeProxyFactoryAddress,
    multiSendAddress,
    multiSendCallOnlyAddress,
    fallbackHandlerAddress,
    signMessageLibAddress,
    createCallAddress,
    simulateTxAccessorAddress,
  };
}

/** The `Safe` (L2) ABI, for reading owners and threshold and for `execTransaction`. */
export const safeAbi: Abi = artifact("SafeL2.sol/SafeL2").abi;
