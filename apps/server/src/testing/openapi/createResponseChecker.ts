import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { DocumentedOperation } from "./operationsOf.ts";

/** An answer as the checker reads it. */
export type ContractResponse = { statusCode: number; headers: Record<string, unknown>; body: string };

/**
 * Checks answers against the OpenAPI document: the status is one the operation documents, the
 * media type one of that response's, and a JSON body valid against its schema (with Ajv, OpenAPI
 * 3.0's `nullable` included). Returns what is wrong, or `undefined` when nothing is.
 *
 * @example
 * const check = createResponseChecker();
 * const problem = check(operation, await app.inject(request)); // undefined, or "403 is not documented"
 */
export function createResponseChecker(): (
  operation: DocumentedOperation,
  response: ContractResponse,
) => string | undefined {
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormats as unknown as (ajv: Ajv) => void)(ajv);
  // OpenAPI's markers for bytes: any string.
  ajv.addFormat("binary", true);
  ajv.addFormat("byte", true);
  const compiled = new Map<string, ValidateFunction>();

  return (operation, response) => {
    const documented = operation.operation.responses[String(response.statusCode)];
    if (documented === undefined) {
      return `${response.statusCode} is not documented (documented: ${Object.keys(operation.operation.responses).join(", ")})`;
    }
    const content = documented.content;
    if (content === undefined) {
      return response.body === "" ? undefined : `${response.statusCode} documents no body, but one came`;
    }
    const mediaType = String(response.headers["content-type"] ?? "")
      .split(";")[0]!
      .trim()
      .toLowerCase();
    const media = content[mediaType];
    if (media === undefined) {
      return `${response.statusCode} came as ${mediaType || "no media type"}, documented as ${Object.keys(content).join(", ")}`;
    }
    if (media.schema === undefined || !/json/.test(mediaType)) return undefined;
    const key = `${operation.name} ${response.statusCode} ${mediaType}`;
    let validate = compiled.get(key);
    if (validate === undefined) {
      validate = ajv.compile(media.schema);
      compiled.set(key, validate);
    }
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      return `${response.statusCode} is not JSON: ${response.body.slice(0, 200)}`;
    }
    if (validate(body)) return undefined;
    return `${response.statusCode} does not match its schema: ${ajv.errorsText(validate.errors)}`;
  };
}
