import type { IndexedEscrowEvent } from "@entrada/chain";
import { VisaFeeEscrow } from "@entrada/contracts";
import { createEscrowFixture, type EscrowFixture } from "@entrada/contracts/testing";
import { applications, payments } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { eq } from "drizzle-orm";
import { type Address, getAddress, type HDAccount, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Relayer } from "../chain/Relayer.ts";
import { createQuoted, type QuoteJson } from "../testing/applicationSteps.ts";
import { relayerRecord } from "../testing/createRecordingRelayer.ts";
import { createTestApp, type TestApp } from "../testing/createTestApp.ts";
import { grantRole, signIn, type TestUser } from "../testing/signIn.ts";
import { createChainEventHandler } from "./chainEventHandler.ts";

// The whole loop on the in-process chain: the API quotes and relays, the real escrow pays and
// settles, and its real logs drive the chain event handler.

let fixture: EscrowFixture;
beforeAll(async () => {
  fixture = await createEscrowFixture();
});

/** A relayer that really sends from `account`, idempotent per key, and waits for the receipt. */
function chainRelayer(account: HDAccount): Relayer {
  const sent = new Map<string, Awaited<ReturnType<Relayer["send"]>>>();
  return {
    async send(request) {
      const known = sent.get(request.key);
      if (known !== undefined) return known;
      const hash = await fixture.chain.wallet(account).sendTransaction({ to: request.to, data: request.data });
      const receipt = await fixture.chain.publicClient.waitForTransactionReceipt({ hash });
      const result = relayerRecord(request, { hash, status: receipt.status === "success" ? "mined" : "failed" });
      sent.set(request.key, result);
      return result;
    },
    async get(key) {
      return sent.get(key);
    },
  };
}

/** The escrow's logs of a block range, as the indexer hands them over. */
async function escrowLogs(fromBlock: bigint, toBlock?: bigint): Promise<IndexedEscrowEvent[]> {
  const logs = await fixture.chain.publicClient.getContractEvents({
    address: fixture.escrow,
    abi: VisaFeeEscrow.abi,
    fromBlock,
    toBlock: toBlock ?? "latest",
  });
  return logs.map(
    (log) =>
      ({
        chainId: 31337,
        blockNumber: log.blockNumber,
        blockHash: log.blockHash,
        txHash: log.transactionHash,
        logIndex: log.logIndex,
        eventName: log.eventName,
        args: log.args,
      }) as IndexedEscrowEvent,
  );
}

