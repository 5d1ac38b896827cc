/** A clock that runs with the system clock, shifted by an offset the test moves forward. */
export type FollowingClock = {
  (): Date;
  /** Moves the clock forward to `time` if it is behind it (never backward). */
  catchUp(time: Date): void;
};

/**
 * The server's clock in tests against the local chain, whose time runs ahead of the system clock
 * (each block is at least a second after the last, and tests `increaseTime`): it keeps running, so
 * timestamps stay realistic, and `catchUp` puts it at the chain's latest block.
 *
 * @example
 * const clock = createFollowingClock();
 * clock.catchUp(new Date(Number((await client.getBlock()).timestamp) * 1000));
 */
export function createFollowingClock(): FollowingClock {
  let offsetMs = 0;
  const clock = (() => new Date(Date.now() + offsetMs)) as FollowingClock;
  clock.catchUp = (time) => {
    offsetMs = Math.max(offsetMs, time.getTime() - Date.now());
  };
  return clock;
}
