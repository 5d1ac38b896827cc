import { type Logger, pino } from "pino";

/** A log line as pino writes it. */
export type LogLine = { level: number; msg: string } & Record<string, unknown>;

/**
 * A pino logger that keeps its lines in memory, so tests can read what was logged (and check that
 * no address or secret was).
 *
 * @example
 * const { logger, lines } = createTestLogger();
 * logger.info({ id: 1 }, "sent");
 * lines[0]; // { level: 30, msg: "sent", id: 1, … }
 */
export function createTestLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}
