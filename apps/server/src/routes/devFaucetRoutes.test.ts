import { createLocalChain, type Deployment, deployDemo, devAccount, type LocalChain } from "@entrada/contracts";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import type { FastifyInstance } from "fastify";
import { type Address, erc20Abi, type Hex, maxUint256, zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDevFaucet, faucetEthAmount, faucetTokenAmount } from "../services/createDevFaucet.ts";
import { createTestApp, type TestApp, testConfig, testSecondChain } from "../testing/createTestApp.ts";
import { createTestClock } from "../testing/createTestClock.ts";

/** The demo deployment on the in-process local chain, deployed once for the file. */
let localDemo: Promise<{ chain: LocalChain; deployment: Deployment }> | undefined;
function onLocalChain() {
  localDemo ??= (async () => {
    const chain = await createLocalChain();
    return { chain, deployment: await deployDemo(chain) };
  })();
  return localDemo;
}

describe.each(createTestDatabases())("the development faucet on $name", ({ open }) => {
  let database: TestDatabase;
  let chain: LocalChain;
  let deployment: Deployment;
  const clock = createTestClock();
  let t: TestApp;
  const apps: FastifyInstance[] = [];

  const faucetOn = () =>
    createDevFaucet({
      publicClient: chain.publicClient,
      wallet: chain.wallet(devAccount(0)),
      tokens: deployment.tokens,
      clock,
    });
  const drip = (app: FastifyInstance, address: string) =>
    app.inject({ method: "POST", url: "/api/v1/dev/faucet", payload: { address } });
  const balanceOf = (token: Address, owner: Address) =>
    chain.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [owner] });

  beforeAll(async () => {
    database = await open();
    ({ chain, deployment } = await onLocalChain());
    t = await createTestApp({
      db: database.db,
      config: testConfig({ NODE_ENV: "development" }),
      deployment: { chainId: 31337, escrow: deployment.escrow, tokens: deployment.tokens },
      faucet: faucetOn(),
    });
    apps.push(t.app);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database.close();
  });

  test("gives a new wallet 1,000 USDC, 1,000 USDT and 0.1 ETH, mined, enough to approve and pay", async () => {
    const wallet = privateKeyToAccount(generatePrivateKey());
    const response = await drip(t.app, wallet.address);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      txHashes: [expect.any(String), expect.any(String), expect.any(String)],
      balances: { USDC: "1000000000", USDT: "1000000000", ETH: "100000000000000000" },
    });
    for (const hash of body.txHashes as Hex[]) {
      expect((await chain.publicClient.getTransactionReceipt({ hash })).status).toBe("success");
    }
    expect(await balanceOf(deployment.tokens.USDC, wallet.address)).toBe(faucetTokenAmount);
    expect(await balanceOf(deployment.tokens.USDT, wallet.address)).toBe(faucetTokenAmount);
    expect(await chain.publicClient.getBalance({ address: wallet.address })).toBe(faucetEthAmount);

    // The ETH pays for the wallet's own transactions: the approve of `pay`.
    const approve = await chain.wallet(wallet).writeContract({
      address: deployment.tokens.USDC,
      abi: erc20Abi,
      functionName: "approve",
      args: [deployment.escrow, maxUint256],
    });
    expect((await chain.publicClient.waitForTransactionReceipt({ hash: approve })).status).toBe("success");
  });

  test("funds an address once every 10 s: 429 ENTRADA_FAUCET_RATE_LIMITED with Retry-After", async () => {
    const address = privateKeyToAccount(generatePrivateKey()).address;
    expect((await drip(t.app, address)).statusCode).toBe(200);
    clock.advance(3);
    // In lower case it is the same address.
    const again = await drip(t.app, address.toLowerCase());
    expect(again.statusCode).toBe(429);
    expect(again.headers["retry-after"]).toBe("7");
    expect(again.json().error).toEqual({
      code: "ENTRADA_FAUCET_RATE_LIMITED",
      message: "This address was funded moments ago; ask again in 7 s.",
      details: { retryAfterSeconds: 7, scope: "address" },
    });
    clock.advance(7);
    const later = await drip(t.app, address);
    expect(later.statusCode).toBe(200);
    expect(later.json().balances.USDC).toBe("2000000000");
  });

  test("serves several addresses at once, one transaction after another", async () => {
    const addresses = Array.from({ length: 3 }, () => privateKeyToAccount(generatePrivateKey()).address);
    const responses = await Promise.all(addresses.map((address) => drip(t.app, address)));
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200]);
    expect(new Set(responses.flatMap((response) => response.json().txHashes)).size).toBe(9);
  });

  test("funds one client at most 10 times a minute, whatever addresses it names; other clients are not held up", async () => {
    const app = (
      await createTestApp({
        db: database.db,
        config: testConfig({ NODE_ENV: "development" }),
        deployment: { chainId: 31337, escrow: deployment.escrow, tokens: deployment.tokens },
        faucet: createDevFaucet({
          publicClient: chain.publicClient,
          wallet: chain.wallet(devAccount(0)),
          tokens: deployment.tokens,
          clock,
          dripsPerClient: 2,
        }),
      })
    ).app;
    apps.push(app);
    const fresh = () => privateKeyToAccount(generatePrivateKey()).address;
    const from = (remoteAddress: string, address: string) =>
      app.inject({ method: "POST", url: "/api/v1/dev/faucet", payload: { address }, remoteAddress });
    expect((await from("203.0.113.7", fresh())).statusCode).toBe(200);
    clock.advance(20);
    expect((await from("203.0.113.7", fresh())).statusCode).toBe(200);
    clock.advance(20);
    const third = await from("203.0.113.7", fresh());
    expect(third.statusCode).toBe(429);
    // The first drip leaves the window 60 s after it: 20 s from now.
    expect(third.headers["retry-after"]).toBe("20");
    expect(third.json().error).toEqual({
      code: "ENTRADA_FAUCET_RATE_LIMITED",
      message: "This client was funded too often in the last minute; ask again in 20 s.",
      details: { retryAfterSeconds: 20, scope: "client" },
    });
    // Another client is served at once; the refused one again once its first drip is a minute old.
    expect((await from("198.51.100.9", fresh())).statusCode).toBe(200);
    clock.advance(20);
    expect((await from("203.0.113.7", fresh())).statusCode).toBe(200);
  });

  test("funds a wallet on the chain it names (1337 beside 31337), and refuses a chain without a faucet", async () => {
    // A second local chain, as ENTRADA_CHAINS=2 runs it: its own escrow and tokens, its own faucet.
    const second = await createLocalChain({ chainId: 1337 });
    const secondDeployment = await deployDemo(second);
    const { app } = await createTestApp({
      db: database.db,
      config: testConfig({ NODE_ENV: "development", ENTRADA_CHAINS: "2" }),
      deployment: { chainId: 31337, escrow: deployment.escrow, tokens: deployment.tokens },
      faucet: faucetOn(),
      otherChains: [
        testSecondChain({
          deployment: { chainId: 1337, escrow: secondDeployment.escrow, tokens: secondDeployment.tokens },
          faucet: createDevFaucet({
            publicClient: second.publicClient,
            wallet: second.wallet(devAccount(0)),
            tokens: secondDeployment.tokens,
            clock,
          }),
        }),
      ],
    });
    apps.push(app);
    const served = (await app.inject({ method: "GET", url: "/api/v1/client-config" })).json().chains;
    expect(served.map((chain: { id: number; faucet: boolean }) => [chain.id, chain.faucet])).toEqual([
      [31337, true],
      [1337, true],
    ]);

    const wallet = privateKeyToAccount(generatePrivateKey()).address;
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/dev/faucet",
      payload: { address: wallet, chainId: 1337 },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().balances).toEqual({ USDC: "1000000000", USDT: "1000000000", ETH: "100000000000000000" });
    for (const hash of response.json().txHashes as Hex[]) {
      expect((await second.publicClient.getTransactionReceipt({ hash })).status).toBe("success");
    }
    const secondUsdc = await second.publicClient.readContract({
      address: secondDeployment.tokens.USDC,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [wallet],
    });
    expect(secondUsdc).toBe(faucetTokenAmount);
    // Chain 31337 gave nothing.
    expect(await balanceOf(deployment.tokens.USDC, wallet)).toBe(0n);
    expect(await chain.publicClient.getBalance({ address: wallet })).toBe(0n);

    const elsewhere = await app.inject({
      method: "POST",
      url: "/api/v1/dev/faucet",
      payload: { address: wallet, chainId: 8453 },
    });
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().error).toMatchObject({ code: "ENTRADA_CHAIN_NOT_SERVED", details: { chainId: 8453 } });
  });

  test.each([
    ["too short", "0x1234"],
    ["not hex", `0x${"zz".repeat(20)}`],
    ["a bad EIP-55 checksum", "0x70997970C51812dc3A010C7d01b50e0d17dc79c8"],
    ["the zero address", zeroAddress],
  ])("refuses an address that is %s: 400 ENTRADA_ADDRESS_INVALID", async (_, address) => {
    const response = await drip(t.app, address);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "ENTRADA_ADDRESS_INVALID", details: { field: "address" } });
  });

  test("refuses a body without an address", async () => {
    const response = await t.app.inject({ method: "POST", url: "/api/v1/dev/faucet", payload: {} });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("ENTRADA_VALIDATION");
  });

  test("does not exist outside development on the local chain, even with a faucet at hand", async () => {
    for (const env of [{ NODE_ENV: "test" }, { NODE_ENV: "development", CHAIN_ID: "8453" }]) {
      const other = await createTestApp({
        db: database.db,
        env: {
          ...env,
          QUOTE_SIGNER_KEY: `0x${"ab".repeat(32)}`,
          RELAYER_KEY: `0x${"cd".repeat(32)}`,
        },
        deployment: {
          chainId: env.CHAIN_ID === undefined ? 31337 : 8453,
          escrow: deployment.escrow,
          tokens: deployment.tokens,
        },
        faucet: faucetOn(),
      });
      apps.push(other.app);
      const response = await drip(other.app, privateKeyToAccount(generatePrivateKey()).address);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe("ENTRADA_NOT_FOUND");
      const features = (await other.app.inject({ method: "GET", url: "/api/v1/client-config" })).json().features;
      expect(features).toEqual({ devLogin: false, faucet: false, mailbox: false });
    }
    const features = (await t.app.inject({ method: "GET", url: "/api/v1/client-config" })).json().features;
    expect(features).toEqual({ devLogin: true, faucet: true, mailbox: true });
  });
});
