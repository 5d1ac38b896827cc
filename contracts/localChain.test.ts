import {
  type Address,
  createPublicClient,
  createWalletClient,
  getAddress,
  type Hex,
  http,
  parseEther,
  zeroAddress,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { devAccount, devAccountCount, devMnemonic } from "./devAccounts.ts";
import { DevUSDT } from "./generated/DevUSDT.ts";
import {
  createLocalChain,
  type LocalChain,
  type LocalChainServer,
  localChainDefinition,
  startLocalChainServer,
} from "./localChain.ts";
import { expectRevert } from "./testing/index.ts";

/** What hardhat.config.cjs funds each development account with. */
const devBalance = parseEther("10000");

let chain: LocalChain;
let snapshot: Hex;
const servers: LocalChainServer[] = [];

beforeAll(async () => {
  chain = await createLocalChain();
});

beforeEach(async () => {
  snapshot = await chain.snapshot();
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await chain.revert(snapshot);
});

async function startServer(): Promise<LocalChainServer> {
  const server = await startLocalChainServer({ host: "127.0.0.1", port: 0 });
  servers.push(server);
  return server;
}

function getBalance(address: Address): Promise<bigint> {
  return chain.publicClient.getBalance({ address });
}

describe("devAccount", () => {
  it("derives Hardhat's well-known accounts from the development mnemonic", () => {
    expect(devMnemonic).toBe("test test test test test test test test test test test junk");
    expect(devAccount(0).address).toBe("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    expect(devAccount(1).address).toBe("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
  });

  it("returns the same account object for the same index", () => {
    expect(devAccount(7)).toBe(devAccount(7));
    expect(devAccount(7)).not.toBe(devAccount(8));
  });

  it("accepts indexes 0 to 39", () => {
    expect(devAccountCount).toBe(40);
    expect(devAccount(39).address).toMatch(/^0x[0-9a-fA-F]{40}$/);
  });

  it.each([-1, 40, 1.5, Number.NaN])("throws a RangeError for index %s", (index) => {
    expect(() => devAccount(index)).toThrow(new RangeError(`devAccount: index ${index} is outside 0..39`));
  });
});

describe("createLocalChain", () => {
  it("returns clients bound to chain id 31337", async () => {
    expect(localChainDefinition.id).toBe(31337);
    expect(chain.chain).toBe(localChainDefinition);
    expect(chain.publicClient.chain.id).toBe(31337);
    expect(await chain.publicClient.getChainId()).toBe(31337);
    expect(await chain.wallet(devAccount(0)).getChainId()).toBe(31337);
    expect(chain.testClient.mode).toBe("hardhat");
  });

  it("funds the 40 development accounts with 10,000 ETH each", async () => {
    const balances = await Promise.all(
      Array.from({ length: devAccountCount }, (_, i) => getBalance(devAccount(i).address)),
    );
    expect(balances).toEqual(Array.from({ length: 40 }, () => devBalance));
  });

  it("knows exactly the development accounts as its own", async () => {
    const accounts = await chain.provider.request({ method: "eth_accounts" });
    expect(accounts.map((address) => getAddress(address))).toEqual(
      Array.from({ length: 40 }, (_, i) => devAccount(i).address),
    );
  });

  it("polls every 25 ms unless told otherwise", async () => {
    expect(chain.publicClient.pollingInterval).toBe(25);
    expect((await createLocalChain({ pollingInterval: 200 })).publicClient.pollingInterval).toBe(200);
  });

  it("shares one EVM between every local chain of the process", async () => {
    const other = await createLocalChain();
    const hash = await other.wallet(devAccount(1)).sendTransaction({ to: devAccount(2).address, value: 1_000n });
    await other.publicClient.waitForTransactionReceipt({ hash });
    expect(await getBalance(devAccount(2).address)).toBe(devBalance + 1_000n);
  });

  it("mines each transaction at once", async () => {
    const before = await chain.publicClient.getBlockNumber();
    const hash = await chain.wallet(devAccount(1)).sendTransaction({ to: devAccount(2).address, value: 1n });
    const receipt = await chain.publicClient.getTransactionReceipt({ hash });
    expect(receipt.blockNumber).toBe(before + 1n);
    expect(await chain.publicClient.getBlockNumber()).toBe(before + 1n);
  });

  it("signs transactions locally, so an account the node does not know can send", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    await chain.testClient.setBalance({ address: account.address, value: parseEther("1") });
    const hash = await chain.wallet(account).sendTransaction({ to: devAccount(3).address, value: 12_345n });
    const receipt = await chain.publicClient.getTransactionReceipt({ hash });
    expect(receipt.status).toBe("success");
    expect(getAddress(receipt.from)).toBe(account.address);
    expect(await getBalance(devAccount(3).address)).toBe(devBalance + 12_345n);
  });

  it("decodes custom errors of reverted calls", async () => {
    const hash = await chain
      .wallet(devAccount(0))
      .deployContract({ abi: DevUSDT.abi, bytecode: DevUSDT.bytecode, args: [devAccount(0).address] });
    const token = (await chain.publicClient.getTransactionReceipt({ hash })).contractAddress!;
    await expectRevert(
      chain.publicClient.simulateContract({
        address: token,
        abi: DevUSDT.abi,
        functionName: "mint",
        args: [devAccount(9).address, 1n],
        account: devAccount(9).address,
      }),
      "OwnableUnauthorizedAccount",
      [devAccount(9).address],
    );
    await expectRevert(
      chain.wallet(devAccount(0)).writeContract({
        address: token,
        abi: DevUSDT.abi,
        functionName: "transfer",
        args: [zeroAddress, 1n],
      }),
      "UsdtInvalidReceiver",
      [zeroAddress],
    );
  });
});

describe("snapshot and revert", () => {
  it("restore balances, nonces and the block number", async () => {
    const [from, to] = [devAccount(10), devAccount(11)];
    const block = await chain.publicClient.getBlockNumber();
    const id = await chain.snapshot();

    const hash = await chain.wallet(from).sendTransaction({ to: to.address, value: parseEther("3") });
    await chain.publicClient.waitForTransactionReceipt({ hash });
    expect(await getBalance(to.address)).toBe(devBalance + parseEther("3"));
    expect(await chain.publicClient.getTransactionCount({ address: from.address })).toBe(1);

    await chain.revert(id);
    expect(await getBalance(from.address)).toBe(devBalance);
    expect(await getBalance(to.address)).toBe(devBalance);
    expect(await chain.publicClient.getTransactionCount({ address: from.address })).toBe(0);
    expect(await chain.publicClient.getBlockNumber()).toBe(block);
  });

  it("restore the clock", async () => {
    const id = await chain.snapshot();
    const before = (await chain.publicClient.getBlock()).timestamp;
    await chain.testClient.increaseTime({ seconds: 86_400 });
    await chain.testClient.mine({ blocks: 1 });
    expect((await chain.publicClient.getBlock()).timestamp).toBeGreaterThanOrEqual(before + 86_400n);
    await chain.revert(id);
    expect((await chain.publicClient.getBlock()).timestamp).toBe(before);
    await chain.testClient.mine({ blocks: 1 });
    expect((await chain.publicClient.getBlock()).timestamp).toBeLessThan(before + 86_400n);
  });
});

describe("revert", () => {
  it("fails loudly for a snapshot that was already used, instead of silently keeping the state", async () => {
    const id = await chain.snapshot();
    await chain.revert(id);
    await expect(chain.revert(id)).rejects.toThrow(`revert: snapshot ${id} is unknown or was already used`);
  });
});

describe("startLocalChainServer", () => {
  it("listens on a free port of the given host when asked for port 0", async () => {
    const server = await startServer();
    const url = new URL(server.url);
    expect(url.protocol).toBe("http:");
    expect(url.hostname).toBe("127.0.0.1");
    expect(Number(url.port)).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${url.port}`);
    expect(server.chain.id).toBe(31337);
    expect(server.chain.rpcUrls.default.http).toEqual([server.url]);
  });

  it("gives two servers two different ports", async () => {
    const [a, b] = [await startServer(), await startServer()];
    expect(a.url).not.toBe(b.url);
  });

  it("serves the chain id and the block number of the in-process chain over JSON-RPC", async () => {
    const server = await startServer();
    const client = createPublicClient({ chain: server.chain, transport: http(server.url) });
    await chain.testClient.mine({ blocks: 3 });
    expect(await client.getChainId()).toBe(31337);
    expect(await client.getBlockNumber({ cacheTime: 0 })).toBe(await chain.publicClient.getBlockNumber());
  });

  it("mines a transaction signed locally and sent over HTTP", async () => {
    const server = await startServer();
    const sender = devAccount(5);
    const receiver = devAccount(6);
    const client = createPublicClient({ chain: server.chain, transport: http(server.url), pollingInterval: 25 });
    const wallet = createWalletClient({ transport: http(server.url), account: sender, chain: server.chain });

    const hash = await wallet.sendTransaction({ to: receiver.address, value: parseEther("1.5") });
    const receipt = await client.waitForTransactionReceipt({ hash });

    expect(receipt.status).toBe("success");
    expect(getAddress(receipt.from)).toBe(sender.address);
    expect(await client.getBalance({ address: receiver.address })).toBe(devBalance + parseEther("1.5"));
    // The in-process chain sees the same state.
    expect(await getBalance(sender.address)).toBe(
      devBalance - parseEther("1.5") - receipt.gasUsed * receipt.effectiveGasPrice,
    );
  });

  it("stops answering once closed", async () => {
    const server = await startLocalChainServer({ host: "127.0.0.1", port: 0 });
    const request = () =>
      fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
    expect(await (await request()).json()).toEqual({ jsonrpc: "2.0", id: 1, result: "0x7a69" });

    await server.close();

    const error = await request().then(
      () => undefined,
      (e: unknown) => e as Error & { cause?: { code?: string } },
    );
    expect(error?.cause?.code).toBe("ECONNREFUSED");
  });
});

describe("a local chain posing as another chain id", () => {
  it("answers with its own id, starts empty but funded, and is served apart from chain 31337", async () => {
    const baseSepolia = await createLocalChain({ chainId: 84532 });
    expect(await baseSepolia.publicClient.getChainId()).toBe(84532);
    expect(baseSepolia.chain.id).toBe(84532);
    // Its own state: a transfer on it leaves chain 31337 untouched.
    const receiver = privateKeyToAccount(generatePrivateKey()).address;
    const hash = await baseSepolia.wallet(devAccount(1)).sendTransaction({ to: receiver, value: parseEther("2") });
    await baseSepolia.publicClient.waitForTransactionReceipt({ hash });
    expect(await baseSepolia.publicClient.getBalance({ address: receiver })).toBe(parseEther("2"));
    expect(await getBalance(receiver)).toBe(0n);

    const server = await startLocalChainServer({ host: "127.0.0.1", port: 0, chain: baseSepolia });
    servers.push(server);
    const answer = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    expect(await answer.json()).toEqual({ jsonrpc: "2.0", id: 1, result: "0x14a34" });
    expect(server.chain.id).toBe(84532);
  });
});
