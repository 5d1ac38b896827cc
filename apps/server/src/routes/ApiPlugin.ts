import type { FastifyPluginAsync, RawServerDefault } from "fastify";
import type { ZodTypeProvider } from "../http/zodTypeProvider.ts";

/**
 * A plugin of routes under `/api/v1`, with zod schemas typing its handlers.
 *
 * @example
 * export const healthRoutes: ApiPlugin<{ db: Database }> = async (app, { db }) => { app.get(…) };
 */
export type ApiPlugin<Options extends Record<string, unknown> = Record<never, never>> = FastifyPluginAsync<
  Options,
  RawServerDefault,
  ZodTypeProvider
>;
