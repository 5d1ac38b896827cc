import type { Database } from "@entrada/db";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { LoopState, LoopStatus } from "../runtime/createSupervisor.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";

const healthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  checks: z.object({ database: z.enum(["ok", "failing"]) }),
  chainId: z.number().describe("The first chain served (the default of quotes and the web app)"),
  chainIds: z.array(z.number()).describe("Every chain served, the first one first"),
});

const loopStatuses = [
  "starting",
  "ok",
  "retrying",
  "failing",
  "stuck",
  "stopped",
  "fatal",
] as const satisfies readonly LoopStatus[];

/** Loop conditions that make the process unready: its work is not getting done. */
const unreadyStatuses: ReadonlySet<LoopStatus> = new Set(["failing", "stuck", "stopped", "fatal"]);

const loopSchema = z
  .object({
    name: z.string().describe("`indexer:<chainId>`, `outbox`, `relayer`, `webhooks`, `expiry`, `settlements`"),
    status: z
      .enum(loopStatuses)
      .describe(
        "starting (no tick finished yet), ok, retrying (failed lately, under the threshold), failing (too many failures in a row), stuck (one tick has run too long), stopped, fatal",
      ),
    iterations: z.number().int().describe("Ticks finished since start, failed ones included"),
    errors: z.number().int().describe("Ticks failed since start"),
    consecutiveFailures: z.number().int(),
    lastSuccessAt: z.string().nullable().describe("ISO 8601; null before the first success"),
    lastError: z
      .object({
        code: z.string().describe("The stable code (docs/errors.md), else the system code or the error's name"),
        kind: z.enum(["retryable", "fatal", "unexpected"]),
        message: z.string().describe("Short, scrubbed of URLs' paths, addresses and tokens"),
        at: z.string().describe("ISO 8601"),
      })
      .nullable(),
    lag: z
      .record(z.string(), z.number())
      .nullable()
      .describe(
        "The loop's own measures: `blocksBehindHead`, `headBlock`, `lastBlock` (indexer); `backlog`, `oldestAgeSeconds` (outbox); `pending` (relayer); null before the first reading",
      ),
    lagAt: z.string().nullable().describe("When `lag` was measured, ISO 8601"),
  })
  .describe("One background loop's condition");

const readinessSchema = z.object({
  status: z.enum(["ready", "unready"]),
  checks: z.object({
    database: z.enum(["ok", "failing"]),
    loops: z.enum(["ok", "failing"]).describe("failing when a loop is failing, stuck, stopped or fatal"),
  }),
  chainId: z.number().describe("The first chain served"),
  chainIds: z.array(z.number()).describe("Every chain served, the first one first"),
  loops: z.array(loopSchema),
});

/** Parameters of {@link healthRoutes}. */
export type HealthRoutesOptions = {
  db: Database;
  chainId: number;
  /** Every chain served, `chainId` first. Default: `[chainId]`. */
  chainIds?: readonly number[] | undefined;
  /** The background loops' conditions (the supervisor's `states`); none when the app runs without them (tests). */
  loops?: (() => readonly LoopState[]) | undefined;
};

/**
 * `GET /health`: liveness and the database's reachability, for load balancers; `GET /health/ready`:
 * readiness, with each background loop's condition, lag and last error (503 when the database is
 * down or a loop is failing, stuck or stopped). Neither is rate-limited; neither shows a secret
 * (loop errors are codes and scrubbed short messages).
 *
 * @example
 * await app.register(healthRoutes, { db, chainId: 31337, loops: supervisor.states })
 */
export const healthRoutes: ApiPlugin<HealthRoutesOptions> = async (app, { db, chainId, chainIds, loops }) => {
  const served = [...(chainIds ?? [chainId])];
  async function databaseCheck(): Promise<"ok" | "failing"> {
    try {
      await db.execute(sql`select 1`);
      return "ok";
    } catch {
      return "failing";
    }
  }

  app.get(
    "/health",
    {
      config: { rateLimit: false },
      schema: {
        tags: ["health"],
        operationId: "getHealth",
        summary: "Liveness and database reachability",
        security: [],
        response: { 200: healthSchema, 503: healthSchema.describe("The database is unreachable") },
      },
    },
    async (_request, reply) => {
      const database = await databaseCheck();
      const status = database === "ok" ? "ok" : "degraded";
      return reply
        .status(status === "ok" ? 200 : 503)
        .send({ status, checks: { database }, chainId, chainIds: served });
    },
  );

  app.get(
    "/health/ready",
    {
      config: { rateLimit: false },
      schema: {
        tags: ["health"],
        operationId: "getReadiness",
        summary: "Readiness: the database and each background loop's condition, lag and last error",
        security: [],
        response: {
          200: readinessSchema.describe("Ready: the database answers and every loop is doing its work"),
          503: readinessSchema.describe("Unready: the database is down, or a loop is failing, stuck, stopped or fatal"),
        },
      },
    },
    async (_request, reply) => {
      const database = await databaseCheck();
      const states = loops?.() ?? [];
      const loopsCheck = states.some((state) => unreadyStatuses.has(state.status)) ? "failing" : "ok";
      const ready = database === "ok" && loopsCheck === "ok";
      return reply.status(ready ? 200 : 503).send({
        status: ready ? "ready" : "unready",
        checks: { database, loops: loopsCheck },
        chainId,
        chainIds: served,
        loops: states.map((state) => ({
          name: state.name,
          status: state.status,
          iterations: state.iterations,
          errors: state.errors,
          consecutiveFailures: state.consecutiveFailures,
          lastSuccessAt: state.lastSuccessAt?.toISOString() ?? null,
          lastError: state.lastError && { ...state.lastError, at: state.lastError.at.toISOString() },
          lag: state.lag,
          lagAt: state.lagAt?.toISOString() ?? null,
        })),
      });
    },
  );
};
