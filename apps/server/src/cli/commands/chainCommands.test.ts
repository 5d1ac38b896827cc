import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chainProfile } from "@entrada/chain";
import {
  authorityId,
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
import { type Address, getAddress, type Hex, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "../entrada.ts";

// A local chain answering as Base Sepolia (84532): the CLI treats it as that public network, so its
// registry tokens are looked for there (and are absent), and locally deployed ones are passed instead.
let standIn: LocalChain;
let server: LocalChainServer;
let dataDir: string;
let usdc: Address;
let usdcFeed: Address;
let usdtFeed: Address;
const deployerKey = generatePrivateKey();
const adminKey = generatePrivateKey();
const admin = privateKeyToAccount(adminKey).address;
const treasury = privateKeyToAccount(generatePrivateKey()).address;
const quoteSignerKey = generatePrivateKey();

beforeAll(async () => {
  standIn = await createLocalChain({ chainId: 84532 });
  server = await startLocalChainServer({ host: "127.0.0.1", port: 0, chain: standIn });
  dataDir = await mkdtemp(join(tmpdir(), "entrada-cli-"));
  const funder = standIn.wallet(devAccount(0));
  for (const key of [deployerKey, adminKey]) {
    const hash = await funder.sendTransaction({ to: privateKeyToAccount(key).address, value: parseEther("10") });
    await standIn.publicClient.waitForTransactionReceipt({ hash });
  }
  const deploy = async (artifact: { abi: never; bytecode: Hex }, args: readonly unknown[]) => {
    const hash = await funder.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args } as never);
    return getAddress((await standIn.publicClient.waitForTransactionReceipt({ hash })).contractAddress!);
  };
  usdc = await deploy(DevUSDT as never, [devAccount(0).address]);
  usdcFeed = await deploy(DevPriceFeed as never, [devAccount(0).address, 8, "USDC / USD", 99_990_000n]);
  usdtFeed = await deploy(DevPriceFeed as never, [devAccount(0).address, 8, "USDT / USD", 99_970_000n]);
}, 60_000);
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs the CLI with Base Sepolia's configuration, capturing what it prints. */
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
      DEPLOYER_KEY: deployerKey,
      ...env,
    },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

// Base Sepolia's registry lists two feeds (USDC / USD, USDT / USD): both replaced by local ones.
const overrides = () => ["--token", `USDC=${usdc}`, "--feed", `USDC/USD=${usdcFeed}`, "--feed", `USDT/USD=${usdtFeed}`];

describe("npx entrada deploy on a public network (a local chain posing as Base Sepolia)", () => {
  test("never deploys against tokens that are not on the chain: the registry's USDC is absent here", async () => {
    const { code, err } = await cli(["deploy", "--admin", admin]);
    expect(code).toBe(4);
    expect(err).toContain("ENTRADA_CLI_CHAIN_UNAVAILABLE");
    expect(err).toContain(chainProfile(84532)!.tokens.USDC!);
    expect(await readDeployment(dataDir, 84532)).toBeUndefined();
  });

  test("refuses a public development key as the deployer, and a missing one", async () => {
    const dev = `0x${Buffer.from(devAccount(0).getHdKey().privateKey!).toString("hex")}`;
    expect((await cli(["deploy", ...overrides()], { DEPLOYER_KEY: dev })).code).toBe(3);
    const missing = await cli(["deploy", ...overrides()], { DEPLOYER_KEY: "" });
    expect([missing.code, missing.err]).toEqual([3, expect.stringContaining("DEPLOYER_KEY is required")]);
  });

  test("deploys the escrow alone, pinned to the given USDC, with the roles asked for", async () => {
    const { code, out, err } = await cli(["deploy", "--admin", admin, "--treasury", treasury, ...overrides()]);
    expect([code, err]).toEqual([0, expect.stringContaining("Deployment written")]);
    const printed = JSON.parse(out);
    const deployment = (await readDeployment(dataDir, 84532))!;
    expect(printed).toMatchObject({ chainId: 84532, escrow: deployment.escrow, admin, treasury, guardian: admin });
    expect(printed.explorer).toBe(`https://sepolia.basescan.org/address/${deployment.escrow}`);
    // Base Sepolia has no USDT of Tether's: the deployment lists USDC only.
    expect(deployment.tokens).toEqual({ USDC: usdc });
    expect(deployment.feeds).toEqual({ "USDC / USD": usdcFeed, "USDT / USD": usdtFeed });
    const read = (functionName: string, args: readonly unknown[] = []) =>
      standIn.publicClient.readContract({
        address: deployment.escrow,
        abi: VisaFeeEscrow.abi,
        functionName,
        args,
      } as never);
    expect(await read("isTokenAllowed", [usdc])).toBe(true);
    expect(await read("treasury")).toBe(treasury);
    expect(await read("quoteSigner")).toBe(privateKeyToAccount(quoteSignerKey).address);
    expect(await read("hasRole", [await read("DEFAULT_ADMIN_ROLE"), admin])).toBe(true);
    expect(await read("hasRole", [await read("DEFAULT_ADMIN_ROLE"), privateKeyToAccount(deployerKey).address])).toBe(
      false,
    );
  });

  test("config check --online finds the deployment and its quote signer on the chain, and prints no key", async () => {
    const relayerKey = generatePrivateKey();
    const { code, out } = await cli(["config", "check", "--online", "--json"], { RELAYER_KEY: relayerKey });
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.chain).toMatchObject({ id: 84532, name: "Base Sepolia", confirmations: 10, p256Precompile: true });
    expect(report.online).toMatchObject({
      chainId: 84532,
      escrowDeployed: true,
      quoteSignerMatches: true,
      paused: false,
    });
    expect(report.pairsWithoutFeed).toEqual(expect.arrayContaining(["GBP / USD", "THB / USD"]));
    expect(out).not.toContain(relayerKey.slice(2));
    expect(out).not.toContain(quoteSignerKey.slice(2));
  });
});

