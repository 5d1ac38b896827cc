/** One entry of {@link cliErrorCodes}: the process exit code and what to do. */
export type CliErrorCodeEntry = { readonly exitCode: number; readonly description: string };

/**
 * The stable error codes of the operator CLI (`npx entrada`), each with the exit code the process
 * ends with. Exit codes: 0 done, 1 an unexpected failure, 2 a usage error, 3 a configuration or input
 * that is refused, 4 the chain or the signer could not be used, 5 refused for safety. docs/errors.md
 * ("Operator CLI") lists them; a test fails when one is missing there.
 *
 * @example
 * cliErrorCodes.ENTRADA_CLI_USAGE.exitCode // 2
 */
export const cliErrorCodes = {
  ENTRADA_CLI_FAILED: {
    exitCode: 1,
    description:
      "An unexpected failure; the message and its cause say what happened. Nothing is half-done on chain: each step is one transaction.",
  },
  ENTRADA_CLI_USAGE: {
    exitCode: 2,
    description:
      "Unknown command or option, or a missing or malformed argument. `npx entrada <command> --help` prints the usage.",
  },
  ENTRADA_CLI_CONFIG_INVALID: {
    exitCode: 3,
    description:
      "The configuration (environment variables) is refused; each problem names its variable, never its value.",
  },
  ENTRADA_CLI_DEPLOYMENT_MISSING: {
    exitCode: 3,
    description:
      "No escrow is known for the chain: no deployments file under ENTRADA_DATA_DIR and no ESCROW_ADDRESS. Deploy first (`npx entrada deploy`).",
  },
  ENTRADA_CLI_TOKEN_MISSING: {
    exitCode: 3,
    description:
      "The chain registry has no USDC (or no price feed the escrow needs) for this chain and none was given with --token/--feed: development tokens are never deployed on a public chain.",
  },
  ENTRADA_CLI_AUTHORITY_UNKNOWN: {
    exitCode: 3,
    description:
      "The escrow has no such authority to update, deactivate or rotate the settler of (register it first), or the database has none to make or rotate an issuer key for (start Entrada with it in its catalogue first).",
  },
  ENTRADA_CLI_BACKUP_INVALID: {
    exitCode: 3,
    description:
      "The file is not an Entrada backup, or a file in it does not match its recorded SHA-256: nothing was restored.",
  },
  ENTRADA_CLI_CHAIN_UNAVAILABLE: {
    exitCode: 4,
    description:
      "The chain's RPC endpoint could not be reached, serves another chain id, or a transaction reverted; `details` says which.",
  },
  ENTRADA_CLI_NOT_ADMIN: {
    exitCode: 5,
    description:
      "ADMIN_KEY's address does not hold the escrow's admin role (or the Safe given does not): nothing was sent. Without ADMIN_KEY the call is printed for the admin (a Safe or the timelock) instead.",
  },
  ENTRADA_CLI_SERVER_RUNNING: {
    exitCode: 5,
    description:
      "Entrada is running on this data folder (its port answers): a backup would be inconsistent and a restore would corrupt it. Stop the server first.",
  },
  ENTRADA_CLI_TARGET_NOT_EMPTY: {
    exitCode: 5,
    description:
      "The data folder to restore into already holds data; restore into an empty folder, or pass --force to replace it (its files are moved aside, not deleted).",
  },
} as const satisfies Record<string, CliErrorCodeEntry>;

/** A stable error code of the CLI. */
export type CliErrorCode = keyof typeof cliErrorCodes;

/**
 * An error the CLI reports as `<code>: <message>` on stderr, ending the process with the code's exit
 * code. `details` are printed too; nothing secret is ever put in them.
 *
 * @example
 * throw new CliError("ENTRADA_CLI_USAGE", 'Unknown command "deplyo".');
 */
export class CliError extends Error {
  override name = "CliError" as const;
  readonly code: CliErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  constructor(
    code: CliErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
  /** The process exit code. */
  get exitCode(): number {
    return cliErrorCodes[this.code].exitCode;
  }
}
