import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";

/** Parameters of {@link recordAfterSend}. */
export type RecordAfterSendParameters = {
  /** Gives up, rethrowing the last error, after this long (default 45 s). */
  forMs?: number | undefined;
  /** First pause between tries; it doubles up to 4 s (default 250 ms). */
  firstPauseMs?: number | undefined;
  logger?: Logger | undefined;
  /** For the log: what is being recorded. */
  what: string;
};

/**
 * Runs a database write that records something already done outside — an e-mail the SMTP server
 * accepted, a webhook the receiver answered — and tries it again while it fails, for a while: a
 * database that is away for a moment (a restart) must not make the message count as unsent, since
 * it would then be sent a second time. Rethrows when the database stays away longer than `forMs`.
 *
 * @example
 * await transmit(id);
 * await recordAfterSend(() => finishNotification(db, { id, status: "sent" }), { what: "e-mail sent", logger });
 */
export async function recordAfterSend<T>(write: () => Promise<T>, parameters: RecordAfterSendParameters): Promise<T> {
  const { forMs = 45_000, firstPauseMs = 250, logger, what } = parameters;
  const deadline = Date.now() + forMs;
  let pause = firstPauseMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (Date.now() + pause > deadline) throw error;
      if (attempt === 1) logger?.warn({ err: error, what }, "could not record a message already sent; trying again");
      await sleep(pause);
      pause = Math.min(pause * 2, 4_000);
    }
  }
}
