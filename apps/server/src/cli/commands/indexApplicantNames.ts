import { parseArgs } from "node:util";
import { applicants } from "@entrada/db";
import { and, eq, gt, sql } from "drizzle-orm";
import { createRecordCipher } from "../../crypto/createRecordCipher.ts";
import { openConfiguredDatabase } from "../../runtime/openConfiguredDatabase.ts";
import { applicantNameIndex } from "../../services/applicantNameIndex.ts";
import { openApplicant } from "../../services/openApplicant.ts";
import { CliError } from "../cliErrorCodes.ts";
import { type CliIo, loadCliConfig } from "../cliRuntime.ts";

export const indexApplicantNamesUsage = `Usage: npx entrada applicants index-names [--dry-run]

Fills the keyed blind index of applicants' names (applicants.name_index, migration 0011) for the
applicants created before it, so that officers find their applications by name in the queue's search
(new applicants are indexed when they are created). Decrypts each name with the master key and stores
only HMACs of its words. Erased applicants stay out of the index. Safe to run again, and while
Entrada runs.

Options:
  --dry-run    count the applicants it would index, change nothing
  -h, --help   this text`;

const options = { "dry-run": { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;
const batch = 500;
/** The name the privacy service seals in place of an erased applicant's (createPrivacyService). */
const erasedName = "[erased]";

/** `npx entrada applicants index-names`: see {@link indexApplicantNamesUsage}. */
export async function indexApplicantNamesCommand(args: readonly string[], io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  if (values.help) {
    io.out(indexApplicantNamesUsage);
    return;
  }
  if (positionals.length > 0) throw new CliError("ENTRADA_CLI_USAGE", "applicants index-names takes options only.");
  const config = loadCliConfig(io);
  const cipher = createRecordCipher({ masterKey: config.masterKey });
  const database = openConfiguredDatabase(config);
  try {
    await database.migrate();
    const { db } = database;
    let indexed = 0;
    let after = "00000000-0000-0000-0000-000000000000";
    for (;;) {
      const rows = await db
        .select()
        .from(applicants)
        .where(and(sql`cardinality(${applicants.nameIndex}) = 0`, gt(applicants.id, after)))
        .orderBy(applicants.id)
        .limit(batch);
      if (rows.length === 0) break;
      after = rows.at(-1)!.id;
      for (const row of rows) {
        const name = openApplicant(cipher, row);
        if (name.surname === erasedName) continue;
        indexed += 1;
        if (values["dry-run"]) continue;
        await db
          .update(applicants)
          .set({ nameIndex: applicantNameIndex(cipher, name) })
          .where(and(eq(applicants.id, row.id), sql`cardinality(${applicants.nameIndex}) = 0`));
      }
    }
    io.out(
      values["dry-run"] ? `${indexed} applicants would be indexed.` : `Indexed the names of ${indexed} applicants.`,
    );
  } finally {
    await database.close();
  }
}
