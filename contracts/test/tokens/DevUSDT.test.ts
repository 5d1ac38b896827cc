import {
  type Address,
  encodeFunctionData,
  type HDAccount,
  type Hex,
  maxUint256,
  parseEventLogs,
  zeroAddress,
} from "viem";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DevUSDT } from "../../generated/DevUSDT.ts";
import { FiatTokenV2_2 } from "../../generated/FiatTokenV2_2.ts";
import { createEscrowFixture, type EscrowFixture, expectRevert } from "../../testing/index.ts";

let f: EscrowFixture;
let usdt: Address;
let holder: HDAccount;
let spender: HDAccount;
let recipient: HDAccount;
let snapshot: Hex;

/** What the fixture mints to each payer: 1,000,000 tokens of 6 decimals. */
const funding = 1_000_000_000_000n;

beforeAll(async () => {
  f = await createEscrowFixture();
  usdt = f.tokens.USDT;
  holder = f.accounts.payers[0]!;
  spender = f.accounts.relayer;
  recipient = f.accounts.stranger;
});

beforeEach(async () => {
  snapshot = await f.chain.snapshot();
});

afterEach(async () => {
  await f.chain.revert(snapshot);
});

function usdtCall(account: HDAccount, functionName: string, args: readonly unknown[]) {
  return f.send(account, { address: usdt, abi: DevUSDT.abi, functionName, args });
}

function balance(owner: Address): Promise<bigint> {
  return f.chain.publicClient.readContract({
    address: usdt,
    abi: DevUSDT.abi,
    functionName: "balanceOf",
    args: [owner],
  });
}

function allowance(owner: Address, spenderAddress: Address): Promise<bigint> {
  return f.chain.publicClient.readContract({
    address: usdt,
    abi: DevUSDT.abi,
    functionName: "allowance",
    args: [owner, spenderAddress],
  });
}

function totalSupply(): Promise<bigint> {
  return f.chain.publicClient.readContract({ address: usdt, abi: DevUSDT.abi, functionName: "totalSupply" });
}

/** The raw return data of a call from `from` to `to`: viem gives `undefined` for empty data ("0x"). */
async function rawReturn(from: Address, to: Address, data: Hex): Promise<Hex | undefined> {
  return (await f.chain.publicClient.call({ account: from, to, data })).data;
}

describe("DevUSDT metadata", () => {
  it("has the name, symbol and 6 decimals of Tether's USDT", async () => {
    const read = <const name extends "name" | "symbol" | "decimals">(functionName: name) =>
      f.chain.publicClient.readContract({ address: usdt, abi: DevUSDT.abi, functionName });
    expect(await read("name")).toBe("Tether USD");
    expect(await read("symbol")).toBe("USDT");
    expect(await read("decimals")).toBe(6);
  });

  it("counts the fixture's mints in its total supply", async () => {
    expect(await totalSupply()).toBe(28n * funding);
  });
});

describe("no return data (like Tether's USDT)", () => {
  // The ERC-20 ABI expects a bool; SafeERC20 in the escrow accepts empty return data. A standard
  // ERC-20 (Circle's USDC) returns 32 bytes, which shows that the raw calls below would see a value.
  const one = "0x0000000000000000000000000000000000000000000000000000000000000001";
  const erc20Abi = FiatTokenV2_2.abi;

  it("transfer returns no data", async () => {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [recipient.address, 1n] });
    expect(await rawReturn(holder.address, usdt, data)).toBeUndefined();
    expect(await rawReturn(holder.address, f.tokens.USDC, data)).toBe(one);
  });

  it("transferFrom returns no data", async () => {
    await usdtCall(holder, "approve", [spender.address, 10n]);
    await f.send(holder, {
      address: f.tokens.USDC,
      abi: FiatTokenV2_2.abi,
      functionName: "approve",
      args: [spender.address, 10n],
    });
    const data = encodeFunctionData({
      abi: erc20Abi,
      functionName: "transferFrom",
      args: [holder.address, recipient.address, 1n],
    });
    expect(await rawReturn(spender.address, usdt, data)).toBeUndefined();
    expect(await rawReturn(spender.address, f.tokens.USDC, data)).toBe(one);
  });

  it("approve returns no data", async () => {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [spender.address, 1n] });
    expect(await rawReturn(holder.address, usdt, data)).toBeUndefined();
    expect(await rawReturn(holder.address, f.tokens.USDC, data)).toBe(one);
  });

  it("declares no outputs for transfer, transferFrom and approve in its ABI", () => {
    const outputs = Object.fromEntries(
      DevUSDT.abi.flatMap((item) =>
        item.type === "function" && ["transfer", "transferFrom", "approve"].includes(item.name)
          ? [[item.name, item.outputs]]
          : [],
      ),
    );
    expect(outputs).toEqual({ transfer: [], transferFrom: [], approve: [] });
  });
});

