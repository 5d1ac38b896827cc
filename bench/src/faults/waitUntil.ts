import { setTimeout as sleep } from "node:timers/promises";

/**
 * Polls `predicate` every `pollMs` (default 5) until it holds; throws naming `what` after `timeoutMs`.
 *
 * @example
 * await waitUntil(() => burst.finished() >= 8, 60_000, "8 answers");
 */
export async function waitUntil(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  pollMs = 5,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await sleep(pollMs);
  }
}
