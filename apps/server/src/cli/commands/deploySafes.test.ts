import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { safeContractNetworks } from "@entrada/chain";
import {
  authorityId,
  createLocalChain,
  devAccount,
  type LocalChain,
  type LocalChainServer,
  startLocalChainServer,
  VisaFeeEscrow,
} from "@entrada/contracts";
import Safe, { type Eip1193Provider } from "@safe-global/protocol-kit";
import { type Address, bytesToHex, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readSafeSingletons } from "../applyAdminCall.ts";
import { runCli } from "../entrada.ts";

// The local chain (31337), served over HTTP as `npm run chain` serves it: `entrada deploy` deploys Safe
// 1.4.1 there and makes 2-of-3 Safes the guardian and the treasury.
const owners = [devAccount(36), devAccount(37), devAccount(38)];
const ownerKey = (i: number): Hex => bytesToHex(owners[i]!.getHdKey().privateKey!);
let chain: LocalChain;
let server: LocalChainServer;
let dataDir: string;

beforeAll(async () => {
  chain = await createLocalChain();
  server = await startLocalChainServer({ host: "127.0.0.1", port: 0 });
  dataDir = await mkdtemp(join(tmpdir(), "entrada-cli-safe-"));
});
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function cli(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    env: { CHAIN_RPC_URL: server.url, ENTRADA_DATA_DIR: dataDir, ...env },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const read = (escrow: Address, functionName: string, args: readonly unknown[] = []) =>
  chain.publicClient.readContract({ address: escrow, abi: VisaFeeEscrow.abi, functionName, args } as never);

describe("npx entrada deploy --guardian-safe --treasury-safe on the local chain", () => {
  let guardianSafe: Address;
  let treasurySafe: Address;

  test("deploys Safe 1.4.1, two 2-of-3 Safes, and an escrow whose guardian and treasury they are", async () => {
    const safeOwners = owners.map((o) => o.address).join(",");
    const { code, out, err } = await cli([
      "deploy",
      "--guardian-safe",
      safeOwners,
      "--treasury-safe",
      safeOwners,
      "--treasury-threshold",
      "2",
    ]);
    expect([code, err]).toEqual([0, expect.stringContaining("guardian Safe")]);
    const deployed = JSON.parse(out);
    ({ guardian: guardianSafe, treasury: treasurySafe } = deployed);
    expect(guardianSafe).not.toBe(treasurySafe);
    for (const safe of [guardianSafe, treasurySafe])
      expect(await chain.publicClient.getCode({ address: safe })).toBeDefined();
    expect(await read(deployed.escrow, "hasRole", [await read(deployed.escrow, "GUARDIAN_ROLE"), guardianSafe])).toBe(
      true,
    );
    expect(await read(deployed.escrow, "treasury")).toBe(treasurySafe);
    // The local chain's tokens came with it: Circle's USDC and the USDT-like token.
    expect(Object.keys(deployed.tokens).sort()).toEqual(["USDC", "USDT"]);
  });

  test("an escrow whose admin is a Safe gets its authority changes as Safe transactions, which two owners execute", async () => {
    // A second escrow, its admin the guardian's Safe (the Safes already exist: same owners, same labels).
    const { code, out } = await cli(["deploy", "--admin", guardianSafe]);
    expect(code).toBe(0);
    const { escrow } = JSON.parse(out);
    const payout = privateKeyToAccount(generatePrivateKey()).address;
    const settler = privateKeyToAccount(generatePrivateKey()).address;

    // The treasury's Safe holds no role: refused before anything is built.
    const wrong = await cli([
      "authority",
      "register",
      "gb-eta",
      "--payout",
      payout,
      "--settler",
      settler,
      "--safe",
      treasurySafe,
    ]);
    expect([wrong.code, wrong.err]).toEqual([5, expect.stringContaining("ENTRADA_CLI_NOT_ADMIN")]);

    const proposed = await cli([
      "authority",
      "register",
      "gb-eta",
      "--payout",
      payout,
      "--settler",
      settler,
      "--safe",
      guardianSafe,
    ]);
    expect(proposed.code).toBe(0);
    const proposal = JSON.parse(proposed.out);
    expect(proposal).toMatchObject({
      action: "proposed",
      chainId: 31337,
      safe: guardianSafe,
      transaction: { to: escrow, operation: 0 },
    });
    expect(((await read(escrow, "authority", [authorityId("gb-eta")])) as { active: boolean }).active).toBe(false);

    // Two owners sign the very transaction printed, and one of them executes it.
    const contractNetworks = safeContractNetworks((await readSafeSingletons(dataDir, 31337))!);
    const provider = chain.provider as unknown as Eip1193Provider;
    let kit = await Safe.init({ provider, signer: ownerKey(0), safeAddress: guardianSafe, contractNetworks });
    let transaction = await kit.createTransaction({
      transactions: [
        { to: proposal.transaction.to, data: proposal.transaction.data, value: proposal.transaction.value },
      ],
    });
    expect(await kit.getTransactionHash(transaction)).toBe(proposal.safeTxHash);
    transaction = await kit.signTransaction(transaction);
    kit = await kit.connect({ signer: ownerKey(2) });
    transaction = await kit.signTransaction(transaction);
    const result = await kit.executeTransaction(transaction);
    await chain.publicClient.waitForTransactionReceipt({ hash: result.hash as Hex });
    expect(await read(escrow, "authority", [authorityId("gb-eta")])).toEqual({ payout, settler, active: true });
  });
});
