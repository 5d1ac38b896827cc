import fc from "fast-check";
import type { InjectOptions } from "fastify";
import { arbitraryFromSchema, type SchemaHints } from "./arbitraryFromSchema.ts";
import { invalidFromSchema } from "./invalidFromSchema.ts";
import type { DocumentedOperation, JsonSchema, OpenApiParameter } from "./operationsOf.ts";

/** Who sends a request: a name for the report, and the headers that carry their credentials. */
export type Caller = { name: string; headers: Record<string, string> };

/** A request generated for an operation. */
export type ContractRequest = {
  caller: string;
  /** `valid`, or the one part made invalid (`body`, `query`, …). */
  variant: string;
  inject: InjectOptions;
};

/** Parameters of {@link requestArbitrary}. */
export type RequestArbitraryParameters = {
  /** The callers to send as; anonymous is one of them, with no headers. */
  callers: readonly Caller[];
  hints?: SchemaHints | undefined;
  /** Valid bodies of media types other than JSON (an upload's bytes), by media type. */
  bodies?: Readonly<Record<string, fc.Arbitrary<Buffer>>> | undefined;
};

type Parts = {
  path: Record<string, string>;
  query: [string, string][];
  headers: Record<string, string>;
  body?: { contentType: string; payload: string | Buffer } | undefined;
};

/** A path segment that reaches the route: never empty, never `.` or `..` (which would change the path). */
/** A generated value as text: strings as they are, anything else as JSON. */
const textOf = (value: unknown) => (typeof value === "string" ? value : (JSON.stringify(value) ?? "null"));

const segment = (value: unknown) => {
  const text = textOf(value);
  return text === "" || text === "." || text === ".." ? `_${text}` : encodeURIComponent(text);
};

/** Header values travel as visible ASCII; anything else would not be a valid request at all. */
const headerSafe = (value: unknown) => textOf(value).replace(/[^\x20-\x7e]/g, "?");

/** A query parameter's value(s) as they travel. */
const queryValues = (value: unknown): string[] => (Array.isArray(value) ? value.map(textOf) : [textOf(value)]);

function parametersIn(operation: DocumentedOperation, location: OpenApiParameter["in"]): OpenApiParameter[] {
  return (operation.operation.parameters ?? []).filter((parameter) => parameter.in === location);
}

/** Valid values of a list of parameters: required ones always, optional ones sometimes. */
function validParameters(parameters: OpenApiParameter[], hints: SchemaHints): fc.Arbitrary<[string, unknown][]> {
  return fc
    .tuple(
      ...parameters.map((parameter) =>
        parameter.required === true
          ? arbitraryFromSchema(parameter.schema, { ...hints, name: parameter.name }).map(
              (value) => [[parameter.name, value]] as [string, unknown][],
            )
          : // Left out half the time: a random cursor or filter would hide the unfiltered answer.
            fc
              .option(arbitraryFromSchema(parameter.schema, { ...hints, name: parameter.name }), {
                nil: undefined,
                freq: 2,
              })
              .map((value) => (value === undefined ? [] : ([[parameter.name, value]] as [string, unknown][]))),
      ),
    )
    .map((lists) => lists.flat());
}

function jsonBodySchema(operation: DocumentedOperation): JsonSchema | undefined {
  return operation.operation.requestBody?.content["application/json"]?.schema;
}

/** The valid parts of a request to `operation`. */
function validParts(operation: DocumentedOperation, parameters: RequestArbitraryParameters): fc.Arbitrary<Parts> {
  const hints = parameters.hints ?? {};
  const json = jsonBodySchema(operation);
  const media = Object.keys(operation.operation.requestBody?.content ?? {}).filter(
    (type) => type !== "application/json",
  );
  const body: fc.Arbitrary<Parts["body"]> =
    json !== undefined
      ? arbitraryFromSchema(json, hints).map((value) => ({
          contentType: "application/json",
          payload: JSON.stringify(value),
        }))
      : media.length > 0
        ? fc
            .constantFrom(...media)
            .chain((type) =>
              (parameters.bodies?.[type] ?? fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes))).map(
                (payload) => ({ contentType: type, payload }),
              ),
            )
        : fc.constant(undefined);
  return fc.record({
    path: validParameters(parametersIn(operation, "path"), hints).map((entries) =>
      Object.fromEntries(entries.map(([name, value]) => [name, segment(value)])),
    ),
    query: validParameters(parametersIn(operation, "query"), hints).map((entries) =>
      entries.flatMap(([name, value]) => queryValues(value).map((item) => [name, item] as [string, string])),
    ),
    headers: validParameters(parametersIn(operation, "header"), hints).map((entries) =>
      Object.fromEntries(entries.map(([name, value]) => [name, headerSafe(value)])),
    ),
    body,
  });
}

