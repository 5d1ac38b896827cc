import { setTimeout as sleep } from "node:timers/promises";

/** What {@link runStaggered} returns. */
export type Staggered<T> = {
  /** Resolves with every task's result, in the order given. */
  all: Promise<T[]>;
  /** Tasks finished so far. */
  finished(): number;
};

/**
 * Starts `tasks` one after another, `staggerMs` apart, without waiting for each to finish: a burst
 * of clients whose requests overlap, so that a fault lands in the middle of it.
 *
 * @example
 * const burst = runStaggered(payments.map((p) => () => postAuthorization(url, p, { once: true, deadline })), 30);
 * while (burst.finished() < 8) await sleep(10);
 */
export function runStaggered<T>(tasks: readonly (() => Promise<T>)[], staggerMs: number): Staggered<T> {
  let finished = 0;
  const all = Promise.all(
    tasks.map(async (task, i) => {
      await sleep(i * staggerMs);
      try {
        return await task();
      } finally {
        finished += 1;
      }
    }),
  );
  return { all, finished: () => finished };
}
