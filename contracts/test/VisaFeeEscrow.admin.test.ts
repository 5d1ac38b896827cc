import { getAddress, type Hex, keccak256, parseEventLogs, toHex, zeroAddress, zeroHash } from "viem";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { authorityId } from "../deploy.ts";
import { toEscrowRecord } from "../encodeSettlementCall.ts";
import { VisaFeeEscrow } from "../generated/VisaFeeEscrow.ts";
import { createEscrowFixture, type EscrowFixture, expectRevert } from "../testing/index.ts";
import {
  deploy,
  escrowEvents,
  escrowReader,
  FUNDING,
  makeBatchQuote,
  payBatchQuote,
  payQuote,
  Status,
  toSettlement,
} from "./VisaFeeEscrow.support.ts";

let f: EscrowFixture;
let snapshot: Hex;

beforeAll(async () => {
  f = await createEscrowFixture();
});
beforeEach(async () => {
  snapshot = await f.chain.snapshot();
});
afterEach(async () => {
  await f.chain.revert(snapshot);
});

const payer = () => f.accounts.payers[0]!;
const authority = () => f.authorities[0]!;
const GUARDIAN_ROLE = keccak256(toHex("GUARDIAN_ROLE"));
const DEFAULT_ADMIN_ROLE = zeroHash;

describe("constructor", () => {
  it("constructor: grants the roles and sets the quote signer, treasury and fee cap", async () => {
    const { deployer, stranger, relayer, quoteSigner, treasury } = f.accounts;
    const hash = await f.chain.wallet(deployer).deployContract({
      abi: VisaFeeEscrow.abi,
      bytecode: VisaFeeEscrow.bytecode,
      args: [stranger.address, relayer.address, quoteSigner.address, treasury.address, 250, [f.tokens.USDT]],
    });
    const receipt = await f.chain.publicClient.waitForTransactionReceipt({ hash });
    const address = getAddress(receipt.contractAddress!);
    const read = (functionName: string, args: readonly unknown[] = []) =>
      f.chain.publicClient.readContract({ address, abi: VisaFeeEscrow.abi, functionName, args } as never);

    expect(await read("hasRole", [DEFAULT_ADMIN_ROLE, stranger.address])).toBe(true);
    expect(await read("hasRole", [DEFAULT_ADMIN_ROLE, deployer.address])).toBe(false);
    expect(await read("hasRole", [GUARDIAN_ROLE, relayer.address])).toBe(true);
    expect(await read("hasRole", [GUARDIAN_ROLE, stranger.address])).toBe(false);
    expect(await read("quoteSigner")).toBe(quoteSigner.address);
    expect(await read("treasury")).toBe(treasury.address);
    expect(await read("feeCapBps")).toBe(250);
    expect(await read("paused")).toBe(false);
    expect(await read("isTokenAllowed", [f.tokens.USDT])).toBe(true);
    expect(await read("isTokenAllowed", [f.tokens.USDC])).toBe(false);
    expect(
      parseEventLogs({ abi: VisaFeeEscrow.abi, logs: receipt.logs }).map(({ eventName, args }) => ({
        eventName,
        args,
      })),
    ).toEqual([
      { eventName: "TokenAllowed", args: { token: f.tokens.USDT, allowed: true } },
      {
        eventName: "RoleGranted",
        args: { role: DEFAULT_ADMIN_ROLE, account: stranger.address, sender: deployer.address },
      },
      { eventName: "RoleGranted", args: { role: GUARDIAN_ROLE, account: relayer.address, sender: deployer.address } },
      { eventName: "QuoteSignerSet", args: { quoteSigner: quoteSigner.address } },
      { eventName: "TreasurySet", args: { treasury: treasury.address } },
      { eventName: "FeeCapSet", args: { feeCapBps: 250 } },
    ]);
  });

  it("constructor: fails when the admin, guardian, quote signer or treasury is the zero address", async () => {
    const { deployer, guardian, quoteSigner, treasury } = f.accounts;
    const valid = [deployer.address, guardian.address, quoteSigner.address, treasury.address];
    for (let i = 0; i < valid.length; i += 1) {
      const args = [...valid.map((a, j) => (j === i ? zeroAddress : a)), 100, []];
      await expectRevert(deploy(f, deployer, VisaFeeEscrow, args), "EscrowZeroAddress", []);
    }
  });

  it("constructor: fails when the fee cap is above 100 %, and accepts exactly 100 %", async () => {
    const { deployer, guardian, quoteSigner, treasury } = f.accounts;
    const addresses = [deployer.address, guardian.address, quoteSigner.address, treasury.address];
    await expectRevert(deploy(f, deployer, VisaFeeEscrow, [...addresses, 10_001, []]), "EscrowInvalidFeeCap", [10_001]);
    const address = await deploy(f, deployer, VisaFeeEscrow, [...addresses, 10_000, []]);
    expect(
      await f.chain.publicClient.readContract({ address, abi: VisaFeeEscrow.abi, functionName: "feeCapBps" }),
    ).toBe(10_000);
  });
});

