import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { proposeSafeTransaction, type SafeCall, safeContractNetworks } from "@entrada/chain";
import { VisaFeeEscrow } from "@entrada/contracts";
import type { SafeSingletons } from "@entrada/contracts/safe";
import type { Address, Hex } from "viem";
import type { Config } from "../config.ts";
import { CliError } from "./cliErrorCodes.ts";
import { type CliChain, type CliIo, confirm } from "./cliRuntime.ts";

/** Which escrow role a call needs. */
export type EscrowRole = "admin" | "guardian";

/** Parameters of {@link applyAdminCall}. */
export type ApplyAdminCallParameters = {
  config: Config;
  io: CliIo;
  chain: CliChain;
  escrow: Address;
  role: EscrowRole;
  /** The calls, each to the escrow. */
  calls: readonly SafeCall[];
  /** What the calls do, for people: "register authority gb-eta". */
  description: string;
  /** The Safe that holds the role (`--safe`): the calls become a Safe transaction for its owners. */
  safe: Address | undefined;
};

/** What {@link applyAdminCall} did. */
export type AdminCallOutcome = "sent" | "proposed" | "printed";

/** Where `entrada deploy` records the Safe contracts it deployed on a chain that had none (the local chain). */
export function safeSingletonsPath(dataDir: string, chainId: number): string {
  return join(dataDir, "deployments", `${chainId}.safe.json`);
}

/** The Safe contracts `entrada deploy` recorded for `chainId`, if any. */
export async function readSafeSingletons(dataDir: string, chainId: number): Promise<SafeSingletons | undefined> {
  try {
    return JSON.parse(await readFile(safeSingletonsPath(dataDir, chainId), "utf8")) as SafeSingletons;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Makes an admin (or guardian) call of the escrow the way its holder can take it:
 * - `--safe <address>`: the Safe holding the role gets a Safe transaction for its owners to sign,
 *   printed as JSON with its `safeTxHash` (nothing is sent; Entrada holds no owner key);
 * - `ADMIN_KEY` set: sent from that key, after checking it holds the role (`ENTRADA_CLI_NOT_ADMIN`);
 * - neither: the calldata is printed for whoever holds the role (the governance timelock), and the
 *   command succeeds, as preparing a proposal is what was asked.
 * Governance proposals (the Governor) come with governance itself.
 */
export async function applyAdminCall(parameters: ApplyAdminCallParameters): Promise<AdminCallOutcome> {
  const { config, io, chain, escrow, role, calls, description, safe } = parameters;
  const roleId = await chain.publicClient.readContract({
    address: escrow,
    abi: VisaFeeEscrow.abi,
    functionName: role === "admin" ? "DEFAULT_ADMIN_ROLE" : "GUARDIAN_ROLE",
  });
  const holds = (account: Address) =>
    chain.publicClient.readContract({
      address: escrow,
      abi: VisaFeeEscrow.abi,
      functionName: "hasRole",
      args: [roleId, account],
    });

  if (safe !== undefined) {
    if (!(await holds(safe))) {
      throw new CliError("ENTRADA_CLI_NOT_ADMIN", `The Safe ${safe} does not hold the escrow's ${role} role.`, {
        details: { safe, role, escrow },
      });
    }
    const singletons = await readSafeSingletons(config.dataDir, chain.chainId);
    const proposal = await proposeSafeTransaction({
      provider: config.chain.rpcUrl,
      safe,
      calls,
      contractNetworks: singletons && safeContractNetworks(singletons),
    });
    io.err(`Safe transaction to ${description}: two (or the threshold of) owners sign ${proposal.safeTxHash}.`);
    io.out(JSON.stringify({ action: "proposed", description, ...proposal }, null, 2));
    return "proposed";
  }

  const signer = await chain.signerOf("ADMIN_KEY");
  if (signer !== undefined) {
    if (!(await holds(signer.address))) {
      throw new CliError(
        "ENTRADA_CLI_NOT_ADMIN",
        `ADMIN_KEY's address ${signer.address} does not hold the escrow's ${role} role.`,
        { details: { address: signer.address, role, escrow } },
      );
    }
    const wallet = chain.wallet(signer);
    const hashes: Hex[] = [];
    for (const call of calls) {
      const hash = await wallet.sendTransaction({
        account: signer,
        chain: chain.chain,
        to: call.to,
        data: call.data,
        value: call.value ?? 0n,
      });
      await confirm(chain.publicClient, hash, description);
      hashes.push(hash);
    }
    io.err(`Sent: ${description}.`);
    io.out(JSON.stringify({ action: "sent", description, from: signer.address, transactions: hashes }, null, 2));
    return "sent";
  }

  io.err(`No ADMIN_KEY and no --safe: here is the call to ${description}, for the ${role} of ${escrow} to make.`);
  io.out(
    JSON.stringify(
      {
        action: "printed",
        description,
        chainId: chain.chainId,
        calls: calls.map((call) => ({ to: call.to, value: String(call.value ?? 0n), data: call.data })),
      },
      null,
      2,
    ),
  );
  return "printed";
}