/** Ways to make one part of a valid request invalid, for this operation. */
function breakers(
  operation: DocumentedOperation,
  hints: SchemaHints,
): fc.Arbitrary<[string, (parts: Parts) => Parts]>[] {
  const all: fc.Arbitrary<[string, (parts: Parts) => Parts]>[] = [];
  for (const parameter of parametersIn(operation, "path")) {
    all.push(
      invalidFromSchema(parameter.schema, hints).map((value) => [
        "path",
        (parts) => ({ ...parts, path: { ...parts.path, [parameter.name]: segment(value) } }),
      ]),
    );
  }
  for (const parameter of parametersIn(operation, "query")) {
    all.push(
      invalidFromSchema(parameter.schema, hints).map((value) => [
        "query",
        (parts) => ({
          ...parts,
          query: [
            ...parts.query.filter(([name]) => name !== parameter.name),
            ...queryValues(value).map((item) => [parameter.name, item] as [string, string]),
          ],
        }),
      ]),
    );
  }
  for (const parameter of parametersIn(operation, "header")) {
    all.push(
      invalidFromSchema(parameter.schema, hints).map((value) => [
        "header",
        (parts) => ({ ...parts, headers: { ...parts.headers, [parameter.name]: headerSafe(value) } }),
      ]),
    );
  }
  // A query parameter the operation does not know.
  all.push(
    fc
      .tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ maxLength: 8 }))
      .filter(([name]) => !parametersIn(operation, "query").some((parameter) => parameter.name === name))
      .map(([name, value]) => ["query", (parts) => ({ ...parts, query: [...parts.query, [name, value]] })]),
  );
  // Credentials that are not: a made-up API key, no Bearer at all, or any text.
  all.push(
    fc
      .oneof(
        fc.constantFrom("Bearer ek_not_a_key", "Basic dXNlcjpwYXNz", "Bearer", "bearer  "),
        fc.string({ maxLength: 300 }).map(headerSafe),
      )
      .map((value) => [
        "authorization",
        (parts) => ({ ...parts, headers: { ...parts.headers, authorization: value } }),
      ]),
  );
  if (["POST", "PUT", "PATCH", "DELETE"].includes(operation.method)) {
    const json = jsonBodySchema(operation);
    if (json !== undefined) {
      all.push(
        invalidFromSchema(json, hints).map((value) => [
          "body",
          (parts) => ({
            ...parts,
            body: { contentType: "application/json", payload: JSON.stringify(value) ?? "null" },
          }),
        ]),
      );
    }
    all.push(
      fc
        .oneof(fc.constantFrom("{", "not json", '{"a":', "[1,2", "\u0000"), fc.string({ maxLength: 200 }))
        .map((payload) => ["json", (parts) => ({ ...parts, body: { contentType: "application/json", payload } })]),
      fc
        .constantFrom("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data")
        .map((contentType) => ["media type", (parts) => ({ ...parts, body: { contentType, payload: "a=1" } })]),
      fc.constant(["no body", (parts: Parts) => ({ ...parts, body: undefined })]),
      // Any JSON at all, of any shape.
      fc
        .jsonValue({ maxDepth: 3 })
        .map((value) => [
          "body",
          (parts) => ({ ...parts, body: { contentType: "application/json", payload: JSON.stringify(value) } }),
        ]),
    );
  }
  return all;
}

function toInject(operation: DocumentedOperation, caller: Caller, parts: Parts): InjectOptions {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => parts.path[name] ?? "_");
  const query = new URLSearchParams(parts.query).toString();
  const headers: Record<string, string> = { ...caller.headers, ...parts.headers };
  if (parts.body !== undefined) headers["content-type"] = parts.body.contentType;
  return {
    // light-my-request's methods (what inject accepts), a narrower set than Fastify's route methods.
    method: operation.method as NonNullable<InjectOptions["method"]>,
    url: query === "" ? path : `${path}?${query}`,
    headers,
    ...(parts.body === undefined ? {} : { payload: parts.body.payload }),
  };
}

/**
 * Requests to one operation of the OpenAPI document, generated from its schemas: its path, query,
 * header and body parameters valid (hinted ids that exist mixed in), or one part broken — an invalid
 * parameter or body, a parameter it does not know, a body that is not JSON, another media type, no
 * body, credentials that are not — sent by one of the callers.
 *
 * @example
 * fc.sample(requestArbitrary(operation, { callers: [{ name: "anonymous", headers: {} }] }), 1)
 * // [{ caller: "anonymous", variant: "valid", inject: { method: "GET", url: "/api/v1/applications/…" } }]
 */
export function requestArbitrary(
  operation: DocumentedOperation,
  parameters: RequestArbitraryParameters,
): fc.Arbitrary<ContractRequest> {
  const valid = validParts(operation, parameters);
  const broken = breakers(operation, parameters.hints ?? {});
  const variant: fc.Arbitrary<[string, (parts: Parts) => Parts]> = fc.oneof(
    { weight: 3, arbitrary: fc.constant(["valid", (parts: Parts) => parts] as [string, (parts: Parts) => Parts]) },
    { weight: 2, arbitrary: fc.oneof(...broken) },
  );
  return fc.tuple(fc.constantFrom(...parameters.callers), valid, variant).map(([caller, parts, [name, breakPart]]) => ({
    caller: caller.name,
    variant: name,
    inject: toInject(operation, caller, breakPart(parts)),
  }));
}
