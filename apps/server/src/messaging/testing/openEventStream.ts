/** A server-sent event as a client parses it; comments (heartbeats) have only `comment`. */
export type ReceivedEvent = { id?: string; event?: string; data?: string; comment?: string };

export type EventStream = {
  status: number;
  headers: Headers;
  /** The next event (not comment) within `timeoutMs`, else throws. */
  next(timeoutMs?: number): Promise<ReceivedEvent>;
  /** Every event and comment received so far. */
  received: ReceivedEvent[];
  close(): void;
};

/**
 * Opens an SSE stream with `fetch` and parses it as a browser's `EventSource` would (`id:`, `event:`,
 * `data:`, `: comment`), for tests against a real listening server.
 *
 * @example
 * const stream = await openEventStream(`${base}/api/v1/events/stream`, { "last-event-id": "41" });
 * await stream.next(1000); // { id: "42", event: "payment.seen", data: "{…}" }
 * stream.close();
 */
export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  const received: ReceivedEvent[] = [];
  const waiting: Array<(event: ReceivedEvent) => void> = [];
  const queue: ReceivedEvent[] = [];
  let ended: Error | undefined;

  if (response.body && response.headers.get("content-type")?.startsWith("text/event-stream")) {
    void (async () => {
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += value;
          for (let end = buffer.indexOf("\n\n"); end !== -1; end = buffer.indexOf("\n\n")) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event: ReceivedEvent = {};
            for (const line of frame.split("\n")) {
              const colon = line.indexOf(":");
              const field = colon === -1 ? line : line.slice(0, colon);
              const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
              if (field === "") event.comment = value;
              else if (field === "id" || field === "event") event[field] = value;
              else if (field === "data") event.data = event.data === undefined ? value : `${event.data}\n${value}`;
            }
            received.push(event);
            if (event.comment !== undefined && event.data === undefined) continue;
            const resolve = waiting.shift();
            if (resolve) resolve(event);
            else queue.push(event);
          }
        }
        ended = new Error("stream ended");
      } catch (error) {
        ended = error as Error;
      }
    })();
  }

  return {
    status: response.status,
    headers: response.headers,
    received,
    next(timeoutMs = 1000) {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      if (ended) return Promise.reject(ended);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(onEvent), 1);
          reject(new Error(`no event within ${timeoutMs} ms`));
        }, timeoutMs);
        const onEvent = (event: ReceivedEvent) => {
          clearTimeout(timer);
          resolve(event);
        };
        waiting.push(onEvent);
      });
    },
    close() {
      controller.abort();
    },
  };
}
