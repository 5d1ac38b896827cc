import { parseArgs } from "node:util";
import { outbox, webhookDeliveries } from "@entrada/db";
import { and, eq, gte, inArray, isNotNull, isNull, lte, or, type SQL } from "drizzle-orm";
import { openConfiguredDatabase } from "../../runtime/openConfiguredDatabase.ts";
import { CliError } from "../cliErrorCodes.ts";
import { type CliIo, loadCliConfig } from "../cliRuntime.ts";

export const outboxRedriveUsage = `Usage: npx entrada outbox redrive [options]

Gives failed outbox events (those that ran out of attempts: e-mails, SMS, webhook fan-out) and failed
webhook deliveries another round: events become pending again with their attempts reset, deliveries
get one more attempt now. A running Entrada picks them up within a second; delivered ones are never
sent again.

Options:
  --topic <topic>   only events of this topic (e.g. application.state_changed)
  --since <when>    only events created since then: an ISO date or a duration (30m, 24h, 7d)
  --dry-run         count what would be re-driven, change nothing
  -h, --help        this text`;

const options = {
  topic: { type: "string" },
  since: { type: "string" },
  "dry-run": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** `npx entrada outbox redrive`: see {@link outboxRedriveUsage}. */
export async function outboxRedriveCommand(args: readonly string[], io: CliIo, now = new Date()): Promise<void> {
  const { values, positionals } = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  if (values.help) {
    io.out(outboxRedriveUsage);
    return;
  }
  if (positionals.length > 0) throw new CliError("ENTRADA_CLI_USAGE", "outbox redrive takes options only.");
  const since = values.since === undefined ? undefined : parseSince(values.since, now);
  const config = loadCliConfig(io);
  const database = openConfiguredDatabase(config);
  try {
    await database.migrate();
    const { db } = database;
    const filters: SQL[] = [];
    if (values.topic !== undefined) filters.push(eq(outbox.topic, values.topic));
    if (since !== undefined) filters.push(gte(outbox.createdAt, since));
    const events = db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(...filters));

    const failedEvents = and(isNotNull(outbox.failedAt), isNull(outbox.processedAt), ...filters);
    // One more attempt of a failed delivery, unless one is in flight (as the API's redeliver does).
    const failedDeliveries = and(
      eq(webhookDeliveries.status, "failed"),
      inArray(webhookDeliveries.eventId, events),
      or(isNull(webhookDeliveries.lockedUntil), lte(webhookDeliveries.lockedUntil, now)),
    );
    let counts: { events: number; webhookDeliveries: number };
    if (values["dry-run"]) {
      counts = {
        events: (await db.select({ id: outbox.id }).from(outbox).where(failedEvents)).length,
        webhookDeliveries: (
          await db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(failedDeliveries)
        ).length,
      };
    } else {
      counts = await db.transaction(async (tx) => {
        const redriven = await tx
          .update(outbox)
          .set({ failedAt: null, attempts: 0, availableAt: now, lockedUntil: null, lockedBy: null, lastError: null })
          .where(failedEvents)
          .returning({ id: outbox.id });
        const redelivered = await tx
          .update(webhookDeliveries)
          .set({ status: "pending", nextAttemptAt: now })
          .where(failedDeliveries)
          .returning({ id: webhookDeliveries.id });
        return { events: redriven.length, webhookDeliveries: redelivered.length };
      });
    }
    io.err(
      `${values["dry-run"] ? "Would re-drive" : "Re-driven"}: ${counts.events} outbox event(s), ${counts.webhookDeliveries} webhook deliver${counts.webhookDeliveries === 1 ? "y" : "ies"}.`,
    );
    io.out(JSON.stringify({ dryRun: values["dry-run"] === true, ...counts }));
  } finally {
    await database.close();
  }
}

/** An ISO date, or a duration back from `now` (`30m`, `24h`, `7d`). */
function parseSince(value: string, now: Date): Date {
  const duration = /^(\d{1,6})([mhd])$/.exec(value);
  if (duration) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[duration[2] as "m" | "h" | "d"];
    return new Date(now.getTime() - Number(duration[1]) * unit);
  }
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new CliError("ENTRADA_CLI_USAGE", `--since takes an ISO date or a duration such as 24h, not "${value}".`);
  }
  return date;
}
