import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Account,
  type Chain,
  createPublicClient,
  createTestClient,
  createWalletClient,
  custom,
  defineChain,
  type EIP1193Provider,
  type Hex,
  type PublicClient,
  type TestClient,
  type Transport,
  type WalletClient,
} from "viem";
import { withPendingNonceAtLeastLatest } from "./withPendingNonceAtLeastLatest.ts";

/** The local development chain: Hardhat's EVM (EDR), chain id 31337. */
export const localChainDefinition: Chain = defineChain({
  id: 31337,
  name: "Entrada local chain",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: ["http://127.0.0.1:8545"] } },
  testnet: true,
});

type HardhatProvider = { request(args: { method: string; params?: unknown }): Promise<unknown> };
type HardhatRuntime = {
  network: { provider: HardhatProvider };
  config: { networks: Record<string, Record<string, unknown>> } & Record<string, unknown>;
  artifacts: unknown;
  run(task: string, args: Record<string, unknown>): Promise<unknown>;
};

let runtime: Promise<HardhatRuntime> | undefined;

/** Loads Hardhat once per process, pointed at contracts/hardhat.config.cjs whatever the cwd. */
function loadHardhat(): Promise<HardhatRuntime> {
  runtime ??= (async () => {
    process.env.HARDHAT_CONFIG ??= join(dirname(fileURLToPath(import.meta.url)), "hardhat.config.cjs");
    process.env.HARDHAT_DISABLE_TELEMETRY_PROMPT = "true";
    const require = createRequire(import.meta.url);
    return require("hardhat") as HardhatRuntime;
  })();
  return runtime;
}

/**
 * Wraps Hardhat's in-process provider for viem: in-process revert errors carry the revert data but
 * no JSON-RPC error code, and viem only decodes custom errors from errors with code 3.
 */
function toViemProvider(provider: HardhatRuntime["network"]["provider"]): EIP1193Provider {
  return {
    async request(args: { method: string; params?: unknown }) {
      try {
        return await provider.request(args);
      } catch (error) {
        const e = error as { code?: number; data?: unknown; message?: string };
        if (e.code === undefined && e.data !== undefined) e.code = 3;
        throw error;
      }
    },
    on() {},
    removeListener() {},
  } as unknown as EIP1193Provider;
}

/** A local chain and viem clients bound to it. */
export type LocalChain = {
  chain: Chain;
  /** EIP-1193 provider of the in-process EVM. */
  provider: EIP1193Provider;
  transport: Transport;
  publicClient: PublicClient<Transport, Chain>;
  testClient: TestClient<"hardhat", Transport, Chain>;
  /** A wallet client that signs locally with `account` (real signatures, raw transactions). */
  wallet(account: Account): WalletClient<Transport, Chain, Account>;
  /** Takes a snapshot of the whole chain state. */
  snapshot(): Promise<Hex>;
  /** Goes back to a snapshot (which is then used up). */
  revert(id: Hex): Promise<void>;
};

/** Options of {@link createLocalChain}. */
export type CreateLocalChainParameters = {
  /** How often clients poll for receipts and blocks, in ms. Default 25: blocks are mined at once. */
  pollingInterval?: number;
  /**
   * Run a chain that answers `eth_chainId` with this id instead of the shared chain 31337: a local
   * stand-in for a public network (tests of deployments "to Base Sepolia", two chains served at once).
   * Each call with a chain id makes a new, separate chain, with the same funded development accounts.
   */
  chainId?: number;
};

/** The Hardhat provider behind each local chain, for {@link startLocalChainServer}. */
const hardhatProviders = new WeakMap<EIP1193Provider, HardhatProvider>();

/** A new EDR provider like hardhat.config.cjs's network, answering as chain `chainId`. */
async function createProviderFor(hre: HardhatRuntime, chainId: number): Promise<HardhatProvider> {
  const require = createRequire(import.meta.url);
  const { createProvider } = require("hardhat/internal/core/providers/construction") as {
    createProvider(config: unknown, networkName: string, artifacts: unknown): Promise<HardhatProvider>;
  };
  const hardhat = hre.config.networks.hardhat;
  const config = { ...hre.config, networks: { ...hre.config.networks, hardhat: { ...hardhat, chainId } } };
  return createProvider(config, "hardhat", hre.artifacts);
}

/**
 * The in-process local chain (Hardhat EDR, automine): one per process, shared by every caller. With a
 * `chainId`, a separate chain answering as that id (a new one at every call).
 *
 * @example
 * const chain = await createLocalChain();
 * const deployer = chain.wallet(devAccount(0));
 * const baseSepolia = await createLocalChain({ chainId: 84532 }); // a local stand-in, empty
 */
export async function createLocalChain(parameters: CreateLocalChainParameters = {}): Promise<LocalChain> {
  const hre = await loadHardhat();
  const chainId = parameters.chainId ?? localChainDefinition.id;
  const hardhatProvider =
    chainId === localChainDefinition.id ? hre.network.provider : await createProviderFor(hre, chainId);
  const provider = toViemProvider(hardhatProvider);
  hardhatProviders.set(provider, hardhatProvider);
  const pollingInterval = parameters.pollingInterval ?? 25;
  const transport = custom(provider, { retryCount: 0 });
  const chain =
    chainId === localChainDefinition.id
      ? localChainDefinition
      : defineChain({ ...localChainDefinition, id: chainId, name: `Local stand-in for chain ${chainId}` });
  const publicClient = createPublicClient({ chain, transport, pollingInterval, cacheTime: 0 });
  const testClient = createTestClient({ chain, transport, mode: "hardhat", pollingInterval });
  return {
    chain,
    provider,
    transport,
    publicClient,
    testClient,
    wallet: (account) => createWalletClient({ chain, transport, account, pollingInterval, cacheTime: 0 }),
    snapshot: () => testClient.snapshot(),
    async revert(id) {
      // evm_revert answers false (and changes nothing) for an unknown or already used snapshot.
      const reverted = await provider.request({ method: "evm_revert", params: [id] } as never);
      if (reverted !== true) throw new Error(`revert: snapshot ${id} is unknown or was already used`);
    },
  };
}

/** A running JSON-RPC server of the local chain. */
export type LocalChainServer = {
  /** For example `http://127.0.0.1:8545`. */
  url: string;
  chain: Chain;
  close(): Promise<void>;
};

/**
 * Serves the in-process local chain (or `chain`, one made by {@link createLocalChain} with a chain id)
 * over JSON-RPC (HTTP and WebSocket) on `host:port`, for the app, wallets and scripts. Port 0 picks a
 * free port.
 *
 * @example
 * const server = await startLocalChainServer({ host: "127.0.0.1", port: 8545 });
 * console.log(server.url);
 */
export async function startLocalChainServer({
  host = "127.0.0.1",
  port = 8545,
  chain: local,
}: {
  host?: string;
  port?: number;
  chain?: LocalChain;
} = {}): Promise<LocalChainServer> {
  const hre = await loadHardhat();
  const provider = local === undefined ? hre.network.provider : hardhatProviders.get(local.provider);
  if (provider === undefined) throw new TypeError("startLocalChainServer: that chain was not made by createLocalChain");
  const server = (await hre.run("node:create-server", {
    hostname: host,
    port,
    provider: withPendingNonceAtLeastLatest(provider),
  })) as { listen(): Promise<{ address: string; port: number }>; close(): Promise<void> };
  const address = await server.listen();
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  const chain = defineChain({ ...(local?.chain ?? localChainDefinition), rpcUrls: { default: { http: [url] } } });
  return { url, chain, close: () => server.close() };
}
