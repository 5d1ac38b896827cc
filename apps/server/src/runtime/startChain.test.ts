import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createLocalChain,
  deployDemo,
  type LocalChain,
  type LocalChainServer,
  readDeployment,
  startLocalChainServer,
  writeDeployment,
} from "@entrada/contracts";
import { applicationEvents, quotes, users } from "@entrada/db";
import { asc, eq } from "drizzle-orm";
import pino from "pino";
import { erc20Abi } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkEscrowHolds } from "../chain/checkEscrowHolds.ts";
import { loadConfig } from "../config.ts";
import { startChain } from "./startChain.ts";
import { startEntrada } from "./startEntrada.ts";
import { createFollowingClock } from "./testing/createFollowingClock.ts";
import { createHttpClient, signInWithWallet } from "./testing/createHttpClient.ts";
import { applyForUkEta, payGaslessly, quoteInUsdc } from "./testing/payGaslessly.ts";
import { waitFor } from "./testing/waitFor.ts";

// `npm run chain` then `npm start` with ENTRADA_EMBEDDED_CHAIN=false: a local node of its own (here
// Hardhat's EDR of this process, served over JSON-RPC as contracts/scripts/node.ts serves it), and
// Entrada reaching it only through its URL.
describe("startChain and startEntrada against an external local node", () => {
  let server: LocalChainServer;
  let chain: LocalChain;
  let dataDir: string;
  const logger = pino({ level: "silent" });

  /** What a fresh `npm run chain` does: an empty chain, the demo deployed, the deployments file written. */
  async function restartNode(): Promise<void> {
    await chain.provider.request({ method: "hardhat_reset", params: [] } as never);
    await writeDeployment(dataDir, await deployDemo(chain));
  }

  const configFor = (env: Record<string, string> = {}) =>
    loadConfig({
      NODE_ENV: "development",
      HOST: "127.0.0.1",
      PORT: "0",
      ENTRADA_DATA_DIR: dataDir,
      CHAIN_RPC_URL: server.url,
      CHAIN_CONFIRMATIONS: "1",
      RATE_LIMIT_MAX: "100000",
      ...env,
    });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "entrada-node-"));
    server = await startLocalChainServer({ host: "127.0.0.1", port: 0 });
    chain = await createLocalChain();
  });
  afterAll(async () => {
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test("a named node is not embedded: CHAIN_RPC_URL alone says so", () => {
    expect(configFor().chain.embedded).toBe(false);
  });

  test("deploys the demo onto a node without Entrada, then uses that deployment", async () => {
    await chain.provider.request({ method: "hardhat_reset", params: [] } as never);
    const first = await startChain({ config: configFor(), embedded: false, logger });
    expect(first.fresh).toBe(true);
    expect(first.chainUrl).toBe(server.url);
    expect(await chain.publicClient.getCode({ address: first.deployment.escrow })).toMatch(/^0x[0-9a-f]{100,}/);
    expect(await readDeployment(dataDir, 31337)).toEqual(first.deployment);

    const second = await startChain({ config: configFor(), embedded: false, logger });
    expect(second.fresh).toBe(false);
    expect(second.deployment).toEqual(first.deployment);
    expect(second.tokenOwner?.account.address).toBe(first.tokenOwner?.account.address);
  });

  test("refuses an ESCROW_ADDRESS with no contract, and a node of another chain", async () => {
    const nowhere = privateKeyToAccount(generatePrivateKey()).address;
    await expect(
      startChain({ config: configFor({ ESCROW_ADDRESS: nowhere }), embedded: false, logger }),
    ).rejects.toThrow(`No contract at ESCROW_ADDRESS ${nowhere} on the local node at ${server.url}`);
    const base = configFor({
      CHAIN_ID: "8453",
      QUOTE_SIGNER_KEY: `0x${"ab".repeat(32)}`,
      RELAYER_KEY: `0x${"cd".repeat(32)}`,
    });
    await expect(startChain({ config: base, embedded: false, logger })).rejects.toThrow(
      "CHAIN_ID is 8453 but the node at http://127.0.0.1:",
    );
  });

  test("pays on the node end to end, and returns the payment when the node starts afresh", async () => {
    await restartNode();
    const clock = createFollowingClock();
    clock.catchUp(new Date(Number((await chain.publicClient.getBlock()).timestamp) * 1000));
    const config = configFor();
    let entrada = await startEntrada({
      config,
      logger,
      clock,
      intervals: { indexer: 50, relayer: 200, webhooks: 200, expiry: 60_000 },
    });
    try {
      expect(entrada.chainUrl).toBe(server.url);
      expect(entrada.deployment).toEqual(await readDeployment(dataDir, 31337));

      // A wallet of nobody's: the faucet funds it on the node.
      const account = privateKeyToAccount(generatePrivateKey());
      const traveller = await signInWithWallet(entrada.url, account);
      await entrada.database.db.update(users).set({ email: "node@example.org" }).where(eq(users.id, traveller.id));
      const drip = await traveller.client.post<{ balances: { USDC: string } }>("/api/v1/dev/faucet", {
        address: account.address,
      });
      expect(drip.status, drip.text).toBe(200);
      expect(drip.body.balances.USDC).toBe("1000000000");

      const id = await applyForUkEta(traveller.client);
      const quote = await quoteInUsdc(traveller.client, id);
      const blockBefore = await chain.publicClient.getBlockNumber();
      const { response } = await payGaslessly(traveller.client, account, id);
      expect(response.status, response.text).toBe(202);
      // The node automines one block for the payment and nothing after it: one confirmation is enough.
      await waitFor(
        async () => (await traveller.client.get<{ state: string }>(`/api/v1/applications/${id}`)).body.state === "paid",
        { what: "the payment to be confirmed from its own block" },
      );
      expect(await chain.publicClient.getBlockNumber()).toBe(blockBefore + 1n);
      const onChain = await checkEscrowHolds({
        client: chain.publicClient,
        escrow: entrada.deployment.escrow,
        applicationId: quote.escrowQuote.applicationId as `0x${string}`,
        digest: quote.digest,
      });
      expect(onChain).toMatchObject({ holds: true, status: "open" });
      const escrowBalance = await chain.publicClient.readContract({
        address: entrada.deployment.tokens.USDC,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [entrada.deployment.escrow],
      });
      expect(escrowBalance).toBe(BigInt(quote.total.amount));

      // The server restarts; the node kept its chain: nothing is reconciled.
      await entrada.close();
      entrada = await startEntrada({ config, logger, clock, intervals: { indexer: 50, expiry: 60_000 } });
      // PORT 0: another port this time; the session is in the database.
      const again = createHttpClient(entrada.url, { cookie: traveller.cookie });
      expect((await again.get<{ state: string }>(`/api/v1/applications/${id}`)).body.state).toBe("paid");

      // The node starts afresh under the server (`npm run chain` again: the same addresses, an empty
      // escrow) and the server restarts: the payment is gone, and so is the claim that it was made.
      await entrada.close();
      await restartNode();
      entrada = await startEntrada({ config, logger, clock, intervals: { indexer: 50, expiry: 60_000 } });
      expect(entrada.deployment.escrow).toBe((await readDeployment(dataDir, 31337))!.escrow);
      const after = await entrada.database.db
        .select({ to: applicationEvents.toState, event: applicationEvents.event })
        .from(applicationEvents)
        .where(eq(applicationEvents.applicationId, id))
        .orderBy(asc(applicationEvents.id));
      expect(after.at(-1)).toEqual({ to: "submitted", event: "chain_reset" });
      const [voided] = await entrada.database.db.select().from(quotes).where(eq(quotes.id, quote.id));
      expect(voided?.status).toBe("void");
    } finally {
      await entrada.close();
    }
  });
});
