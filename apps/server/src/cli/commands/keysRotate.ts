import { open } from "node:fs/promises";
import { parseArgs } from "node:util";
import { authorityId } from "@entrada/contracts";
import { type Address, formatEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { keyAddress, parseKeySpec } from "../../config.ts";
import { applyAdminCall } from "../applyAdminCall.ts";
import { CliError } from "../cliErrorCodes.ts";
import { type CliIo, connectCliChain, loadCliConfig, readCliDeployment } from "../cliRuntime.ts";
import { optionalAddress, readAuthority, setAuthorityCall } from "./authority.ts";
import { keysRotateIssuerCommand } from "./issuerKeys.ts";

export const keysRotateUsage = `Usage: npx entrada keys rotate <relayer | settler <authority>> [options]
       npx entrada keys rotate issuer <authority>

Makes a new key for the relayer or for an authority's settler and says what else to do: for a settler,
the escrow call that names it (sent, proposed to the admin Safe or printed, as for
\`authority update\`); for both, how much native currency to fund it with.

Options:
  --out <file>               write a new private key there (created, mode 0600; never printed)
  --to remote:<address>      use a key made in the remote signer (SIGNER_URL) instead
  --safe <address>           the escrow admin is this Safe (settler only)
  --transactions <n>         transactions to fund the new key for (default 200)
  -h, --help                 this text

\`keys rotate issuer <authority>\` makes a new e-visa issuer key for the authority, stored sealed in
the database; the old one stays published for ten years so that what it signed still verifies.`;

const options = {
  out: { type: "string" },
  to: { type: "string" },
  safe: { type: "string" },
  transactions: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Gas of the costliest call a relayer or settler sends (a gasless payment, a release), with headroom. */
const gasPerTransaction = 200_000n;

/** `npx entrada keys rotate …`: see {@link keysRotateUsage}. */
export async function keysRotateCommand(args: readonly string[], io: CliIo): Promise<void> {
  // Issuer keys live in the database, not in a file or the remote signer: their own command.
  if (args[0] === "issuer") return keysRotateIssuerCommand(args, io);
  const { values, positionals } = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  if (values.help) {
    io.out(keysRotateUsage);
    return;
  }
  const [role, slug, ...rest] = positionals;
  if (role !== "relayer" && role !== "settler") {
    throw new CliError(
      "ENTRADA_CLI_USAGE",
      `keys rotate needs relayer, settler <authority> or issuer <authority>, not "${role ?? ""}".`,
    );
  }
  if ((role === "settler") !== (slug !== undefined) || rest.length > 0) {
    throw new CliError(
      "ENTRADA_CLI_USAGE",
      role === "settler" ? "keys rotate settler takes one <authority>." : "keys rotate relayer takes no argument.",
    );
  }
  if ((values.out === undefined) === (values.to === undefined)) {
    throw new CliError(
      "ENTRADA_CLI_USAGE",
      "keys rotate needs --out <file> (a new key here) or --to remote:<address>.",
    );
  }
  if (role === "relayer" && values.safe !== undefined)
    throw new CliError("ENTRADA_CLI_USAGE", "--safe is for settler keys.");
  const transactions =
    values.transactions === undefined ? 200n : BigInt(/^\d{1,6}$/.test(values.transactions) ? values.transactions : -1);
  if (transactions <= 0n)
    throw new CliError("ENTRADA_CLI_USAGE", "--transactions must be a whole number from 1 to 999999.");

  const config = loadCliConfig(io);
  const chain = await connectCliChain(config, io);
  let id: `0x${string}` | undefined;
  if (slug !== undefined) {
    try {
      id = authorityId(slug);
    } catch {
      throw new CliError("ENTRADA_CLI_USAGE", `"${slug}" is not an authority slug.`);
    }
  }
  const escrow = role === "settler" ? (await readCliDeployment(config)).escrow : undefined;
  const current = escrow && id ? await readAuthority(chain.publicClient, escrow, id) : undefined;
  if (role === "settler" && current === undefined) {
    throw new CliError("ENTRADA_CLI_AUTHORITY_UNKNOWN", `The escrow has no authority "${slug}".`, {
      details: { slug },
    });
  }

  // The new key: made here and written to a file only this user can read, or made in the signer.
  let newAddress: Address;
  let keySpec: string;
  if (values.to !== undefined) {
    const spec = parseKeySpec(values.to);
    if (spec === undefined || !spec.startsWith("remote:")) {
      throw new CliError("ENTRADA_CLI_USAGE", "--to takes remote:<address>, a key of the remote signer.");
    }
    newAddress = keyAddress(spec);
    keySpec = spec;
  } else {
    const privateKey = generatePrivateKey();
    newAddress = privateKeyToAccount(privateKey).address;
    // "wx": never over an existing file (an older key); 0600: nobody else reads it.
    const file = await open(values.out!, "wx", 0o600).catch((cause: NodeJS.ErrnoException) => {
      throw new CliError(
        "ENTRADA_CLI_USAGE",
        `Cannot create ${values.out}: ${cause.code === "EEXIST" ? "it exists" : cause.code}.`,
      );
    });
    await file.writeFile(`${privateKey}\n`);
    await file.close();
    keySpec = `the key in ${values.out}`;
    io.err(`New private key written to ${values.out} (mode 0600). Keep it there or import it into your signer.`);
  }

  const old = role === "relayer" ? keyAddress(config.keys.relayer) : current!.settler;
  const [fees, oldBalance] = await Promise.all([
    chain.publicClient.estimateFeesPerGas().catch(() => ({ maxFeePerGas: undefined })),
    chain.publicClient.getBalance({ address: old }),
  ]);
  const perGas = fees.maxFeePerGas ?? (await chain.publicClient.getGasPrice());
  const fund = perGas * gasPerTransaction * transactions;
  const symbol = chain.profile?.nativeCurrency.symbol ?? chain.chain.nativeCurrency.symbol;

  if (role === "settler") {
    await applyAdminCall({
      config,
      io,
      chain,
      escrow: escrow!,
      role: "admin",
      safe: optionalAddress(values.safe, "--safe"),
      description: `make ${newAddress} the settler of ${slug}`,
      calls: [{ to: escrow!, data: setAuthorityCall(id!, current!.payout, newAddress, current!.active) }],
    });
  }
  const variable = role === "relayer" ? "RELAYER_KEY" : `SETTLER_KEYS (${slug}=…)`;
  io.err(`New ${role === "relayer" ? "relayer" : `settler of ${slug}`}: ${newAddress}.`);
  io.err(
    `Fund it with about ${formatEther(fund)} ${symbol} (${transactions} transactions of ${gasPerTransaction} gas at ${formatEther(perGas * 1_000_000_000n)} ${symbol}/Ggas).`,
  );
  io.err(
    `Then set ${variable} to ${keySpec} and restart Entrada; once the old key ${old} has no pending transaction, move its ${formatEther(oldBalance)} ${symbol} away.`,
  );
  io.out(
    JSON.stringify(
      {
        role,
        ...(slug === undefined ? {} : { authority: slug }),
        address: newAddress,
        previous: old,
        fund: {
          amount: fund.toString(),
          symbol,
          transactions: Number(transactions),
          gasPerTransaction: Number(gasPerTransaction),
        },
        previousBalance: oldBalance.toString(),
        configure: variable,
      },
      null,
      2,
    ),
  );
}
