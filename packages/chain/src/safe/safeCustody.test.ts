import { devAccount, toEscrowRecord, VisaFeeEscrow } from "@entrada/contracts";
import { deploySafeSingletons, type SafeSingletons, safeAbi } from "@entrada/contracts/safe";
import { createEscrowFixture, type EscrowFixture } from "@entrada/contracts/testing";
import Safe, { type ContractNetworksConfig, type Eip1193Provider } from "@safe-global/protocol-kit";
import { type Address, bytesToHex, encodeFunctionData, type Hex } from "viem";
import { afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { deploySafe } from "./deploySafe.ts";
import { proposeSafeTransaction } from "./proposeSafeTransaction.ts";
import { safeContractNetworks } from "./safeContractNetworks.ts";

// Three owners of each Safe, two of whom must sign: the custody the seed asks of the pause guardian
// and the treasury.
const owners = [devAccount(33), devAccount(34), devAccount(35)];
const ownerKey = (i: number): Hex => bytesToHex(owners[i]!.getHdKey().privateKey!);

let f: EscrowFixture;
let singletons: SafeSingletons;
let contractNetworks: ContractNetworksConfig;
let guardianSafe: Address;
let treasurySafe: Address;
let snapshot: Hex;

beforeAll(async () => {
  f = await createEscrowFixture();
  const deployer = f.chain.wallet(f.accounts.deployer);
  singletons = await deploySafeSingletons({ publicClient: f.chain.publicClient, deployer });
  contractNetworks = safeContractNetworks(singletons);
  const safe = (label: string) =>
    deploySafe({
      provider: f.chain.provider,
      publicClient: f.chain.publicClient,
      deployer,
      owners: owners.map((o) => o.address),
      threshold: 2,
      label,
      contractNetworks,
    });
  guardianSafe = await safe("entrada-guardian");
  treasurySafe = await safe("entrada-treasury");
  // The admin hands the guardian role and the treasury to the Safes, as `entrada deploy --guardian-safe
  // --treasury-safe` does at deployment.
  const guardianRole = await f.chain.publicClient.readContract({
    address: f.escrow,
    abi: VisaFeeEscrow.abi,
    functionName: "GUARDIAN_ROLE",
  });
  await f.call(f.accounts.deployer, "grantRole", [guardianRole, guardianSafe]);
  await f.call(f.accounts.deployer, "revokeRole", [guardianRole, f.accounts.guardian.address]);
  await f.call(f.accounts.deployer, "setTreasury", [treasurySafe]);
}, 60_000);

beforeEach(async () => {
  snapshot = await f.chain.snapshot();
});
afterEach(() => f.chain.revert(snapshot));

/** protocol-kit connected to `safe`, signing with owner `i`. */
function kitOf(safe: Address, i: number): Promise<Safe> {
  return Safe.init({
    provider: f.chain.provider as unknown as Eip1193Provider,
    signer: ownerKey(i),
    safeAddress: safe,
    contractNetworks,
  });
}

/** The Safe transaction that makes `safe` call the escrow with `data`, signed by the owners `signers`. */
async function signedBy(safe: Address, data: Hex, signers: number[]) {
  let kit = await kitOf(safe, signers[0]!);
  let transaction = await kit.createTransaction({ transactions: [{ to: f.escrow, data, value: "0" }] });
  for (const i of signers) {
    kit = await kit.connect({ signer: ownerKey(i) });
    transaction = await kit.signTransaction(transaction);
  }
  return { kit, transaction };
}

const pauseCall = encodeFunctionData({ abi: VisaFeeEscrow.abi, functionName: "setPaused", args: [true] });

describe("a 2-of-3 Safe as the pause guardian", () => {
  test("the Safes are Safe 1.4.1 accounts of the three owners, two signatures each", async () => {
    for (const safe of [guardianSafe, treasurySafe]) {
      const kit = await kitOf(safe, 0);
      expect(kit.getContractVersion()).toBe("1.4.1");
      expect(await kit.getThreshold()).toBe(2);
      expect((await kit.getOwners()).sort()).toEqual(owners.map((o) => o.address).sort());
    }
    expect(guardianSafe).not.toBe(treasurySafe);
  });

  test("pauses the escrow through a Safe transaction signed by two owners", async () => {
    expect(
      await f.chain.publicClient.readContract({ address: f.escrow, abi: VisaFeeEscrow.abi, functionName: "paused" }),
    ).toBe(false);
    const { kit, transaction } = await signedBy(guardianSafe, pauseCall, [0, 2]);
    const result = await kit.executeTransaction(transaction);
    const receipt = await f.chain.publicClient.waitForTransactionReceipt({ hash: result.hash as Hex });
    expect(receipt.status).toBe("success");
    expect(
      await f.chain.publicClient.readContract({ address: f.escrow, abi: VisaFeeEscrow.abi, functionName: "paused" }),
    ).toBe(true);
  });

  test("one owner's signature alone is refused, by protocol-kit and by the Safe contract itself", async () => {
    const { kit, transaction } = await signedBy(guardianSafe, pauseCall, [1]);
    await expect(kit.executeTransaction(transaction)).rejects.toThrow(/signature/i);
    // Straight to the contract, past protocol-kit's check: the Safe reverts (GS020, signatures too short).
    const { data } = transaction;
    const execute = f.chain.wallet(owners[1]!).writeContract({
      address: guardianSafe,
      abi: safeAbi,
      functionName: "execTransaction",
      args: [
        data.to,
        BigInt(data.value),
        data.data,
        data.operation,
        BigInt(data.safeTxGas),
        BigInt(data.baseGas),
        BigInt(data.gasPrice),
        data.gasToken,
        data.refundReceiver,
        transaction.encodedSignatures(),
      ],
    });
    await expect(execute).rejects.toThrow(/GS020/);
    expect(
      await f.chain.publicClient.readContract({ address: f.escrow, abi: VisaFeeEscrow.abi, functionName: "paused" }),
    ).toBe(false);
  });

  test("an owner cannot pause the escrow from their own address: only the Safe holds the role", async () => {
    const pause = f.chain.wallet(owners[0]!).writeContract({
      address: f.escrow,
      abi: VisaFeeEscrow.abi,
      functionName: "setPaused",
      args: [true],
    });
    await expect(pause).rejects.toThrow(/AccessControlUnauthorizedAccount/);
  });

  test("proposeSafeTransaction builds the very transaction the owners sign", async () => {
    const proposal = await proposeSafeTransaction({
      provider: f.chain.provider,
      safe: guardianSafe,
      calls: [{ to: f.escrow, data: pauseCall }],
      contractNetworks,
    });
    const { kit, transaction } = await signedBy(guardianSafe, pauseCall, [0, 1]);
    expect(proposal.safeTxHash).toBe(await kit.getTransactionHash(transaction));
    expect(proposal).toMatchObject({
      chainId: 31337,
      safe: guardianSafe,
      transaction: { to: f.escrow, data: pauseCall, operation: 0, nonce: 0 },
    });
  });
});

describe("a 2-of-3 Safe as the treasury", () => {
  test("receives exactly the platform fees, withdrawn through a Safe transaction signed by two owners", async () => {
    const payer = f.accounts.payers[0]!;
    const authority = f.authorities[0]!;
    const quote = await f.makeQuote({ payer: payer.address });
    await f.approve(f.tokens.USDC, payer, quote.amount);
    await f.call(payer, "pay", [quote, await f.signQuote(quote)]);
    await f.call(authority.settler, "releaseEscrowByAuthority", [toEscrowRecord(quote)]);
    // 40.04 USDC paid: 40 USDC to the authority, the 0.04 USDC platform fee (10 bps) accrued.
    expect(quote.platformFee).toBe(40_000n);
    const accrued = await f.chain.publicClient.readContract({
      address: f.escrow,
      abi: VisaFeeEscrow.abi,
      functionName: "feesAccrued",
      args: [f.tokens.USDC],
    });
    expect(accrued).toBe(quote.platformFee);

    const before = await f.balanceOf(f.tokens.USDC, treasurySafe);
    const withdraw = encodeFunctionData({
      abi: VisaFeeEscrow.abi,
      functionName: "withdrawFees",
      args: [f.tokens.USDC],
    });
    // One signature: refused, nothing moves.
    const alone = await signedBy(treasurySafe, withdraw, [2]);
    await expect(alone.kit.executeTransaction(alone.transaction)).rejects.toThrow(/signature/i);
    expect(await f.balanceOf(f.tokens.USDC, treasurySafe)).toBe(before);

    const { kit, transaction } = await signedBy(treasurySafe, withdraw, [1, 2]);
    const result = await kit.executeTransaction(transaction);
    expect((await f.chain.publicClient.waitForTransactionReceipt({ hash: result.hash as Hex })).status).toBe("success");
    expect((await f.balanceOf(f.tokens.USDC, treasurySafe)) - before).toBe(quote.platformFee);
    expect(
      await f.chain.publicClient.readContract({
        address: f.escrow,
        abi: VisaFeeEscrow.abi,
        functionName: "feesAccrued",
        args: [f.tokens.USDC],
      }),
    ).toBe(0n);
  });

  test("an owner calling withdrawFees directly is not the treasury", async () => {
    const withdraw = f.chain.wallet(owners[0]!).writeContract({
      address: f.escrow,
      abi: VisaFeeEscrow.abi,
      functionName: "withdrawFees",
      args: [f.tokens.USDC],
    });
    await expect(withdraw).rejects.toThrow(/EscrowNotTreasury/);
  });
});
