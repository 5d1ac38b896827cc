import type { JsonValue } from "@entrada/core";
import { ApiError } from "./ApiError.ts";

/** One problem with a request, at a path such as `body.answers.email`. */
export type ValidationIssue = { path: string; message: string };

/**
 * The request does not match its route's schema, or its body is not JSON.
 *
 * @example
 * throw new ValidationError({ issues: [{ path: "body.token", message: "Expected USDC or USDT" }] })
 */
export class ValidationError extends ApiError {
  override name = "ValidationError" as const;
  constructor({ issues, cause }: { issues: readonly ValidationIssue[]; cause?: unknown }) {
    const first = issues[0];
    super(first === undefined ? "The request is invalid." : `Invalid request: ${first.path} ${first.message}`, {
      code: "ENTRADA_VALIDATION",
      // At most 20 issues: a hostile body must not produce a megabyte of error.
      details: { issues: issues.slice(0, 20).map((issue) => ({ path: issue.path, message: issue.message })) },
      cause,
    });
  }
}

/**
 * No route, or no resource the caller may see.
 *
 * @example
 * throw new NotFoundError({ resource: "application", id })
 */
export class NotFoundError extends ApiError {
  override name = "NotFoundError" as const;
  constructor({ resource, id }: { resource: string; id?: string | undefined }) {
    const details: Record<string, JsonValue> = { resource };
    if (id !== undefined) details.id = id.slice(0, 128);
    super(`No ${resource}${id === undefined ? "" : ` "${id.slice(0, 128)}"`}.`, { code: "ENTRADA_NOT_FOUND", details });
  }
}

/**
 * A known path asked with a method it does not serve (RFC 9110, 15.5.6); `allow` lists those it does.
 *
 * @example
 * throw new MethodNotAllowedError({ method: "PUT", allow: ["GET", "HEAD", "PATCH"] })
 */
export class MethodNotAllowedError extends ApiError {
  override name = "MethodNotAllowedError" as const;
  constructor({ method, allow }: { method: string; allow: readonly string[] }) {
    super(`${method.slice(0, 20)} is not allowed here; use ${allow.join(", ")}.`, {
      code: "ENTRADA_METHOD_NOT_ALLOWED",
      details: { method: method.slice(0, 20), allow: [...allow] },
    });
  }
}

/**
 * The client sent too many requests.
 *
 * @example
 * throw new RateLimitedError({ retryAfterSeconds: 30 })
 */
export class RateLimitedError extends ApiError {
  override name = "RateLimitedError" as const;
  constructor({ retryAfterSeconds }: { retryAfterSeconds: number }) {
    super(`Too many requests; retry in ${retryAfterSeconds} s.`, {
      code: "ENTRADA_RATE_LIMITED",
      details: { retryAfterSeconds },
    });
  }
}

/**
 * The body is larger than the server accepts.
 *
 * @example
 * throw new PayloadTooLargeError({ limitBytes: 1_048_576 })
 */
export class PayloadTooLargeError extends ApiError {
  override name = "PayloadTooLargeError" as const;
  constructor({ limitBytes }: { limitBytes: number }) {
    super(`The request body is larger than ${limitBytes} bytes.`, {
      code: "ENTRADA_PAYLOAD_TOO_LARGE",
      details: { limitBytes },
    });
  }
}

/**
 * The body's content type is not JSON.
 *
 * @example
 * throw new UnsupportedMediaTypeError({ contentType: "text/plain" })
 */
export class UnsupportedMediaTypeError extends ApiError {
  override name = "UnsupportedMediaTypeError" as const;
  constructor({ contentType }: { contentType: string | undefined }) {
    super("Send the body as application/json.", {
      code: "ENTRADA_UNSUPPORTED_MEDIA_TYPE",
      details: { contentType: (contentType ?? "").slice(0, 100) },
    });
  }
}

/**
 * A pagination cursor that no list of this API returned.
 *
 * @example
 * decodeCursor("garbage") // throws CursorInvalidError
 */
export class CursorInvalidError extends ApiError {
  override name = "CursorInvalidError" as const;
  constructor() {
    super("The cursor is invalid; list again from the start.", { code: "ENTRADA_CURSOR_INVALID" });
  }
}

/**
 * An EVM address that is malformed, has a bad EIP-55 checksum, or is the zero address.
 *
 * @example
 * if (!isAddress(body.address)) throw new AddressInvalidError({ field: "address" })
 */
export class AddressInvalidError extends ApiError {
  override name = "AddressInvalidError" as const;
  constructor({ field }: { field: string }) {
    super(`"${field}" is not a valid address: 0x and 40 hex digits, with a valid checksum if mixed-case.`, {
      code: "ENTRADA_ADDRESS_INVALID",
      details: { field },
    });
  }
}
