/**
 * `npm run chain`: the local development chain on 127.0.0.1 (JSON-RPC over HTTP and WebSocket)
 * with Entrada deployed and demo data, its addresses written to
 * `$ENTRADA_DATA_DIR/deployments/31337.json`. Ctrl-C stops it.
 *
 * Environment: CHAIN_PORT (default 8545), ENTRADA_DATA_DIR (default ./.entrada).
 */
import { resolve } from "node:path";
import { deployDemo } from "../demo.ts";
import { writeDeployment } from "../deploy.ts";
import { createLocalChain, startLocalChainServer } from "../localChain.ts";

const port = Number(process.env.CHAIN_PORT ?? 8545);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`CHAIN_PORT must be a port number (0-65535), got "${process.env.CHAIN_PORT}"`);
  process.exit(1);
}
const dataDir = resolve(process.env.ENTRADA_DATA_DIR ?? ".entrada");

const server = await startLocalChainServer({ host: "127.0.0.1", port });
const chain = await createLocalChain();
const deployment = await deployDemo(chain);
const file = await writeDeployment(dataDir, deployment);

console.log(`Local chain (id ${deployment.chainId}) at ${server.url}`);
console.log(`  VisaFeeEscrow  ${deployment.escrow}`);
console.log(`  USDC (dev)     ${deployment.tokens.USDC}`);
console.log(`  USDT (dev)     ${deployment.tokens.USDT}`);
console.log(`  ${deployment.authorities.length} authorities, ${Object.keys(deployment.feeds).length} price feeds`);
console.log(`  addresses in ${file}`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
