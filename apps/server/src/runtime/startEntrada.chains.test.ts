import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoAccounts, devAccount, escrowDomain, quoteTypes } from "@entrada/contracts";
import pino from "pino";
import { type Address, type Chain, erc20Abi, type Hex, hashTypedData, type PublicClient, type Transport } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../config.ts";
import { testAnswers, testApplicant } from "../testing/applicationSteps.ts";
import { type Entrada, startEntrada } from "./startEntrada.ts";
import { devLogin, type SignedInUser, signInWithWallet } from "./testing/createHttpClient.ts";
import { waitFor } from "./testing/waitFor.ts";

// Two local chains (31337 and 1337) in one Entrada: one application paid on each, both approved and
// released on their own chain, each escrow emptied to the unit.

type TypedDataJson = {
  domain: { name: string; version: string; chainId: number; verifyingContract: Address };
  types: Record<string, { name: string; type: string }[]>;
  primaryType: string;
  message: Record<string, string>;
};

const gbEtaPayout = devAccount(demoAccounts.authority(2).payout).address;

describe("one Entrada serving two local chains", () => {
  let dataDir: string;
  let entrada: Entrada;
  let officer: SignedInUser;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "entrada-chains-"));
    entrada = await startEntrada({
      config: loadConfig({
        NODE_ENV: "development",
        HOST: "127.0.0.1",
        PORT: "0",
        ENTRADA_DATA_DIR: dataDir,
        CHAIN_RPC_URL: "http://127.0.0.1:0",
        ENTRADA_CHAINS: "2",
        RATE_LIMIT_MAX: "100000",
      }),
      embeddedChain: true,
      intervals: { indexer: 50, relayer: 200, webhooks: 100, expiry: 60_000 },
      logger: pino({ level: "silent" }),
    });
    officer = await devLogin(entrada.url, { role: "officer", authorityId: "gb-eta" });
  });

  afterAll(async () => {
    await entrada?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test("pays one application on each chain and settles each on its own chain", async () => {
    expect(entrada.otherChains.map((other) => other.deployment.chainId)).toEqual([1337]);
    // Health names every chain served, each with its own indexer loop.
    const health = (await (await fetch(`${entrada.url}/api/v1/health/ready`)).json()) as {
      chainIds: number[];
      loops: { name: string }[];
    };
    expect(health.chainIds).toEqual([31337, 1337]);
    expect(health.loops.map((loop) => loop.name)).toEqual(expect.arrayContaining(["indexer:31337", "indexer:1337"]));
    const chains = [
      { chainId: 31337, client: entrada.client, deployment: entrada.deployment },
      { chainId: 1337, client: entrada.otherChains[0]!.client, deployment: entrada.otherChains[0]!.deployment },
    ];
    const usdcOf = (client: PublicClient<Transport, Chain>, token: Address, owner: Address) =>
      client.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [owner] });

    for (const [k, { chainId, client, deployment }] of chains.entries()) {
      const account = devAccount(demoAccounts.firstWallet + k);
      const traveller = await signInWithWallet(entrada.url, account);
      const created = await traveller.client.post<{ id: string }>("/api/v1/applications", {
        productId: "gb-eta",
        applicant: testApplicant,
        answers: { ...testAnswers, email: `two-chains-${k}@example.org` },
      });
      expect(created.status, created.text).toBe(201);
      const id = created.body.id;
      expect((await traveller.client.post(`/api/v1/applications/${id}/submit`)).status).toBe(200);
      const quoted = await traveller.client.post<{
        digest: Hex;
        tokenAddress: string;
        total: { amount: string };
        platformFee: { amount: string };
      }>(`/api/v1/applications/${id}/quote`, { token: "USDC", chainId });
      expect(quoted.status, quoted.text).toBe(201);
      expect(quoted.body.tokenAddress).toBe(deployment.tokens.USDC.toLowerCase());
      const total = BigInt(quoted.body.total.amount);
      const platformFee = BigInt(quoted.body.platformFee.amount);

      const instructions = await traveller.client.get<{
        chainId: number;
        escrow: Address;
        authorization: { typedData: TypedDataJson } | null;
      }>(`/api/v1/applications/${id}/payment`);
      expect(instructions.status, instructions.text).toBe(200);
      expect(instructions.body).toMatchObject({ chainId, escrow: deployment.escrow });
      const typedData = instructions.body.authorization!.typedData;
      expect(typedData.domain.chainId).toBe(chainId);
      const m = typedData.message;
      const signature = await account.signTypedData({
        domain: typedData.domain,
        types: typedData.types,
        primaryType: "ReceiveWithAuthorization",
        message: {
          ...m,
          value: BigInt(m.value!),
          validAfter: BigInt(m.validAfter!),
          validBefore: BigInt(m.validBefore!),
        },
      });
      const travellerBefore = await usdcOf(client, deployment.tokens.USDC, account.address);
      const payoutBefore = await usdcOf(client, deployment.tokens.USDC, gbEtaPayout);
      const escrowBefore = await usdcOf(client, deployment.tokens.USDC, deployment.escrow);
      const relayed = await traveller.client.post(`/api/v1/applications/${id}/payment/authorization`, { signature });
      expect(relayed.status, relayed.text).toBe(202);
      const stateOf = async () =>
        (await traveller.client.get<{ state: string }>(`/api/v1/applications/${id}`)).body.state;
      await waitFor(async () => (await stateOf()) === "paid", { what: `the payment on chain ${chainId}` });
      expect(await usdcOf(client, deployment.tokens.USDC, account.address)).toBe(travellerBefore - total);
      expect(await usdcOf(client, deployment.tokens.USDC, deployment.escrow)).toBe(escrowBefore + total);

      const approved = await officer.client.post<{ settlement: { status: string } }>(
        `/api/v1/officer/applications/${id}/approve`,
        {},
      );
      expect(approved.status, approved.text).toBe(200);
      await waitFor(async () => (await stateOf()) === "issued", { what: `the release on chain ${chainId}` });
      // Released on its own chain: the authority gets the total less the platform fee, the escrow
      // keeps only the fee.
      expect(await usdcOf(client, deployment.tokens.USDC, gbEtaPayout)).toBe(payoutBefore + total - platformFee);
      expect(await usdcOf(client, deployment.tokens.USDC, deployment.escrow)).toBe(escrowBefore + platformFee);
    }
  });

  test("a quote names its chain: signed over that chain's escrow domain, so the other chain's escrow refuses it", () => {
    const [first, second] = [entrada.deployment, entrada.otherChains[0]!.deployment];
    const message = {
      applicationId: `0x${"11".repeat(32)}` as Hex,
      authorityId: `0x${"22".repeat(32)}` as Hex,
      token: first.tokens.USDC,
      payer: devAccount(30).address,
      amount: 1n,
      platformFee: 0n,
      decisionDeadline: 2n,
      expiresAt: 1n,
    } as const;
    const digest = (chainId: number, escrow: Address) =>
      hashTypedData({ domain: escrowDomain(chainId, escrow), types: quoteTypes, primaryType: "Quote", message });
    // Same escrow address on both chains (the same deployer and nonces), different chain ids: the
    // digests differ, so a signature for one verifies on neither the other's escrow.
    expect(second.escrow).toBe(first.escrow);
    expect(digest(31337, first.escrow)).not.toBe(digest(1337, second.escrow));
  });

  test("a quote on a chain not served is refused with a named error", async () => {
    const traveller = await signInWithWallet(entrada.url, devAccount(demoAccounts.firstWallet + 2));
    const created = await traveller.client.post<{ id: string }>("/api/v1/applications", {
      productId: "gb-eta",
      applicant: testApplicant,
      answers: { ...testAnswers, email: "two-chains-x@example.org" },
    });
    const id = created.body.id;
    await traveller.client.post(`/api/v1/applications/${id}/submit`);
    const refused = await traveller.client.post<{ error: { code: string } }>(`/api/v1/applications/${id}/quote`, {
      token: "USDC",
      chainId: 8453,
    });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.error.code).toBe("ENTRADA_CHAIN_NOT_SERVED");
  });
});
