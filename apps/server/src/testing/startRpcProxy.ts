import { createConnection, createServer, type Socket } from "node:net";

/** A TCP proxy in front of a JSON-RPC endpoint that a test can cut off and restore. */
export type RpcProxy = {
  /** `http://127.0.0.1:<port>`: give it to the client under test instead of the node's URL. */
  url: string;
  /** Drops every open connection and refuses new ones, as an unreachable node does. */
  down(): void;
  /** Lets connections through again. */
  up(): void;
  close(): Promise<void>;
};

/**
 * Starts a proxy to `target` (a node's `http://host:port`) on a free local port: a real network
 * path whose failure is a real one (connections reset, `fetch failed`), for tests of what happens
 * when the RPC is unreachable and when it comes back.
 *
 * @example
 * const proxy = await startRpcProxy(server.url);
 * const client = createPublicClient({ transport: http(proxy.url, { retryCount: 0 }) });
 * proxy.down(); // every call of `client` fails until proxy.up()
 */
export async function startRpcProxy(target: string): Promise<RpcProxy> {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  let reachable = true;
  const server = createServer((client) => {
    if (!reachable) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: hostname, port: Number(port) });
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the proxy has no port");
  const dropAll = () => {
    for (const socket of open) socket.destroy();
  };
  return {
    url: `http://127.0.0.1:${address.port}`,
    down() {
      reachable = false;
      dropAll();
    },
    up() {
      reachable = true;
    },
    close() {
      dropAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
