import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  getAddress,
  type Hex,
  maxUint256,
  type PublicClient,
  stringToHex,
  type Transport,
  type WalletClient,
} from "viem";
import { deployUsdc } from "./deployUsdc.ts";
import { devUsdcProxyAdmin } from "./devAccounts.ts";
import { DevPriceFeed } from "./generated/DevPriceFeed.ts";
import { DevUSDT } from "./generated/DevUSDT.ts";
import { FiatTokenV2_2 } from "./generated/FiatTokenV2_2.ts";
import { VisaFeeEscrow } from "./generated/VisaFeeEscrow.ts";

/** The stablecoins Entrada accepts. */
export type TokenSymbol = "USDC" | "USDT";

/** A price feed to deploy on a development chain. Answers have `decimals` decimals. */
export type FeedSpec = { pair: string; decimals: number; answer: bigint };

/** An authority to register in the escrow. */
export type AuthoritySpec = { id: Hex; payout: Address; settler: Address };

/** Addresses of one deployment of Entrada on one chain. */
export type Deployment = {
  chainId: number;
  escrow: Address;
  tokens: Record<TokenSymbol, Address>;
  /** Feed address per pair, for example `"GBP / USD"`. */
  feeds: Record<string, Address>;
  authorities: AuthoritySpec[];
  /** Block of the escrow's deployment: where an indexer starts. */
  startBlock: string;
};

/**
 * An authority id from a short readable slug, right-padded into 32 bytes (readable in explorers).
 *
 * @example
 * authorityId("gb-eta") // 0x67622d657461000…
 */
export function authorityId(slug: string): Hex {
  if (slug.length === 0 || slug.length > 32 || !/^[a-z0-9-]+$/.test(slug)) {
    throw new TypeError(`authorityId: "${slug}" must be 1-32 characters of a-z, 0-9 and -`);
  }
  return stringToHex(slug, { size: 32 });
}

/** Demo rates for the development feeds (8 decimals, like Chainlink's USD pairs). */
export const devFeeds: readonly FeedSpec[] = [
  { pair: "USDC / USD", decimals: 8, answer: 99_990_000n },
  { pair: "USDT / USD", decimals: 8, answer: 99_970_000n },
  { pair: "EUR / USD", decimals: 8, answer: 108_000_000n },
  { pair: "GBP / USD", decimals: 8, answer: 127_000_000n },
  { pair: "THB / USD", decimals: 8, answer: 2_900_000n },
  { pair: "INR / USD", decimals: 8, answer: 1_130_000n },
  { pair: "TRY / USD", decimals: 8, answer: 2_400_000n },
  { pair: "KES / USD", decimals: 8, answer: 770_000n },
  { pair: "AUD / USD", decimals: 8, answer: 65_000_000n },
];

/** Parameters of {@link deployEntrada}. */
export type DeployEntradaParameters = {
  publicClient: PublicClient<Transport, Chain>;
  /**
   * Sends the deployments; becomes the escrow's admin and guardian unless given others, USDC's issuer
   * (master minter, pauser, blacklister, owner) and a minter of both tokens.
   */
  deployer: WalletClient<Transport, Chain, Account>;
  /** Admin of the USDC proxy; never the deployer (it could not use the token). Default {@link devUsdcProxyAdmin}. */
  usdcProxyAdmin?: Address;
  quoteSigner: Address;
  treasury: Address;
  admin?: Address;
  guardian?: Address;
  /** Cap on the platform fee in basis points of the authority's fee. Default 100 (1 %). */
  feeCapBps?: number;
  authorities?: readonly AuthoritySpec[];
  /** Feeds to deploy. Default {@link devFeeds}. */
  feeds?: readonly FeedSpec[];
  /** Development balances to mint, in token minor units. */
  balances?: readonly { to: Address; usdc?: bigint; usdt?: bigint }[];
};

/**
 * Deploys the escrow, the tokens and feeds, registers authorities and tokens, and mints demo
 * balances. USDC is Circle's FiatTokenV2_2 behind its FiatTokenProxy (see {@link deployUsdc}), USDT
 * the USDT-like DevUSDT. For development chains: production uses the real token and feed addresses.
 *
 * @example
 * const deployment = await deployEntrada({ publicClient, deployer, quoteSigner, treasury });
 */
