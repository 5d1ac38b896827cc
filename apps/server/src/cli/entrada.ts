import { fileURLToPath } from "node:url";
import { ChainError } from "@entrada/chain";
import { CliError, cliErrorCodes } from "./cliErrorCodes.ts";
import type { CliIo } from "./cliRuntime.ts";
import { authorityCommand } from "./commands/authority.ts";
import { backupCommand, restoreCommand } from "./commands/backup.ts";
import { configCheckCommand } from "./commands/configCheck.ts";
import { deployCommand } from "./commands/deploy.ts";
import { indexApplicantNamesCommand } from "./commands/indexApplicantNames.ts";
import { keysCreateCommand } from "./commands/issuerKeys.ts";
import { keysRotateCommand } from "./commands/keysRotate.ts";
import { outboxRedriveCommand } from "./commands/outboxRedrive.ts";

export const usage = `Entrada's operator CLI.

Usage: npx entrada <command> [options]

Commands:
  config check [--online]                      load and check the configuration, print what it uses
  deploy [options]                             deploy the escrow to CHAIN_ID from a key or a Safe
  authority register|update|deactivate <slug>  change the escrow's authorities (an admin call)
  keys rotate relayer | settler <authority>    a new relayer or settler key, and what to do with it
  keys create | rotate issuer <authority>      an authority's e-visa issuer key (sealed in the database)
  outbox redrive [--topic <t>] [--since <when>]  retry failed outbox events and webhook deliveries
  applicants index-names [--dry-run]           index older applicants' names for the officers' search
  backup <file>                                copy the embedded data folder into one file
  restore <file> [--force]                     put a backup back into the data folder

It reads the server's environment (CHAIN_ID, CHAIN_RPC_URL, ENTRADA_DATA_DIR, the keys…; see README)
plus DEPLOYER_KEY and ADMIN_KEY for the commands that send transactions. \`npx entrada <command> --help\`
says more. Exit codes: 0 done, 1 failed, 2 usage, 3 refused input or configuration, 4 chain or signer
unavailable, 5 refused for safety; errors are printed as "<code>: <message>" (docs/errors.md).`;

type Command = (args: readonly string[], io: CliIo) => Promise<void>;

/** Commands by their words: one word, or a group and a verb. */
const commands: Record<string, Command | Record<string, Command>> = {
  config: { check: configCheckCommand },
  deploy: deployCommand,
  authority: authorityCommand,
  keys: { rotate: keysRotateCommand, create: keysCreateCommand },
  outbox: { redrive: outboxRedriveCommand },
  applicants: { "index-names": indexApplicantNamesCommand },
  backup: backupCommand,
  restore: restoreCommand,
};

/**
 * Runs one CLI command and returns the process exit code: 0 done, or the exit code of the
 * {@link CliError} it ended with (printed as `<code>: <message>` and its details on `io.err`). A
 * chain package error keeps its own code; anything else is `ENTRADA_CLI_FAILED`.
 *
 * @example
 * const code = await runCli(["config", "check"], { env: process.env, out: console.log, err: console.error });
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, second, ...rest] = argv;
  try {
    if (first === undefined || first === "--help" || first === "-h" || first === "help") {
      io.out(usage);
      return first === undefined ? cliErrorCodes.ENTRADA_CLI_USAGE.exitCode : 0;
    }
    const entry = commands[first];
    if (entry === undefined)
      throw new CliError("ENTRADA_CLI_USAGE", `Unknown command "${first}". Try npx entrada --help.`);
    if (typeof entry === "function") {
      await entry(argv.slice(1), io);
      return 0;
    }
    const command = second === undefined ? undefined : entry[second];
    if (command === undefined) {
      throw new CliError(
        "ENTRADA_CLI_USAGE",
        `${first} needs one of: ${Object.keys(entry).join(", ")}${second === undefined ? "" : ` (not "${second}")`}.`,
      );
    }
    await command(rest, io);
    return 0;
  } catch (error) {
    return report(error, io);
  }
}

function report(error: unknown, io: CliIo): number {
  if (error instanceof CliError) {
    io.err(`${error.code}: ${error.message}`);
    if (error.details !== undefined) io.err(JSON.stringify(error.details, null, 2));
    const cause = error.cause as { message?: unknown } | undefined;
    if (cause?.message !== undefined) io.err(`cause: ${String(cause.message).split("\n")[0]}`);
    return error.exitCode;
  }
  if (error instanceof ChainError) {
    // A remote signer that refused or is down, a chain id mismatch: the chain package's own code.
    io.err(`${error.code}: ${error.shortMessage}`);
    return error.retryable || error.code === "ENTRADA_CHAIN_ID_MISMATCH" ? 4 : error.status >= 500 ? 4 : 3;
  }
  const code = (error as { code?: unknown }).code;
  if (
    code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ||
    code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" ||
    code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL"
  ) {
    io.err(`ENTRADA_CLI_USAGE: ${(error as Error).message}`);
    return cliErrorCodes.ENTRADA_CLI_USAGE.exitCode;
  }
  io.err(`ENTRADA_CLI_FAILED: ${(error as Error)?.message ?? String(error)}`);
  return cliErrorCodes.ENTRADA_CLI_FAILED.exitCode;
}

// Run as a program (bin/entrada.js imports this file): the process's own arguments and streams.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const code = await runCli(process.argv.slice(2), {
    env: process.env,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
  process.exitCode = code;
}