describe("pinned tokens", () => {
  const addresses = () => [
    f.accounts.deployer.address,
    f.accounts.guardian.address,
    f.accounts.quoteSigner.address,
    f.accounts.treasury.address,
  ];

  it("constructor: fails with more than four pinned tokens, a duplicate or the zero address", async () => {
    const five = f.accounts.payers.slice(0, 5).map((p) => p.address);
    await expectRevert(
      deploy(f, f.accounts.deployer, VisaFeeEscrow, [...addresses(), 100, five]),
      "EscrowTooManyPinnedTokens",
      [5n],
    );
    await expectRevert(
      deploy(f, f.accounts.deployer, VisaFeeEscrow, [...addresses(), 100, [f.tokens.USDC, f.tokens.USDC]]),
      "EscrowDuplicatePinnedToken",
      [f.tokens.USDC],
    );
    await expectRevert(
      deploy(f, f.accounts.deployer, VisaFeeEscrow, [...addresses(), 100, [f.tokens.USDC, zeroAddress]]),
      "EscrowZeroAddress",
      [],
    );
  });

  it("setTokenAllowed: removes and re-adds a pinned token, and payments follow", async () => {
    const { deployer } = f.accounts;
    const escrow = escrowReader(f);
    await f.call(deployer, "setTokenAllowed", [f.tokens.USDT, false]);
    expect(await escrow.read.isTokenAllowed([f.tokens.USDT])).toBe(false);
    expect(await escrow.read.isTokenAllowed([f.tokens.USDC])).toBe(true);
    const quote = await f.makeQuote({ payer: payer().address, token: f.tokens.USDT });
    await f.approve(quote.token, payer(), quote.amount);
    await expectRevert(f.call(payer(), "pay", [quote, await f.signQuote(quote)]), "EscrowTokenNotAllowed", [
      f.tokens.USDT,
    ]);
    await f.call(deployer, "setTokenAllowed", [f.tokens.USDT, true]);
    expect(await escrow.read.isTokenAllowed([f.tokens.USDT])).toBe(true);
    await f.call(payer(), "pay", [quote, await f.signQuote(quote)]);
  });

  it("isTokenAllowed: is false for the zero address even though unused pinned slots are zero", async () => {
    expect(await escrowReader(f).read.isTokenAllowed([zeroAddress])).toBe(false);
  });
});

