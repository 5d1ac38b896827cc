/**
 * `npm run chain`: the local development chain on 127.0.0.1 (JSON-RPC over HTTP and WebSocket)
 * with Entrada deployed and demo data, its addresses written to
 * `$ENTRADA_DATA_DIR/deployments/31337.json`. Ctrl-C stops it.
 *
 * Entrada uses it with `ENTRADA_EMBEDDED_CHAIN=false npm start` (or `CHAIN_RPC_URL=<its URL>`), from
 * the same folder so that both read the same deployments file. The chain lives in memory: started
 * again, it is empty and gets the demo again at the same addresses; Entrada notices at its next
 * start and returns the applications whose payments were on the old chain (docs/contracts.md,
 * "Local chain and deployment").
 *
 * Environment: CHAIN_PORT (default 8545), ENTRADA_DATA_DIR (default ./.entrada), CHAIN_BLOCK_INTERVAL_MS
 * (default 0: a block only for each transaction; set it to mine empty blocks too, as a real chain
 * does, when CHAIN_CONFIRMATIONS is above 1).
 */
import { resolve } from "node:path";
import { deployDemo } from "../demo.ts";
import { writeDeployment } from "../deploy.ts";
import { createLocalChain, startLocalChainServer } from "../localChain.ts";

/** A whole number from the environment within [min, max], or exit with a message naming the variable. */
function wholeNumber(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    process.exit(1);
  }
  return value;
}

const port = wholeNumber("CHAIN_PORT", 8545, 0, 65_535);
const blockIntervalMs = wholeNumber("CHAIN_BLOCK_INTERVAL_MS", 0, 0, 3_600_000);
const dataDir = resolve(process.env.ENTRADA_DATA_DIR ?? ".entrada");

const server = await startLocalChainServer({ host: "127.0.0.1", port });
const chain = await createLocalChain();
const deployment = await deployDemo(chain);
const file = await writeDeployment(dataDir, deployment);
if (blockIntervalMs > 0) {
  await chain.provider.request({ method: "evm_setIntervalMining", params: [blockIntervalMs] } as never);
}

console.log(`Local chain (id ${deployment.chainId}) at ${server.url}`);
console.log(`  VisaFeeEscrow  ${deployment.escrow}`);
console.log(`  USDC (dev)     ${deployment.tokens.USDC}`);
console.log(`  USDT (dev)     ${deployment.tokens.USDT}`);
console.log(`  ${deployment.authorities.length} authorities, ${Object.keys(deployment.feeds).length} price feeds`);
console.log(`  ${blockIntervalMs > 0 ? `a block every ${blockIntervalMs} ms and` : "a block"} for each transaction`);
console.log(`  addresses in ${file}`);
console.log(
  port === 8545
    ? "Start Entrada on it: ENTRADA_EMBEDDED_CHAIN=false npm start"
    : `Start Entrada on it: CHAIN_RPC_URL=${server.url} npm start`,
);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