describe.each(createTestDatabases())("the escrow's real events on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  let payer: TestUser;
  let officer: TestUser;
  let handler: ReturnType<typeof createChainEventHandler>;
  const gbEta = () => fixture.authorities[1]!;

  beforeAll(async () => {
    database = await open();
    const deployment = { chainId: 31337, escrow: fixture.escrow, tokens: fixture.tokens };
    t = await createTestApp({
      db: database.db,
      deployment,
      relayers: {
        payments: chainRelayer(fixture.accounts.relayer),
        settlers: Object.fromEntries(
          ["th-evisa", "gb-eta", "ke-eta"].map((slug, i) => [slug, chainRelayer(fixture.authorities[i]!.settler)]),
        ),
      },
      readPermitNonce: (token, owner) =>
        fixture.chain.publicClient.readContract({
          address: token,
          abi: [
            {
              type: "function",
              name: "nonces",
              stateMutability: "view",
              inputs: [{ name: "owner", type: "address" }],
              outputs: [{ type: "uint256" }],
            },
          ] as const,
          functionName: "nonces",
          args: [owner],
        }),
    });
    // The API's clock follows the chain's, so quotes are payable there.
    t.clock.set(new Date(Number(await fixture.now()) * 1000));
    payer = await signIn(t.app, fixture.accounts.payers[database.url === undefined ? 0 : 1]!);
    officer = await signIn(t.app);
    await grantRole(database.db, officer.id, "officer", { authorityId: "gb-eta" });
    handler = createChainEventHandler({
      deployment,
      confirmations: 1,
      clock: t.clock,
      logger: { warn() {}, error() {} },
    });
  });
  afterAll(async () => {
    await t.app.close();
    await database.close();
  });

  const index = (events: IndexedEscrowEvent[]) => database.db.transaction((tx) => handler.onEvents(tx, events));
  const stateOf = async (id: string) =>
    (await database.db.select().from(applications).where(eq(applications.id, id)))[0]!.state;

  function struct(quote: QuoteJson) {
    const q = quote.escrowQuote;
    return {
      applicationId: q.applicationId as Hex,
      authorityId: q.authorityId as Hex,
      token: getAddress(q.token!),
      payer: getAddress(q.payer!),
      amount: BigInt(q.amount!),
      platformFee: BigInt(q.platformFee!),
      decisionDeadline: BigInt(q.decisionDeadline!),
      expiresAt: BigInt(q.expiresAt!),
    };
  }

  async function decide(id: string, decision: "approve" | "reject") {
    const response = await t.app.inject({
      method: "POST",
      url: `/api/v1/officer/applications/${id}/${decision}`,
      headers: officer.headers,
      payload: decision === "reject" ? { reason: "Incomplete documents" } : {},
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().settlement.status).toBe("succeeded");
  }

  test("the escrow computes the same digest the API signed", async () => {
    const { quote } = await createQuoted(t.app, payer);
    expect(await fixture.quoteDigest(struct(quote))).toBe(quote.digest);
  });

  test("gasless payment relayed by the API, indexed, approved, released, issued", async () => {
    const { application, quote } = await createQuoted(t.app, payer);
    const from = (await fixture.chain.publicClient.getBlockNumber()) + 1n;
    const instructions = (
      await t.app.inject({
        method: "GET",
        url: `/api/v1/applications/${application.id}/payment`,
        headers: payer.headers,
      })
    ).json();
    const { typedData } = instructions.authorization;
    const m = typedData.message;
    const signature = await payer.account.signTypedData!({
      domain: { ...typedData.domain, verifyingContract: typedData.domain.verifyingContract as Address },
      types: typedData.types,
      primaryType: "ReceiveWithAuthorization",
      message: { ...m, value: BigInt(m.value), validAfter: BigInt(m.validAfter), validBefore: BigInt(m.validBefore) },
    });
    const relayed = await t.app.inject({
      method: "POST",
      url: `/api/v1/applications/${application.id}/payment/authorization`,
      headers: payer.headers,
      payload: { signature },
    });
    expect(relayed.statusCode, relayed.body).toBe(202);
    expect(relayed.json().status).toBe("mined");

    const paidLogs = await escrowLogs(from);
    expect(paidLogs.map((log) => log.eventName)).toEqual(["EscrowPaid"]);
    await index(paidLogs);
    expect(await stateOf(application.id)).toBe("paid");
    const [payment] = await database.db.select().from(payments).where(eq(payments.applicationId, application.id));
    expect(payment).toMatchObject({ quoteId: quote.id, amount: struct(quote).amount, txHash: relayed.json().txHash });

    const payout = gbEta().payout.address;
    const before = await fixture.balanceOf(fixture.tokens.USDC, payout);
    const next = (await fixture.chain.publicClient.getBlockNumber()) + 1n;
    await decide(application.id, "approve");
    expect(await stateOf(application.id)).toBe("approved");
    await index(await escrowLogs(next));
    expect(await stateOf(application.id)).toBe("issued");
    const { amount, platformFee } = struct(quote);
    expect((await fixture.balanceOf(fixture.tokens.USDC, payout)) - before).toBe(amount - platformFee);
  });

  test("paid with the API's approve + pay calldata, rejected, refunded in full", async () => {
    const { application, quote } = await createQuoted(t.app, payer, "USDT");
    const instructions = (
      await t.app.inject({
        method: "GET",
        url: `/api/v1/applications/${application.id}/payment`,
        headers: payer.headers,
      })
    ).json();
    const wallet = fixture.chain.wallet(payer.account as HDAccount);
    const balance = await fixture.balanceOf(fixture.tokens.USDT, payer.account.address);
    const from = (await fixture.chain.publicClient.getBlockNumber()) + 1n;
    for (const call of [instructions.pay.approve, instructions.pay.pay]) {
      const hash = await wallet.sendTransaction({ to: call.to, data: call.data });
      expect((await fixture.chain.publicClient.waitForTransactionReceipt({ hash })).status).toBe("success");
    }
    await index(await escrowLogs(from));
    expect(await stateOf(application.id)).toBe("paid");
    expect(balance - (await fixture.balanceOf(fixture.tokens.USDT, payer.account.address))).toBe(struct(quote).amount);

    const next = (await fixture.chain.publicClient.getBlockNumber()) + 1n;
    await decide(application.id, "reject");
    await index(await escrowLogs(next));
    expect(await stateOf(application.id)).toBe("refunded");
    expect(await fixture.balanceOf(fixture.tokens.USDT, payer.account.address)).toBe(balance);
  });

  test("a payment removed by a reorg is rolled back with the logs that were indexed", async () => {
    const { application } = await createQuoted(t.app, payer);
    const snapshot = await fixture.chain.snapshot();
    const from = (await fixture.chain.publicClient.getBlockNumber()) + 1n;
    const instructions = (
      await t.app.inject({
        method: "GET",
        url: `/api/v1/applications/${application.id}/payment`,
        headers: payer.headers,
      })
    ).json();
    const wallet = fixture.chain.wallet(payer.account as HDAccount);
    for (const call of [instructions.pay.approve, instructions.pay.pay]) {
      await fixture.chain.publicClient.waitForTransactionReceipt({
        hash: await wallet.sendTransaction({ to: call.to, data: call.data }),
      });
    }
    const logs = await escrowLogs(from);
    await index(logs);
    expect(await stateOf(application.id)).toBe("paid");

    await fixture.chain.revert(snapshot);
    expect(await escrowLogs(from)).toEqual([]);
    await database.db.transaction((tx) => handler.onRollback(tx, logs));
    expect(await stateOf(application.id)).toBe("payment_pending");
    const [payment] = await database.db.select().from(payments).where(eq(payments.applicationId, application.id));
    expect(payment!.status).toBe("reorged");
  });

  test("sign-in verified through the chain client (the path contract wallets need) accepts a wallet", async () => {
    const withClient = await createTestApp({
      db: database.db,
      deployment: t.deployment,
      siweClient: fixture.chain.publicClient,
    });
    withClient.clock.set(t.clock());
    const user = await signIn(withClient.app, fixture.accounts.payers[5]!);
    const me = await withClient.app.inject({ method: "GET", url: "/api/v1/me", headers: user.headers });
    expect(me.json().walletAddress).toBe(fixture.accounts.payers[5]!.address.toLowerCase());
    await withClient.app.close();
  });
});
