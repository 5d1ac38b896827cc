import { RemoteSignerMismatchError, RemoteSignerRefusedError, RemoteSignerUnavailableError } from "../errors.ts";

/** Parameters of {@link createSignerRpc}. */
export type CreateSignerRpcParameters = {
  /** The signer's JSON-RPC endpoint. */
  url: string;
  /** Sent as `Authorization: Bearer …` when set. Never logged, never in an error. */
  bearerToken?: string | undefined;
  /** Longest wait for one answer, in ms. */
  timeoutMs: number;
  fetch: typeof globalThis.fetch;
  /** Names the key in a {@link RemoteSignerMismatchError} for a malformed answer. */
  key: { address: string } | { keyId: string };
};

/** One JSON-RPC call to the remote signer: its `result`, or a remote-signer error. */
export type SignerRpc = (method: string, params: readonly unknown[]) => Promise<unknown>;

/**
 * The remote signer's JSON-RPC transport, shared by the EVM signer ({@link createRemoteSigner}) and
 * the JWS signer ({@link createRemoteEs256Signer}), so that both speak to one service with one token,
 * one deadline and one classification of failures: a timeout, a network failure or a 5xx is
 * {@link RemoteSignerUnavailableError} (retryable); a 401/403, another 4xx or a JSON-RPC error is
 * {@link RemoteSignerRefusedError}; an answer that is not JSON-RPC is {@link RemoteSignerMismatchError}.
 * What a call sends and receives is never put in an error: it may hold the token or what was signed.
 *
 * @example
 * const rpc = createSignerRpc({ url, bearerToken, timeoutMs: 10_000, fetch, key: { address } });
 * const accounts = await rpc("eth_accounts", []);
 */
export function createSignerRpc(parameters: CreateSignerRpcParameters): SignerRpc {
  const { url, bearerToken, timeoutMs, fetch: fetchFn, key } = parameters;
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (bearerToken !== undefined) headers.authorization = `Bearer ${bearerToken}`;
  let nextId = 1;
  const malformed = (method: string) => new RemoteSignerMismatchError({ method, reason: "malformed", ...key });

  return async (method, params) => {
    const body = JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params });
    // One deadline for the connection, the headers and the body.
    const signal = AbortSignal.timeout(timeoutMs);
    let status: number;
    let text: string;
    const send = async () => {
      const response = await fetchFn(url, { method: "POST", headers, body, signal, redirect: "error" });
      return { status: response.status, text: await response.text() };
    };
    try {
      ({ status, text } = await send().catch((cause: unknown) => {
        // A pooled connection the signer closed while idle (its keep-alive ran out) fails at once; the
        // call is sent again, once, on a new one within the same deadline. Signing has no side effect
        // on the signer, so sending it twice can change nothing.
        if (isTimeout(cause) || !isDroppedConnection(cause)) throw cause;
        return send();
      }));
    } catch (cause) {
      throw new RemoteSignerUnavailableError({ method, reason: isTimeout(cause) ? "timeout" : "network", cause });
    }
    if (status === 401 || status === 403)
      throw new RemoteSignerRefusedError({ method, reason: "unauthorized", status });
    if (status >= 500) throw new RemoteSignerUnavailableError({ method, reason: "server" });
    if (status < 200 || status > 299) throw new RemoteSignerRefusedError({ method, reason: "rpc_error", status });
    let answer: { result?: unknown; error?: { code?: unknown; message?: unknown } };
    try {
      answer = JSON.parse(text) as typeof answer;
    } catch {
      throw malformed(method);
    }
    if (typeof answer !== "object" || answer === null) throw malformed(method);
    if (answer.error !== undefined) throw new RemoteSignerRefusedError({ method, reason: "rpc_error" });
    return answer.result;
  };
}

/** Whether `fetch` failed because the connection was reset or closed under it (undici's `fetch failed`). */
function isDroppedConnection(cause: unknown): boolean {
  const code = ((cause as { cause?: { code?: unknown } } | null)?.cause as { code?: unknown } | undefined)?.code;
  return code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE";
}

function isTimeout(cause: unknown): boolean {
  const name = (cause as { name?: unknown } | null)?.name;
  return typeof name === "string" && /timeout/i.test(name);
}