export async function deployEntrada(parameters: DeployEntradaParameters): Promise<Deployment> {
  const { publicClient, deployer } = parameters;
  const me = deployer.account.address;
  if (parameters.admin !== undefined && BigInt(parameters.admin) === 0n) {
    throw new TypeError("deployEntrada: admin must not be the zero address");
  }

  async function deploy(
    artifact: { abi: Abi; bytecode: Hex },
    args: readonly unknown[],
  ): Promise<{ address: Address; block: bigint }> {
    const hash = await deployer.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success" || !receipt.contractAddress)
      throw new Error(`deployEntrada: deployment failed (${hash})`);
    return { address: getAddress(receipt.contractAddress), block: receipt.blockNumber };
  }
  async function send(request: Parameters<typeof deployer.writeContract>[0]): Promise<void> {
    const hash = await deployer.writeContract(request);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`deployEntrada: transaction failed (${hash})`);
  }

  // The deployer mints the demo balances and, on the dev chain, the faucet's drips: no cap.
  const usdc = await deployUsdc({
    publicClient,
    deployer,
    proxyAdmin: parameters.usdcProxyAdmin ?? devUsdcProxyAdmin(),
    minters: [{ minter: me, allowance: maxUint256 }],
  });
  const usdt = await deploy(DevUSDT, [me]);
  // The chain's stablecoins are pinned: allow-listed from the start and cheaper to pay with.
  const escrow = await deploy(VisaFeeEscrow, [
    me,
    parameters.guardian ?? me,
    parameters.quoteSigner,
    parameters.treasury,
    parameters.feeCapBps ?? 100,
    [usdc.proxy, usdt.address],
  ]);
  const feeds: Record<string, Address> = {};
  for (const feed of parameters.feeds ?? devFeeds) {
    feeds[feed.pair] = (await deploy(DevPriceFeed, [me, feed.decimals, feed.pair, feed.answer])).address;
  }

  for (const authority of parameters.authorities ?? []) {
    await send({
      address: escrow.address,
      abi: VisaFeeEscrow.abi,
      functionName: "setAuthority",
      args: [authority.id, authority.payout, authority.settler, true],
    });
  }
  for (const { to, usdc: usdcAmount, usdt: usdtAmount } of parameters.balances ?? []) {
    if (usdcAmount)
      await send({ address: usdc.proxy, abi: FiatTokenV2_2.abi, functionName: "mint", args: [to, usdcAmount] });
    if (usdtAmount)
      await send({ address: usdt.address, abi: DevUSDT.abi, functionName: "mint", args: [to, usdtAmount] });
  }

  const admin = parameters.admin;
  if (admin !== undefined && getAddress(admin) !== me) {
    const adminRole = await publicClient.readContract({
      address: escrow.address,
      abi: VisaFeeEscrow.abi,
      functionName: "DEFAULT_ADMIN_ROLE",
    });
    await send({
      address: escrow.address,
      abi: VisaFeeEscrow.abi,
      functionName: "grantRole",
      args: [adminRole, admin],
    });
    await send({
      address: escrow.address,
      abi: VisaFeeEscrow.abi,
      functionName: "renounceRole",
      args: [adminRole, me],
    });
  }

  return {
    chainId: publicClient.chain.id,
    escrow: escrow.address,
    tokens: { USDC: usdc.proxy, USDT: usdt.address },
    feeds,
    authorities: [...(parameters.authorities ?? [])],
    startBlock: escrow.block.toString(),
  };
}

/** Path of the deployments file of `chainId` under `dir`. */
export function deploymentPath(dir: string, chainId: number): string {
  return join(dir, "deployments", `${chainId}.json`);
}

/** Writes `deployment` to `<dir>/deployments/<chainId>.json`. */
export async function writeDeployment(dir: string, deployment: Deployment): Promise<string> {
  const path = deploymentPath(dir, deployment.chainId);
  await mkdir(join(dir, "deployments"), { recursive: true });
  await writeFile(path, `${JSON.stringify(deployment, null, 2)}\n`);
  return path;
}

/** Reads the deployments file of `chainId` under `dir`, or `undefined` when there is none. */
export async function readDeployment(dir: string, chainId: number): Promise<Deployment | undefined> {
  try {
    return JSON.parse(await readFile(deploymentPath(dir, chainId), "utf8")) as Deployment;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
