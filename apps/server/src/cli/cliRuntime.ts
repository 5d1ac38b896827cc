import {
  assertKeyAllowedOnChain,
  type ChainProfile,
  chainProfile,
  createLocalSigner,
  createRemoteSigner,
  type Signer,
} from "@entrada/chain";
import { type Deployment, devAccount, localChainDefinition, readDeployment } from "@entrada/contracts";
import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hex,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { type Config, ConfigError, type KeySpec, loadConfig, parseKeySpec } from "../config.ts";
import { CliError } from "./cliErrorCodes.ts";

/** Where a command writes, and what it reads from the environment. Tests pass their own. */
export type CliIo = {
  env: Readonly<Record<string, string | undefined>>;
  /** One line of the command's result, on stdout. */
  out(line: string): void;
  /** One line of progress or diagnosis, on stderr. */
  err(line: string): void;
};

/**
 * The configuration as the server reads it; a refused one becomes `ENTRADA_CLI_CONFIG_INVALID` with
 * every problem (each names its variable, never its value).
 */
export function loadCliConfig(io: CliIo): Config {
  try {
    return loadConfig(io.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new CliError("ENTRADA_CLI_CONFIG_INVALID", error.message, { details: { problems: [...error.problems] } });
    }
    throw error;
  }
}

/** The chain a command works on: clients, its registry profile, and signers for the CLI's keys. */
export type CliChain = {
  chainId: number;
  chain: Chain;
  /** `undefined` for a chain the registry does not know. */
  profile: ChainProfile | undefined;
  publicClient: PublicClient<Transport, Chain>;
  /** The signer of a key variable (`DEPLOYER_KEY`, `ADMIN_KEY`) or `undefined` when unset. */
  signerOf(variable: string, fallback?: KeySpec): Promise<Signer | undefined>;
  wallet(signer: Signer): WalletClient<Transport, Chain, Account>;
};

/**
 * Connects to `CHAIN_RPC_URL` and checks that it serves `CHAIN_ID`, so that no transaction of one
 * network is ever signed for another.
 */
export async function connectCliChain(config: Config, io: CliIo): Promise<CliChain> {
  const profile = chainProfile(config.chain.id);
  const rpcUrl = config.chain.rpcUrl;
  const base = config.chain.isLocal ? localChainDefinition : (profile?.chain ?? undefined);
  const chain = defineChain({
    ...(base ?? {
      id: config.chain.id,
      name: config.chain.name,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    }),
    id: config.chain.id,
    rpcUrls: { default: { http: [rpcUrl] } },
  } as Chain);
  const transport = http(rpcUrl, { retryCount: 1 });
  const pollingInterval = config.chain.isLocal ? 50 : 1_000;
  const publicClient = createPublicClient({ chain, transport, pollingInterval }) as PublicClient<Transport, Chain>;
  let actual: number;
  try {
    actual = await publicClient.getChainId();
  } catch (cause) {
    throw new CliError(
      "ENTRADA_CLI_CHAIN_UNAVAILABLE",
      `The RPC endpoint of chain ${config.chain.id} did not answer.`,
      {
        details: { chainId: config.chain.id, endpoint: redactUrl(rpcUrl) },
        cause,
      },
    );
  }
  if (actual !== config.chain.id) {
    throw new CliError(
      "ENTRADA_CLI_CHAIN_UNAVAILABLE",
      `CHAIN_ID is ${config.chain.id}, but the RPC endpoint serves chain ${actual}.`,
      { details: { expected: config.chain.id, actual } },
    );
  }

  async function signerOf(variable: string, fallback?: KeySpec): Promise<Signer | undefined> {
    const raw = io.env[variable];
    const spec = raw === undefined || raw === "" ? fallback : parseKeySpec(raw);
    if (spec === undefined) {
      if (raw === undefined || raw === "") return undefined;
      throw new CliError(
        "ENTRADA_CLI_CONFIG_INVALID",
        `${variable} must be a private key (0x and 64 hex digits) or remote:<address>.`,
      );
    }
    let signer: Signer;
    if (spec.startsWith("remote:")) {
      if (config.signer === undefined) {
        throw new CliError("ENTRADA_CLI_CONFIG_INVALID", `${variable} is remote: it needs SIGNER_URL.`);
      }
      const remote = createRemoteSigner({
        url: config.signer.url,
        address: spec.slice("remote:".length) as Hex,
        bearerToken: config.signer.bearerToken,
        timeoutMs: config.signer.timeoutMs,
      });
      await remote.verify();
      signer = remote;
    } else {
      signer = createLocalSigner({ privateKey: spec as Hex });
    }
    try {
      assertKeyAllowedOnChain(config.chain.id, signer.address);
    } catch (cause) {
      throw new CliError(
        "ENTRADA_CLI_CONFIG_INVALID",
        `${variable} is a public development key; chain ${config.chain.id} is not a development chain.`,
        { cause },
      );
    }
    return signer;
  }

  return {
    chainId: config.chain.id,
    chain,
    profile,
    publicClient,
    signerOf,
    wallet: (signer) => createWalletClient({ account: signer, chain, transport, pollingInterval }),
  };
}

/** The development deployer (account 0) as a key spec: the local chain's default `DEPLOYER_KEY`. */
export function devDeployerKey(): KeySpec {
  const key = devAccount(0).getHdKey().privateKey;
  if (key === null) throw new Error("development account 0 has no private key");
  return `0x${Buffer.from(key).toString("hex")}`;
}

/** The deployment the server would use: the deployments file, its escrow replaced by `ESCROW_ADDRESS`. */
export async function readCliDeployment(config: Config): Promise<Deployment> {
  const stored = await readDeployment(config.dataDir, config.chain.id);
  if (stored === undefined) {
    throw new CliError(
      "ENTRADA_CLI_DEPLOYMENT_MISSING",
      `No deployment of chain ${config.chain.id} under ${config.dataDir}: run \`npx entrada deploy\` first.`,
      { details: { chainId: config.chain.id, dataDir: config.dataDir } },
    );
  }
  return config.chain.escrowAddress === undefined ? stored : { ...stored, escrow: config.chain.escrowAddress };
}

/** A transaction's receipt, or `ENTRADA_CLI_CHAIN_UNAVAILABLE` when it reverted. */
export async function confirm(publicClient: PublicClient<Transport, Chain>, hash: Hex, what: string): Promise<bigint> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") {
    throw new CliError("ENTRADA_CLI_CHAIN_UNAVAILABLE", `${what} reverted.`, { details: { transaction: hash } });
  }
  return receipt.blockNumber;
}

/** The URL without path and query, where providers put API keys. */
export function redactUrl(url: string): string {
  const { protocol, host } = new URL(url);
  return `${protocol}//${host}`;
}
