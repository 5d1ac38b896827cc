import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request the stand-in received, with its whole body. */
export type StandInRequest = {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage["headers"];
  readonly body: Buffer;
};

/** A running stand-in server; see {@link startStandInServer}. */
export type StandInServer = {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  /** Every request so far, in order. */
  readonly requests: StandInRequest[];
  close(): Promise<void>;
};

/**
 * Starts a local HTTP server on a free port of 127.0.0.1 that answers with `handler`: tests of the
 * HTTP clients (KYC provider, Kubo) talk to it over real sockets instead of mocking `fetch`.
 * Not part of the package's API.
 *
 * @example
 * const server = await startStandInServer((request, response) => response.end("{}"));
 * try { … } finally { await server.close(); }
 */
export async function startStandInServer(
  handler: (request: StandInRequest, response: ServerResponse) => void | Promise<void>,
): Promise<StandInServer> {
  const requests: StandInRequest[] = [];
  const server = createServer(async (incoming, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const request: StandInRequest = {
      method: incoming.method ?? "GET",
      url: new URL(incoming.url ?? "/", "http://127.0.0.1"),
      headers: incoming.headers,
      body: Buffer.concat(chunks),
    };
    requests.push(request);
    try {
      await handler(request, response);
    } catch (error) {
      response.statusCode = 500;
      response.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
