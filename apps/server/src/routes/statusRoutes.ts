import type { FastifyPluginAsync } from "fastify";
import { ApiError } from "../errors/ApiError.ts";
import { requireUser } from "../http/authenticate.ts";
import { routeSecurity } from "../http/routeSecurity.ts";
import { can } from "../policy.ts";
import type { StatusCache } from "../services/createStatusCache.ts";

/**
 * `GET /api/v1/applications/:id/status` → `{ id, state, stateVersion, updatedAt }`: the cheap
 * endpoint to poll (the live stream pushes the same changes). Served from the status cache; the same
 * policy as reading the application decides who may see it, and others get 404 as for a missing one.
 *
 * @example
 * await app.register(statusRoutes({ statuses }));
 */
export function statusRoutes({ statuses }: { statuses: StatusCache }): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { id: string } }>(
      "/api/v1/applications/:id/status",
      {
        schema: {
          tags: ["applications"],
          operationId: "getApplicationStatus",
          summary: "The state of an application, cheap to poll",
          security: routeSecurity.sessionOrApiKey,
          errors: ["ENTRADA_NOT_FOUND"],
          params: {
            type: "object",
            required: ["id"],
            properties: { id: { type: "string", format: "uuid" } },
          },
          response: {
            200: {
              type: "object",
              properties: {
                id: { type: "string" },
                state: { type: "string" },
                stateVersion: { type: "integer" },
                updatedAt: { type: "string" },
              },
            },
          },
        },
      },
      async (request) => {
        const user = requireUser(request);
        const status = await statuses.get(request.params.id);
        if (status === undefined || !can(user, "application.read", status)) {
          throw new ApiError("No such application.", {
            code: "ENTRADA_NOT_FOUND",
            details: { resource: "application", id: request.params.id },
          });
        }
        return {
          id: status.id,
          state: status.state,
          stateVersion: status.stateVersion,
          updatedAt: status.updatedAt.toISOString(),
        };
      },
    );
  };
}
