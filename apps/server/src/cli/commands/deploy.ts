import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { aggregatorV3Abi, deploySafe, safeContractNetworks, toPricePair } from "@entrada/chain";
import { type Deployment, deployEntrada, type TokenSymbol, VisaFeeEscrow, writeDeployment } from "@entrada/contracts";
import { deploySafeSingletons } from "@entrada/contracts/safe";
import type { ContractNetworksConfig } from "@safe-global/protocol-kit";
import { type Address, erc20Abi, getAddress, type Hex, isAddress } from "viem";
import { keyAddress } from "../../config.ts";
import { readSafeSingletons, safeSingletonsPath } from "../applyAdminCall.ts";
import { CliError } from "../cliErrorCodes.ts";
import { type CliChain, type CliIo, confirm, connectCliChain, devDeployerKey, loadCliConfig } from "../cliRuntime.ts";
import { type DeployEscrowFromSafeReturnType, deployEscrowFromSafe } from "./deployEscrowFromSafe.ts";

export const deployUsage = `Usage: npx entrada deploy [options]

Deploys VisaFeeEscrow to CHAIN_ID (at CHAIN_RPC_URL) and writes its addresses to
ENTRADA_DATA_DIR/deployments/<chainId>.json, where the server reads them.

On the local chain (31337): Circle's USDC, the USDT-like token and price feeds are deployed with it.
On any other chain: the escrow only, pinned to the chain registry's real USDC (and USDT where Tether
issues it) and using its Chainlink feeds; every token and feed must exist on the chain. Development
tokens are never deployed there.

Options:
  --admin <address>              holds the admin role (the governance timelock); default the deployer
  --guardian <address>           may pause new payments; default the admin
  --guardian-safe <a,b,c>        deploy a Safe of these owners as the guardian instead
  --guardian-threshold <n>       signatures the guardian Safe needs (default 2)
  --treasury <address>           receives platform fees; default the admin
  --treasury-safe <a,b,c>        deploy a Safe of these owners as the treasury instead
  --treasury-threshold <n>       signatures the treasury Safe needs (default 2)
  --quote-signer <address>       signs quotes; default QUOTE_SIGNER_KEY's address
  --fee-cap-bps <n>              cap on the platform fee, basis points (default 100)
  --token <SYMBOL=address>       use this token instead of the registry's (repeatable: USDC, USDT)
  --feed <PAIR=address>          use this price feed instead of the registry's (repeatable, "GBP/USD=0x…")
  --from-safe <address>          deploy the escrow from this Safe: one Safe transaction delegatecalls
                                 Safe's CreateCall (CREATE2), so the escrow's address is known before
                                 anyone signs; admin, guardian and treasury default to the Safe.
                                 Public chains only (the escrow alone)
  -h, --help                     this text

Environment: DEPLOYER_KEY (0x… or remote:<address> of SIGNER_URL) pays for the deployment; on the
local chain it defaults to the first development account. With --from-safe, SAFE_OWNER_KEYS
(comma-separated 0x… keys of at least the threshold of owners) signs the Safe transaction and
DEPLOYER_KEY sends it; without SAFE_OWNER_KEYS the Safe transaction and the escrow's address are
printed for the owners to sign and execute in their wallets, and nothing is sent.`;

