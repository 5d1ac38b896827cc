import {
  createLocalChain,
  type Deployment,
  deployDemo,
  deploymentPath,
  devAccount,
  localChainDefinition,
  readDeployment,
  startLocalChainServer,
  writeDeployment,
} from "@entrada/contracts";
import type { Logger } from "pino";
import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import type { ChainConfig, Config } from "../config.ts";

/** Parameters of {@link startChain}. */
export type StartChainParameters = {
  config: Config;
  /** Which of `config.chains` to start (default `config.chain`, the first). */
  chain?: ChainConfig | undefined;
  /** Run the local chain in this process (`config.chain.embedded` unless the caller decides). */
  embedded: boolean;
  /** On the embedded chain, also mine an empty block this often (ms); default automine only. */
  blockIntervalMs?: number | undefined;
  logger: Pick<Logger, "info" | "warn">;
};

/** The chain Entrada runs on, as {@link startChain} found or made it. */
export type StartedChain = {
  client: PublicClient<Transport, Chain>;
  deployment: Deployment;
  /** JSON-RPC URL of the chain: the embedded server's (which may have picked its port) or `CHAIN_RPC_URL`. */
  chainUrl: string;
  /** On a local chain, development account 0 (the dev tokens' minter), for the faucet. */
  tokenOwner: WalletClient<Transport, Chain, Account> | undefined;
  /**
   * The chain holds nothing an earlier run put on it: the embedded chain (in memory, new at every
   * start) or a local node the demo was just deployed onto. What the database says was paid on it
   * must be reconciled.
   */
  fresh: boolean;
  /** Stops the embedded chain's server; nothing for a node. */
  close(): Promise<void>;
};

/**
 * Starts the chain Entrada runs on, or connects to it, and finds its deployment:
 * - embedded (the default on the local chain without an explicit `CHAIN_RPC_URL`): Hardhat's EDR in
 *   this process, served over JSON-RPC, with the demo deployed afresh (at the same addresses every
 *   start) and written to the deployments file;
 * - a node at `CHAIN_RPC_URL`: the deployments file under the data folder (`ESCROW_ADDRESS` overrides
 *   the escrow). On the local chain a node without that escrow's code (a node started afresh, or
 *   another one) gets the demo deployed onto it, and the file is rewritten; elsewhere a missing
 *   deployment stops start-up, as nothing is ever deployed on a real chain from here.
 *
 * Checks that the node serves `CHAIN_ID` before anything is sent to it.
 *
 * @example
 * const chain = await startChain({ config, embedded: config.chain.embedded, logger });
 * if (chain.fresh) await reconcileLostChain({ db, client: chain.client, … });
 */
export async function startChain(parameters: StartChainParameters): Promise<StartedChain> {
  // The rest of start-up reads `config.chain`: the chain asked for stands in its place.
  const one =
    parameters.chain === undefined
      ? parameters
      : { ...parameters, config: { ...parameters.config, chain: parameters.chain } };
  return one.embedded ? startEmbedded(one) : connectToNode(one);
}

async function startEmbedded({ config, blockIntervalMs, logger }: StartChainParameters): Promise<StartedChain> {
  const rpcUrl = new URL(config.chain.rpcUrl);
  // Chain 31337 is Hardhat's own EVM of this process; another local chain id is an EVM beside it.
  const other =
    config.chain.id === localChainDefinition.id ? undefined : await createLocalChain({ chainId: config.chain.id });
  const server = await startLocalChainServer({
    host: rpcUrl.hostname,
    port: Number(rpcUrl.port || 8545),
    ...(other === undefined ? {} : { chain: other }),
  });
  try {
    const chain = other ?? (await createLocalChain());
    if (blockIntervalMs !== undefined) {
      await chain.provider.request({ method: "evm_setIntervalMining", params: [blockIntervalMs] } as never);
    }
    const deployment = await deployDemo(chain);
    await writeDeployment(config.dataDir, deployment);
    logger.info(
      { chainId: deployment.chainId, url: server.url },
      "embedded local chain started with the demo deployment",
    );
    return {
      client: chain.publicClient,
      deployment,
      chainUrl: server.url,
      tokenOwner: chain.wallet(devAccount(0)),
      fresh: true,
      close: () => server.close(),
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}

async function connectToNode({ config, logger }: StartChainParameters): Promise<StartedChain> {
  const { rpcUrl, isLocal } = config.chain;
  // A local node answers at once; a remote one is polled gently.
  const pollingInterval = isLocal ? 100 : 1_000;
  const chain = isLocal
    ? defineChain({ ...localChainDefinition, id: config.chain.id, rpcUrls: { default: { http: [rpcUrl] } } })
    : undefined;
  const client = createPublicClient({ chain, transport: http(rpcUrl), pollingInterval }) as PublicClient<
    Transport,
    Chain
  >;
  const chainId = await client.getChainId();
  if (chainId !== config.chain.id) {
    throw new Error(`CHAIN_ID is ${config.chain.id} but the node at ${redactUrl(rpcUrl)} is chain ${chainId}`);
  }

  const stored = await readDeployment(config.dataDir, config.chain.id);
  const escrow = config.chain.escrowAddress ?? stored?.escrow;
  const deployed = escrow !== undefined && (await client.getCode({ address: escrow })) !== undefined;
  const tokenOwner = isLocal
    ? createWalletClient({ account: devAccount(0), chain, transport: http(rpcUrl), pollingInterval })
    : undefined;

  if (stored !== undefined && deployed) {
    return {
      client,
      deployment: { ...stored, escrow: escrow! },
      chainUrl: rpcUrl,
      tokenOwner,
      fresh: false,
      close: async () => {},
    };
  }
  if (!isLocal || tokenOwner === undefined) {
    throw new Error(
      stored === undefined
        ? `No deployment for chain ${config.chain.id}: write ${deploymentPath(config.dataDir, config.chain.id)}`
        : `No contract at the escrow ${escrow} on chain ${config.chain.id}: check ESCROW_ADDRESS or ${deploymentPath(config.dataDir, config.chain.id)}`,
    );
  }
  if (config.chain.escrowAddress !== undefined) {
    throw new Error(
      `No contract at ESCROW_ADDRESS ${config.chain.escrowAddress} on the local node at ${rpcUrl}: unset it to deploy the demo there`,
    );
  }
  // A local node without Entrada (started afresh, or a bare `hardhat node`): deploy the demo as
  // `npm run chain` would.
  logger.warn(
    { chainId, url: rpcUrl, escrow: stored?.escrow },
    "no escrow on the local node; deploying the demo onto it",
  );
  const deployment = await deployDemo({
    publicClient: client,
    wallet: (account) => createWalletClient({ account, chain, transport: http(rpcUrl), pollingInterval }),
  });
  await writeDeployment(config.dataDir, deployment);
  return { client, deployment, chainUrl: rpcUrl, tokenOwner, fresh: true, close: async () => {} };
}

/** The URL without its path and query, where providers put API keys. */
function redactUrl(url: string): string {
  const { protocol, host } = new URL(url);
  return `${protocol}//${host}`;
}