describe("roles", () => {
  it("the fixture's deployer is the admin and only the guardian holds the guardian role", async () => {
    const escrow = escrowReader(f);
    expect(await escrow.read.DEFAULT_ADMIN_ROLE()).toBe(DEFAULT_ADMIN_ROLE);
    expect(await escrow.read.GUARDIAN_ROLE()).toBe(GUARDIAN_ROLE);
    expect(await escrow.read.hasRole([DEFAULT_ADMIN_ROLE, f.accounts.deployer.address])).toBe(true);
    expect(await escrow.read.hasRole([GUARDIAN_ROLE, f.accounts.guardian.address])).toBe(true);
    expect(await escrow.read.hasRole([GUARDIAN_ROLE, f.accounts.deployer.address])).toBe(false);
    expect(await escrow.read.hasRole([DEFAULT_ADMIN_ROLE, f.accounts.guardian.address])).toBe(false);
  });

  it("supportsInterface: reports ERC-165 and IAccessControl only", async () => {
    const escrow = escrowReader(f);
    expect(await escrow.read.supportsInterface(["0x01ffc9a7"])).toBe(true);
    expect(await escrow.read.supportsInterface(["0x7965db0b"])).toBe(true);
    expect(await escrow.read.supportsInterface(["0xffffffff"])).toBe(false);
  });

  it("grantRole and renounceRole: the admin hands governance over and keeps no power", async () => {
    const { deployer } = f.accounts;
    const timelock = f.accounts.payers[27]!;
    const granted = await f.call(deployer, "grantRole", [DEFAULT_ADMIN_ROLE, timelock.address]);
    expect(escrowEvents(f, granted)).toEqual([
      {
        eventName: "RoleGranted",
        args: { role: DEFAULT_ADMIN_ROLE, account: timelock.address, sender: deployer.address },
      },
    ]);
    const renounced = await f.call(deployer, "renounceRole", [DEFAULT_ADMIN_ROLE, deployer.address]);
    expect(escrowEvents(f, renounced)).toEqual([
      {
        eventName: "RoleRevoked",
        args: { role: DEFAULT_ADMIN_ROLE, account: deployer.address, sender: deployer.address },
      },
    ]);
    await expectRevert(f.call(deployer, "setFeeCap", [50]), "AccessControlUnauthorizedAccount", [
      deployer.address,
      DEFAULT_ADMIN_ROLE,
    ]);
    await f.call(timelock, "setFeeCap", [50]);
    expect(await escrowReader(f).read.feeCapBps()).toBe(50);
  });

  it("renounceRole: fails when the confirmation is not the caller", async () => {
    const { deployer, stranger } = f.accounts;
    await expectRevert(
      f.call(deployer, "renounceRole", [DEFAULT_ADMIN_ROLE, stranger.address]),
      "AccessControlBadConfirmation",
      [],
    );
  });

  it("revokeRole: the admin revokes the guardian, who can no longer pause", async () => {
    const { deployer, guardian } = f.accounts;
    const receipt = await f.call(deployer, "revokeRole", [GUARDIAN_ROLE, guardian.address]);
    expect(escrowEvents(f, receipt)).toEqual([
      { eventName: "RoleRevoked", args: { role: GUARDIAN_ROLE, account: guardian.address, sender: deployer.address } },
    ]);
    await expectRevert(f.call(guardian, "setPaused", [true]), "AccessControlUnauthorizedAccount", [
      guardian.address,
      GUARDIAN_ROLE,
    ]);
  });

  it("grantRole: fails when a stranger grants itself a role", async () => {
    const { stranger } = f.accounts;
    await expectRevert(
      f.call(stranger, "grantRole", [GUARDIAN_ROLE, stranger.address]),
      "AccessControlUnauthorizedAccount",
      [stranger.address, DEFAULT_ADMIN_ROLE],
    );
  });
});

describe("admin-only functions", () => {
  /** Each admin function with valid arguments. */
  const calls = (): Record<string, readonly unknown[]> => ({
    setAuthority: [authorityId("xx-new"), f.accounts.stranger.address, f.accounts.stranger.address, true],
    setTokenAllowed: [f.accounts.stranger.address, true],
    setTreasury: [f.accounts.stranger.address],
    setQuoteSigner: [f.accounts.stranger.address],
    setFeeCap: [500],
  });

  it.each(["setAuthority", "setTokenAllowed", "setTreasury", "setQuoteSigner", "setFeeCap"])(
    "%s: fails for any account without the admin role",
    async (functionName) => {
      const { stranger, guardian, quoteSigner, treasury } = f.accounts;
      for (const caller of [stranger, guardian, quoteSigner, treasury, authority().settler]) {
        await expectRevert(f.call(caller, functionName, calls()[functionName]!), "AccessControlUnauthorizedAccount", [
          caller.address,
          DEFAULT_ADMIN_ROLE,
        ]);
      }
    },
  );
});

describe("setAuthority", () => {
  it("setAuthority: registers an authority and emits AuthoritySet", async () => {
    const id = authorityId("xx-new");
    const [payout, settler] = [f.accounts.payers[26]!, f.accounts.payers[27]!];
    const receipt = await f.call(f.accounts.deployer, "setAuthority", [id, payout.address, settler.address, true]);
    expect(escrowEvents(f, receipt)).toEqual([
      {
        eventName: "AuthoritySet",
        args: { authorityId: id, payout: payout.address, settler: settler.address, active: true },
      },
    ]);
    expect(await escrowReader(f).read.authority([id])).toEqual({
      payout: payout.address,
      active: true,
      settler: settler.address,
    });
  });

  it("setAuthority: deactivates an authority", async () => {
    const { id, payout, settler } = authority();
    const receipt = await f.call(f.accounts.deployer, "setAuthority", [id, payout.address, settler.address, false]);
    expect(escrowEvents(f, receipt)).toEqual([
      {
        eventName: "AuthoritySet",
        args: { authorityId: id, payout: payout.address, settler: settler.address, active: false },
      },
    ]);
    expect(await escrowReader(f).read.authority([id])).toEqual({
      payout: payout.address,
      active: false,
      settler: settler.address,
    });
  });

  it("setAuthority: fails when the payout or settler is the zero address", async () => {
    const { id, payout, settler } = authority();
    await expectRevert(
      f.call(f.accounts.deployer, "setAuthority", [id, zeroAddress, settler.address, true]),
      "EscrowZeroAddress",
      [],
    );
    await expectRevert(
      f.call(f.accounts.deployer, "setAuthority", [id, payout.address, zeroAddress, true]),
      "EscrowZeroAddress",
      [],
    );
  });
});

