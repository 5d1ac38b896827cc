import type { FastifySchemaCompiler, FastifySerializerCompiler, FastifyTypeProvider } from "fastify";
import { type ZodType, z } from "zod";
import { ValidationError, type ValidationIssue } from "../errors/http.ts";

/**
 * Route schemas are zod schemas: handlers get the parsed types, Fastify validates with zod, and the
 * OpenAPI document gets the JSON Schema zod generates ({@link toJsonSchema}). One source for the three.
 *
 * @example
 * app.withTypeProvider<ZodTypeProvider>().post("/x", { schema: { body: z.object({ a: z.string() }) } }, (req) => req.body.a)
 */
export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this["schema"] extends ZodType ? z.output<this["schema"]> : unknown;
  serializer: this["schema"] extends ZodType ? z.input<this["schema"]> : unknown;
}

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
      // A schema that is not zod documents another medium (a file, an event stream), whose bytes are sent as they are.
      if (check && schema instanceof z.ZodType) {
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
 * A zod schema as JSON Schema for the OpenAPI document (3.0 dialect): `input` for what a request
 * may send (before defaults and transforms), `output` for what a response holds. Anything that is not
 * a zod schema is returned as it is.
 *
 * @example
 * toJsonSchema(z.object({ a: z.string() }), "input") // { type: "object", properties: { a: { type: "string" } }, … }
 */
export function toJsonSchema(value: unknown, io: "input" | "output"): unknown {
  if (!(value instanceof z.ZodType)) return value;
  const { $schema: _, ...json } = z.toJSONSchema(value, { target: "openapi-3.0", io, unrepresentable: "any" });
  return withNullInEnums(json);
}

/**
 * OpenAPI 3.0.3 says that `nullable` does not widen an `enum`: a nullable enum must list `null`
 * among its values, or validators (Ajv, generated clients) refuse the null it may hold. Zod writes
 * `{ nullable: true, enum: ["M", "F"] }`; this adds the `null`, everywhere in the schema.
 */
function withNullInEnums(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withNullInEnums);
  if (typeof schema !== "object" || schema === null) return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, withNullInEnums(value)]));
  if (copy.nullable === true && Array.isArray(copy.enum) && !copy.enum.includes(null)) copy.enum = [...copy.enum, null];
  return copy;
}
