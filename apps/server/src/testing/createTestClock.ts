/** A clock tests move by hand. */
export type TestClock = {
  (): Date;
  /** Moves the clock forward. */
  advance(seconds: number): void;
  set(date: Date): void;
};

/**
 * A clock that starts at `start` (default: now, whole seconds) and moves only when told.
 *
 * @example
 * const clock = createTestClock();
 * clock.advance(901); // past a quote's lock
 */
export function createTestClock(start = new Date(Math.floor(Date.now() / 1000) * 1000)): TestClock {
  let now = start.getTime();
  const clock = (() => new Date(now)) as TestClock;
  clock.advance = (seconds) => {
    now += seconds * 1000;
  };
  clock.set = (date) => {
    now = date.getTime();
  };
  return clock;
}
