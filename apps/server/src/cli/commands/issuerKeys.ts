import { parseArgs } from "node:util";
import { UnknownAuthorityError } from "@entrada/core";
import { didWeb } from "@entrada/identity";
import { createRecordCipher } from "../../crypto/createRecordCipher.ts";
import { openConfiguredDatabase } from "../../runtime/openConfiguredDatabase.ts";
import { type AuthorityKey, createAuthorityKeys } from "../../services/createAuthorityKeys.ts";
import { CliError } from "../cliErrorCodes.ts";
import { type CliIo, loadCliConfig } from "../cliRuntime.ts";

export const keysCreateUsage = `Usage: npx entrada keys create issuer <authority>

Makes the e-visa issuer key (ES256, P-256) of an authority already in the database, unless it has one
(then it says so and changes nothing). The demo authorities get theirs when Entrada starts. The
private key is stored sealed with MASTER_KEY and never printed; the public key is published at
/authorities/<authority>/did.json and /.well-known/jwt-vc-issuer/authorities/<authority>.

Options:
  -h, --help   this text`;

export const keysRotateIssuerUsage = `Usage: npx entrada keys rotate issuer <authority>

Makes a new e-visa issuer key for the authority; e-visas are signed with it from now on. The previous
key is retired but stays published for ten years, so that what it signed still verifies.`;

const options = { help: { type: "boolean", short: "h" } } as const;

/** `npx entrada keys create issuer <authority>`: see {@link keysCreateUsage}. */
export async function keysCreateCommand(args: readonly string[], io: CliIo): Promise<void> {
  const authorityId = parseIssuerArgs("create", args, io, keysCreateUsage);
  if (authorityId === undefined) return;
  await withAuthorityKeys(io, async (authorityKeys, publicUrl) => {
    const key = await authorityKeys.ensure(authorityId);
    io.err(
      key.created
        ? `Made the issuer key ${key.kid} of ${authorityId}.`
        : `${authorityId} already has the issuer key ${key.kid}; nothing changed (rotate it with \`npx entrada keys rotate issuer ${authorityId}\`).`,
    );
    io.out(JSON.stringify({ ...published(key, publicUrl), created: key.created }));
  });
}

/** `npx entrada keys rotate issuer <authority>` (the issuer branch of `keys rotate`): see {@link keysRotateIssuerUsage}. */
export async function keysRotateIssuerCommand(args: readonly string[], io: CliIo): Promise<void> {
  const authorityId = parseIssuerArgs("rotate", args, io, keysRotateIssuerUsage);
  if (authorityId === undefined) return;
  await withAuthorityKeys(io, async (authorityKeys, publicUrl) => {
    const { current, retired } = await authorityKeys.rotate(authorityId);
    io.err(
      retired === undefined
        ? `Made the issuer key ${current.kid} of ${authorityId} (it had none).`
        : `Rotated the issuer key of ${authorityId}: ${current.kid} signs from now on; ${retired.kid} stays published until ${retired.notAfter?.toISOString()}.`,
    );
    io.out(
      JSON.stringify({
        ...published(current, publicUrl),
        retired: retired === undefined ? null : { kid: retired.kid, notAfter: retired.notAfter?.toISOString() },
      }),
    );
  });
}

/** The authority of `issuer <authority>`, or `undefined` when help was asked (and printed). */
function parseIssuerArgs(
  verb: "create" | "rotate",
  args: readonly string[],
  io: CliIo,
  usage: string,
): string | undefined {
  const { values, positionals } = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  if (values.help) {
    io.out(usage);
    return undefined;
  }
  const [role, authorityId, ...rest] = positionals;
  if (role !== "issuer") {
    throw new CliError(
      "ENTRADA_CLI_USAGE",
      verb === "create"
        ? `keys create makes issuer keys only: keys create issuer <authority>, not "${role ?? ""}".`
        : `keys rotate issuer takes "issuer", not "${role ?? ""}".`,
    );
  }
  if (authorityId === undefined || rest.length > 0) {
    throw new CliError("ENTRADA_CLI_USAGE", `keys ${verb} issuer takes one <authority>.`);
  }
  if (!/^[a-z0-9-]{1,32}$/.test(authorityId)) {
    throw new CliError(
      "ENTRADA_CLI_USAGE",
      `"${authorityId.slice(0, 64)}" is not an authority slug (1–32 of a-z, 0-9 and -).`,
    );
  }
  return authorityId;
}

/** Opens the database the server uses and runs `work` with the authorities' keys sealed by MASTER_KEY. */
async function withAuthorityKeys(
  io: CliIo,
  work: (authorityKeys: ReturnType<typeof createAuthorityKeys>, publicUrl: string) => Promise<void>,
): Promise<void> {
  const config = loadCliConfig(io);
  const database = openConfiguredDatabase(config);
  try {
    await database.migrate();
    const authorityKeys = createAuthorityKeys({
      db: database.db,
      cipher: createRecordCipher({ masterKey: config.masterKey }),
    });
    await work(authorityKeys, config.publicUrl);
  } catch (error) {
    if (error instanceof UnknownAuthorityError) {
      throw new CliError(
        "ENTRADA_CLI_AUTHORITY_UNKNOWN",
        `${error.message} Start Entrada with it in its catalogue first.`,
        {
          details: { authorityId: error.details.authorityId },
        },
      );
    }
    throw error;
  } finally {
    await database.close();
  }
}

/** What the command prints of a key: public parts and where they are published. */
function published(key: AuthorityKey, publicUrl: string) {
  const issuer = `${publicUrl}/authorities/${key.authorityId}`;
  return {
    authorityId: key.authorityId,
    kid: key.kid,
    did: didWeb(issuer),
    didDocument: `${issuer}/did.json`,
    issuerMetadata: `${publicUrl}/.well-known/jwt-vc-issuer/authorities/${key.authorityId}`,
  };
}