describe("npx entrada authority and keys rotate", () => {
  const slug = "gb-eta";
  const payout = privateKeyToAccount(generatePrivateKey()).address;
  const settler = privateKeyToAccount(generatePrivateKey()).address;
  async function authority(): Promise<{ payout: Address; settler: Address; active: boolean }> {
    const { escrow } = (await readDeployment(dataDir, 84532))!;
    return (await standIn.publicClient.readContract({
      address: escrow,
      abi: VisaFeeEscrow.abi,
      functionName: "authority",
      args: [authorityId(slug)],
    })) as never;
  }

  test("without ADMIN_KEY the call is printed for the admin to make, and nothing changes", async () => {
    const { code, out } = await cli(["authority", "register", slug, "--payout", payout, "--settler", settler]);
    expect(code).toBe(0);
    const printed = JSON.parse(out);
    expect(printed).toMatchObject({ action: "printed", chainId: 84532, calls: [{ value: "0" }] });
    expect(printed.calls[0].data).toMatch(/^0x/);
    expect((await authority()).payout).toBe("0x0000000000000000000000000000000000000000");
  });

  test("an ADMIN_KEY without the admin role is refused; the admin's key registers, updates and deactivates", async () => {
    const stranger = await cli(["authority", "register", slug, "--payout", payout, "--settler", settler], {
      ADMIN_KEY: deployerKey,
    });
    expect([stranger.code, stranger.err]).toEqual([5, expect.stringContaining("ENTRADA_CLI_NOT_ADMIN")]);

    const env = { ADMIN_KEY: adminKey };
    expect((await cli(["authority", "register", slug, "--payout", payout, "--settler", settler], env)).code).toBe(0);
    expect(await authority()).toEqual({ payout, settler, active: true });
    const newSettler = privateKeyToAccount(generatePrivateKey()).address;
    expect((await cli(["authority", "update", slug, "--settler", newSettler], env)).code).toBe(0);
    expect(await authority()).toEqual({ payout, settler: newSettler, active: true });
    expect((await cli(["authority", "deactivate", slug], env)).code).toBe(0);
    expect(await authority()).toEqual({ payout, settler: newSettler, active: false });
    expect((await cli(["authority", "update", "ke-eta", "--settler", newSettler], env)).code).toBe(3);
  });

  test("keys rotate settler: a new key in a file only its owner reads, the escrow names it, and what to fund", async () => {
    const env = { ADMIN_KEY: adminKey };
    const file = join(dataDir, "new-settler.key");
    const { code, out, err } = await cli(["keys", "rotate", "settler", slug, "--out", file], env);
    expect(code).toBe(0);
    const key = (await readFile(file, "utf8")).trim() as Hex;
    const address = privateKeyToAccount(key).address;
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await authority()).settler).toBe(address);
    const summary = JSON.parse(out.slice(out.lastIndexOf('{\n  "role"')));
    expect(summary).toMatchObject({
      role: "settler",
      authority: slug,
      address,
      fund: { symbol: "ETH", transactions: 200 },
    });
    expect(BigInt(summary.fund.amount)).toBeGreaterThan(0n);
    expect(out + err).not.toContain(key.slice(2));
    // Never over an existing key file.
    expect((await cli(["keys", "rotate", "settler", slug, "--out", file], env)).code).toBe(2);
  });

  test("keys rotate relayer --to remote:<address>: a key made in the signer, nothing written", async () => {
    const remote = privateKeyToAccount(generatePrivateKey()).address;
    const { code, out } = await cli(["keys", "rotate", "relayer", "--to", `remote:${remote}`]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ role: "relayer", address: remote, configure: "RELAYER_KEY" });
  });
});