describe("setTokenAllowed", () => {
  it("setTokenAllowed: adds and removes a token and emits TokenAllowed", async () => {
    const token = f.accounts.stranger.address;
    const escrow = escrowReader(f);
    expect(await escrow.read.isTokenAllowed([token])).toBe(false);
    const added = await f.call(f.accounts.deployer, "setTokenAllowed", [token, true]);
    expect(escrowEvents(f, added)).toEqual([{ eventName: "TokenAllowed", args: { token, allowed: true } }]);
    expect(await escrow.read.isTokenAllowed([token])).toBe(true);
    const removed = await f.call(f.accounts.deployer, "setTokenAllowed", [token, false]);
    expect(escrowEvents(f, removed)).toEqual([{ eventName: "TokenAllowed", args: { token, allowed: false } }]);
    expect(await escrow.read.isTokenAllowed([token])).toBe(false);
  });

  it("setTokenAllowed: the fixture allows exactly its two dev tokens", async () => {
    const escrow = escrowReader(f);
    expect(await escrow.read.isTokenAllowed([f.tokens.USDC])).toBe(true);
    expect(await escrow.read.isTokenAllowed([f.tokens.USDT])).toBe(true);
    expect(await escrow.read.isTokenAllowed([zeroAddress])).toBe(false);
  });

  it("setTokenAllowed: fails for the zero address", async () => {
    await expectRevert(f.call(f.accounts.deployer, "setTokenAllowed", [zeroAddress, true]), "EscrowZeroAddress", []);
  });
});

describe("setTreasury", () => {
  it("setTreasury: changes the treasury and emits TreasurySet", async () => {
    const next = f.accounts.stranger.address;
    const receipt = await f.call(f.accounts.deployer, "setTreasury", [next]);
    expect(escrowEvents(f, receipt)).toEqual([{ eventName: "TreasurySet", args: { treasury: next } }]);
    expect(await escrowReader(f).read.treasury()).toBe(next);
  });

  it("setTreasury: fails for the zero address", async () => {
    await expectRevert(f.call(f.accounts.deployer, "setTreasury", [zeroAddress]), "EscrowZeroAddress", []);
    expect(await escrowReader(f).read.treasury()).toBe(f.accounts.treasury.address);
  });
});

describe("setQuoteSigner", () => {
  it("setQuoteSigner: rotates the signer; the old signer's quotes stop working, the new one's work", async () => {
    const oldSigner = f.accounts.quoteSigner;
    const newSigner = f.accounts.relayer;
    const receipt = await f.call(f.accounts.deployer, "setQuoteSigner", [newSigner.address]);
    expect(escrowEvents(f, receipt)).toEqual([
      { eventName: "QuoteSignerSet", args: { quoteSigner: newSigner.address } },
    ]);
    expect(await escrowReader(f).read.quoteSigner()).toBe(newSigner.address);

    const quote = await f.makeQuote({ payer: payer().address });
    await f.approve(quote.token, payer(), quote.amount);
    await expectRevert(
      f.call(payer(), "pay", [quote, await f.signQuote(quote, oldSigner)]),
      "EscrowInvalidQuoteSigner",
      [oldSigner.address],
    );
    const batch = await makeBatchQuote(f, { payer: payer().address, token: f.tokens.USDT });
    await expectRevert(
      f.call(payer(), "payBatch", [batch, await f.signBatchQuote(batch, oldSigner)]),
      "EscrowInvalidQuoteSigner",
      [oldSigner.address],
    );
    await f.call(payer(), "pay", [quote, await f.signQuote(quote, newSigner)]);
    expect(await escrowReader(f).read.escrowStatus([quote.applicationId])).toBe(Status.Open);
  });

  it("setQuoteSigner: escrows paid under the old signer still settle", async () => {
    const { quote } = await payQuote(f, payer());
    await f.call(f.accounts.deployer, "setQuoteSigner", [f.accounts.relayer.address]);
    await f.call(authority().settler, "releaseEscrowByAuthority", [toEscrowRecord(quote)]);
    expect(await f.balanceOf(quote.token, authority().payout.address)).toBe(40_000_000n);
  });

  it("setQuoteSigner: fails for the zero address", async () => {
    await expectRevert(f.call(f.accounts.deployer, "setQuoteSigner", [zeroAddress]), "EscrowZeroAddress", []);
  });
});

