import type { Database } from "@entrada/db";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { ApiPlugin } from "./ApiPlugin.ts";

const healthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  checks: z.object({ database: z.enum(["ok", "failing"]) }),
  chainId: z.number(),
});

/**
 * `GET /health`: liveness and the database's reachability, for load balancers (never rate-limited).
 *
 * @example
 * await app.register(healthRoutes, { db, chainId: 31337 })
 */
export const healthRoutes: ApiPlugin<{ db: Database; chainId: number }> = async (app, { db, chainId }) => {
  app.get(
    "/health",
    {
      config: { rateLimit: false },
      schema: {
        tags: ["health"],
        summary: "Liveness and database reachability",
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (_request, reply) => {
      let database: "ok" | "failing" = "ok";
      try {
        await db.execute(sql`select 1`);
      } catch {
        database = "failing";
      }
      const status = database === "ok" ? "ok" : "degraded";
      return reply.status(status === "ok" ? 200 : 503).send({ status, checks: { database }, chainId });
    },
  );
};
