import { once } from "node:events";
import { createServer } from "node:net";

/**
 * A TCP port free on 127.0.0.1 right now (the OS picks it), for a server that must be told its port
 * before it starts.
 *
 * @example
 * const port = await freePort(); // 41237
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}
