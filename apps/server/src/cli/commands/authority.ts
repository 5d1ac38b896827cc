import { parseArgs } from "node:util";
import { authorityId, VisaFeeEscrow } from "@entrada/contracts";
import { type Address, encodeFunctionData, getAddress, isAddress } from "viem";
import { applyAdminCall } from "../applyAdminCall.ts";
import { CliError } from "../cliErrorCodes.ts";
import { type CliIo, connectCliChain, loadCliConfig, readCliDeployment } from "../cliRuntime.ts";

export const authorityUsage = `Usage: npx entrada authority <register|update|deactivate> <slug> [options]

Registers an authority in the escrow (its payout address and the settler key that releases and
refunds its applications), changes it, or deactivates it (no new payments, no releases; open escrows
can still be refunded or claimed). An admin call of the escrow on CHAIN_ID.

  register <slug> --payout <address> --settler <address>
  update <slug> [--payout <address>] [--settler <address>]   (what is not given stays)
  deactivate <slug>

Options:
  --safe <address>   the admin is this Safe: print the Safe transaction for its owners to sign
  -h, --help         this text

With ADMIN_KEY (0x… or remote:<address>) the call is sent from it; without it and without --safe,
the call is printed for the admin (the governance timelock) to make.`;

const options = {
  payout: { type: "string" },
  settler: { type: "string" },
  safe: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** `npx entrada authority …`: see {@link authorityUsage}. */
export async function authorityCommand(args: readonly string[], io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  if (values.help) {
    io.out(authorityUsage);
    return;
  }
  const [action, slug, ...rest] = positionals;
  if (action !== "register" && action !== "update" && action !== "deactivate") {
    throw new CliError("ENTRADA_CLI_USAGE", `authority needs register, update or deactivate, not "${action ?? ""}".`);
  }
  if (slug === undefined || rest.length > 0)
    throw new CliError("ENTRADA_CLI_USAGE", `authority ${action} takes one <slug>.`);
  const id = (() => {
    try {
      return authorityId(slug);
    } catch {
      throw new CliError("ENTRADA_CLI_USAGE", `"${slug}" is not an authority slug (1–32 of a-z, 0-9 and -).`);
    }
  })();
  const payoutOption = optionalAddress(values.payout, "--payout");
  const settlerOption = optionalAddress(values.settler, "--settler");
  if (action === "register" && (payoutOption === undefined || settlerOption === undefined)) {
    throw new CliError("ENTRADA_CLI_USAGE", "authority register needs --payout and --settler.");
  }
  if (action === "deactivate" && (payoutOption !== undefined || settlerOption !== undefined)) {
    throw new CliError("ENTRADA_CLI_USAGE", "authority deactivate takes no --payout or --settler.");
  }

  const config = loadCliConfig(io);
  const chain = await connectCliChain(config, io);
  const { escrow } = await readCliDeployment(config);
  const current = await readAuthority(chain.publicClient, escrow, id);
  if (action !== "register" && current === undefined) {
    throw new CliError("ENTRADA_CLI_AUTHORITY_UNKNOWN", `The escrow has no authority "${slug}" to ${action}.`, {
      details: { slug, escrow },
    });
  }
  const payout = payoutOption ?? current!.payout;
  const settler = settlerOption ?? current!.settler;
  const active = action !== "deactivate";
  await applyAdminCall({
    config,
    io,
    chain,
    escrow,
    role: "admin",
    safe: optionalAddress(values.safe, "--safe"),
    description: `${action} authority ${slug} (payout ${payout}, settler ${settler}, ${active ? "active" : "inactive"})`,
    calls: [{ to: escrow, data: setAuthorityCall(id, payout, settler, active) }],
  });
}

/** `setAuthority(id, payout, settler, active)` calldata. */
export function setAuthorityCall(id: `0x${string}`, payout: Address, settler: Address, active: boolean) {
  return encodeFunctionData({
    abi: VisaFeeEscrow.abi,
    functionName: "setAuthority",
    args: [id, payout, settler, active],
  });
}

/** The escrow's record of an authority, or `undefined` when it was never registered. */
export async function readAuthority(
  client: { readContract: (request: never) => Promise<unknown> },
  escrow: Address,
  id: `0x${string}`,
): Promise<{ payout: Address; settler: Address; active: boolean } | undefined> {
  const record = (await client.readContract({
    address: escrow,
    abi: VisaFeeEscrow.abi,
    functionName: "authority",
    args: [id],
  } as never)) as { payout: Address; settler: Address; active: boolean };
  return BigInt(record.payout) === 0n ? undefined : record;
}

export function optionalAddress(value: string | undefined, option: string): Address | undefined {
  if (value === undefined) return undefined;
  if (!isAddress(value, { strict: false }) || BigInt(value) === 0n) {
    throw new CliError("ENTRADA_CLI_USAGE", `${option} needs a 0x address, not "${value}".`);
  }
  return getAddress(value);
}
