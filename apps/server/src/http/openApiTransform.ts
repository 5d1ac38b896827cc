import { STATUS_CODES } from "node:http";
import type { FastifySchema, RouteOptions } from "fastify";
import { errorRegistry, type RegisteredErrorCode } from "../errors/errorRegistry.ts";
import { idempotencyHeader, idempotentReplayedHeader } from "./idempotency.ts";
import { routeErrorCodes } from "./routeErrorCodes.ts";
import { toJsonSchema } from "./zodTypeProvider.ts";

/** OpenAPI's key for a response's description, which @fastify/swagger moves out of the schema. */
const responseDescription = "x-response-description";

/** The `Idempotency-Key` request header, as Stripe defines it and `createIdempotencyHooks` checks it. */
const idempotencyKeySchema = {
  type: "string",
  minLength: 1,
  maxLength: 255,
  pattern: "^[\\x21-\\x7e]+$",
  description:
    "Makes a retry safe: the same key with the same request answers the first response again (`Idempotent-Replayed: true`); with another request, 409. 1-255 visible ASCII characters, scoped to the caller, kept 24 h.",
};

/**
 * The error envelope `{ error: { code, message, details } }` of the responses of one status, its
 * `code` one of `codes` (their meanings are listed in the description, from docs/errors.md). Always
 * JSON, whatever media the route's successes are.
 *
 * @example
 * errorResponse(404, ["ENTRADA_NOT_FOUND"]).content["application/json"].schema.properties.error.properties.code
 * // { type: "string", enum: ["ENTRADA_NOT_FOUND"] }
 */
export function errorResponse(status: number, codes: readonly RegisteredErrorCode[]) {
  const meanings = codes.map((code) => `- \`${code}\`: ${errorRegistry[code].description}`).join("\n");
  const schema = {
    type: "object",
    required: ["error"],
    additionalProperties: false,
    properties: {
      error: {
        type: "object",
        required: ["code", "message", "details"],
        additionalProperties: false,
        properties: {
          code: { type: "string", enum: [...codes] },
          message: { type: "string", description: "For people, in English; clients switch on `code`." },
          details: { type: "object", additionalProperties: true, description: "Machine-readable facts of the code." },
        },
      },
    },
  };
  return {
    [responseDescription]: `${STATUS_CODES[status] ?? "Error"}: \`{ error: { code, message, details } }\` with one of these codes (docs/errors.md):\n${meanings}`,
    content: { "application/json": { schema } },
    ...(status === 429
      ? {
          headers: {
            "retry-after": { type: "integer", minimum: 1, description: "Seconds to wait before trying again." },
          },
        }
      : {}),
  };
}

/** A success response as the route gave it (zod, JSON Schema, or `{ content }` for other media), for the document. */
function successResponse(status: string, value: unknown, idempotent: boolean): Record<string, unknown> {
  const fallback = STATUS_CODES[Number(status)] ?? "Success";
  let response: Record<string, unknown>;
  if (status === "204") {
    // No body: @fastify/swagger writes no content for `type: "null"`.
    response = { type: "null", [responseDescription]: "No content" };
  } else if (typeof value === "object" && value !== null && "content" in value) {
    // Another medium than JSON, or JSON sent as it is: `{ description, content: { [type]: { schema } } }`.
    const { description, content } = value as { description?: string; content: Record<string, { schema: unknown }> };
    const media = Object.entries(content).map(([type, { schema }]) => [
      type,
      { schema: toJsonSchema(schema, "output") },
    ]);
    response = { [responseDescription]: description ?? fallback, content: Object.fromEntries(media) };
  } else {
    const json = toJsonSchema(value, "output") as Record<string, unknown>;
    response = { ...json, [responseDescription]: json[responseDescription] ?? json.description ?? fallback };
  }
  if (idempotent) {
    response.headers = {
      [idempotentReplayedHeader]: {
        type: "string",
        enum: ["true"],
        description: "Present when this is the stored answer to an earlier request with the same Idempotency-Key.",
      },
    };
  }
  return response;
}

/**
 * @fastify/swagger's `transform`: turns a route's schema into the OpenAPI operation it documents.
 * Zod schemas become JSON Schema (requests as input, responses as output); a route that
 * `consumes` other media than JSON gets a binary body; `config.idempotent` adds the
 * `Idempotency-Key` header; and the responses are the route's own (2xx) plus one per error status it
 * can answer, from {@link routeErrorCodes}, each with the error envelope and the exact list of codes.
 * The route's options are never changed: this is the document's view only.
 *
 * @example
 * await app.register(swagger, { openapi: { … }, transform: openApiTransform })
 */
export function openApiTransform({
  schema,
  url,
  route,
}: {
  schema: FastifySchema | undefined;
  url: string;
  route: RouteOptions;
}): { schema: FastifySchema; url: string } {
  if (schema === undefined) return { schema: {}, url };
  if (schema.hide === true) return { schema, url };
  const { response, errors: _errors, ...parts } = schema as FastifySchema & Record<string, unknown>;
  const idempotent = (route.config as { idempotent?: boolean } | undefined)?.idempotent === true;
  const converted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parts)) converted[key] = toJsonSchema(value, "input");
  if (converted.body === undefined && schema.consumes !== undefined) {
    converted.body = { type: "string", format: "binary", description: "The file's bytes, as the request body." };
  }
  if (idempotent) {
    const headers = (converted.headers ?? { type: "object", properties: {} }) as {
      properties?: Record<string, unknown>;
    };
    converted.headers = {
      ...headers,
      properties: { ...headers.properties, [idempotencyHeader]: idempotencyKeySchema },
    };
  }
  const responses: Record<string, unknown> = {};
  for (const [status, value] of Object.entries((response ?? {}) as Record<string, unknown>)) {
    responses[status] = successResponse(status, value, idempotent);
  }
  const byStatus = new Map<number, RegisteredErrorCode[]>();
  for (const code of routeErrorCodes(route)) {
    const entry = errorRegistry[code];
    if (entry === undefined) throw new Error(`${route.method} ${url} declares ${code}, which no error registry has`);
    const status = entry.status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    if (responses[String(status)] !== undefined) {
      throw new Error(
        `${route.method} ${url} documents ${status} as a success, but its error codes ${codes.join(", ")} answer ${status} too`,
      );
    }
    responses[String(status)] = errorResponse(status, codes);
  }
  converted.response = responses;
  return { schema: converted as FastifySchema, url };
}
