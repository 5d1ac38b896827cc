import { type AddressInfo, connect, createServer } from "node:net";
import { createLocalChain, devAccount, type LocalChain } from "@entrada/contracts";
import { relayerTransactions } from "@entrada/db";
import { createTestDatabases, resetDatabase, type TestDatabase } from "@entrada/db/testing";
import { type Hex, parseEther, recoverMessageAddress, recoverTypedDataAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { RemoteSignerRefusedError, RemoteSignerUnavailableError } from "../errors.ts";
import { createRelayer } from "../relayer/createRelayer.ts";
import { type StandInSigner, startStandInSigner } from "../testing/startStandInSigner.ts";
import { createLocalSigner } from "./createLocalSigner.ts";
import { createRemoteSigner } from "./createRemoteSigner.ts";

const token = "stand-in-bearer-token-0123456789abcdef";
const privateKey = generatePrivateKey();
const local = privateKeyToAccount(privateKey);
let signer: StandInSigner;
const started: StandInSigner[] = [];

beforeAll(async () => {
  signer = await startStandInSigner({ privateKey, bearerToken: token });
});
afterAll(async () => {
  await signer.close();
  await Promise.all(started.map((s) => s.close()));
});

/** A stand-in with its own behaviour, closed after the file. */
async function standIn(parameters: Partial<Parameters<typeof startStandInSigner>[0]>): Promise<StandInSigner> {
  const s = await startStandInSigner({ privateKey, bearerToken: token, ...parameters });
  started.push(s);
  return s;
}

// A quote-shaped EIP-712 message: the quote signer's use.
const typedData = {
  domain: { name: "Entrada VisaFeeEscrow", version: "1", chainId: 84532, verifyingContract: devAccount(9).address },
  types: {
    Quote: [
      { name: "applicationId", type: "bytes32" },
      { name: "amount", type: "uint256" },
      { name: "expiresAt", type: "uint64" },
      { name: "payer", type: "address" },
    ],
  },
  primaryType: "Quote",
  message: {
    applicationId: `0x${"ab".repeat(32)}`,
    amount: 16_250_000n,
    expiresAt: 1_767_226_500n,
    payer: devAccount(20).address,
  },
} as const;

describe("createRemoteSigner against a stand-in signer", () => {
  test("signs typed data and messages exactly as the key itself would", async () => {
    const remote = createRemoteSigner({ url: signer.url, address: signer.address, bearerToken: token });
    await remote.verify();
    const typed = await remote.signTypedData(typedData);
    expect(typed).toBe(await local.signTypedData(typedData));
    expect(await recoverTypedDataAddress({ ...typedData, signature: typed })).toBe(local.address);
    const message = await remote.signMessage({ message: "entrada.example wants you to sign in" });
    expect(await recoverMessageAddress({ message: "entrada.example wants you to sign in", signature: message })).toBe(
      local.address,
    );
    expect(await remote.signMessage({ message: { raw: "0xdeadbeef" } })).toBe(
      await local.signMessage({ message: { raw: "0xdeadbeef" } }),
    );
    expect(remote.address).toBe(local.address);
    expect(remote.source).toBe("remote");
  });

  test("a wrong bearer token is refused, and no signature is made", async () => {
    const remote = createRemoteSigner({ url: signer.url, address: signer.address, bearerToken: "wrong" });
    const error = await remote.signTypedData(typedData).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteSignerRefusedError);
    expect(error).toMatchObject({
      code: "ENTRADA_REMOTE_SIGNER_REFUSED",
      details: { reason: "unauthorized", status: 401 },
    });
    // The token is nowhere in what a log would print.
    expect(JSON.stringify(error)).not.toContain(token);
  });

  test("a signer that holds another key is found out by verify(), and refuses to sign for it", async () => {
    const other = createRemoteSigner({ url: signer.url, address: devAccount(7).address, bearerToken: token });
    await expect(other.verify()).rejects.toMatchObject({
      code: "ENTRADA_REMOTE_SIGNER_MISMATCH",
      details: { reason: "address_not_served" },
    });
    // The stand-in refuses to sign for an account it does not hold: a JSON-RPC error.
    await expect(other.signTypedData(typedData)).rejects.toMatchObject({
      code: "ENTRADA_REMOTE_SIGNER_REFUSED",
      details: { reason: "rpc_error" },
    });
  });

  test("a signature made with another key is refused as a mismatch", async () => {
    const stranger = privateKeyToAccount(generatePrivateKey());
    const swapping = await standIn({
      tamper: (method, result) => (method === "eth_signTypedData" ? stranger.signTypedData(typedData) : result),
    });
    const remote = createRemoteSigner({ url: swapping.url, address: local.address, bearerToken: token });
    await expect(remote.signTypedData(typedData)).rejects.toMatchObject({
      code: "ENTRADA_REMOTE_SIGNER_MISMATCH",
      details: { reason: "wrong_signer" },
    });
    const garbling = await standIn({ tamper: (method, result) => (method === "eth_sign" ? "0x1234" : result) });
    await expect(
      createRemoteSigner({ url: garbling.url, address: local.address, bearerToken: token }).signMessage({
        message: "x",
      }),
    ).rejects.toMatchObject({ details: { reason: "malformed" } });
  });

  test("a signed transaction that is not the one asked for is never returned", async () => {
    const request = {
      chainId: 84532,
      type: "eip1559" as const,
      nonce: 3,
      to: devAccount(12).address,
      value: 0n,
      data: "0x1234" as Hex,
      gas: 90_000n,
      maxFeePerGas: 2_000_000_000n,
      maxPriorityFeePerGas: 1_000_000n,
    };
    // The key signs a transaction to another recipient: a valid signature, but not our transaction.
    const redirecting = await standIn({
      tamper: (method, result) =>
        method === "eth_signTransaction" ? local.signTransaction({ ...request, to: devAccount(13).address }) : result,
    });
    await expect(
      createRemoteSigner({ url: redirecting.url, address: local.address, bearerToken: token }).signTransaction(request),
    ).rejects.toMatchObject({ code: "ENTRADA_REMOTE_SIGNER_MISMATCH", details: { reason: "transaction_altered" } });
    // The honest signer returns exactly the transaction a local key signs.
    const honest = createRemoteSigner({ url: signer.url, address: local.address, bearerToken: token });
    expect(await honest.signTransaction(request)).toBe(await local.signTransaction(request));
  });

  test("a signer that does not answer in time is unavailable (retryable); one that is down is too", async () => {
    const slow = await standIn({ delayMs: 1_000 });
    const remote = createRemoteSigner({ url: slow.url, address: local.address, bearerToken: token, timeoutMs: 100 });
    const error = await remote.signMessage({ message: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteSignerUnavailableError);
    expect(error).toMatchObject({ details: { reason: "timeout" }, retryable: true });
    const down = await standIn({});
    await down.close();
    started.splice(started.indexOf(down), 1);
    await expect(
      createRemoteSigner({ url: down.url, address: local.address, bearerToken: token }).signMessage({ message: "x" }),
    ).rejects.toMatchObject({ code: "ENTRADA_REMOTE_SIGNER_UNAVAILABLE", details: { reason: "network" } });
  });
});

test("a connection dropped under a call (an idle keep-alive closed by the signer) is retried once, on a new one", async () => {
  // In front of the stand-in: the first connection is reset as soon as the request arrives, as a
  // signer's idle socket is when it closes at the moment the call is sent; later ones pass through.
  let connections = 0;
  const front = createServer((socket) => {
    connections += 1;
    if (connections === 1) {
      socket.once("data", () => socket.resetAndDestroy());
      return;
    }
    const back = connect(Number(new URL(signer.url).port), "127.0.0.1");
    socket.pipe(back).pipe(socket);
    back.on("error", () => socket.destroy());
    socket.on("error", () => back.destroy());
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = front.address() as AddressInfo;
    const url = new URL(signer.url);
    url.port = String(port);
    const remote = createRemoteSigner({ url: url.toString(), address: local.address, bearerToken: token });
    expect(await remote.signMessage({ message: "x" })).toBe(await local.signMessage({ message: "x" }));
    expect(connections).toBe(2);
    // A signer that resets every connection is still unavailable after the one retry.
    connections = 0;
    const resetting = createServer((socket) => {
      connections += 1;
      socket.once("data", () => socket.resetAndDestroy());
    });
    await new Promise<void>((resolve) => resetting.listen(0, "127.0.0.1", resolve));
    url.port = String((resetting.address() as AddressInfo).port);
    await expect(
      createRemoteSigner({ url: url.toString(), address: local.address, bearerToken: token }).signMessage({
        message: "x",
      }),
    ).rejects.toMatchObject({ code: "ENTRADA_REMOTE_SIGNER_UNAVAILABLE", details: { reason: "network" } });
    expect(connections).toBe(2);
    await new Promise((resolve) => resetting.close(resolve));
  } finally {
    await new Promise((resolve) => front.close(resolve));
  }
});

describe.each(createTestDatabases())("the relayer signing through a remote signer, on $name", ({ open }) => {
  let database: TestDatabase;
  let chain: LocalChain;
  let snapshot: Hex;
  beforeAll(async () => {
    database = await open();
    chain = await createLocalChain();
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    snapshot = await chain.snapshot();
    await resetDatabase(database.db);
  });
  afterEach(() => chain.revert(snapshot));

  test("sends a transaction the chain accepts from the remote key, recorded as any other", async () => {
    const remote = createRemoteSigner({ url: signer.url, address: signer.address, bearerToken: token });
    // Gas money for the remote key, as an operator funds a relayer.
    const funder = chain.wallet(devAccount(0));
    await chain.publicClient.waitForTransactionReceipt({
      hash: await funder.sendTransaction({ to: remote.address, value: parseEther("1") }),
    });
    const relayer = createRelayer({
      db: database.db,
      client: chain.publicClient,
      account: remote,
      chainId: 31337,
      bumpAfterMs: 30_000,
    });
    const recipient = devAccount(30).address;
    const before = await chain.publicClient.getBalance({ address: recipient });
    signer.calls.length = 0;
    const sent = await relayer.send({ key: "remote-1", to: recipient, data: "0x", value: 12_345n });
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash: sent.hash as Hex });
    expect(receipt.from).toBe(remote.address.toLowerCase());
    expect((await chain.publicClient.getBalance({ address: recipient })) - before).toBe(12_345n);
    expect(signer.calls).toEqual(["eth_signTransaction"]);
    const [row] = await database.db.select().from(relayerTransactions);
    expect(row).toMatchObject({ key: "remote-1", from: remote.address.toLowerCase() });
  });

  test("a local signer is the same key in this process", () => {
    expect(createLocalSigner({ privateKey }).address).toBe(local.address);
  });
});
