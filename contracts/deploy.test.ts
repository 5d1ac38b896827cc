import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Address, getAddress, type Hex, keccak256, toHex, zeroAddress } from "viem";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type AuthoritySpec,
  authorityId,
  type DeployEntradaParameters,
  type Deployment,
  deployEntrada,
  deploymentPath,
  devFeeds,
  readDeployment,
  writeDeployment,
} from "./deploy.ts";
import { devAccount } from "./devAccounts.ts";
import { DevPriceFeed } from "./generated/DevPriceFeed.ts";
import { DevUSDT } from "./generated/DevUSDT.ts";
import { FiatTokenProxy } from "./generated/FiatTokenProxy.ts";
import { FiatTokenV2_2 } from "./generated/FiatTokenV2_2.ts";
import { VisaFeeEscrow } from "./generated/VisaFeeEscrow.ts";
import { createLocalChain, type LocalChain } from "./localChain.ts";
import { expectRevert } from "./testing/index.ts";

const adminRole = "0x0000000000000000000000000000000000000000000000000000000000000000";
const guardianRole = keccak256(toHex("GUARDIAN_ROLE"));

const deployer = devAccount(0);
const quoteSigner = devAccount(1).address;
const treasury = devAccount(2).address;
const authorities: AuthoritySpec[] = [
  { id: authorityId("gb-eta"), payout: devAccount(6).address, settler: devAccount(7).address },
  { id: authorityId("th-evisa"), payout: devAccount(8).address, settler: devAccount(9).address },
];
const balances = [
  { to: devAccount(12).address, usdc: 5_000_000n, usdt: 7_000_000n },
  { to: devAccount(13).address, usdc: 1n },
  { to: devAccount(14).address, usdt: 2n },
  { to: devAccount(15).address, usdc: 0n, usdt: 0n },
];

let chain: LocalChain;
/** A deployment with authorities and balances, and every other parameter left to its default. */
let deployment: Deployment;
let snapshot: Hex;

beforeAll(async () => {
  chain = await createLocalChain();
  deployment = await deployEntrada({
    publicClient: chain.publicClient,
    deployer: chain.wallet(deployer),
    quoteSigner,
    treasury,
    authorities,
    balances,
  });
});

beforeEach(async () => {
  snapshot = await chain.snapshot();
});

afterEach(async () => {
  await chain.revert(snapshot);
});

function deploy(overrides: Partial<DeployEntradaParameters> = {}): Promise<Deployment> {
  return deployEntrada({
    publicClient: chain.publicClient,
    deployer: chain.wallet(deployer),
    quoteSigner,
    treasury,
    feeds: [],
    ...overrides,
  });
}

function hasRole(escrow: Address, role: Hex, account: Address): Promise<boolean> {
  return chain.publicClient.readContract({
    address: escrow,
    abi: VisaFeeEscrow.abi,
    functionName: "hasRole",
    args: [role, account],
  });
}

function tokenBalance(token: Address, owner: Address): Promise<bigint> {
  return chain.publicClient.readContract({
    address: token,
    abi: FiatTokenV2_2.abi,
    functionName: "balanceOf",
    args: [owner],
  });
}

