/** An HTTP answer of the API. */
export type ApiAnswer = {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON of many routes; each caller reads what it needs.
  body: any;
  text: string;
  /** `name=value` of a `Set-Cookie`, if the answer set one. */
  cookie: string | undefined;
};

/** Parameters of {@link apiCall}. */
export type ApiCallParameters = {
  method: "GET" | "POST" | "PATCH";
  path: string;
  cookie?: string | undefined;
  body?: unknown;
  /** Sent as `Idempotency-Key`, as the web app does for POSTs that create records or move money. */
  idempotencyKey?: string | undefined;
  /** Gives up (throws) after this long (default 30 s). */
  timeoutMs?: number | undefined;
};

/**
 * One request to the API at `baseUrl`, as a browser or script would make it. Throws when no answer
 * came (refused, reset, timed out); any HTTP status is an answer.
 *
 * @example
 * const answer = await apiCall("http://127.0.0.1:3000", { method: "GET", path: "/api/v1/health" });
 * answer.status; // 200
 */
export async function apiCall(baseUrl: string, parameters: ApiCallParameters): Promise<ApiAnswer> {
  const headers: Record<string, string> = {};
  if (parameters.body !== undefined) headers["content-type"] = "application/json";
  if (parameters.cookie !== undefined) headers.cookie = parameters.cookie;
  if (parameters.idempotencyKey !== undefined) headers["idempotency-key"] = parameters.idempotencyKey;
  const response = await fetch(`${baseUrl}${parameters.path}`, {
    method: parameters.method,
    headers,
    ...(parameters.body === undefined ? {} : { body: JSON.stringify(parameters.body) }),
    signal: AbortSignal.timeout(parameters.timeoutMs ?? 30_000),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text, cookie: response.headers.get("set-cookie")?.split(";")[0] };
}

/** Thrown by {@link expectStatus}. */
export class UnexpectedAnswerError extends Error {
  override name = "UnexpectedAnswerError" as const;
}

/**
 * The answer, when its status is `expected`; else throws with the route and the body.
 *
 * @example
 * const created = expectStatus(await apiCall(url, { method: "POST", path, body }), 201, "create");
 */
export function expectStatus(answer: ApiAnswer, expected: number, what: string): ApiAnswer {
  if (answer.status !== expected) {
    throw new UnexpectedAnswerError(`${what}: expected ${expected}, got ${answer.status} ${answer.text.slice(0, 500)}`);
  }
  return answer;
}
