import { createIndexer, type IndexedEscrowEvent } from "@entrada/chain";
import { VisaFeeEscrow } from "@entrada/contracts";
import { createEscrowFixture, type EscrowFixture } from "@entrada/contracts/testing";
import { applications, payments } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { eq } from "drizzle-orm";
import { type Address, getAddress, type HDAccount, type Hex, parseAbiItem } from "viem";
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

  /** Pays as a wallet does with the API's `pay` instructions: the token's approve, then the escrow's pay. */
  async function payWithCalldata(applicationId: string): Promise<void> {
    const instructions = (
      await t.app.inject({
        method: "GET",
        url: `/api/v1/applications/${applicationId}/payment`,
        headers: payer.headers,
      })
    ).json();
    const wallet = fixture.chain.wallet(payer.account as HDAccount);
    for (const call of [instructions.pay.approve, instructions.pay.pay]) {
      const hash = await wallet.sendTransaction({ to: call.to, data: call.data });
      expect((await fixture.chain.publicClient.waitForTransactionReceipt({ hash })).status).toBe("success");
    }
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
    const balance = await fixture.balanceOf(fixture.tokens.USDT, payer.account.address);
    const from = (await fixture.chain.publicClient.getBlockNumber()) + 1n;
    await payWithCalldata(application.id);
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
    await payWithCalldata(application.id);
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

  test("the reconciliation CSV of a release and a refund has the amounts of the token transfers on the chain, byte for byte again", async () => {
    // The real indexer this time: the CSV reads what it stores (chain_events, with the block's time).
    const startBlock = (await fixture.chain.publicClient.getBlockNumber()) + 1n;
    const indexer = createIndexer({
      db: database.db,
      client: fixture.chain.publicClient,
      chainId: 31337,
      escrow: fixture.escrow,
      startBlock,
      confirmations: 1,
      handler,
    });
    const sync = async () => {
      while ((await indexer.syncOnce()).type !== "idle");
    };
    const paidWith = async (token: "USDC" | "USDT") => {
      const { application } = await createQuoted(t.app, payer, token);
      await payWithCalldata(application.id);
      await sync();
      return application;
    };
    const released = await paidWith("USDC");
    await decide(released.id, "approve");
    const refunded = await paidWith("USDT");
    await decide(refunded.id, "reject");
    await sync();
    expect([await stateOf(released.id), await stateOf(refunded.id)]).toEqual(["issued", "refunded"]);

    const day = new Date(Number(await fixture.now()) * 1000).toISOString().slice(0, 10);
    const url = `/api/v1/officer/reconciliation.csv?from=${day}&to=${day}`;
    const response = await t.app.inject({ method: "GET", url, headers: officer.headers });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers["content-disposition"]).toBe(
      `attachment; filename="entrada-reconciliation-gb-eta-${day}-${day}.csv"`,
    );
    const [header, ...lines] = response.body.split("\r\n").filter((line) => line !== "");
    expect(header).toBe(
      "settled_at,application_id,reference,kind,event,chain_id,token_symbol,token_address,amount,amount_minor,platform_fee,platform_fee_minor,tx_hash,block_number,log_index",
    );
    const rows = lines.map((line) =>
      Object.fromEntries(header!.split(",").map((name, i) => [name, line.split(",")[i]!])),
    );
    const ours = rows.filter((row) => row.application_id === released.id || row.application_id === refunded.id);
    expect(ours.map((row) => [row.application_id, row.kind, row.token_symbol])).toEqual([
      [released.id, "released", "USDC"],
      [refunded.id, "refunded", "USDT"],
    ]);

    // Each row against the chain: the token's Transfer logs out of the escrow in that transaction.
    const transfer = parseAbiItem("event Transfer(address indexed from, address indexed to, uint256 value)");
    for (const row of ours) {
      const receipt = await fixture.chain.publicClient.getTransactionReceipt({ hash: row.tx_hash as Hex });
      const logs = await fixture.chain.publicClient.getLogs({
        address: row.token_address as Address,
        event: transfer,
        args: { from: fixture.escrow },
        blockHash: receipt.blockHash,
      });
      const moved = logs
        .filter((log) => log.transactionHash === row.tx_hash)
        .reduce((sum, log) => sum + log.args.value!, 0n);
      expect(moved).toBeGreaterThan(0n);
      expect(BigInt(row.amount_minor!)).toBe(moved);
      // The decimal is the same amount with the token's six decimals.
      expect(row.amount).toBe(`${moved / 1_000_000n}.${(moved % 1_000_000n).toString().padStart(6, "0")}`);
      expect(BigInt(row.block_number!)).toBe(receipt.blockNumber);
      const block = await fixture.chain.publicClient.getBlock({ blockNumber: receipt.blockNumber });
      expect(row.settled_at).toBe(new Date(Number(block.timestamp) * 1000).toISOString());
    }
    // The release kept the platform fee for the treasury; the refund kept nothing.
    expect(BigInt(ours[0]!.platform_fee_minor!)).toBeGreaterThan(0n);
    expect(ours[1]!.platform_fee_minor).toBe("");

    const again = await t.app.inject({ method: "GET", url, headers: officer.headers });
    expect(again.rawPayload.equals(response.rawPayload)).toBe(true);
    // Another authority's officers get their own authority's settlements, none of these; a traveller nothing.
    const thaiOfficer = await signIn(t.app);
    await grantRole(database.db, thaiOfficer.id, "officer", { authorityId: "th-evisa" });
    const theirs = await t.app.inject({ method: "GET", url, headers: thaiOfficer.headers });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.headers["content-disposition"]).toContain("entrada-reconciliation-th-evisa-");
    for (const id of [released.id, refunded.id]) expect(theirs.body).not.toContain(id);
    expect((await t.app.inject({ method: "GET", url, headers: payer.headers })).statusCode).toBe(403);
    const backwards = await t.app.inject({
      method: "GET",
      url: `/api/v1/officer/reconciliation.csv?from=${day}&to=2000-01-01`,
      headers: officer.headers,
    });
    expect(backwards.statusCode).toBe(400);
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
