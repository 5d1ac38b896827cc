import { once } from "node:events";
import type { Hex } from "viem";
import WebSocket from "ws";

/** Times at which new blocks were announced. */
export type BlockArrivals = {
  /** When the block with this hash was announced (`performance.now()`, ms); waits for it up to `timeoutMs`. */
  arrivalOf(blockHash: Hex, timeoutMs?: number): Promise<number>;
  close(): Promise<void>;
};

/**
 * Subscribes to the node's new blocks (`eth_subscribe("newHeads")` over WebSocket) and stamps each
 * with `performance.now()` as its header arrives: the moment a transaction in it became included, as
 * near as a client of the node can see it (on the local chain a block is mined as its transaction
 * arrives, and the node pushes the header at once).
 *
 * It speaks JSON-RPC over `ws` itself: viem's WebSocket transport cannot start on Node 20 in this
 * workspace (its `isows` resolves the hoisted `ws@7` of Hardhat, which has no `WebSocket` export).
 *
 * @example
 * const blocks = await watchBlockArrivals("ws://127.0.0.1:8545");
 * const includedAt = await blocks.arrivalOf(receipt.blockHash);
 */
export async function watchBlockArrivals(wsUrl: string): Promise<BlockArrivals> {
  const arrivals = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  const socket = new WebSocket(wsUrl);
  await once(socket, "open");
  let subscribed: (id: string) => void = () => {};
  const subscription = new Promise<string>((resolve) => {
    subscribed = resolve;
  });
  socket.on("message", (raw) => {
    const at = performance.now();
    const message = JSON.parse(raw.toString()) as {
      id?: number;
      result?: string;
      error?: { message: string };
      method?: string;
      params?: { result?: { hash?: string } };
    };
    if (message.id === 1) {
      if (message.error) socket.emit("error", new Error(`eth_subscribe: ${message.error.message}`));
      else subscribed(message.result!);
      return;
    }
    const hash = message.method === "eth_subscription" ? message.params?.result?.hash?.toLowerCase() : undefined;
    if (hash === undefined) return;
    arrivals.set(hash, at);
    waiting.get(hash)?.(at);
    waiting.delete(hash);
  });
  socket.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_subscribe", params: ["newHeads"] }));
  await Promise.race([subscription, once(socket, "error").then(([error]) => Promise.reject(error))]);

  return {
    arrivalOf(blockHash, timeoutMs = 5_000) {
      const hash = blockHash.toLowerCase();
      const known = arrivals.get(hash);
      if (known !== undefined) return Promise.resolve(known);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(hash);
          reject(new Error(`block ${blockHash} was not announced within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(hash, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
    },
    async close() {
      socket.close();
      await once(socket, "close");
    },
  };
}
