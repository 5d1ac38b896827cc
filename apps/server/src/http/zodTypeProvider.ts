import type { FastifySchema, FastifySchemaCompiler, FastifySerializerCompiler, FastifyTypeProvider } from "fastify";
import { type ZodType, z } from "zod";
import { ValidationError, type ValidationIssue } from "../errors/http.ts";

/**
 * Route schemas are zod schemas: handlers get the parsed types, Fastify validates with zod, and the
 * OpenAPI document gets the JSON Schema zod generates ({@link zodToOpenApi}). One source for the three.
 *
 * @example
 * app.withTypeProvider<ZodTypeProvider>().post("/x", { schema: { body: z.object({ a: z.string() }) } }, (req) => req.body.a)
 */
export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this["schema"] extends ZodType ? z.output<this["schema"]> : unknown;
  serializer: this["schema"] extends ZodType ? z.input<this["schema"]> : unknown;
}

/** Every error response: documented once, as the default response of each route. */
const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().describe("A stable code of docs/errors.md, e.g. ENTRADA_VALIDATION"),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .describe("An error: `{ error: { code, message, details } }`");

/** Fastify's names of the request parts, as they appear in issue paths. */
const partNames: Record<string, string> = { body: "body", querystring: "query", params: "params", headers: "headers" };

/**
 * Validates a request part with its zod schema; the parsed value (defaults applied, unknown keys of
 * strict objects refused) replaces the raw one. Failures become {@link ValidationError}s.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<ZodType> = ({ schema, httpPart }) => {
  const part = partNames[httpPart ?? "body"] ?? "body";
  return (data) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    return { error: new ValidationError({ issues: toIssues(part, result.error) }) };
  };
};

/**
 * Serializes responses as plain JSON. With `check`, each 2xx body is first checked against the route's
 * response schema, so that tests catch a response that drifts from the documented one.
 */
export function createZodSerializerCompiler({ check }: { check: boolean }): FastifySerializerCompiler<ZodType> {
  return ({ schema, url, method }) =>
    (data) => {
      if (check) {
        const result = schema.safeParse(data);
        if (!result.success) {
          throw new Error(`Response of ${method} ${url} does not match its schema: ${z.prettifyError(result.error)}`);
        }
      }
      return JSON.stringify(data);
    };
}

/** The issues of a zod error as `{ path, message }`, the path prefixed with the request part. */
export function toIssues(part: string, error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: [part, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
}

/**
 * Converts the zod schemas of a route to JSON Schema for @fastify/swagger's `transform`.
 *
 * @example
 * await app.register(swagger, { openapi: { … }, transform: zodToOpenApi })
 */
export function zodToOpenApi({ schema, url }: { schema: FastifySchema | undefined; url: string }): {
  schema: FastifySchema;
  url: string;
} {
  if (schema === undefined) return { schema: {}, url };
  const converted: Record<string, unknown> = { response: { default: toJsonSchema(errorResponseSchema, "output") } };
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    if (key === "response" && typeof value === "object" && value !== null) {
      converted.response = {
        ...Object.fromEntries(
          Object.entries(value).map(([status, response]) => [status, toJsonSchema(response, "output")]),
        ),
        default: toJsonSchema(errorResponseSchema, "output"),
      };
    } else {
      converted[key] = toJsonSchema(value, "input");
    }
  }
  return { schema: converted, url };
}

function toJsonSchema(value: unknown, io: "input" | "output"): unknown {
  if (!(value instanceof z.ZodType)) return value;
  const { $schema: _, ...json } = z.toJSONSchema(value, { target: "openapi-3.0", io, unrepresentable: "any" });
  return json;
}