describe("deployEntrada", () => {
  it("returns the chain id, checksummed addresses of deployed code and the escrow's block", async () => {
    expect(deployment.chainId).toBe(31337);
    const addresses = [
      deployment.escrow,
      deployment.tokens.USDC,
      deployment.tokens.USDT,
      ...Object.values(deployment.feeds),
    ];
    expect(addresses).toHaveLength(3 + devFeeds.length);
    expect(new Set(addresses).size).toBe(addresses.length);
    for (const address of addresses) {
      expect(address).toBe(getAddress(address));
      expect(await chain.publicClient.getCode({ address })).toMatch(/^0x[0-9a-f]{2,}$/);
    }
    // startBlock is where an indexer starts: the escrow has code there and not one block before.
    const startBlock = BigInt(deployment.startBlock);
    expect(deployment.startBlock).toMatch(/^[1-9][0-9]*$/);
    expect(
      await chain.publicClient.getCode({ address: deployment.escrow, blockNumber: startBlock - 1n }),
    ).toBeUndefined();
    expect(await chain.publicClient.getCode({ address: deployment.escrow, blockNumber: startBlock })).toMatch(/^0x.+/);
  });

  it("configures the escrow with the quote signer, the treasury and a 1 % fee cap by default", async () => {
    const read = (functionName: "quoteSigner" | "treasury" | "feeCapBps" | "paused") =>
      chain.publicClient.readContract({ address: deployment.escrow, abi: VisaFeeEscrow.abi, functionName });
    expect(await read("quoteSigner")).toBe(quoteSigner);
    expect(await read("treasury")).toBe(treasury);
    expect(await read("feeCapBps")).toBe(100);
    expect(await read("paused")).toBe(false);
  });

  it("makes the deployer the admin and the guardian by default", async () => {
    expect(await hasRole(deployment.escrow, adminRole, deployer.address)).toBe(true);
    expect(await hasRole(deployment.escrow, guardianRole, deployer.address)).toBe(true);
  });

  it("deploys Circle's USDC and the USDT-like token with the deployer as minter", async () => {
    const { USDC, USDT } = deployment.tokens;
    const read = (address: Address, functionName: "symbol" | "decimals" | "owner") =>
      chain.publicClient.readContract({ address, abi: DevUSDT.abi, functionName });
    expect([await read(USDC, "symbol"), await read(USDC, "decimals"), await read(USDC, "owner")]).toEqual([
      "USDC",
      6,
      deployer.address,
    ]);
    expect(
      await chain.publicClient.readContract({
        address: USDC,
        abi: FiatTokenV2_2.abi,
        functionName: "isMinter",
        args: [deployer.address],
      }),
    ).toBe(true);
    expect([await read(USDT, "symbol"), await read(USDT, "decimals"), await read(USDT, "owner")]).toEqual([
      "USDT",
      6,
      deployer.address,
    ]);
  });

  it("allow-lists both tokens and nothing else", async () => {
    const allowed = (token: Address) =>
      chain.publicClient.readContract({
        address: deployment.escrow,
        abi: VisaFeeEscrow.abi,
        functionName: "isTokenAllowed",
        args: [token],
      });
    expect(await allowed(deployment.tokens.USDC)).toBe(true);
    expect(await allowed(deployment.tokens.USDT)).toBe(true);
    expect(await allowed(deployment.escrow)).toBe(false);
  });

  it("deploys the development feeds by default, keyed by pair", async () => {
    expect(Object.keys(deployment.feeds)).toEqual(devFeeds.map((feed) => feed.pair));
    for (const spec of devFeeds) {
      const address = deployment.feeds[spec.pair]!;
      const read = (functionName: "decimals" | "description" | "owner") =>
        chain.publicClient.readContract({ address, abi: DevPriceFeed.abi, functionName });
      const [roundId, answer] = await chain.publicClient.readContract({
        address,
        abi: DevPriceFeed.abi,
        functionName: "latestRoundData",
      });
      expect([await read("description"), await read("decimals"), roundId, answer, await read("owner")]).toEqual([
        spec.pair,
        spec.decimals,
        1n,
        spec.answer,
        deployer.address,
      ]);
    }
  });

  it("registers the authorities as active", async () => {
    for (const spec of authorities) {
      expect(
        await chain.publicClient.readContract({
          address: deployment.escrow,
          abi: VisaFeeEscrow.abi,
          functionName: "authority",
          args: [spec.id],
        }),
      ).toEqual({ payout: spec.payout, active: true, settler: spec.settler });
    }
    expect(
      await chain.publicClient.readContract({
        address: deployment.escrow,
        abi: VisaFeeEscrow.abi,
        functionName: "authority",
        args: [authorityId("ke-eta")],
      }),
    ).toEqual({ payout: zeroAddress, active: false, settler: zeroAddress });
    expect(deployment.authorities).toEqual(authorities);
    expect(deployment.authorities).not.toBe(authorities);
  });

  it("mints the requested balances and nothing more", async () => {
    const { USDC, USDT } = deployment.tokens;
    const [a, b, c, d] = balances.map((entry) => entry.to) as [Address, Address, Address, Address];
    expect([await tokenBalance(USDC, a), await tokenBalance(USDT, a)]).toEqual([5_000_000n, 7_000_000n]);
    expect([await tokenBalance(USDC, b), await tokenBalance(USDT, b)]).toEqual([1n, 0n]);
    expect([await tokenBalance(USDC, c), await tokenBalance(USDT, c)]).toEqual([0n, 2n]);
    expect([await tokenBalance(USDC, d), await tokenBalance(USDT, d)]).toEqual([0n, 0n]);
    const supply = (token: Address) =>
      chain.publicClient.readContract({ address: token, abi: FiatTokenV2_2.abi, functionName: "totalSupply" });
    expect([await supply(USDC), await supply(USDT)]).toEqual([5_000_001n, 7_000_002n]);
  });

  it("uses the given guardian and fee cap", async () => {
    const guardian = devAccount(3).address;
    const custom = await deploy({ guardian, feeCapBps: 25 });
    expect(await hasRole(custom.escrow, guardianRole, guardian)).toBe(true);
    expect(await hasRole(custom.escrow, guardianRole, deployer.address)).toBe(false);
    expect(await hasRole(custom.escrow, adminRole, deployer.address)).toBe(true);
    expect(
      await chain.publicClient.readContract({
        address: custom.escrow,
        abi: VisaFeeEscrow.abi,
        functionName: "feeCapBps",
      }),
    ).toBe(25);
  });

  it("deploys only the given feeds", async () => {
    const custom = await deploy({ feeds: [{ pair: "MXN / USD", decimals: 6, answer: 58_000n }] });
    expect(Object.keys(custom.feeds)).toEqual(["MXN / USD"]);
    const address = custom.feeds["MXN / USD"]!;
    expect(await chain.publicClient.readContract({ address, abi: DevPriceFeed.abi, functionName: "decimals" })).toBe(6);
    const [, answer] = await chain.publicClient.readContract({
      address,
      abi: DevPriceFeed.abi,
      functionName: "latestRoundData",
    });
    expect(answer).toBe(58_000n);
    expect((await deploy({ feeds: [] })).feeds).toEqual({});
  });

  it("registers no authority and mints nothing when none are given", async () => {
    const bare = await deploy();
    expect(bare.authorities).toEqual([]);
    expect(
      await chain.publicClient.readContract({
        address: bare.tokens.USDC,
        abi: FiatTokenV2_2.abi,
        functionName: "totalSupply",
      }),
    ).toBe(0n);
    expect(
      await chain.publicClient.readContract({
        address: bare.tokens.USDT,
        abi: DevUSDT.abi,
        functionName: "totalSupply",
      }),
    ).toBe(0n);
  });

  it("hands USDC's proxy to the given admin, and refuses the deployer (a proxy admin cannot use its token)", async () => {
    const proxyAdmin = devAccount(21).address;
    const custom = await deploy({ usdcProxyAdmin: proxyAdmin });
    expect(
      await chain.publicClient.readContract({
        account: proxyAdmin,
        address: custom.tokens.USDC,
        abi: FiatTokenProxy.abi,
        functionName: "admin",
      }),
    ).toBe(proxyAdmin);
    await expect(deploy({ usdcProxyAdmin: deployer.address })).rejects.toThrow(
      "deployUsdc: the proxy admin cannot call the token, so it must not be the deployer",
    );
  });

  it("refuses to hand the admin role to the zero address, which would leave the escrow ungoverned", async () => {
    await expect(deploy({ admin: "0x0000000000000000000000000000000000000000", authorities })).rejects.toThrow(
      "deployEntrada: admin must not be the zero address",
    );
  });

  it("hands the admin role to another address, which then governs alone", async () => {
    const admin = devAccount(20);
    const handedOver = await deploy({ admin: admin.address, authorities });
    expect(await hasRole(handedOver.escrow, adminRole, admin.address)).toBe(true);
    expect(await hasRole(handedOver.escrow, adminRole, deployer.address)).toBe(false);
    // The authorities were registered before the hand-over, while the deployer was still admin.
    expect(
      await chain.publicClient.readContract({
        address: handedOver.escrow,
        abi: VisaFeeEscrow.abi,
        functionName: "authority",
        args: [authorities[0]!.id],
      }),
    ).toEqual({ payout: authorities[0]!.payout, active: true, settler: authorities[0]!.settler });

    const setTokenAllowed = (account: typeof admin) =>
      chain.wallet(account).writeContract({
        address: handedOver.escrow,
        abi: VisaFeeEscrow.abi,
        functionName: "setTokenAllowed",
        args: [handedOver.tokens.USDT, false],
      });
    await expectRevert(setTokenAllowed(deployer), "AccessControlUnauthorizedAccount", [deployer.address, adminRole]);
    await chain.publicClient.waitForTransactionReceipt({ hash: await setTokenAllowed(admin) });
    expect(
      await chain.publicClient.readContract({
        address: handedOver.escrow,
        abi: VisaFeeEscrow.abi,
        functionName: "isTokenAllowed",
        args: [handedOver.tokens.USDT],
      }),
    ).toBe(false);
  });

  it("keeps the deployer as admin when the admin given is the deployer in another case", async () => {
    const same = await deploy({ admin: deployer.address.toLowerCase() as Address });
    expect(await hasRole(same.escrow, adminRole, deployer.address)).toBe(true);
  });

  it("fails with the escrow's error when an authority has no payout address", async () => {
    await expectRevert(
      deploy({ authorities: [{ id: authorityId("gb-eta"), payout: zeroAddress, settler: devAccount(7).address }] }),
      "EscrowZeroAddress",
      [],
    );
  });
});

