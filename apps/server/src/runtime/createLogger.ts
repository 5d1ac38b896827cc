import { join } from "node:path";
import pino, { type DestinationStream, type Logger } from "pino";
import { serializeError } from "../http/serializeError.ts";
import { createReadableLogStream } from "./createReadableLogStream.ts";

/**
 * Paths pino censors wherever they appear in a log line: credentials of the request, and the
 * fields that hold identity data if a body or a record ever reaches a log by mistake.
 */
export const redactedLogPaths = [
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  "*.passport",
  "*.mrz",
  "*.applicant",
  "*.identity",
  "*.answers",
  "*.holderJwk",
  "*.presentation",
  "*.credential",
  "*.email",
  // Signing keys and the remote signer's token, should a configuration ever be logged whole.
  "keys",
  "*.keys",
  "masterKey",
  "*.masterKey",
  "sessionSecret",
  "*.sessionSecret",
  "*.bearerToken",
  "*.*.bearerToken",
  // The credential issuer's private JWK: in the configuration (`identity.issuerKey`) or as a key object.
  "identity",
  "*.issuerKey",
  "*.*.issuerKey",
  "privateJwk",
  "*.privateJwk",
  "*.*.privateJwk",
] as const;

/**
 * How the log is written: `json`, pino's structured lines on stdout (production, tests, log
 * collectors); or `readable`, one plain line per notable event on the terminal and every JSON line
 * (request logs included) in a file under the data folder (development's `npm start`).
 */
export type LogFormat = "json" | "readable";

/**
 * The log format for an environment: `LOG_FORMAT` when set (`json` or `readable`), else `json` in
 * production and tests and `readable` in development.
 *
 * @example
 * logFormatFor({ NODE_ENV: "production" }) // "json"
 */
export function logFormatFor(env: { NODE_ENV?: string | undefined; LOG_FORMAT?: string | undefined }): LogFormat {
  if (env.LOG_FORMAT === "json" || env.LOG_FORMAT === "readable") return env.LOG_FORMAT;
  const nodeEnv = env.NODE_ENV ?? "development";
  return nodeEnv === "development" ? "readable" : "json";
}

/** Where development's `readable` log keeps every JSON line: `<data folder>/logs/entrada.log`. */
export function logFilePath(dataDir: string): string {
  return join(dataDir, "logs", "entrada.log");
}

/** Parameters of {@link createLogger}. */
export type CreateLoggerParameters = {
  /** pino's level: `info` by default (`LOG_LEVEL`); `debug` adds more to the JSON lines. */
  level: string;
  /** Where the JSON lines go (`json`), or the readable lines (`readable`). Default stdout. */
  destination?: DestinationStream | undefined;
  /** Default `json`. */
  format?: LogFormat | undefined;
  /** With `readable`: the file every JSON line is appended to ({@link logFilePath}). */
  file?: string | undefined;
};

/**
 * The server's structured logger: pino, with errors scrubbed by {@link serializeError} (no query
 * parameters, addresses or tokens) and identity fields censored, so that no passport data or
 * secret reaches the logs (STYLE.md, 9). In the `readable` format the terminal gets one line per
 * notable event ({@link createReadableLogStream}) and the file every structured line, so request logs
 * stay out of the way without being lost.
 *
 * @example
 * const logger = createLogger({ level: process.env.LOG_LEVEL ?? "info" });
 * const dev = createLogger({ level: "info", format: "readable", file: logFilePath(config.dataDir) });
 */
export function createLogger({ level, destination, format = "json", file }: CreateLoggerParameters): Logger {
  const options = {
    level,
    serializers: { err: serializeError, error: serializeError },
    redact: { paths: [...redactedLogPaths], censor: "[redacted]" },
  };
  if (format === "json") return destination === undefined ? pino(options) : pino(options, destination);
  if (file === undefined) throw new TypeError("createLogger: the readable format needs a file for the JSON lines");
  const streams = pino.multistream([
    { level: "trace", stream: pino.destination({ dest: file, mkdir: true, sync: true }) },
    { level: "trace", stream: createReadableLogStream({ destination: destination ?? process.stdout, file }) },
  ]);
  return pino(options, streams);
}
