import { BaseError, CodedError, type ErrorDetails } from "@entrada/core";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from "../errors/http.ts";
import { serializeError } from "./serializeError.ts";

/** The body of every error response. */
export type ErrorBody = { error: { code: string; message: string; details: ErrorDetails } };

/** Largest accepted request body, in bytes (Fastify's `bodyLimit`). */
export const bodyLimitBytes = 1_048_576;

/**
 * Turns anything thrown while handling a request into a stable error: core's `BaseError` and the
 * API's `ApiError` and the chain's `ChainError` keep their code and status; Fastify's own client errors (bad JSON, wrong content
 * type, body too large, validation) get the API's codes; anything else is `ENTRADA_INTERNAL` with a
 * generic message, its cause logged and never sent.
 *
 * `contentType` is the request's Content-Type header, which a 415 reports back (`details.contentType`).
 *
 * @example
 * toApiError(new SyntaxError("Unexpected token")) // ValidationError (400)
 */
export function toApiError(error: unknown, contentType?: string | undefined): CodedError {
  // Core's, the API's and the chain package's errors all carry a stable code and status.
  if (error instanceof CodedError) return error;
  const fastifyError = error as Partial<FastifyError> & { statusCode?: number };
  const status = typeof fastifyError.statusCode === "number" ? fastifyError.statusCode : 500;
  switch (fastifyError.code) {
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new UnsupportedMediaTypeError({ contentType });
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new PayloadTooLargeError({ limitBytes: bodyLimitBytes });
    default:
  }
  if (status === 404) return new NotFoundError({ resource: "route" });
  if (status === 413) return new PayloadTooLargeError({ limitBytes: bodyLimitBytes });
  if (status === 415) return new UnsupportedMediaTypeError({ contentType });
  if (status >= 400 && status < 500) {
    // Malformed JSON, an empty JSON body, a bad Content-Length, an Ajv error: all are bad requests.
    const message = typeof fastifyError.message === "string" ? fastifyError.message.slice(0, 200) : "invalid";
    return new ValidationError({ issues: [{ path: "request", message }], cause: error });
  }
  return new BaseError("An unexpected error occurred.", { cause: error });
}

/**
 * Fastify's error handler: answers `{ error: { code, message, details } }` with the code's status.
 * Server errors are logged with their cause at `error`; client errors at `info`, without details that
 * may hold personal data.
 */
export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  // Routes that take files have a larger limit than the API's JSON bodies: name the route's own.
  const routeLimit = request.routeOptions?.bodyLimit;
  const apiError =
    (error as Partial<FastifyError>).code === "FST_ERR_CTP_BODY_TOO_LARGE" && typeof routeLimit === "number"
      ? new PayloadTooLargeError({ limitBytes: routeLimit })
      : toApiError(error, request.headers["content-type"]);
  if (apiError.status >= 500) {
    // Scrubbed: a database error carries the failed query's parameters, which may be personal data.
    request.log.error({ err: serializeError(error), code: apiError.code }, "request failed");
  } else {
    request.log.info({ code: apiError.code, status: apiError.status }, "request refused");
  }
  const body: ErrorBody = { error: apiError.toJSON() };
  return reply.status(apiError.status).send(body);
}
