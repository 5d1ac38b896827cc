import { z } from "zod";
import { apiKeyScopes, isApiKeyScope } from "../auth/apiKeyScopes.ts";
import { ApiKeyScopesInvalidError, ForbiddenError } from "../errors/auth.ts";
import { NotFoundError } from "../errors/http.ts";
import { requireUser } from "../http/authenticate.ts";
import { routeSecurity } from "../http/routeSecurity.ts";
import { authorize, can } from "../policy.ts";
import { idParamsSchema, pageQuerySchema, pageSchema, slugSchema, uuidSchema } from "../schemas/primitives.ts";
import type { ApiKeyRecord, ApiKeyService } from "../services/createApiKeyService.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";

const apiKeyViewSchema = z.object({
  id: z.string(),
  prefix: z.string(),
  name: z.string(),
  authorityId: z.string().nullable(),
  organisationId: z.string().nullable(),
  /** What the key may do within its authority or organisation. */
  scopes: z.array(z.enum(apiKeyScopes)),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

function toApiKeyView(record: ApiKeyRecord): z.infer<typeof apiKeyViewSchema> {
  return {
    ...record,
    createdAt: record.createdAt.toISOString(),
    lastUsedAt: record.lastUsedAt?.toISOString() ?? null,
    revokedAt: record.revokedAt?.toISOString() ?? null,
  };
}

/**
 * API keys for authority and organisation systems: `POST /api-keys` (the key is in the response,
 * once; `scopes` say what it may do, every scope when omitted, as keys had before scopes existed),
 * `GET /api-keys` (the caller's, with their scopes), `DELETE /api-keys/:id`. An officer manages keys of their
 * authority, an organisation admin of their organisation, an operator of any.
 *
 * @example
 * await app.register(apiKeyRoutes, { apiKeys, knownAuthority })
 */
export const apiKeyRoutes: ApiPlugin<{ apiKeys: ApiKeyService; knownAuthority: (id: string) => void }> = async (
  app,
  { apiKeys, knownAuthority },
) => {
  app.post(
    "/api-keys",
    {
      config: { idempotent: true },
      schema: {
        tags: ["api keys"],
        operationId: "createApiKey",
        summary: "Create an API key for one authority or one organisation",
        security: routeSecurity.session,
        errors: ["ENTRADA_FORBIDDEN", "ENTRADA_AUTHORITY_NOT_FOUND", "ENTRADA_API_KEY_SCOPES_INVALID"],
        body: z
          .object({
            name: z.string().trim().min(1).max(100),
            // Names are checked by the handler, so that an unknown one answers its own stable code.
            scopes: z
              .array(z.string().max(64))
              .max(apiKeyScopes.length * 2)
              .optional()
              .describe(`What the key may do: ${apiKeyScopes.join(", ")}. Default: all of them.`),
            authorityId: slugSchema.optional(),
            organisationId: uuidSchema.optional(),
          })
          .strict()
          .refine((body) => (body.authorityId === undefined) !== (body.organisationId === undefined), {
            message: "give exactly one of authorityId and organisationId",
            path: ["authorityId"],
          }),
        response: { 201: apiKeyViewSchema.extend({ key: z.string() }) },
      },
    },
    async (request, reply) => {
      const { name, authorityId, organisationId, scopes = [...apiKeyScopes] } = request.body;
      const unknown = scopes.filter((scope) => !isApiKeyScope(scope));
      if (scopes.length === 0 || unknown.length > 0) {
        throw new ApiKeyScopesInvalidError({ unknown, allowed: apiKeyScopes });
      }
      authorize(request.user, "apiKey.manage", {
        authorityId: authorityId ?? null,
        organisationId: organisationId ?? null,
      });
      if (authorityId !== undefined) knownAuthority(authorityId);
      const { key, record } = await apiKeys.create({
        ownerId: request.user.id,
        name,
        scope: authorityId !== undefined ? { authorityId } : { organisationId: organisationId! },
        scopes: scopes.filter(isApiKeyScope),
      });
      return reply.status(201).send({ ...toApiKeyView(record), key });
    },
  );

  app.get(
    "/api-keys",
    {
      schema: {
        tags: ["api keys"],
        operationId: "listApiKeys",
        summary: "The API keys the caller created, newest first",
        security: routeSecurity.session,
        errors: ["ENTRADA_FORBIDDEN", "ENTRADA_CURSOR_INVALID"],
        querystring: pageQuerySchema.strict(),
        response: { 200: pageSchema(apiKeyViewSchema) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      if (user.via !== "session") throw new ForbiddenError({ action: "apiKey.manage" });
      const page = await apiKeys.list(user.id, request.query);
      return { items: page.items.map(toApiKeyView), nextCursor: page.nextCursor };
    },
  );

  app.delete(
    "/api-keys/:id",
    {
      schema: {
        tags: ["api keys"],
        operationId: "revokeApiKey",
        summary: "Revoke an API key",
        security: routeSecurity.session,
        errors: ["ENTRADA_NOT_FOUND"],
        params: idParamsSchema,
        response: { 200: apiKeyViewSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const key = await apiKeys.get(request.params.id);
      const scope = { authorityId: key.authorityId, organisationId: key.organisationId };
      // Its creator, or whoever manages keys of its scope; to anyone else it does not exist.
      const owner = user.via === "session" && key.ownerId === user.id;
      if (!owner && !can(user, "apiKey.manage", scope)) throw new NotFoundError({ resource: "api key", id: key.id });
      return toApiKeyView(await apiKeys.revoke(key.id));
    },
  );
};