const options = {
  admin: { type: "string" },
  guardian: { type: "string" },
  "guardian-safe": { type: "string" },
  "guardian-threshold": { type: "string" },
  treasury: { type: "string" },
  "treasury-safe": { type: "string" },
  "treasury-threshold": { type: "string" },
  "quote-signer": { type: "string" },
  "fee-cap-bps": { type: "string" },
  token: { type: "string", multiple: true },
  feed: { type: "string", multiple: true },
  "from-safe": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** `npx entrada deploy`: see {@link deployUsage}. */
export async function deployCommand(args: readonly string[], io: CliIo): Promise<void> {
  const { values } = parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
  if (values.help) {
    io.out(deployUsage);
    return;
  }
  const config = loadCliConfig(io);
  const chain = await connectCliChain(config, io);
  const isLocal = config.chain.isLocal;
  const fromSafe = address(values["from-safe"], "--from-safe");
  if (fromSafe !== undefined && isLocal) {
    throw usage("--from-safe deploys the escrow alone, on a public chain: the local chain's deployment brings tokens");
  }
  if (fromSafe !== undefined && (values["guardian-safe"] !== undefined || values["treasury-safe"] !== undefined)) {
    throw usage("--from-safe deploys from an existing Safe: give --guardian and --treasury as addresses");
  }
  const ownerKeys = fromSafe === undefined ? [] : safeOwnerKeys(io.env.SAFE_OWNER_KEYS);
  const deployer = await chain.signerOf("DEPLOYER_KEY", isLocal ? devDeployerKey() : undefined);
  // Only a Safe transaction that is printed, not sent, needs no key.
  if (deployer === undefined && (fromSafe === undefined || ownerKeys.length > 0)) {
    throw new CliError("ENTRADA_CLI_CONFIG_INVALID", `DEPLOYER_KEY is required to deploy on chain ${chain.chainId}.`);
  }
  const wallet = deployer && chain.wallet(deployer);

  const tokenOverrides = parsePairs(values.token ?? [], "--token", (name) => {
    if (name !== "USDC" && name !== "USDT")
      throw usage(`--token takes USDC=<address> or USDT=<address>, not "${name}"`);
    return name;
  });
  const feedOverrides = parsePairs(values.feed ?? [], "--feed", (name) => {
    try {
      return toPricePair(name).replace("/", " / ");
    } catch {
      throw usage(`--feed takes <PAIR>=<address> such as GBP/USD=0x…, not "${name}"`);
    }
  });
  const admin = address(values.admin, "--admin") ?? fromSafe ?? deployer!.address;
  const quoteSigner = address(values["quote-signer"], "--quote-signer") ?? keyAddress(config.keys.quoteSigner);
  const feeCapBps = whole(values["fee-cap-bps"], "--fee-cap-bps", 0, 10_000) ?? 100;

  // Safe contracts: the local chain gets Safe 1.4.1 deployed (once); public networks have Safe's own.
  let contractNetworks: ContractNetworksConfig | undefined;
  const wantsSafe = values["guardian-safe"] !== undefined || values["treasury-safe"] !== undefined;
  if (wantsSafe && isLocal) {
    let singletons = await readSafeSingletons(config.dataDir, chain.chainId);
    if (
      singletons === undefined ||
      (await chain.publicClient.getCode({ address: singletons.safeSingletonAddress })) === undefined
    ) {
      singletons = await deploySafeSingletons({ publicClient: chain.publicClient, deployer: wallet! });
      await mkdir(dirname(safeSingletonsPath(config.dataDir, chain.chainId)), { recursive: true });
      await writeFile(safeSingletonsPath(config.dataDir, chain.chainId), `${JSON.stringify(singletons, null, 2)}\n`);
      io.err(
        `Safe 1.4.1 contracts deployed on the local chain (${safeSingletonsPath(config.dataDir, chain.chainId)}).`,
      );
    }
    contractNetworks = safeContractNetworks(singletons);
  }
  async function safeOf(kind: "guardian" | "treasury"): Promise<Address | undefined> {
    const owners = values[`${kind}-safe`];
    if (owners === undefined) return undefined;
    if (values[kind] !== undefined) throw usage(`give --${kind} or --${kind}-safe, not both`);
    const list = owners.split(",").map((owner) => address(owner.trim(), `--${kind}-safe`)!);
    const threshold =
      whole(values[`${kind}-threshold`], `--${kind}-threshold`, 1, list.length) ?? Math.min(2, list.length);
    const safe = await deploySafe({
      provider: config.chain.rpcUrl,
      publicClient: chain.publicClient,
      deployer: wallet!,
      owners: list,
      threshold,
      label: `entrada-${kind}`,
      contractNetworks,
    }).catch((cause: unknown) => {
      throw new CliError("ENTRADA_CLI_CHAIN_UNAVAILABLE", `The ${kind} Safe could not be deployed.`, { cause });
    });
    io.err(`${kind} Safe: ${safe} (${threshold} of ${list.length} owners).`);
    return safe;
  }
  const guardian = (await safeOf("guardian")) ?? address(values.guardian, "--guardian") ?? admin;
  const treasury = (await safeOf("treasury")) ?? address(values.treasury, "--treasury") ?? admin;

  let deployment: Deployment;
  if (isLocal) {
    io.err(`Deploying to the local chain ${chain.chainId} with Circle's USDC, a USDT-like token and price feeds…`);
    deployment = await deployEntrada({
      publicClient: chain.publicClient,
      deployer: wallet!,
      quoteSigner,
      treasury,
      admin,
      guardian,
      feeCapBps,
    });
  } else {
    const deployed = await deployOnPublicChain({
      chain,
      io,
      tokenOverrides,
      feedOverrides,
      admin,
      guardian,
      quoteSigner,
      treasury,
      feeCapBps,
      wallet,
      fromSafe: fromSafe && { safe: fromSafe, ownerKeys, rpcUrl: config.chain.rpcUrl, dataDir: config.dataDir },
    });
    if ("action" in deployed) {
      io.err(
        `Safe transaction to deploy the escrow at ${deployed.escrow}: the owners sign ${deployed.proposal.safeTxHash} and one executes it; then the escrow is there (ESCROW_ADDRESS for the server). Nothing was sent.`,
      );
      io.out(
        JSON.stringify(
          { action: "proposed", escrow: deployed.escrow, admin, guardian, treasury, quoteSigner, ...deployed.proposal },
          null,
          2,
        ),
      );
      return;
    }
    deployment = deployed;
  }
  const file = await writeDeployment(config.dataDir, deployment);
  const explorer = chain.profile?.explorerUrl;
  io.err(`Deployment written to ${file}.`);
  io.err(
    "Next: register the authorities (npx entrada authority register), fund the relayer and the settlers with the native currency, then start Entrada.",
  );
  io.out(
    JSON.stringify(
      {
        ...deployment,
        admin,
        guardian,
        treasury,
        quoteSigner,
        ...(explorer ? { explorer: `${explorer}/address/${deployment.escrow}` } : {}),
      },
      null,
      2,
    ),
  );
}

type PublicDeployParameters = {
  chain: CliChain;
  io: CliIo;
  /** Sends the deployment; `undefined` only when a Safe transaction is printed instead. */
  wallet: ReturnType<CliChain["wallet"]> | undefined;
  /** Deploy from this Safe (`--from-safe`) rather than from `wallet`. */
  fromSafe: { safe: Address; ownerKeys: readonly Hex[]; rpcUrl: string; dataDir: string } | undefined;
  tokenOverrides: Record<string, Address>;
  feedOverrides: Record<string, Address>;
  admin: Address;
  guardian: Address;
  quoteSigner: Address;
  treasury: Address;
  feeCapBps: number;
};

/**
 * The escrow alone, pinned to the chain's real tokens, after checking every token and feed is there:
 * sent from `wallet`, or from a Safe (deployed, or the Safe transaction that will deploy it).
 */
async function deployOnPublicChain(
  parameters: PublicDeployParameters,
): Promise<Deployment | Extract<DeployEscrowFromSafeReturnType, { action: "proposed" }>> {
  const { chain, io, wallet, tokenOverrides, feedOverrides } = parameters;
  const tokens: Partial<Record<TokenSymbol, Address>> = { ...chain.profile?.tokens, ...tokenOverrides };
  const feeds: Record<string, Address> = { ...chain.profile?.feeds, ...feedOverrides };
  if (tokens.USDC === undefined) {
    throw new CliError(
      "ENTRADA_CLI_TOKEN_MISSING",
      `The chain registry has no USDC for chain ${chain.chainId}; give its address with --token USDC=<address>.`,
    );
  }
  for (const symbol of Object.keys(tokens) as TokenSymbol[]) {
    if (feeds[`${symbol} / USD`] === undefined) {
      throw new CliError(
        "ENTRADA_CLI_TOKEN_MISSING",
        `No ${symbol} / USD price feed for chain ${chain.chainId}; give one with --feed ${symbol}/USD=<address>.`,
      );
    }
  }
  // Every address must be a contract of the expected kind on this very chain: a token of another
  // network, or a typo, would make an escrow nobody can pay.
  for (const [symbol, token] of Object.entries(tokens)) {
    const decimals = await chain.publicClient
      .readContract({ address: token, abi: erc20Abi, functionName: "decimals" })
      .catch(() => undefined);
    if (decimals !== 6) {
      throw new CliError(
        "ENTRADA_CLI_CHAIN_UNAVAILABLE",
        `${symbol} at ${token} is not a 6-decimal token on chain ${chain.chainId}: wrong network, or a wrong address.`,
        { details: { symbol, token, decimals: decimals ?? null } },
      );
    }
  }
  for (const [pair, feed] of Object.entries(feeds)) {
    const ok = await chain.publicClient
      .readContract({ address: feed, abi: aggregatorV3Abi, functionName: "latestRoundData" })
      .then(() => true)
      .catch(() => false);
    if (!ok) {
      throw new CliError(
        "ENTRADA_CLI_CHAIN_UNAVAILABLE",
        `The ${pair} feed at ${feed} does not answer latestRoundData on chain ${chain.chainId}.`,
        { details: { pair, feed } },
      );
    }
  }
  const pinned = [tokens.USDC, ...(tokens.USDT === undefined ? [] : [tokens.USDT])];
  const { fromSafe } = parameters;
  if (fromSafe !== undefined) {
    io.err(
      `Deploying VisaFeeEscrow to chain ${chain.chainId} from the Safe ${fromSafe.safe}, pinned to ${pinned.join(", ")}…`,
    );
    const result = await deployEscrowFromSafe({
      chain,
      io,
      rpcUrl: fromSafe.rpcUrl,
      dataDir: fromSafe.dataDir,
      safe: fromSafe.safe,
      escrow: {
        admin: parameters.admin,
        guardian: parameters.guardian,
        quoteSigner: parameters.quoteSigner,
        treasury: parameters.treasury,
        feeCapBps: parameters.feeCapBps,
        pinnedTokens: pinned,
      },
      ownerKeys: fromSafe.ownerKeys,
      executor: wallet,
    });
    if (result.action === "proposed") return result;
    return {
      chainId: chain.chainId,
      escrow: result.escrow,
      tokens: tokens as Record<TokenSymbol, Address>,
      feeds,
      authorities: [],
      startBlock: result.startBlock.toString(),
    };
  }
  if (wallet === undefined) throw new CliError("ENTRADA_CLI_CONFIG_INVALID", "DEPLOYER_KEY is required.");
  io.err(`Deploying VisaFeeEscrow to chain ${chain.chainId}, pinned to ${pinned.join(", ")}…`);
  const hash = await wallet.deployContract({
    abi: VisaFeeEscrow.abi,
    bytecode: VisaFeeEscrow.bytecode,
    args: [
      parameters.admin,
      parameters.guardian,
      parameters.quoteSigner,
      parameters.treasury,
      parameters.feeCapBps,
      pinned,
    ],
    account: wallet.account,
    chain: chain.chain,
  } as never);
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  await confirm(chain.publicClient, hash, "The escrow's deployment");
  if (!receipt.contractAddress)
    throw new CliError("ENTRADA_CLI_CHAIN_UNAVAILABLE", "The escrow's deployment made no contract.");
  return {
    chainId: chain.chainId,
    escrow: getAddress(receipt.contractAddress),
    // A chain without Tether's USDT has USDC only; the server offers what the deployment lists.
    tokens: tokens as Record<TokenSymbol, Address>,
    feeds,
    authorities: [],
    startBlock: receipt.blockNumber.toString(),
  };
}

/** `SAFE_OWNER_KEYS`: owners' private keys, comma-separated; refused (never echoed) when malformed. */
function safeOwnerKeys(value: string | undefined): Hex[] {
  if (value === undefined || value.trim() === "") return [];
  const keys = value.split(",").map((key) => key.trim());
  if (!keys.every((key) => /^0x[0-9a-fA-F]{64}$/.test(key))) {
    throw new CliError(
      "ENTRADA_CLI_CONFIG_INVALID",
      "SAFE_OWNER_KEYS must be private keys (0x and 64 hex digits), comma-separated.",
    );
  }
  return keys as Hex[];
}

function usage(message: string): CliError {
  return new CliError("ENTRADA_CLI_USAGE", message);
}

function address(value: string | undefined, option: string): Address | undefined {
  if (value === undefined) return undefined;
  if (!isAddress(value, { strict: false }) || BigInt(value) === 0n)
    throw usage(`${option} needs a 0x address, not "${value}"`);
  return getAddress(value);
}

function whole(value: string | undefined, option: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max)
    throw usage(`${option} must be a whole number from ${min} to ${max}`);
  return number;
}

/** `NAME=0x…` options into a record, each name checked by `name`. */
function parsePairs(
  entries: readonly string[],
  option: string,
  name: (raw: string) => string,
): Record<string, Address> {
  const pairs: Record<string, Address> = {};
  for (const entry of entries) {
    const at = entry.lastIndexOf("=");
    if (at <= 0) throw usage(`${option} takes <NAME>=<address>, not "${entry}"`);
    pairs[name(entry.slice(0, at).trim())] = address(entry.slice(at + 1).trim(), option)!;
  }
  return pairs;
}
