import Fastify from "fastify";

/** A running bare Fastify app. */
export type BareFastify = {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** The route's path. */
  path: string;
  close(): Promise<void>;
};

/**
 * The baseline of the status figure: Fastify with no plugin, hook or schema, one GET route answering
 * a small JSON of the size of a status, on 127.0.0.1 at a free port.
 *
 * @example
 * const bare = await startBareFastify();
 * await fetch(`${bare.url}${bare.path}`); // { id, state, updatedAt }
 */
export async function startBareFastify(): Promise<BareFastify> {
  const app = Fastify({ logger: false });
  const body = { id: "0b9f7c36-1a51-4b4e-9d0e-6f1c2c5b3f10", state: "payment_pending", updatedAt: new Date() };
  app.get("/status", async () => body);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  if (typeof address !== "object" || address === null) throw new Error("the bare Fastify app has no port");
  return { url: `http://127.0.0.1:${address.port}`, path: "/status", close: () => app.close() };
}
