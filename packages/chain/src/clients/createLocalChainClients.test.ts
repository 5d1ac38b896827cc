import { devAccount, localChainDefinition } from "@entrada/contracts";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import type { ChainClients } from "./createChainClients.ts";
import { createLocalChainClients } from "./createLocalChainClients.ts";

describe("createLocalChainClients", () => {
  it("gives the in-process chain as ChainClients, with its test controls", async () => {
    const local = await createLocalChainClients();
    const clients: ChainClients = local;
    expect(clients.chain).toBe(localChainDefinition);
    expect(await clients.publicClient.getChainId()).toBe(31337);

    const snapshot = await local.snapshot();
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const hash = await clients.wallet(devAccount(20)).sendTransaction({ to, value: 7n });
    expect((await clients.publicClient.getTransactionReceipt({ hash })).status).toBe("success");
    expect(await clients.publicClient.getBalance({ address: to })).toBe(7n);
    await local.revert(snapshot);
    expect(await clients.publicClient.getBalance({ address: to })).toBe(0n);
  });

  it("is one chain per process, shared by every caller", async () => {
    const [a, b] = await Promise.all([createLocalChainClients(), createLocalChainClients()]);
    await a.testClient.mine({ blocks: 3 });
    expect(await b.publicClient.getBlockNumber()).toBe(await a.publicClient.getBlockNumber());
  });
});
