/**
 * What `apps/server/src/server.ts` does, with the chain taken from the node at CHAIN_RPC_URL even on
 * the local chain id: the fault suite's server process while `ENTRADA_EMBEDDED_CHAIN=false` is not
 * yet a configuration variable (startServerProcess picks server.ts itself once it is).
 */
import { ConfigError, loadConfig, startEntrada } from "@entrada/server";

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
const entrada = await startEntrada({ config, embeddedChain: false });
console.log(`Entrada is running at ${entrada.url}`);

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