describe("setFeeCap", () => {
  it("setFeeCap: changes the cap, emits FeeCapSet and applies to new payments", async () => {
    const receipt = await f.call(f.accounts.deployer, "setFeeCap", [5]);
    expect(escrowEvents(f, receipt)).toEqual([{ eventName: "FeeCapSet", args: { feeCapBps: 5 } }]);
    expect(await escrowReader(f).read.feeCapBps()).toBe(5);

    // The fixture's quotes charge 10 bps: 40_000 on 40_000_000, whose 5 bps cap is 20_000.
    const quote = await f.makeQuote({ payer: payer().address });
    await f.approve(quote.token, payer(), quote.amount);
    await expectRevert(f.call(payer(), "pay", [quote, await f.signQuote(quote)]), "EscrowFeeAboveCap", [
      40_000n,
      20_000n,
    ]);
    const batch = await makeBatchQuote(f, { payer: payer().address });
    await expectRevert(f.call(payer(), "payBatch", [batch, await f.signBatchQuote(batch)]), "EscrowFeeAboveCap", [
      10n,
      5n,
    ]);
  });

  it("setFeeCap: accepts 100 % and fails above it", async () => {
    await f.call(f.accounts.deployer, "setFeeCap", [10_000]);
    expect(await escrowReader(f).read.feeCapBps()).toBe(10_000);
    await expectRevert(f.call(f.accounts.deployer, "setFeeCap", [10_001]), "EscrowInvalidFeeCap", [10_001]);
    expect(await escrowReader(f).read.feeCapBps()).toBe(10_000);
  });
});

describe("setPaused", () => {
  it("setPaused: the guardian pauses and resumes, emitting PausedSet", async () => {
    const paused = await f.call(f.accounts.guardian, "setPaused", [true]);
    expect(escrowEvents(f, paused)).toEqual([{ eventName: "PausedSet", args: { paused: true } }]);
    expect(await escrowReader(f).read.paused()).toBe(true);
    const resumed = await f.call(f.accounts.guardian, "setPaused", [false]);
    expect(escrowEvents(f, resumed)).toEqual([{ eventName: "PausedSet", args: { paused: false } }]);
    expect(await escrowReader(f).read.paused()).toBe(false);
  });

  it("setPaused: fails for the admin and anyone else without the guardian role", async () => {
    const { deployer, stranger, quoteSigner } = f.accounts;
    for (const caller of [deployer, stranger, quoteSigner]) {
      await expectRevert(f.call(caller, "setPaused", [true]), "AccessControlUnauthorizedAccount", [
        caller.address,
        GUARDIAN_ROLE,
      ]);
    }
    expect(await escrowReader(f).read.paused()).toBe(false);
  });
});

