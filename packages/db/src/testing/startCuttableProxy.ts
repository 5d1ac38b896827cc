import { once } from "node:events";
import { connect, createServer, type Socket } from "node:net";

/** A TCP proxy in front of a PostgreSQL test database, whose connections a test can cut. */
export type CuttableProxy = {
  /** The database's connection string through the proxy. */
  url: string;
  /**
   * Resets every open connection, as a PostgreSQL restart does, and resets new ones as they come
   * until {@link CuttableProxy.restore}.
   */
  cut(): void;
  /** Lets connections through again. */
  restore(): void;
  close(): Promise<void>;
};

/**
 * Starts a proxy on 127.0.0.1 to the server of `databaseUrl` (a PostgreSQL test database), for tests
 * of what the code does when the database goes away in the middle of its work.
 *
 * @example
 * const proxy = await startCuttableProxy(database.url!);
 * const viaProxy = createDatabase({ url: proxy.url });
 * proxy.cut(); // queries fail from now on
 * proxy.restore();
 */
export async function startCuttableProxy(databaseUrl: string): Promise<CuttableProxy> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let down = false;
  const server = createServer((client) => {
    client.on("error", () => {});
    if (down) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String((server.address() as { port: number }).port);
  return {
    url: url.toString(),
    cut() {
      down = true;
      for (const socket of sockets) socket.resetAndDestroy();
    },
    restore() {
      down = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  };
}
