import {
  createLocalChain,
  devAccount,
  type LocalChain,
  type LocalChainServer,
  startLocalChainServer,
} from "@entrada/contracts";
import { parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChainClients, createChainClients } from "./createChainClients.ts";

let local: LocalChain;
let server: LocalChainServer;

beforeAll(async () => {
  local = await createLocalChain();
  server = await startLocalChainServer({ host: "127.0.0.1", port: 0 });
});
afterAll(() => server.close());

/** What any ChainClients can do, whether over HTTP or in process. */
async function transfer(clients: ChainClients, to: `0x${string}`, value: bigint) {
  const hash = await clients.wallet(devAccount(20)).sendTransaction({ to, value });
  return clients.publicClient.waitForTransactionReceipt({ hash });
}

describe("createChainClients", () => {
  it("reaches a node over HTTP and sends signed transactions to it", async () => {
    const clients = createChainClients({ chainId: 31337, rpcUrl: server.url, pollingInterval: 50 });
    expect(clients.chain.id).toBe(31337);
    expect(clients.chain.name).toBe("Entrada local chain");
    expect(clients.chain.rpcUrls.default.http).toEqual([server.url]);
    expect(await clients.publicClient.getChainId()).toBe(31337);

    const to = privateKeyToAccount(generatePrivateKey()).address;
    const receipt = await transfer(clients, to, parseEther("1.5"));
    expect(receipt.status).toBe("success");
    // The HTTP server and the in-process clients are one chain.
    expect(await local.publicClient.getBalance({ address: to })).toBe(parseEther("1.5"));
  });

  it("names the chains Entrada runs on and defines any other", () => {
    const rpcUrl = "https://rpc.example";
    expect(createChainClients({ chainId: 8453, rpcUrl }).chain.name).toBe("Base");
    expect(createChainClients({ chainId: 137, rpcUrl }).chain.nativeCurrency.symbol).toBe("POL");
    const other = createChainClients({ chainId: 424242, rpcUrl }).chain;
    expect({ id: other.id, name: other.name, rpc: other.rpcUrls.default.http }).toEqual({
      id: 424242,
      name: "Chain 424242",
      rpc: [rpcUrl],
    });
  });

  it("signs for the configured chain, so a node of another chain refuses the transaction", async () => {
    const clients = createChainClients({ chainId: 8453, rpcUrl: server.url });
    await expect(
      clients.wallet(devAccount(20)).sendTransaction({ to: devAccount(21).address, value: 1n }),
    ).rejects.toThrow("Trying to send a raw transaction with an invalid chainId. The expected chainId is 31337");
  });
});
