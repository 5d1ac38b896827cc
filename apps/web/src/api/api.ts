import { ApiError } from "./ApiError.ts";

/** Parameters of {@link api} beyond method and path. */
export type ApiOptions = {
  body?: unknown;
  /** Sent as `Idempotency-Key`, for POSTs that create records or move money. */
  idempotencyKey?: string;
  signal?: AbortSignal;
};

/**
 * Calls the Entrada API on the same origin (`/api/v1` + path) with the session cookie, and returns
 * its JSON. Throws {@link ApiError} with the API's stable code on any answer but 2xx, and with
 * `NETWORK_DOWN` when there is no answer, so that every caller can show a specific message.
 *
 * @example
 * const me = await api<Me>("GET", "/me");
 */
export async function api<Result>(method: string, path: string, options: ApiOptions = {}): Promise<Result> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: "same-origin",
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError({ status: 0, code: "NETWORK_DOWN", message: "The server could not be reached." });
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiError({ status: response.status, code: "BAD_RESPONSE", message: text.slice(0, 200) });
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    throw new ApiError({
      status: response.status,
      code: error?.code ?? (response.status >= 500 ? "SERVER_ERROR" : "BAD_RESPONSE"),
      message: error?.message ?? response.statusText,
      details: error?.details,
    });
  }
  return json as Result;
}
