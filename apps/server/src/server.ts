/**
 * `npm start`: everything Entrada needs on 127.0.0.1 — the local chain with the demo deployment (or a
 * node at CHAIN_RPC_URL), migrations, the API with its live stream, the workers, the indexer and the
 * relayers — with data under ENTRADA_DATA_DIR (default ./.entrada). Ctrl-C stops it cleanly.
 *
 * Exit codes: 0 after SIGINT or SIGTERM; 1 on a bad configuration, on a background loop's fatal
 * error (a reorg below the indexer's final block, the wrong chain behind the RPC URL) and on an
 * uncaught error, each after a structured `fatal` log line and a clean close, so that a process
 * manager restarts the server and the reason is in the log.
 */
import { ConfigError, loadConfig } from "./config.ts";
import { toError } from "./errors/toError.ts";
import { createLogger, logFilePath, logFormatFor } from "./runtime/createLogger.ts";
import { type Entrada, startEntrada } from "./runtime/startEntrada.ts";

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

// Development prints one readable line per notable event and keeps every JSON line (request logs
// included) in the data folder; production and tests write structured JSON to stdout.
const logFormat = logFormatFor(process.env);
const logFile = logFilePath(config.dataDir);
const logger = createLogger({ level: process.env.LOG_LEVEL ?? "info", format: logFormat, file: logFile });
let entrada: Entrada | undefined;
let stopping = false;

/** Closes Entrada once, then exits with `code`. */
async function stop(reason: string, code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (code === 0) console.log(`${reason}: stopping Entrada…`);
  try {
    await entrada?.close();
  } catch (error) {
    logger.error({ err: toError(error) }, "while stopping");
  }
  process.exit(code);
}

// Whatever escapes is logged with its stack, and the process stops rather than run half-broken.
process.on("uncaughtException", (error) => {
  logger.fatal({ err: toError(error) }, "uncaught exception; stopping");
  void stop("uncaught exception", 1);
});
process.on("unhandledRejection", (reason) => {
  logger.fatal({ err: toError(reason) }, "unhandled promise rejection; stopping");
  void stop("unhandled rejection", 1);
});
process.on("SIGINT", () => void stop("SIGINT", 0));
process.on("SIGTERM", () => void stop("SIGTERM", 0));

// A block a second on the embedded chain, so payments confirm while the demo is driven by hand.
entrada = await startEntrada({
  config,
  logger,
  blockIntervalMs: 1_000,
  // startEntrada has logged the loop's error at `fatal` and closed itself.
  onFatal: () => void stop("fatal loop error", 1),
});
const started = {
  event: "started",
  url: entrada.url,
  chainId: entrada.deployment.chainId,
  escrow: entrada.deployment.escrow,
};
logger.info(started, `Entrada is running at ${entrada.url}`);
logger.info(
  { ...started, event: "started.details" },
  `  chain ${entrada.deployment.chainId} at ${entrada.chainUrl}, escrow ${entrada.deployment.escrow}; API docs at ${entrada.url}/docs${config.chain.isLocal ? `, mailbox at ${entrada.url}/dev/mailbox` : ""}${logFormat === "readable" ? `; request log in ${logFile}` : ""}`,
);
// Every further chain served (ENTRADA_CHAINS, CHAINS), one line each.
for (const other of entrada.otherChains) {
  logger.info(
    { event: "started.chain", chainId: other.deployment.chainId, escrow: other.deployment.escrow },
    `  chain ${other.deployment.chainId} at ${other.chainUrl}, escrow ${other.deployment.escrow}`,
  );
}
