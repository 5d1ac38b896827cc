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
import { FiatTokenProxy } from "./generated/FiatTokenProxy.ts";
import { FiatTokenV2_2 } from "./generated/FiatTokenV2_2.ts";
import { SignatureChecker } from "./generated/SignatureChecker.ts";

/** A minter of the token and how much it may mint (Circle's `configureMinter`). */
export type UsdcMinter = { minter: Address; allowance: bigint };

/** Parameters of {@link deployUsdc}. */
export type DeployUsdcParameters = {
  publicClient: PublicClient<Transport, Chain>;
  /**
   * Sends the deployments and holds the issuer's roles: master minter, pauser, blacklister, owner,
   * and the lost-and-found address of `initializeV2_1`.
   */
  deployer: WalletClient<Transport, Chain, Account>;
  /**
   * Admin of the FiatTokenProxy: may upgrade the token, and can call nothing else on it (Circle's
   * proxy refuses its admin's token calls), so it must differ from the deployer.
   */
  proxyAdmin: Address;
  /** Minters configured by the master minter, for example the deployer itself for demo balances. */
  minters?: readonly UsdcMinter[];
};

/** Where {@link deployUsdc} put Circle's contracts. */
export type UsdcDeployment = {
  /** The token's address: the FiatTokenProxy. */
  proxy: Address;
  /** The FiatTokenV2_2 implementation behind the proxy. */
  implementation: Address;
  /** The SignatureChecker library linked into the implementation. */
  signatureChecker: Address;
};

/** The name Circle gives USDC, which is also its EIP-712 domain name (version "2"). */
export const usdcName = "USD Coin";

/**
 * Circle's throwaway address: the implementation contract is initialised with it, so that nobody can
 * initialise the implementation itself and take its roles.
 */
const throwawayAddress = "0x0000000000000000000000000000000000000001";

/**
 * Fills the library placeholders of `bytecode` (`__$…$__`, as solc and Hardhat leave them) with the
 * libraries' addresses at the byte offsets that the artifact's `linkReferences` give.
 *
 * @example
 * linkBytecode(FiatTokenV2_2.bytecode, FiatTokenV2_2.linkReferences, { SignatureChecker: "0x5FbD…" })
 */
export function linkBytecode(
  bytecode: Hex,
  linkReferences: Readonly<Record<string, Readonly<Record<string, readonly { start: number; length: number }[]>>>>,
  libraries: Readonly<Record<string, Address>>,
): Hex {
  let linked = bytecode.slice(2);
  for (const references of Object.values(linkReferences)) {
    for (const [name, offsets] of Object.entries(references)) {
      const address = libraries[name];
      if (address === undefined) throw new Error(`linkBytecode: no address for library ${name}`);
      const hex = getAddress(address).slice(2).toLowerCase();
      for (const { start, length } of offsets) {
        if (length !== 20) throw new Error(`linkBytecode: ${name} reference of ${length} bytes`);
        linked = linked.slice(0, start * 2) + hex + linked.slice((start + length) * 2);
      }
    }
  }
  if (linked.includes("__$")) throw new Error("linkBytecode: unlinked library placeholder left");
  return `0x${linked}`;
}

/**
 * Deploys Circle's USDC as Circle does: the FiatTokenV2_2 implementation (linked to SignatureChecker)
 * initialised with throwaway values, a FiatTokenProxy in front of it handed to a separate proxy admin,
 * then `initialize`, `initializeV2`, `initializeV2_1` and `initializeV2_2` through the proxy, and the
 * minters. For development chains: on real networks USDC is Circle's own deployment.
 *
 * @example
 * const usdc = await deployUsdc({ publicClient, deployer, proxyAdmin: devUsdcProxyAdmin(), minters });
 * usdc.proxy // the token address
 */
export async function deployUsdc(parameters: DeployUsdcParameters): Promise<UsdcDeployment> {
  const { publicClient, deployer, proxyAdmin } = parameters;
  const issuer = deployer.account.address;
  if (getAddress(proxyAdmin) === getAddress(issuer)) {
    throw new TypeError("deployUsdc: the proxy admin cannot call the token, so it must not be the deployer");
  }

  async function deploy(bytecode: Hex, abi: Abi, args: readonly unknown[]): Promise<Address> {
    const hash = await deployer.deployContract({ abi, bytecode, args });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success" || !receipt.contractAddress) {
      throw new Error(`deployUsdc: deployment failed (${hash})`);
    }
    return getAddress(receipt.contractAddress);
  }
  async function send(request: Parameters<typeof deployer.writeContract>[0]): Promise<void> {
    const hash = await deployer.writeContract(request);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`deployUsdc: transaction failed (${hash})`);
  }
  /** The four initialisers, in Circle's order; `lostAndFound` receives what the token held itself. */
  async function initialize(
    token: Address,
    values: { name: string; symbol: string; currency: string; decimals: number; role: Address },
  ) {
    const abi = FiatTokenV2_2.abi;
    const { name, symbol, currency, decimals, role } = values;
    await send({
      address: token,
      abi,
      functionName: "initialize",
      args: [name, symbol, currency, decimals, role, role, role, role],
    });
    await send({ address: token, abi, functionName: "initializeV2", args: [name] });
    await send({ address: token, abi, functionName: "initializeV2_1", args: [role] });
    // No accounts to carry over from an older blacklist: this token is new.
    await send({ address: token, abi, functionName: "initializeV2_2", args: [[], symbol] });
  }

  const signatureChecker = await deploy(SignatureChecker.bytecode, SignatureChecker.abi, []);
  const implementation = await deploy(
    linkBytecode(FiatTokenV2_2.bytecode, FiatTokenV2_2.linkReferences, { SignatureChecker: signatureChecker }),
    FiatTokenV2_2.abi,
    [],
  );
  await initialize(implementation, { name: "", symbol: "", currency: "", decimals: 0, role: throwawayAddress });

  // The proxy's deployer is its first admin; handing the admin role over before initialising lets
  // the deployer call the token through the proxy.
  const proxy = await deploy(FiatTokenProxy.bytecode, FiatTokenProxy.abi, [implementation]);
  await send({ address: proxy, abi: FiatTokenProxy.abi, functionName: "changeAdmin", args: [proxyAdmin] });
  await initialize(proxy, { name: usdcName, symbol: "USDC", currency: "USD", decimals: 6, role: issuer });
  for (const { minter, allowance } of parameters.minters ?? []) {
    await send({ address: proxy, abi: FiatTokenV2_2.abi, functionName: "configureMinter", args: [minter, allowance] });
  }
  return { proxy, implementation, signatureChecker };
}
