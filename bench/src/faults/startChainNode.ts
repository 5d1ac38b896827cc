import { join } from "node:path";
import { type Deployment, localChainDefinition, readDeployment } from "@entrada/contracts";
import {
  type Chain,
  createPublicClient,
  createTestClient,
  http,
  type PublicClient,
  type TestClient,
  type Transport,
} from "viem";
import { freePort } from "../api/freePort.ts";
import { type LoggedProcess, spawnLogged } from "./spawnLogged.ts";

/** An external local chain node (`npm run chain`) with the demo deployment. */
export type ChainNode = {
  /** `http://127.0.0.1:<port>`: the node itself, not a proxy. */
  url: string;
  port: number;
  deployment: Deployment;
  publicClient: PublicClient<Transport, Chain>;
  testClient: TestClient<"hardhat", Transport, Chain>;
  process: LoggedProcess;
  /** Mines a block every `ms` besides automining (0 stops it), as a real chain produces blocks. */
  setIntervalMining(ms: number): Promise<void>;
  stop(): Promise<void>;
};

/** Parameters of {@link startChainNode}. */
export type StartChainNodeParameters = {
  /** The repository's root. */
  root: string;
  /** `ENTRADA_DATA_DIR` of the node: it writes `deployments/31337.json` there. */
  dataDir: string;
  logDir: string;
};

/**
 * Starts `contracts/scripts/node.ts` (what `npm run chain` runs: Hardhat's EDR over JSON-RPC with the
 * demo deployment) as a child process on a free port and waits for its deployment file.
 *
 * @example
 * const node = await startChainNode({ root, dataDir, logDir });
 * await node.setIntervalMining(1_000);
 */
export async function startChainNode(parameters: StartChainNodeParameters): Promise<ChainNode> {
  const port = await freePort();
  const process_ = spawnLogged({
    script: join(parameters.root, "contracts/scripts/node.ts"),
    cwd: parameters.root,
    env: { ...process.env, CHAIN_PORT: String(port), ENTRADA_DATA_DIR: parameters.dataDir },
    logPath: join(parameters.logDir, "chain.log"),
  });
  await process_.waitFor(/addresses in /, 120_000);
  const deployment = await readDeployment(parameters.dataDir, localChainDefinition.id);
  if (deployment === undefined) throw new Error(`the chain node wrote no deployment under ${parameters.dataDir}`);
  const url = `http://127.0.0.1:${port}`;
  const chain = { ...localChainDefinition, rpcUrls: { default: { http: [url] } } };
  // Polls fast and caches nothing: the suite reads the chain right after it changes it.
  const transport = http(url, { retryCount: 0 });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 100, cacheTime: 0 });
  const testClient = createTestClient({ chain, transport, mode: "hardhat", pollingInterval: 100 });
  return {
    url,
    port,
    deployment,
    publicClient,
    testClient,
    process: process_,
    async setIntervalMining(ms) {
      await testClient.setIntervalMining({ interval: ms });
    },
    async stop() {
      if (process_.child.exitCode === null) process_.child.kill("SIGTERM");
      await process_.exited;
    },
  };
}
