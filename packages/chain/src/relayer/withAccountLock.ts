/** The tail of each lock's queue: resolves when the last holder so far is done. */
const queues = new Map<string, Promise<void>>();

/**
 * Runs `task` once every earlier task under the same `lock` has finished: an in-process mutex, per
 * signing account, so that choosing a nonce and sending with it never interleave. Shared by every
 * relayer of the process; a failing task releases the lock like any other.
 *
 * @example
 * const record = await withAccountLock(`31337:${address}`, () => signAndSend(request));
 */
export async function withAccountLock<T>(lock: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(lock) ?? Promise.resolve();
  let release!: () => void;
  const tail = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
  queues.set(lock, tail);
  await previous;
  try {
    return await task();
  } finally {
    release();
    // The last one out leaves no entry behind.
    if (queues.get(lock) === tail) queues.delete(lock);
  }
}

/** How many locks are held or awaited (tests check that none leak). */
export function heldAccountLocks(): number {
  return queues.size;
}
