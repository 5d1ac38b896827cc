import { HDNodeWallet, JsonRpcProvider } from "ethers";
import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devAccount, devMnemonic } from "./devAccounts.ts";
import { createLocalChain, type LocalChain, type LocalChainServer, startLocalChainServer } from "./localChain.ts";

// A wallet outside the project's own viem code: ethers v6 takes each nonce from "pending", as injected
// wallets do, so a `pending` below `latest` fails its second transaction ("nonce has already been used").
let chain: LocalChain;
let server: LocalChainServer;
let snapshot: Hex;

beforeAll(async () => {
  chain = await createLocalChain();
  snapshot = await chain.snapshot();
  server = await startLocalChainServer({ port: 0 });
});

afterAll(async () => {
  await server?.close();
  await chain?.revert(snapshot);
});

async function transactionCount(address: string, block: "pending" | "latest"): Promise<bigint> {
  const response = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getTransactionCount", params: [address, block] }),
  });
  const { result } = (await response.json()) as { result: Hex };
  return BigInt(result);
}

describe("the local chain's JSON-RPC server and an outside wallet", () => {
  it("sends two consecutive transactions with ethers, each nonce taken from pending", async () => {
    const provider = new JsonRpcProvider(server.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    // Development account 7, derived by ethers itself from the mnemonic, as a wallet would.
    const signer = HDNodeWallet.fromPhrase(devMnemonic, undefined, "m/44'/60'/0'/0/7").connect(provider);
    expect(signer.address).toBe(devAccount(7).address);
    const before = await transactionCount(signer.address, "latest");

    const first = await signer.sendTransaction({ to: devAccount(8).address, value: 1n });
    await first.wait();
    expect(await transactionCount(signer.address, "pending")).toBeGreaterThanOrEqual(
      await transactionCount(signer.address, "latest"),
    );
    const second = await signer.sendTransaction({ to: devAccount(8).address, value: 2n });
    const receipt = await second.wait();

    expect(receipt?.status).toBe(1);
    expect([first.nonce, second.nonce]).toEqual([Number(before), Number(before) + 1]);
    expect(await transactionCount(signer.address, "pending")).toBe(before + 2n);
    expect(await transactionCount(signer.address, "latest")).toBe(before + 2n);
    provider.destroy();
  });
});
