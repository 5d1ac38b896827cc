import { once } from "node:events";
import { connect, createServer, type Socket } from "node:net";

/** Parameters of {@link startTcpProxy}. */
export type StartTcpProxyParameters = {
  /** Where connections go: the real server. */
  target: { host: string; port: number };
  /** Port to listen on, on 127.0.0.1 (default 0: a free one). */
  port?: number;
};

/** A TCP proxy the fault suite controls: it stands between a server and what it depends on. */
export type TcpProxy = {
  /** `127.0.0.1`'s port the proxy listens on. */
  port: number;
  /** Whether connections pass (`up`) or are reset (`down`). */
  readonly state: "up" | "down";
  /** Connections accepted since the start, passed or reset. */
  readonly accepted: number;
  /**
   * Cuts the link: every open connection is destroyed at once (both sides see a reset, as when the
   * other end dies) and every new one is reset as soon as it arrives, until {@link TcpProxy.restore}.
   */
  cut(): void;
  /** Lets connections through again. */
  restore(): void;
  close(): Promise<void>;
};

/**
 * A TCP proxy on 127.0.0.1 in front of `target` (the chain node's JSON-RPC, PostgreSQL), so that a
 * fault can be injected without killing the thing behind it: {@link TcpProxy.cut} makes it
 * unreachable, as a crash or a network partition would, while its state survives.
 *
 * @example
 * const rpc = await startTcpProxy({ target: { host: "127.0.0.1", port: 8545 } });
 * rpc.cut(); // the server's RPC calls fail from now on
 * rpc.restore();
 */
export async function startTcpProxy(parameters: StartTcpProxyParameters): Promise<TcpProxy> {
  const { target } = parameters;
  const open = new Set<Socket>();
  let state: "up" | "down" = "up";
  let accepted = 0;

  const server = createServer((client) => {
    accepted += 1;
    if (state === "down") {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    open.add(client);
    open.add(upstream);
    // Either side's end or error ends both: a half-open pair would hang the other end.
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.listen(parameters.port ?? 0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };

  return {
    port,
    get state() {
      return state;
    },
    get accepted() {
      return accepted;
    },
    cut() {
      state = "down";
      for (const socket of open) socket.resetAndDestroy();
      open.clear();
    },
    restore() {
      state = "up";
    },
    async close() {
      for (const socket of open) socket.destroy();
      open.clear();
      server.close();
      await once(server, "close");
    },
  };
}