describe("authorityId", () => {
  it("right-pads the slug's bytes into 32 bytes", () => {
    expect(authorityId("gb-eta")).toBe("0x67622d6574610000000000000000000000000000000000000000000000000000");
  });

  it("accepts 32 characters of a-z, 0-9 and -", () => {
    expect(authorityId("abcdefghijklmnopqrstuvwxyz-01234")).toBe(
      "0x6162636465666768696a6b6c6d6e6f707172737475767778797a2d3031323334",
    );
  });

  it.each([
    ["an empty slug", ""],
    ["a slug of 33 characters", "a".repeat(33)],
    ["upper case", "GB-ETA"],
    ["an underscore", "gb_eta"],
    ["a space", "gb eta"],
    ["a dot", "gb.eta"],
    ["a non-ASCII letter", "tü-evisa"],
  ])("refuses %s", (_, slug) => {
    expect(() => authorityId(slug)).toThrow(
      new TypeError(`authorityId: "${slug}" must be 1-32 characters of a-z, 0-9 and -`),
    );
  });
});

describe("writeDeployment and readDeployment", () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "entrada-deploy-"));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes <dir>/deployments/<chainId>.json as indented JSON", async () => {
    const path = await writeDeployment(dir, deployment);
    expect(path).toBe(join(dir, "deployments", "31337.json"));
    expect(deploymentPath(dir, 31337)).toBe(path);
    expect(await readFile(path, "utf8")).toBe(`${JSON.stringify(deployment, null, 2)}\n`);
  });

  it("reads back what was written", async () => {
    await writeDeployment(dir, deployment);
    expect(await readDeployment(dir, 31337)).toEqual(deployment);
  });

  it("replaces an earlier deployment of the same chain", async () => {
    await writeDeployment(dir, { ...deployment, startBlock: "1" });
    await writeDeployment(dir, deployment);
    expect(await readDeployment(dir, 31337)).toEqual(deployment);
  });

  it("keeps one file per chain", async () => {
    await writeDeployment(dir, deployment);
    await writeDeployment(dir, { ...deployment, chainId: 84532 });
    expect((await readDeployment(dir, 84532))?.chainId).toBe(84532);
    expect((await readDeployment(dir, 31337))?.chainId).toBe(31337);
  });

  it("returns undefined when the chain has no deployment", async () => {
    await writeDeployment(dir, deployment);
    expect(await readDeployment(dir, 1)).toBeUndefined();
    expect(await readDeployment(join(dir, "missing"), 31337)).toBeUndefined();
  });

  it("throws on a file that is not JSON", async () => {
    await writeDeployment(dir, deployment);
    await writeFile(deploymentPath(dir, 31337), "{ not json");
    await expect(readDeployment(dir, 31337)).rejects.toThrow(SyntaxError);
  });
});
