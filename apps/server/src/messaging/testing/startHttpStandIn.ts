import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";

/** A request the stand-in received. */
export type ReceivedRequest = { method: string; url: string; headers: IncomingHttpHeaders; body: string };

/** What the stand-in answers: a status and a body (default 200, `ok`). */
export type StandInResponse = { status?: number; body?: string; delayMs?: number };

export type HttpStandIn = {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
};

/**
 * An HTTP server for tests on 127.0.0.1 at a free port that records every request and answers what
 * `respond` says: a webhook receiver or an SMS provider standing in for the real one.
 *
 * @example
 * const receiver = await startHttpStandIn((request) => ({ status: request.body.includes("x") ? 200 : 500 }));
 * await fetch(receiver.url, { method: "POST", body: "x" });
 * receiver.requests[0].body; // "x"
 * await receiver.close();
 */
export async function startHttpStandIn(
  respond: (request: ReceivedRequest) => StandInResponse | Promise<StandInResponse> = () => ({}),
): Promise<HttpStandIn> {
  const requests: ReceivedRequest[] = [];
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const request = {
      method: incoming.method ?? "",
      url: incoming.url ?? "",
      headers: incoming.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    requests.push(request);
    const { status = 200, body = "ok", delayMs = 0 } = await respond(request);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    outgoing.writeHead(status, { "content-type": "text/plain" }).end(body);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}
