import { z } from "zod";
import { routeSecurity } from "../http/routeSecurity.ts";
import { calendarDateSchema } from "../schemas/primitives.ts";
import type { ReconciliationService } from "../services/createReconciliationService.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";

/** The longest range one export covers: a year and a day, so that a leap year fits. */
const maxRangeDays = 366;

const rangeSchema = z
  .object({ from: calendarDateSchema, to: calendarDateSchema })
  .strict()
  .refine(({ from, to }) => from <= to, { message: "from must not be after to", path: ["to"] })
  .refine(({ from, to }) => (Date.parse(to) - Date.parse(from)) / 86_400_000 < maxRangeDays, {
    message: `the range must be at most ${maxRangeDays} days`,
    path: ["to"],
  });

/**
 * `GET /officer/reconciliation.csv?from=&to=`: the authority's settlements of those days (UTC, both
 * inclusive) as a CSV download, one row per release or refund the chain confirmed, with its amounts
 * and transaction hash, for finance to reconcile against the chain (issue 12 item 9, docs/api.md).
 * Streamed as it is read; the answer's status is sent before the first row, so a failure later
 * ends the download short rather than with an error body.
 *
 * @example
 * await app.register(reconciliationRoutes, { reconciliation })
 */
export const reconciliationRoutes: ApiPlugin<{ reconciliation: ReconciliationService }> = async (
  app,
  { reconciliation },
) => {
  app.get(
    "/officer/reconciliation.csv",
    {
      schema: {
        tags: ["officer"],
        operationId: "getOfficerReconciliationCsv",
        summary:
          "The authority's released and refunded amounts of a date range, with transaction hashes, as CSV for finance",
        security: routeSecurity.sessionOrApiKey,
        errors: ["ENTRADA_FORBIDDEN"],
        querystring: rangeSchema,
        response: {
          200: {
            description:
              "RFC 4180 CSV (UTF-8, CRLF, header row), downloaded as `entrada-reconciliation-<authority>-<from>-<to>.csv`",
            content: { "text/csv": { schema: { type: "string" } } },
          },
        },
      },
    },
    async (request, reply) => {
      const { filename, body } = await reconciliation.csv(request.user, request.query);
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${filename}"`)
        .header("cache-control", "private, no-store")
        .send(body);
    },
  );
};
