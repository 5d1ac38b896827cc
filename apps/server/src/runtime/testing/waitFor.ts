import { setTimeout as sleep } from "node:timers/promises";

/** Options of {@link waitFor}. */
export type WaitForOptions = {
  /** What is awaited, for the error message. */
  what: string;
  /** Give up after this long (default 15 s). */
  timeoutMs?: number;
  /** Wait between probes (default 50 ms). */
  intervalMs?: number;
};

/**
 * Probes until `probe` returns something other than `undefined` or `false`, and returns it; throws
 * after `timeoutMs`, with the last value probed.
 *
 * @example
 * const row = await waitFor(async () => (await state(id)) === "paid" || undefined, { what: "paid" });
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  { what, timeoutMs = 15_000, intervalMs = 50 }: WaitForOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}
