import { Writable } from "node:stream";
import type { DestinationStream } from "pino";

/** Parameters of {@link createReadableLogStream}. */
export type CreateReadableLogStreamParameters = {
  /** Where the readable lines go: the terminal. */
  destination: DestinationStream | NodeJS.WritableStream;
  /** The file holding every JSON line, named in warnings so the details are found. */
  file: string;
};

/**
 * Messages of the server's own log lines that a person running `npm start` wants to see, beside
 * every line with an `event` field (the server's start, and the notable domain events of
 * `logNotableEvents`): e-mails and the local chain's reset.
 */
export const notableMessages: ReadonlySet<string> = new Set([
  "e-mail sent",
  "e-mail kept in the development mailbox",
  "local chain started fresh; chain-derived state cleared",
]);

const levelNames: Record<number, string> = { 40: "warning", 50: "error", 60: "fatal" };

/**
 * A pino destination that turns JSON log lines into one readable line per notable event for a
 * terminal, `HH:MM:SS  message`, and drops the rest (request logs, workers' routine): a line with an
 * `event` field, a message of {@link notableMessages}, or a warning or worse (with its error code and
 * the log file, where the full line is). The lines it receives are already redacted.
 *
 * @example
 * pino.multistream([{ stream: fileStream }, { stream: createReadableLogStream({ destination: process.stdout, file }) }])
 */
export function createReadableLogStream({ destination, file }: CreateReadableLogStreamParameters): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      for (const text of String(chunk).split("\n")) {
        if (text.trim() === "") continue;
        let line: Record<string, unknown>;
        try {
          line = JSON.parse(text) as Record<string, unknown>;
        } catch {
          continue;
        }
        const readable = readableLine(line, file);
        if (readable !== undefined) destination.write(`${readable}\n`);
      }
      done();
    },
  });
}

/** The readable form of one log line, or `undefined` when it is not notable. */
export function readableLine(line: Record<string, unknown>, file: string): string | undefined {
  const message = typeof line.msg === "string" ? line.msg : "";
  const level = typeof line.level === "number" ? line.level : 30;
  const time = new Date(typeof line.time === "number" ? line.time : Date.now()).toISOString().slice(11, 19);
  if (level >= 40) {
    const err = line.err as { code?: unknown; message?: unknown } | undefined;
    const code = typeof err?.code === "string" ? err.code : typeof line.code === "string" ? line.code : undefined;
    return `${time}  ${levelNames[Math.min(Math.floor(level / 10) * 10, 60)] ?? "warning"}: ${message}${code ? ` (${code})` : ""} — details in ${file}`;
  }
  if (typeof line.event === "string" || notableMessages.has(message)) {
    const template = typeof line.template === "string" ? ` (${line.template})` : "";
    return `${time}  ${message}${template}`;
  }
  return undefined;
}
