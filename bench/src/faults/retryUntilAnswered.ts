import { setTimeout as sleep } from "node:timers/promises";
import type { ApiAnswer } from "./apiCall.ts";

/** Codes of answers that ask the client to try again (docs/errors.md). */
const retryCodes = new Set(["ENTRADA_IDEMPOTENCY_IN_PROGRESS", "ENTRADA_CONCURRENT_UPDATE"]);

/**
 * Whether a client should send the request again: no answer, a 5xx, a 429, or a 409 that says
 * "still running" or "changed meanwhile".
 *
 * @example
 * isRetryable({ status: 503, … }); // true
 */
export function isRetryable(answer: ApiAnswer | undefined): boolean {
  if (answer === undefined) return true;
  if (answer.status >= 500 || answer.status === 429) return true;
  return retryCodes.has(answer.body?.error?.code);
}

/** What {@link retryUntilAnswered} returns. */
export type RetryOutcome = {
  /** The first answer that was not retryable; `undefined` when the deadline came first. */
  answer: ApiAnswer | undefined;
  attempts: number;
  /** The last failure to get an answer, when the deadline came first. */
  lastError: unknown;
};

/**
 * Sends a request as a patient client does: again after a pause while it gets no answer or a
 * retryable one ({@link isRetryable}), until an answer that is not, or `deadline` (epoch ms).
 *
 * @example
 * const { answer } = await retryUntilAnswered(() => apiCall(url, request), { deadline: Date.now() + 120_000 });
 */
export async function retryUntilAnswered(
  send: () => Promise<ApiAnswer>,
  { deadline, pauseMs = 500 }: { deadline: number; pauseMs?: number },
): Promise<RetryOutcome> {
  let attempts = 0;
  let lastError: unknown;
  while (Date.now() < deadline) {
    attempts += 1;
    let answer: ApiAnswer | undefined;
    try {
      answer = await send();
    } catch (error) {
      lastError = error;
    }
    if (answer !== undefined && !isRetryable(answer)) return { answer, attempts, lastError };
    if (answer !== undefined) lastError = new Error(`${answer.status} ${answer.text.slice(0, 300)}`);
    await sleep(pauseMs);
  }
  return { answer: undefined, attempts, lastError };
}
