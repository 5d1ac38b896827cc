/**
 * What a background loop does about an error:
 * - `retryable`: a passing condition (the network, the RPC node, the database restarting, a reorg
 *   while a range was read); try again after a backoff, logged as a warning.
 * - `fatal`: only an operator can fix it (a reorg below the final block, the wrong chain behind the
 *   RPC URL, a bad configuration); the process stops, so that a process manager restarts it and the
 *   alert is loud, instead of a loop spinning on it.
 * - `unexpected`: anything else, most likely a bug; retried after a backoff as well (a restart would
 *   not help either), but logged as an error.
 */
export type LoopErrorKind = "retryable" | "fatal" | "unexpected";

/**
 * Codes no retry can fix: the process stops. Each is documented in docs/errors.md with what the
 * operator does.
 */
export const fatalLoopErrorCodes: ReadonlySet<string> = new Set([
  "ENTRADA_REORG_TOO_DEEP",
  "ENTRADA_CHAIN_ID_MISMATCH",
  "ENTRADA_DEV_KEY_ON_LIVE_CHAIN",
  "ENTRADA_FEED_CONFIG_INVALID",
]);

/** Error names of a configuration that cannot work (the server's `ConfigError`). */
const fatalNames = new Set(["ConfigError"]);

/** Node's and undici's codes of a connection that failed or dropped. */
const networkCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN",
  "ENOTFOUND",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);

/** viem's errors of a transport that failed or of a node that is busy, and fetch's timeouts. */
const transientNames = new Set([
  "HttpRequestError",
  "WebSocketRequestError",
  "SocketClosedError",
  "TimeoutError",
  "AbortError",
  "LimitExceededRpcError",
  "ResourceUnavailableRpcError",
]);

/**
 * PostgreSQL's SQLSTATEs of a connection lost or refused, a server shutting down or starting up, too
 * many clients, and transactions the server gave up that succeed when run again.
 */
function isTransientSqlState(code: string): boolean {
  return (
    code.startsWith("08") ||
    ["57P01", "57P02", "57P03", "53300", "40001", "40P01"].includes(code) ||
    // The pg driver's own, when the server went away mid-query.
    /^(CONNECTION_(CLOSED|ENDED|DESTROYED)|CONNECT_TIMEOUT)$/.test(code)
  );
}

/** The pg driver says these without a code. */
const transientMessage = /Connection terminated|connection error|timeout exceeded when trying to connect/i;

/** How deep a chain of causes is followed. */
const maxDepth = 5;

/**
 * Decides what a loop does about `error` (see {@link LoopErrorKind}), looking through its causes: an
 * explicit `retryable` flag (core's and the chain package's errors carry one) decides first; then
 * the codes of {@link fatalLoopErrorCodes} and configuration errors are fatal; network, RPC
 * transport and database connection failures are retryable; anything else is unexpected.
 *
 * @example
 * classifyLoopError(new ReorgTooDeepError({ chainId, address, finalizedBlock })) // "fatal"
 * classifyLoopError(new ChainChangedDuringSyncError({ blockNumber, expected, actual })) // "retryable"
 * classifyLoopError(new TypeError("x is undefined")) // "unexpected"
 */
export function classifyLoopError(error: unknown): LoopErrorKind {
  let current: unknown = error;
  for (let depth = 0; depth < maxDepth && typeof current === "object" && current !== null; depth += 1) {
    const { retryable, code, name, message } = current as {
      retryable?: unknown;
      code?: unknown;
      name?: unknown;
      message?: unknown;
    };
    if (typeof code === "string" && fatalLoopErrorCodes.has(code)) return "fatal";
    if (typeof name === "string" && fatalNames.has(name)) return "fatal";
    if (retryable === true) return "retryable";
    if (typeof code === "string" && (networkCodes.has(code) || isTransientSqlState(code))) return "retryable";
    if (typeof name === "string" && transientNames.has(name)) return "retryable";
    if (typeof message === "string" && transientMessage.test(message)) return "retryable";
    current = (current as { cause?: unknown }).cause;
  }
  return "unexpected";
}
