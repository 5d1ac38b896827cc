/**
 * `npm start`: everything Entrada needs on 127.0.0.1 — the local chain with the demo deployment (or a
 * node at CHAIN_RPC_URL), migrations, the API with its live stream, the workers, the indexer and the
 * relayers — with data under ENTRADA_DATA_DIR (default ./.entrada). Ctrl-C stops it cleanly.
 */
import { ConfigError, loadConfig } from "./config.ts";
import { startEntrada } from "./runtime/startEntrada.ts";

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

// A block a second on the embedded chain, so payments confirm while the demo is driven by hand.
const entrada = await startEntrada({ config, blockIntervalMs: 1_000 });
console.log(`Entrada is running at ${entrada.url}`);
console.log(`  chain ${entrada.deployment.chainId} at ${entrada.chainUrl}, escrow ${entrada.deployment.escrow}`);
console.log(
  `  API docs at ${entrada.url}/docs${config.chain.isLocal ? `, mailbox at ${entrada.url}/dev/mailbox` : ""}`,
);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping Entrada…`);
  await entrada.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
