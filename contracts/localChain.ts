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

/** The local development chain: Hardhat's EVM (EDR), chain id 31337. */
export const localChainDefinition: Chain = defineChain({
  id: 31337,
  name: "Entrada local chain",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: ["http://127.0.0.1:8545"] } },
  testnet: true,
});

type HardhatRuntime = {
  network: { provider: { request(args: { method: string; params?: unknown }): Promise<unknown> } };
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
};

/**
 * The in-process local chain (Hardhat EDR, automine): one per process, shared by every caller.
 *
 * @example
 * const chain = await createLocalChain();
 * const deployer = chain.wallet(devAccount(0));
 */
export async function createLocalChain(parameters: CreateLocalChainParameters = {}): Promise<LocalChain> {
  const hre = await loadHardhat();
  const provider = toViemProvider(hre.network.provider);
  const pollingInterval = parameters.pollingInterval ?? 25;
  const transport = custom(provider, { retryCount: 0 });
  const chain = localChainDefinition;
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
 * Serves the in-process local chain over JSON-RPC (HTTP and WebSocket) on `host:port`, for the app,
 * wallets and scripts. Port 0 picks a free port.
 *
 * @example
 * const server = await startLocalChainServer({ host: "127.0.0.1", port: 8545 });
 * console.log(server.url);
 */
export async function startLocalChainServer({ host = "127.0.0.1", port = 8545 } = {}): Promise<LocalChainServer> {
  const hre = await loadHardhat();
  const server = (await hre.run("node:create-server", {
    hostname: host,
    port,
    provider: hre.network.provider,
  })) as { listen(): Promise<{ address: string; port: number }>; close(): Promise<void> };
  const address = await server.listen();
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  const chain = defineChain({ ...localChainDefinition, rpcUrls: { default: { http: [url] } } });
  return { url, chain, close: () => server.close() };
}
