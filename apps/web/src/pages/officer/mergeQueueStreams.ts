import type { ApplicationSummary } from "../../api/types.ts";

/** What has been read of one server list: its items so far, and the cursor of the rest (`null`: no more). */
export type QueueStream = { items: readonly ApplicationSummary[]; nextCursor: string | null };

/** What {@link mergeQueueStreams} returns. */
export type MergedQueue = {
  /** Items that can be shown in order, oldest first, each once. */
  items: ApplicationSummary[];
  /** Whether any list has more. */
  hasMore: boolean;
  /** The lists to read next (indexes into the streams): those whose end holds the others back. */
  next: number[];
};

/** The server's sort key: oldest first, ties by id (apps/server listWhere). */
function compare(a: ApplicationSummary, b: ApplicationSummary): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Merges several oldest-first, cursor-paginated lists into one oldest-first list without ever
 * showing an item out of order: an item is shown only when no list that has more could still hold
 * an older one, that is up to the smallest last item of the lists with more. Those lists are the ones
 * to read next. An item read in two lists (it changed state between reads) is shown once.
 *
 * @example
 * mergeQueueStreams([{ items: paid, nextCursor: "c1" }, { items: underReview, nextCursor: null }])
 * // { items: [...up to the last paid item], hasMore: true, next: [0] }
 */
export function mergeQueueStreams(streams: readonly QueueStream[]): MergedQueue {
  let frontier: ApplicationSummary | undefined;
  let blocked = false;
  for (const stream of streams) {
    if (stream.nextCursor === null) continue;
    const last = stream.items.at(-1);
    // A list with more but nothing read yet holds everything back.
    if (last === undefined) blocked = true;
    else if (frontier === undefined || compare(last, frontier) < 0) frontier = last;
  }
  const hasMore = streams.some((stream) => stream.nextCursor !== null);
  const next = streams.flatMap((stream, index) => {
    if (stream.nextCursor === null) return [];
    const last = stream.items.at(-1);
    return last === undefined || (!blocked && frontier !== undefined && compare(last, frontier) === 0) ? [index] : [];
  });
  const seen = new Set<string>();
  const items = streams
    .flatMap((stream) => stream.items)
    .sort(compare)
    .filter((item) => {
      if (blocked || seen.has(item.id)) return false;
      if (frontier !== undefined && compare(item, frontier) > 0) return false;
      seen.add(item.id);
      return true;
    });
  return { items, hasMore, next };
}

/** One read of the queue: for some of its lists, their next page. */
export type QueueRead = { stream: number; items: readonly ApplicationSummary[]; nextCursor: string | null }[];

/**
 * The lists as read so far, from the reads in order (each read appends to its lists' items and moves
 * their cursor). A list no read has touched yet counts as having more.
 *
 * @example
 * foldQueueReads(2, [[{ stream: 0, items: a, nextCursor: "c" }, { stream: 1, items: b, nextCursor: null }]])
 */
export function foldQueueReads(streamCount: number, reads: readonly QueueRead[]): QueueStream[] {
  const streams = Array.from({ length: streamCount }, () => ({
    items: [] as ApplicationSummary[],
    nextCursor: "" as string | null,
  }));
  for (const read of reads) {
    for (const { stream, items, nextCursor } of read) {
      const target = streams[stream];
      if (target === undefined) continue;
      target.items.push(...items);
      target.nextCursor = nextCursor;
    }
  }
  return streams;
}
