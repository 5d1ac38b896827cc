import { startLocalChainServer, usdcDomain } from "@entrada/contracts";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import type { FastifyInstance } from "fastify";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createQuoted } from "../testing/applicationSteps.ts";
import { createTestApp, testDeployment, testSecondChain } from "../testing/createTestApp.ts";
import { signIn } from "../testing/signIn.ts";

/** Keys that are not the public development ones, for chains other than the local one. */
const liveKeys = { QUOTE_SIGNER_KEY: generatePrivateKey(), RELAYER_KEY: generatePrivateKey() };

describe.each(createTestDatabases())("GET /client-config on $name", ({ open }) => {
  let database: TestDatabase;
  const apps: FastifyInstance[] = [];

  async function appWith(env: Record<string, string> = {}, chainId = 31337): Promise<FastifyInstance> {
    const { app } = await createTestApp({ db: database.db, env, deployment: { ...testDeployment, chainId } });
    apps.push(app);
    return app;
  }
  const clientConfig = (app: FastifyInstance) => app.inject({ method: "GET", url: "/api/v1/client-config" });

  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database.close();
  });

  test("tells the browser the chain, its RPC, the escrow, the tokens and the fee rate, with no sign-in", async () => {
    const app = await appWith();
    const response = await clientConfig(app);
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toBe("public, max-age=5");
    const chain = {
      id: 31337,
      name: "Entrada local chain",
      rpcUrl: "http://127.0.0.1:8545",
      isLocal: true,
      confirmations: 1,
      explorerUrl: null,
    };
    const tokens = {
      USDC: {
        address: testDeployment.tokens.USDC,
        decimals: 6,
        symbol: "USDC",
        eip712: { name: "USD Coin", version: "2" },
      },
      USDT: { address: testDeployment.tokens.USDT, decimals: 6, symbol: "USDT", eip712: null },
    };
    expect(response.json()).toEqual({
      env: "test",
      chain,
      escrow: testDeployment.escrow,
      tokens,
      // One chain served: the list holds it alone, without a faucet outside development.
      chains: [{ ...chain, escrow: testDeployment.escrow, tokens, faucet: false }],
      platformFeeBps: 10,
      features: { devLogin: false, faucet: false, mailbox: false },
    });
    // The domain a wallet signs permits and authorizations in is the token's own.
    const { name, version } = usdcDomain(31337, testDeployment.tokens.USDC);
    expect(response.json().tokens.USDC.eip712).toEqual({ name, version });
    // The rate quotes carry is the one announced.
    const { quote } = await createQuoted(app, await signIn(app));
    expect(quote.platformFeeBps).toBe(10);
  });

  test("in development on the local chain it announces dev sign-in and the mailbox", async () => {
    const app = await appWith({ NODE_ENV: "development", CHAIN_CONFIRMATIONS: "2" });
    const body = (await clientConfig(app)).json();
    expect(body).toMatchObject({ env: "development", chain: { confirmations: 2 } });
    // No faucet was given to this app (the start-up gives one): its route does not exist either.
    expect(body.features).toEqual({ devLogin: true, faucet: false, mailbox: true });
  });

  test("with two chains served it lists both, each with its escrow, tokens and faucet; the CSP admits both RPCs", async () => {
    const second = testSecondChain();
    const { app } = await createTestApp({
      db: database.db,
      env: { NODE_ENV: "development", ENTRADA_CHAINS: "2" },
      otherChains: [second],
    });
    apps.push(app);
    const response = await clientConfig(app);
    const body = response.json();
    // The default chain stays where single-chain clients read it.
    expect(body.chain.id).toBe(31337);
    expect(body.escrow).toBe(testDeployment.escrow);
    expect(body.chains).toEqual([
      expect.objectContaining({ id: 31337, name: "Entrada local chain", escrow: testDeployment.escrow }),
      {
        id: 1337,
        name: "Entrada local chain 1337",
        // ENTRADA_CHAINS puts each further local chain on the next port.
        rpcUrl: "http://127.0.0.1:8546",
        isLocal: true,
        confirmations: 1,
        explorerUrl: null,
        escrow: second.deployment.escrow,
        tokens: {
          USDC: {
            address: second.deployment.tokens.USDC,
            decimals: 6,
            symbol: "USDC",
            eip712: { name: "USD Coin", version: "2" },
          },
          USDT: { address: second.deployment.tokens.USDT, decimals: 6, symbol: "USDT", eip712: null },
        },
        // No faucet was given for either chain here (devFaucetRoutes.test.ts gives them).
        faucet: false,
      },
    ]);
    expect(response.headers["content-security-policy"]).toContain(
      "connect-src 'self' http://127.0.0.1:8545 ws://127.0.0.1:8545 http://127.0.0.1:8546 ws://127.0.0.1:8546;",
    );
  });

  test("on a public chain: its name, a public RPC and its explorer, unless configured; never CHAIN_RPC_URL", async () => {
    const polygon = await appWith(
      { ...liveKeys, CHAIN_ID: "137", CHAIN_RPC_URL: "https://polygon.example/v1/secret-api-key" },
      137,
    );
    expect((await clientConfig(polygon)).json().chain).toEqual({
      id: 137,
      name: "Polygon",
      rpcUrl: "https://polygon.drpc.org",
      isLocal: false,
      // The chain registry's depth for Polygon PoS (docs/contracts.md#real-networks).
      confirmations: 33,
      explorerUrl: "https://polygonscan.com",
    });
    const configured = await appWith(
      {
        ...liveKeys,
        CHAIN_ID: "8453",
        CHAIN_RPC_URL: "https://base.example/v1/secret-api-key",
        PUBLIC_RPC_URL: "https://rpc.entrada.example/base",
        EXPLORER_URL: "https://explorer.entrada.example",
      },
      8453,
    );
    const response = await clientConfig(configured);
    expect(response.json().chain).toMatchObject({
      name: "Base",
      rpcUrl: "https://rpc.entrada.example/base",
      explorerUrl: "https://explorer.entrada.example",
    });
    expect(response.body).not.toContain("secret-api-key");
  });

  test("the CSP lets the app connect to the public RPC, over http and WebSocket", async () => {
    const local = await clientConfig(await appWith());
    const csp = local.headers["content-security-policy"] as string;
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:8545 ws://127.0.0.1:8545;");
    // Served over plain http (ENTRADA_PUBLIC_URL of the tests): no upgrade, or every request would fail.
    expect(csp).not.toContain("upgrade-insecure-requests");
    const base = await clientConfig(
      await appWith({ ...liveKeys, CHAIN_ID: "8453", ENTRADA_PUBLIC_URL: "https://entrada.example" }, 8453),
    );
    expect(base.headers["content-security-policy"]).toContain(
      "connect-src 'self' https://mainnet.base.org wss://mainnet.base.org;",
    );
    expect(base.headers["content-security-policy"]).toContain("upgrade-insecure-requests");
  });
});

describe("the local chain's JSON-RPC server", () => {
  // The browser calls the chain's own URL (client-config's rpcUrl), from the app's origin: that works
  // only because Hardhat's server answers CORS. Were it not so, the API would need a same-origin proxy.
  test("answers a browser's CORS preflight and its cross-origin calls", async () => {
    const server = await startLocalChainServer({ host: "127.0.0.1", port: 0 });
    try {
      const origin = "http://127.0.0.1:3000";
      const preflight = await fetch(server.url, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      });
      expect(preflight.ok).toBe(true);
      expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
      // `*` covers `content-type: application/json`; POST, a CORS-safelisted method, needs no mention.
      expect(preflight.headers.get("access-control-allow-headers")).toBe("*");

      const call = await fetch(server.url, {
        method: "POST",
        headers: { origin, "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      expect(call.headers.get("access-control-allow-origin")).toBe("*");
      expect(await call.json()).toEqual({ jsonrpc: "2.0", id: 1, result: "0x7a69" });
    } finally {
      await server.close();
    }
  });
});