describe("withdrawFees", () => {
  it("withdrawFees: sends the treasury exactly the accrued fees and leaves open escrows in place", async () => {
    const released = [(await payQuote(f, payer())).quote, (await payQuote(f, payer(), { amount: 1_001_000n })).quote];
    const open = (await payQuote(f, payer())).quote;
    for (const q of released) await f.call(authority().settler, "releaseEscrowByAuthority", [toEscrowRecord(q)]);
    const { treasury } = f.accounts;
    const escrow = escrowReader(f);
    expect(await escrow.read.feesAccrued([f.tokens.USDC])).toBe(41_000n);

    const receipt = await f.call(treasury, "withdrawFees", [f.tokens.USDC]);
    expect(escrowEvents(f, receipt)).toEqual([
      { eventName: "FeesWithdrawn", args: { token: f.tokens.USDC, treasury: treasury.address, amount: 41_000n } },
    ]);
    expect(await f.balanceOf(f.tokens.USDC, treasury.address)).toBe(41_000n);
    expect(await escrow.read.feesAccrued([f.tokens.USDC])).toBe(0n);
    expect(await f.balanceOf(f.tokens.USDC, f.escrow)).toBe(open.amount);
    expect(await escrow.read.escrowStatus([open.applicationId])).toBe(Status.Open);

    // Nothing left to take: a second withdrawal moves nothing.
    const again = await f.call(treasury, "withdrawFees", [f.tokens.USDC]);
    expect(escrowEvents(f, again)).toEqual([
      { eventName: "FeesWithdrawn", args: { token: f.tokens.USDC, treasury: treasury.address, amount: 0n } },
    ]);
    expect(await f.balanceOf(f.tokens.USDC, treasury.address)).toBe(41_000n);
    expect(await f.balanceOf(f.tokens.USDC, f.escrow)).toBe(open.amount);
  });

  it("withdrawFees: takes USDC fees kept per authority, through a key rotation, with releaseMany and batches", async () => {
    // USDC is the first pinned token: its fees accrue in each authority's payout slot.
    const [first, second] = [f.authorities[0]!, f.authorities[1]!];
    const single = (await payQuote(f, payer())).quote;
    const many = [(await payQuote(f, payer())).quote, (await payQuote(f, payer(), { amount: 1_001_000n })).quote];
    const other = (await payQuote(f, payer(), { authorityId: second.id })).quote;
    const batch = await payBatchQuote(f, payer());
    await f.call(first.settler, "releaseEscrowByAuthority", [toEscrowRecord(single)]);
    await f.call(first.settler, "releaseEscrowMany", [first.id, f.tokens.USDC, many.map(toSettlement)]);
    await f.call(first.settler, "releaseBatch", [batch.record, [0n, 1n, 2n]]);
    await f.call(second.settler, "releaseEscrowByAuthority", [toEscrowRecord(other)]);
    // 40_000 + (40_000 + 1_000) + (40_000 + 12_345 + 0) + 40_000
    const escrow = escrowReader(f);
    expect(await escrow.read.feesAccrued([f.tokens.USDC])).toBe(173_345n);

    // Rotating the first authority's keys and payout keeps what the treasury is owed.
    const { deployer, stranger, relayer, treasury } = f.accounts;
    await f.call(deployer, "setAuthority", [first.id, stranger.address, relayer.address, true]);
    expect(await escrow.read.feesAccrued([f.tokens.USDC])).toBe(173_345n);
    expect(await escrow.read.authority([first.id])).toEqual({
      payout: stranger.address,
      active: true,
      settler: relayer.address,
    });

    await f.call(treasury, "withdrawFees", [f.tokens.USDC]);
    expect(await f.balanceOf(f.tokens.USDC, treasury.address)).toBe(173_345n);
    expect(await escrow.read.feesAccrued([f.tokens.USDC])).toBe(0n);
    expect(await f.balanceOf(f.tokens.USDC, f.escrow)).toBe(0n);
  });

  it("withdrawFees: withdraws USDT fees accrued by single and batch releases", async () => {
    const { quote } = await payQuote(f, payer(), { token: f.tokens.USDT });
    const batch = await payBatchQuote(f, payer(), { token: f.tokens.USDT });
    await f.call(authority().settler, "releaseEscrowByAuthority", [toEscrowRecord(quote)]);
    await f.call(authority().settler, "releaseBatch", [batch.record, [0n, 1n, 2n]]);
    // 40_000 + (40_000 + 12_345 + 0)
    await f.call(f.accounts.treasury, "withdrawFees", [f.tokens.USDT]);
    expect(await f.balanceOf(f.tokens.USDT, f.accounts.treasury.address)).toBe(92_345n);
    expect(await f.balanceOf(f.tokens.USDT, f.escrow)).toBe(0n);
    expect(await escrowReader(f).read.feesAccrued([f.tokens.USDT])).toBe(0n);
  });

  it("withdrawFees: fails for anyone but the treasury, the admin included", async () => {
    const { quote } = await payQuote(f, payer());
    await f.call(authority().settler, "releaseEscrowByAuthority", [toEscrowRecord(quote)]);
    const { deployer, guardian, stranger, quoteSigner } = f.accounts;
    for (const caller of [deployer, guardian, stranger, quoteSigner, authority().settler, payer()]) {
      await expectRevert(f.call(caller, "withdrawFees", [f.tokens.USDC]), "EscrowNotTreasury", [caller.address]);
    }
    expect(await escrowReader(f).read.feesAccrued([f.tokens.USDC])).toBe(40_000n);
  });

  it("withdrawFees: after the treasury changes, only the new treasury withdraws", async () => {
    const { quote } = await payQuote(f, payer());
    await f.call(authority().settler, "releaseEscrowByAuthority", [toEscrowRecord(quote)]);
    const next = f.accounts.stranger;
    await f.call(f.accounts.deployer, "setTreasury", [next.address]);
    await expectRevert(f.call(f.accounts.treasury, "withdrawFees", [f.tokens.USDC]), "EscrowNotTreasury", [
      f.accounts.treasury.address,
    ]);
    await f.call(next, "withdrawFees", [f.tokens.USDC]);
    expect(await f.balanceOf(f.tokens.USDC, next.address)).toBe(40_000n);
    expect(await f.balanceOf(f.tokens.USDC, f.accounts.treasury.address)).toBe(0n);
  });
});