describe("transfer", () => {
  it("moves the value and emits Transfer", async () => {
    const receipt = await usdtCall(holder, "transfer", [recipient.address, 2_500_000n]);
    expect(await balance(holder.address)).toBe(funding - 2_500_000n);
    expect(await balance(recipient.address)).toBe(2_500_000n);
    expect(await totalSupply()).toBe(28n * funding);
    const events = parseEventLogs({ abi: DevUSDT.abi, logs: receipt.logs, eventName: "Transfer" });
    expect(events.map((log) => log.args)).toEqual([{ from: holder.address, to: recipient.address, value: 2_500_000n }]);
  });

  it("fails when the balance is too low", async () => {
    await expectRevert(usdtCall(holder, "transfer", [recipient.address, funding + 1n]), "UsdtInsufficientBalance", [
      holder.address,
      funding,
      funding + 1n,
    ]);
    expect(await balance(holder.address)).toBe(funding);
  });

  it("moves the whole balance", async () => {
    await usdtCall(holder, "transfer", [recipient.address, funding]);
    expect(await balance(holder.address)).toBe(0n);
    expect(await balance(recipient.address)).toBe(funding);
  });

  it("to oneself leaves the balance unchanged", async () => {
    await usdtCall(holder, "transfer", [holder.address, 7n]);
    expect(await balance(holder.address)).toBe(funding);
  });

  it("refuses the zero address as receiver", async () => {
    await expectRevert(usdtCall(holder, "transfer", [zeroAddress, 1n]), "UsdtInvalidReceiver", [zeroAddress]);
    expect(await balance(holder.address)).toBe(funding);
  });
});

describe("approve", () => {
  it("sets an allowance from zero and emits Approval", async () => {
    const receipt = await usdtCall(holder, "approve", [spender.address, 300n]);
    expect(await allowance(holder.address, spender.address)).toBe(300n);
    const events = parseEventLogs({ abi: DevUSDT.abi, logs: receipt.logs, eventName: "Approval" });
    expect(events.map((log) => log.args)).toEqual([{ owner: holder.address, spender: spender.address, value: 300n }]);
  });

  it("refuses to change a non-zero allowance to another non-zero value", async () => {
    await usdtCall(holder, "approve", [spender.address, 300n]);
    await expectRevert(usdtCall(holder, "approve", [spender.address, 500n]), "UsdtAllowanceNotZero", [
      spender.address,
      300n,
    ]);
    expect(await allowance(holder.address, spender.address)).toBe(300n);
  });

  it("changes a non-zero allowance after it is reset to zero", async () => {
    await usdtCall(holder, "approve", [spender.address, 300n]);
    await usdtCall(holder, "approve", [spender.address, 0n]);
    expect(await allowance(holder.address, spender.address)).toBe(0n);
    await usdtCall(holder, "approve", [spender.address, 500n]);
    expect(await allowance(holder.address, spender.address)).toBe(500n);
  });

  it("keeps allowances per spender", async () => {
    await usdtCall(holder, "approve", [spender.address, 300n]);
    await usdtCall(holder, "approve", [recipient.address, 400n]);
    expect(await allowance(holder.address, spender.address)).toBe(300n);
    expect(await allowance(holder.address, recipient.address)).toBe(400n);
  });
});

