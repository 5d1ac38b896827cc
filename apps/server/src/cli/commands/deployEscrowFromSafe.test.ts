import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { deploySafe, safeContractNetworks } from "@entrada/chain";
import {
  createLocalChain,
  DevPriceFeed,
  DevUSDT,
  devAccount,
  type LocalChain,
  type LocalChainServer,
  readDeployment,
  startLocalChainServer,
  VisaFeeEscrow,
} from "@entrada/contracts";
import { deploySafeSingletons, type SafeSingletons } from "@entrada/contracts/safe";
import Safe, { type Eip1193Provider } from "@safe-global/protocol-kit";
import { type Address, getAddress, type Hex, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { safeSingletonsPath } from "../applyAdminCall.ts";
import { runCli } from "../entrada.ts";

// A local chain answering as Base Sepolia (84532), as the other CLI tests use it, with Safe 1.4.1
// (CreateCall among its contracts) deployed and recorded where `entrada deploy` records it.
let standIn: LocalChain;
let server: LocalChainServer;
let dataDir: string;
let singletons: SafeSingletons;
let safe: Address;
let usdc: Address;
let usdcFeed: Address;
let usdtFeed: Address;
const ownerKeys = [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()] as const;
const owners = ownerKeys.map((key) => privateKeyToAccount(key).address);
const deployerKey = generatePrivateKey();
const quoteSignerKey = generatePrivateKey();

beforeAll(async () => {
  standIn = await createLocalChain({ chainId: 84532 });
  server = await startLocalChainServer({ host: "127.0.0.1", port: 0, chain: standIn });
  dataDir = await mkdtemp(join(tmpdir(), "entrada-cli-from-safe-"));
  const funder = standIn.wallet(devAccount(0));
  for (const to of [privateKeyToAccount(deployerKey).address, owners[2]]) {
    const hash = await funder.sendTransaction({ to, value: parseEther("10") });
    await standIn.publicClient.waitForTransactionReceipt({ hash });
  }
  singletons = await deploySafeSingletons({ publicClient: standIn.publicClient, deployer: funder });
  await mkdir(dirname(safeSingletonsPath(dataDir, 84532)), { recursive: true });
  await writeFile(safeSingletonsPath(dataDir, 84532), JSON.stringify(singletons));
  safe = await deploySafe({
    provider: server.url,
    publicClient: standIn.publicClient,
    deployer: funder,
    owners,
    threshold: 2,
    label: "entrada-deployer",
    contractNetworks: safeContractNetworks(singletons),
  });
  const deploy = async (artifact: { abi: never; bytecode: Hex }, args: readonly unknown[]) => {
    const hash = await funder.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args } as never);
    return getAddress((await standIn.publicClient.waitForTransactionReceipt({ hash })).contractAddress!);
  };
  usdc = await deploy(DevUSDT as never, [devAccount(0).address]);
  usdcFeed = await deploy(DevPriceFeed as never, [devAccount(0).address, 8, "USDC / USD", 99_990_000n]);
  usdtFeed = await deploy(DevPriceFeed as never, [devAccount(0).address, 8, "USDT / USD", 99_970_000n]);
}, 120_000);
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function cli(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    env: {
      CHAIN_ID: "84532",
      CHAIN_RPC_URL: server.url,
      ENTRADA_DATA_DIR: dataDir,
      QUOTE_SIGNER_KEY: quoteSignerKey,
      RELAYER_KEY: generatePrivateKey(),
      ...env,
    },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const deployFromSafe = () => [
  "deploy",
  "--from-safe",
  safe,
  "--token",
  `USDC=${usdc}`,
  "--feed",
  `USDC/USD=${usdcFeed}`,
  "--feed",
  `USDT/USD=${usdtFeed}`,
];

const read = (escrow: Address, functionName: string, args: readonly unknown[] = []) =>
  standIn.publicClient.readContract({ address: escrow, abi: VisaFeeEscrow.abi, functionName, args } as never);

/** The escrow's roles and settings: everything held by the Safe, nothing by the deployer. */
async function expectSafeEscrow(escrow: Address) {
  expect(await standIn.publicClient.getCode({ address: escrow })).toBeDefined();
  expect(await read(escrow, "hasRole", [await read(escrow, "DEFAULT_ADMIN_ROLE"), safe])).toBe(true);
  expect(await read(escrow, "hasRole", [await read(escrow, "GUARDIAN_ROLE"), safe])).toBe(true);
  expect(await read(escrow, "treasury")).toBe(safe);
  expect(await read(escrow, "quoteSigner")).toBe(privateKeyToAccount(quoteSignerKey).address);
  expect(await read(escrow, "isTokenAllowed", [usdc])).toBe(true);
  const deployer = privateKeyToAccount(deployerKey).address;
  expect(await read(escrow, "hasRole", [await read(escrow, "DEFAULT_ADMIN_ROLE"), deployer])).toBe(false);
}

describe("npx entrada deploy --from-safe (a 2-of-3 Safe deploys the escrow through CreateCall)", () => {
  test("refuses keys that are not the Safe's owners' or fewer than its threshold, and sends nothing", async () => {
    const kit = await Safe.init({
      provider: server.url,
      safeAddress: safe,
      contractNetworks: safeContractNetworks(singletons),
    });
    const nonce = await kit.getNonce();
    const one = await cli(deployFromSafe(), { DEPLOYER_KEY: deployerKey, SAFE_OWNER_KEYS: ownerKeys[0] });
    expect([one.code, one.err]).toEqual([3, expect.stringContaining("needs 2 owners' signatures, 1 given")]);
    const stranger = await cli(deployFromSafe(), {
      DEPLOYER_KEY: deployerKey,
      SAFE_OWNER_KEYS: `${ownerKeys[0]},${generatePrivateKey()}`,
    });
    expect([stranger.code, stranger.err]).toEqual([3, expect.stringContaining("is not an owner of the Safe")]);
    expect(stranger.err).not.toContain(ownerKeys[0].slice(2));
    const garbled = await cli(deployFromSafe(), { DEPLOYER_KEY: deployerKey, SAFE_OWNER_KEYS: "0x1234" });
    expect([garbled.code, garbled.err]).toEqual([3, expect.stringContaining("SAFE_OWNER_KEYS must be")]);
    expect(await kit.getNonce()).toBe(nonce);
    expect((await cli(["deploy", "--from-safe", safe, "--guardian-safe", owners.join(",")])).code).toBe(2);
  });

  test("without owner keys prints the Safe transaction and the escrow's address; two owners execute it there", async () => {
    const { code, out, err } = await cli(deployFromSafe());
    expect([code, err]).toEqual([0, expect.stringContaining("Nothing was sent")]);
    const proposal = JSON.parse(out);
    expect(proposal).toMatchObject({
      action: "proposed",
      chainId: 84532,
      safe,
      admin: safe,
      treasury: safe,
      transaction: { to: singletons.createCallAddress, operation: 1, value: "0" },
    });
    expect(await standIn.publicClient.getCode({ address: proposal.escrow })).toBeUndefined();
    expect(await readDeployment(dataDir, 84532)).toBeUndefined();

    // Two owners sign the very transaction printed; the third, who has gas, executes it.
    const contractNetworks = safeContractNetworks(singletons);
    const provider = standIn.provider as unknown as Eip1193Provider;
    let kit = await Safe.init({ provider, signer: ownerKeys[0], safeAddress: safe, contractNetworks });
    let transaction = await kit.createTransaction({
      transactions: [
        {
          to: proposal.transaction.to,
          data: proposal.transaction.data,
          value: proposal.transaction.value,
          operation: proposal.transaction.operation,
        },
      ],
    });
    expect(await kit.getTransactionHash(transaction)).toBe(proposal.safeTxHash);
    transaction = await kit.signTransaction(transaction);
    kit = await kit.connect({ signer: ownerKeys[2] });
    transaction = await kit.signTransaction(transaction);
    const result = await kit.executeTransaction(transaction);
    await standIn.publicClient.waitForTransactionReceipt({ hash: result.hash as Hex });
    await expectSafeEscrow(proposal.escrow);
  });

  test("with two owners' keys signs, sends through DEPLOYER_KEY, records the deployment and prints its address", async () => {
    const { code, out, err } = await cli(deployFromSafe(), {
      DEPLOYER_KEY: deployerKey,
      SAFE_OWNER_KEYS: `${ownerKeys[1]},${ownerKeys[2]}`,
    });
    expect([code, err]).toEqual([0, expect.stringContaining("Deployment written")]);
    expect(err).toContain("2 of 3 owners signed");
    const printed = JSON.parse(out);
    const deployment = (await readDeployment(dataDir, 84532))!;
    expect(printed).toMatchObject({
      chainId: 84532,
      escrow: deployment.escrow,
      admin: safe,
      guardian: safe,
      treasury: safe,
    });
    expect(deployment.tokens).toEqual({ USDC: usdc });
    await expectSafeEscrow(deployment.escrow);
    // Its start block is the block of the Safe's transaction: the indexer starts there.
    const created = await standIn.publicClient.getBlock({ blockNumber: BigInt(deployment.startBlock) });
    expect(created.transactions).toHaveLength(1);
  });
});