describe("no role can move escrowed funds", () => {
  it("the state-changing functions are exactly the payment, settlement, fee and governance ones", () => {
    const functions = VisaFeeEscrow.abi.filter((item) => item.type === "function");
    const changing = functions
      .filter((item) => item.stateMutability !== "view" && item.stateMutability !== "pure")
      .map((item) => `${item.name}:${item.stateMutability}`)
      .sort();
    expect(changing).toEqual(
      [
        "claimExpired",
        "claimExpiredBatch",
        "grantRole",
        "pay",
        "payBatch",
        "payWithAuthorization",
        "payWithPermit",
        "refundBatch",
        "refundPaymentFee",
        "releaseBatch",
        "releaseEscrowByAuthority",
        "releaseEscrowMany",
        "renounceRole",
        "revokeRole",
        "setAuthority",
        "setFeeCap",
        "setPaused",
        "setQuoteSigner",
        "setTokenAllowed",
        "setTreasury",
        "withdrawFees",
      ].map((name) => `${name}:nonpayable`),
    );
    // No fallback or receive: the contract takes no ether and no calls it does not declare.
    const kinds = new Set((VisaFeeEscrow.abi as readonly { type: string }[]).map((item) => item.type));
    expect([...kinds].sort()).toEqual(["constructor", "error", "event", "function"]);
  });

  // The one way round it, pinned here so that it is a visible decision: authorities' payout and settler
  // keys are governance's to change (key rotation), so the admin can repoint an authority at itself and
  // release its open escrows before their deadline. The admin is meant to be a timelock.
  it("setAuthority: lets the admin repoint an authority's payout and settler, who then receive its open escrows", async () => {
    const { quote } = await payQuote(f, payer());
    const { deployer } = f.accounts;
    await f.call(deployer, "setAuthority", [authority().id, deployer.address, deployer.address, true]);
    await f.call(deployer, "releaseEscrowByAuthority", [toEscrowRecord(quote)]);
    expect(await f.balanceOf(quote.token, deployer.address)).toBe(40_000_000n);
    expect(await f.balanceOf(quote.token, authority().payout.address)).toBe(0n);
  });

  it("the admin can neither release, refund, claim early nor withdraw an open escrow", async () => {
    const { quote } = await payQuote(f, payer());
    const { deployer } = f.accounts;
    const { id } = authority();
    await expectRevert(
      f.call(deployer, "releaseEscrowByAuthority", [toEscrowRecord(quote)]),
      "EscrowUnauthorizedSettler",
      [id, deployer.address],
    );
    await expectRevert(f.call(deployer, "refundPaymentFee", [toEscrowRecord(quote)]), "EscrowUnauthorizedSettler", [
      id,
      deployer.address,
    ]);
    await expectRevert(f.call(deployer, "claimExpired", [toEscrowRecord(quote)]), "EscrowDeadlineNotPassed", [
      quote.applicationId,
      quote.decisionDeadline,
    ]);
    await expectRevert(f.call(deployer, "withdrawFees", [f.tokens.USDC]), "EscrowNotTreasury", [deployer.address]);
    expect(await f.balanceOf(quote.token, f.escrow)).toBe(quote.amount);
    expect(await f.balanceOf(quote.token, payer().address)).toBe(FUNDING - quote.amount);
    expect(await escrowReader(f).read.escrowStatus([quote.applicationId])).toBe(Status.Open);
  });
});