describe("transferFrom", () => {
  it("moves the value and decrements the allowance", async () => {
    await usdtCall(holder, "approve", [spender.address, 1_000n]);
    const receipt = await usdtCall(spender, "transferFrom", [holder.address, recipient.address, 400n]);
    expect(await allowance(holder.address, spender.address)).toBe(600n);
    expect(await balance(holder.address)).toBe(funding - 400n);
    expect(await balance(recipient.address)).toBe(400n);
    const events = parseEventLogs({ abi: DevUSDT.abi, logs: receipt.logs, eventName: "Transfer" });
    expect(events.map((log) => log.args)).toEqual([{ from: holder.address, to: recipient.address, value: 400n }]);
  });

  it("fails when the allowance is too low", async () => {
    await usdtCall(holder, "approve", [spender.address, 399n]);
    await expectRevert(
      usdtCall(spender, "transferFrom", [holder.address, recipient.address, 400n]),
      "UsdtInsufficientAllowance",
      [spender.address, 399n, 400n],
    );
    expect(await allowance(holder.address, spender.address)).toBe(399n);
  });

  it("fails without any allowance", async () => {
    await expectRevert(
      usdtCall(spender, "transferFrom", [holder.address, recipient.address, 1n]),
      "UsdtInsufficientAllowance",
      [spender.address, 0n, 1n],
    );
  });

  it("fails when the balance is too low and keeps the allowance", async () => {
    const poor = f.accounts.guardian;
    await usdtCall(f.accounts.deployer, "mint", [poor.address, 50n]);
    await usdtCall(poor, "approve", [spender.address, 100n]);
    await expectRevert(
      usdtCall(spender, "transferFrom", [poor.address, recipient.address, 51n]),
      "UsdtInsufficientBalance",
      [poor.address, 50n, 51n],
    );
    expect(await allowance(poor.address, spender.address)).toBe(100n);
    expect(await balance(poor.address)).toBe(50n);
  });

  it("does not decrement an infinite allowance", async () => {
    await usdtCall(holder, "approve", [spender.address, maxUint256]);
    await usdtCall(spender, "transferFrom", [holder.address, recipient.address, 400n]);
    await usdtCall(spender, "transferFrom", [holder.address, recipient.address, 600n]);
    expect(await allowance(holder.address, spender.address)).toBe(maxUint256);
    expect(await balance(recipient.address)).toBe(1_000n);
  });

  it("decrements an allowance one below the maximum", async () => {
    await usdtCall(holder, "approve", [spender.address, maxUint256 - 1n]);
    await usdtCall(spender, "transferFrom", [holder.address, recipient.address, 400n]);
    expect(await allowance(holder.address, spender.address)).toBe(maxUint256 - 401n);
  });

  it("refuses the zero address as receiver", async () => {
    await usdtCall(holder, "approve", [spender.address, 1_000n]);
    await expectRevert(usdtCall(spender, "transferFrom", [holder.address, zeroAddress, 1n]), "UsdtInvalidReceiver", [
      zeroAddress,
    ]);
    expect(await allowance(holder.address, spender.address)).toBe(1_000n);
  });
});

describe("mint", () => {
  it("mints to any address when called by the owner and emits Transfer from zero", async () => {
    const receipt = await usdtCall(f.accounts.deployer, "mint", [recipient.address, 9_000_000n]);
    expect(await balance(recipient.address)).toBe(9_000_000n);
    expect(await totalSupply()).toBe(28n * funding + 9_000_000n);
    const events = parseEventLogs({ abi: DevUSDT.abi, logs: receipt.logs, eventName: "Transfer" });
    expect(events.map((log) => log.args)).toEqual([{ from: zeroAddress, to: recipient.address, value: 9_000_000n }]);
  });

  it("fails for anyone but the owner", async () => {
    await expectRevert(usdtCall(recipient, "mint", [recipient.address, 1n]), "OwnableUnauthorizedAccount", [
      recipient.address,
    ]);
    expect(await balance(recipient.address)).toBe(0n);
  });

  it("refuses the zero address as receiver", async () => {
    await expectRevert(usdtCall(f.accounts.deployer, "mint", [zeroAddress, 1n]), "UsdtInvalidReceiver", [zeroAddress]);
    expect(await totalSupply()).toBe(28n * funding);
  });
});
