import { useSyncExternalStore } from "react";

/** One clock per interval, shared by every component that reads it: one timer, not one per row. */
type Clock = { subscribe: (listener: () => void) => () => void; read: () => Date };

const clocks = new Map<number, Clock>();

function clockOf(intervalMs: number): Clock {
  const existing = clocks.get(intervalMs);
  if (existing) return existing;
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let now = new Date();
  const clock: Clock = {
    subscribe(listener) {
      listeners.add(listener);
      timer ??= setInterval(() => {
        now = new Date();
        for (const notify of listeners) notify();
      }, intervalMs);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
    // Stopped, the clock reads the time afresh (to the second, so that one render reads one time).
    read() {
      if (timer === undefined && Math.abs(Date.now() - now.getTime()) >= 1000) now = new Date();
      return now;
    },
  };
  clocks.set(intervalMs, clock);
  return clock;
}

/**
 * The current time, renewed every `intervalMs`, so that "overdue" turns on without a reload; or what
 * `select` reads from it, and then the component renders again only when that changes (a row's
 * "overdue" flag, a cell's "12 min left"), not at every tick.
 *
 * @example
 * const now = useNow();
 * const overdue = useNow(30_000, (now) => isOverdue(application, now));
 */
export function useNow(intervalMs?: number): Date;
export function useNow<T>(intervalMs: number, select: (now: Date) => T): T;
export function useNow<T>(intervalMs = 60_000, select?: (now: Date) => T): Date | T {
  const clock = clockOf(intervalMs);
  return useSyncExternalStore(clock.subscribe, () => (select ? select(clock.read()) : clock.read()));
}
