import { VisaFeeEscrow } from "@entrada/contracts";
import { createEscrowFixture, type EscrowFixture } from "@entrada/contracts/testing";
import { relayerTransactions } from "@entrada/db";
import { createTestDatabases, resetDatabase, type TestDatabase } from "@entrada/db/testing";
import { asc } from "drizzle-orm";
import { encodeFunctionData, type Hex } from "viem";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRelayer, type Relayer } from "./createRelayer.ts";

// A reorganisation deeper than the confirmation depth takes a mined payment off the chain: the
// indexer rolls the payment back and the application waits to be paid again, under the same quote.
// Nobody else will send it — the relayer's record said "mined", and a client's retry gets that
// record back — so the relayer must notice and send it again (found by the fault suite, bench/src/faults).

let f: EscrowFixture;
beforeAll(async () => {
  f = await createEscrowFixture();
});

const bumpAfterMs = 30_000;

describe.each(createTestDatabases())("createRelayer after a reorganisation, on $name", ({ open }) => {
  let database: TestDatabase;
  let snapshot: Hex;
  let now: number;
  const clock = () => new Date(now);

  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    snapshot = await f.chain.snapshot();
    await resetDatabase(database.db);
    now = Date.UTC(2026, 0, 1);
  });
  afterEach(async () => {
    await f.chain.revert(snapshot);
  });

  function relayer(): Relayer {
    return createRelayer({
      db: database.db,
      client: f.chain.publicClient,
      account: f.accounts.relayer,
      chainId: 31337,
      clock,
      bumpAfterMs,
    });
  }

  /** `payWithAuthorization` calldata for a fresh quote of payer `index`. */
  async function gaslessPayment(index: number): Promise<{ applicationId: Hex; digest: Hex; data: Hex }> {
    const payer = f.accounts.payers[index]!;
    const quote = await f.makeQuote({ payer: payer.address });
    const { v, r, s } = await f.signAuthorization(quote, payer);
    const data = encodeFunctionData({
      abi: VisaFeeEscrow.abi,
      functionName: "payWithAuthorization",
      args: [quote, await f.signQuote(quote), v, r, s],
    });
    return { applicationId: quote.applicationId, digest: await f.quoteDigest(quote), data };
  }

  const escrowStatus = (applicationId: Hex) =>
    f.chain.publicClient.readContract({
      address: f.escrow,
      abi: VisaFeeEscrow.abi,
      functionName: "escrowStatus",
      args: [applicationId],
    });
  const rows = () => database.db.select().from(relayerTransactions).orderBy(asc(relayerTransactions.nonce));

  it("sends a mined payment again when a reorganisation removed it, and keeps its nonce from new sends", async () => {
    const r = relayer();
    const fork = await f.chain.snapshot();
    const first = await gaslessPayment(0);
    const sent = await r.send({ key: first.digest, to: f.escrow, data: first.data });
    now += 1_000;
    expect(await r.tick()).toMatchObject({ mined: 1, reorged: 0 });
    await f.chain.testClient.mine({ blocks: 3 });
    expect(await escrowStatus(first.applicationId)).toBe(1);

    // Another history from the fork, longer than the first one and without the payment.
    await f.chain.revert(fork);
    await f.chain.testClient.mine({ blocks: 6 });
    expect(await escrowStatus(first.applicationId)).toBe(0);
    expect(await rows()).toMatchObject([{ key: first.digest, status: "mined", nonce: sent.nonce }]);

    // A new payment before the relayer noticed: the removed transaction keeps its nonce.
    const second = await gaslessPayment(1);
    const next = await r.send({ key: second.digest, to: f.escrow, data: second.data });
    expect(next.nonce).toBe(sent.nonce + 1);

    now += 1_000;
    const recovered = await r.tick();
    expect(recovered.reorged).toBe(1);
    // The same signed transaction, sent again: the same hash, mined on the surviving chain.
    const [again] = await rows();
    expect(again).toMatchObject({ key: first.digest, hash: sent.hash, hashes: [sent.hash] });
    expect((await f.chain.publicClient.getTransactionReceipt({ hash: sent.hash })).status).toBe("success");
    expect(await escrowStatus(first.applicationId)).toBe(1);

    // The second one waited behind the gap (an automining node refuses it); its bump sends it.
    now += bumpAfterMs + 1_000;
    await r.tick();
    now += 1_000;
    await r.tick();
    expect(await escrowStatus(second.applicationId)).toBe(1);
    expect((await rows()).map((row) => [row.key, row.status])).toEqual([
      [first.digest, "mined"],
      [second.digest, "mined"],
    ]);
    // Nothing else to take back: both nonces are used on the chain.
    expect(await r.tick()).toMatchObject({ reorged: 0, mined: 0 });
  });

  it("leaves mined transactions alone while the chain keeps them", async () => {
    const r = relayer();
    const payment = await gaslessPayment(0);
    await r.send({ key: payment.digest, to: f.escrow, data: payment.data });
    now += 1_000;
    await r.tick();
    await f.chain.testClient.mine({ blocks: 2 });
    expect(await r.tick()).toEqual({
      mined: 0,
      failed: 0,
      replaced: 0,
      bumped: 0,
      rebroadcast: 0,
      waiting: 0,
      reorged: 0,
    });
    expect(await rows()).toMatchObject([{ status: "mined" }]);
  });
});
