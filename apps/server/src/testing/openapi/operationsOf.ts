import type { FastifyInstance } from "fastify";

/** A JSON Schema of the document (OpenAPI 3.0's dialect), as far as the contract tests read it. */
export type JsonSchema = {
  type?: string;
  enum?: unknown[];
  nullable?: boolean;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
  description?: string;
};

/** A parameter of an operation (path, query or header). */
export type OpenApiParameter = {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema: JsonSchema;
};

/** A response of an operation: its media types and their schemas. */
export type OpenApiResponse = {
  description: string;
  content?: Record<string, { schema?: JsonSchema }>;
  headers?: Record<string, { schema: JsonSchema }>;
};

/** An operation of the document. */
export type OpenApiOperation = {
  operationId?: string;
  summary?: string;
  security?: Record<string, string[]>[];
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, OpenApiResponse>;
};

/** The OpenAPI 3.0 document as `app.swagger()` returns it. */
export type OpenApiDocument = {
  openapi: string;
  servers?: { url: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
};

/** One operation with where it lives. */
export type DocumentedOperation = {
  /** `GET /api/v1/applications/{id}`: how tests name it. */
  name: string;
  method: string;
  /** The path template, `{id}` for a parameter. */
  path: string;
  operation: OpenApiOperation;
};

/**
 * The app's OpenAPI document (`/docs/json`), typed as far as the contract tests read it.
 *
 * @example
 * const document = documentOf(app);
 */
export function documentOf(app: FastifyInstance): OpenApiDocument {
  // @fastify/swagger types the document loosely (every OpenAPI version at once).
  return app.swagger() as unknown as OpenApiDocument;
}

const methods = new Set(["get", "put", "post", "delete", "patch", "head", "options", "trace"]);

/**
 * Every operation of an OpenAPI document, in the document's order.
 *
 * @example
 * operationsOf(app.swagger()).map((o) => o.name) // ["GET /api/v1/health", …]
 */
export function operationsOf(document: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => methods.has(method))
      .map(([method, operation]) => ({
        name: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        operation,
      })),
  );
}
