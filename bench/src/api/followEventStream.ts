/** A server-sent event with the time its bytes arrived (`performance.now()`, ms). */
export type ArrivedEvent = { id?: string; event?: string; data?: string; arrivedAt: number };

/** An open stream. */
export type EventStreamFollower = {
  close(): void;
};

/**
 * Opens an SSE stream with `fetch` and calls `onEvent` with each event (comments skipped), stamped
 * with `performance.now()` when the chunk that completed it was read: the moment a browser's
 * `EventSource` would fire, give or take the parse. Resolves once the server answered 200.
 *
 * @example
 * const stream = await followEventStream(`${url}/api/v1/events/stream`, { cookie }, (event) => log.push(event));
 * stream.close();
 */
export async function followEventStream(
  url: string,
  headers: Record<string, string>,
  onEvent: (event: ArrivedEvent) => void,
): Promise<EventStreamFollower> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  if (response.status !== 200 || !response.headers.get("content-type")?.startsWith("text/event-stream")) {
    controller.abort();
    throw new Error(`event stream ${url}: ${response.status} ${response.headers.get("content-type")}`);
  }
  const body = response.body!;
  void (async () => {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        const arrivedAt = performance.now();
        buffer += value;
        for (let end = buffer.indexOf("\n\n"); end !== -1; end = buffer.indexOf("\n\n")) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: ArrivedEvent = { arrivedAt };
          for (const line of frame.split("\n")) {
            const colon = line.indexOf(":");
            const field = colon === -1 ? line : line.slice(0, colon);
            const text = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (field === "id" || field === "event") event[field] = text;
            else if (field === "data") event.data = event.data === undefined ? text : `${event.data}\n${text}`;
          }
          if (event.data !== undefined || event.event !== undefined) onEvent(event);
        }
      }
    } catch {
      // Aborted by close(), or the server went away: the benchmark notices the missing events.
    }
  })();
  return { close: () => controller.abort() };
}
