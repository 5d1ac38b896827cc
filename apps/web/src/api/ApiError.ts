/**
 * A failed call to the API, or no answer at all. `code` is the API's stable error code
 * (docs/errors.md), or one of the client's own: `NETWORK_DOWN` when the server could not be
 * reached, `BAD_RESPONSE` when it answered something that is not the API's JSON.
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor({
    status,
    code,
    message,
    details,
  }: { status: number; code: string; message: string; details?: unknown }) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}
