import { isIP } from "node:net";
import { Agent, buildConnector, FormData as UndiciFormData, fetch as undiciFetch } from "undici";
import {
  OutboundRedirectRefusedError,
  OutboundResponseTooLargeError,
  OutboundTimeoutError,
  OutboundUrlRefusedError,
} from "../../errors/outbound.ts";
import { createGuardedLookup, type HostResolver, type OutboundAllowance } from "./createGuardedLookup.ts";

/** What one use of the outbound client may reach, and how long and how much it reads. */
export type OutboundPolicy = {
  /** Names the use in errors and logs: `webhooks`, `kyc-provider`, `ipfs`. */
  target: string;
  /**
   * Special-purpose addresses this use may reach besides public ones. Default: none. `loopback` is
   * for development and tests, whose stand-ins listen on 127.0.0.1 (`OUTBOUND_ALLOW_LOOPBACK`);
   * `private` for a node of the operator's own network (the IPFS node). Link-local (cloud
   * metadata), shared, documentation, multicast and reserved ranges are never reachable.
   */
  allow?: readonly OutboundAllowance[] | undefined;
  /** Whether plain `http:` URLs may be used. Default false: https only. */
  allowHttp?: boolean | undefined;
  /** Longest wait for the TCP (and TLS) connection. Default 5 000 ms. */
  connectTimeoutMs?: number | undefined;
  /** Longest wait for the response headers once the request is sent. Default 15 000 ms. */
  headersTimeoutMs?: number | undefined;
  /** Longest wait between two chunks of the response body. Default 15 000 ms. */
  bodyTimeoutMs?: number | undefined;
  /** Most bytes of a response body read (after decompression). Default 1 MiB. */
  maxResponseBytes?: number | undefined;
};

/** Parameters of {@link createOutboundHttp}. */
export type CreateOutboundHttpParameters = OutboundPolicy & {
  /** Default: the system resolver. Tests pass a `dns.promises.Resolver` pointed at a local stand-in. */
  resolver?: HostResolver | undefined;
};

/** A `fetch` for server-side requests, and its connections' owner. */
export type OutboundHttp = {
  /**
   * `fetch` with the policy enforced: a string or URL input (a `Request` is refused), redirects
   * never followed (a 3xx answer throws {@link OutboundRedirectRefusedError}), the body capped.
   * Assignable to `typeof globalThis.fetch`, so packages that take a `fetch` (identity's KYC
   * provider and Kubo store) use it without knowing about it.
   */
  fetch: typeof globalThis.fetch;
  /** Closes the pooled connections. */
  close(): Promise<void>;
};

const undiciTimeouts: Record<string, "connect" | "headers" | "body"> = {
  UND_ERR_CONNECT_TIMEOUT: "connect",
  UND_ERR_HEADERS_TIMEOUT: "headers",
  UND_ERR_BODY_TIMEOUT: "body",
};

/**
 * The one HTTP client of every request the server makes to a URL it was given (webhook endpoints,
 * the KYC provider, the IPFS node, and whatever adapter comes next), closing server-side request
 * forgery where it can be closed: at the connection. Built on undici: its `Agent` connects through
 * {@link createGuardedLookup}, which resolves the host, refuses the request when any address is one
 * the policy may not reach (loopback, private, link-local and cloud metadata, every IANA
 * special-purpose IPv4 and IPv6 range, IPv4 inside IPv6), and connects to exactly the addresses it
 * checked. IP literals are checked the same way (the URL parser has already turned `2130706433`,
 * `0x7f.1` and `127.1` into `127.0.0.1`). Redirects are refused, as are URLs with credentials or
 * another scheme; connection, headers and body have timeouts, and the body a size cap.
 *
 * @example
 * const outbound = createOutboundHttp({ target: "webhooks" });
 * const response = await outbound.fetch("https://hooks.example/entrada", { method: "POST", body });
 * await outbound.close();
 */
export function createOutboundHttp(parameters: CreateOutboundHttpParameters): OutboundHttp {
  const {
    target,
    allowHttp = false,
    connectTimeoutMs = 5_000,
    headersTimeoutMs = 15_000,
    bodyTimeoutMs = 15_000,
    maxResponseBytes = 1_048_576,
  } = parameters;
  const guard = createGuardedLookup({ target, allow: parameters.allow, resolver: parameters.resolver });
  const connect = buildConnector({ timeout: connectTimeoutMs, lookup: guard.lookup });
  const agent = new Agent({
    headersTimeout: headersTimeoutMs,
    bodyTimeout: bodyTimeoutMs,
    connect(options, callback) {
      // net.connect skips `lookup` for an IP literal, so literals are checked here.
      if (isIP(options.hostname) !== 0) {
        try {
          guard.check(options.hostname, options.hostname);
        } catch (error) {
          callback(error as Error, null);
          return;
        }
      }
      connect(options, callback);
    },
  });

  async function outboundFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    if (typeof input !== "string" && !(input instanceof URL)) {
      throw new TypeError("The outbound client takes a URL, not a Request.");
    }
    const url = checkUrl(input);
    let response: Awaited<ReturnType<typeof undiciFetch>>;
    try {
      response = await undiciFetch(url, {
        ...(init as Parameters<typeof undiciFetch>[1]),
        body: toUndiciBody(init.body),
        redirect: "manual",
        dispatcher: agent,
      });
    } catch (error) {
      throw unwrap(error);
    }
    if (response.status >= 300 && response.status < 400 && response.status !== 304) {
      await response.body?.cancel().catch(() => {});
      throw new OutboundRedirectRefusedError({ target, status: response.status });
    }
    const declared = Number(response.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > maxResponseBytes) {
      await response.body?.cancel().catch(() => {});
      throw new OutboundResponseTooLargeError({ target, limitBytes: maxResponseBytes });
    }
    return new Response(response.body === null ? null : capped(response.body as ReadableStream<Uint8Array>), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers as unknown as Headers,
    });
  }

  function checkUrl(input: string | URL): URL {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new OutboundUrlRefusedError({ target, reason: "invalid" });
    }
    if (url.protocol !== "https:" && !(allowHttp && url.protocol === "http:")) {
      throw new OutboundUrlRefusedError({ target, reason: "scheme" });
    }
    if (url.username !== "" || url.password !== "")
      throw new OutboundUrlRefusedError({ target, reason: "credentials" });
    if (url.hostname === "") throw new OutboundUrlRefusedError({ target, reason: "host" });
    return url;
  }

  /**
   * The body, counted as it is read: past the cap it errors and the rest stays unread. Read errors
   * become the client's own (a stalled body is an {@link OutboundTimeoutError}).
   */
  function capped(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    const reader = body.getReader();
    let seen = 0;
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          controller.error(unwrap(error));
          return;
        }
        if (chunk.done) {
          controller.close();
          return;
        }
        seen += chunk.value.byteLength;
        if (seen > maxResponseBytes) {
          controller.error(new OutboundResponseTooLargeError({ target, limitBytes: maxResponseBytes }));
          await reader.cancel().catch(() => {});
          return;
        }
        controller.enqueue(chunk.value);
      },
      cancel: (reason) => reader.cancel(reason),
    });
  }

  /**
   * fetch reports a failure as `TypeError: fetch failed` (and a broken body as `TypeError:
   * terminated`); the reason is its cause: one of the client's errors is thrown as it is, undici's
   * timeouts become {@link OutboundTimeoutError}. Anything else is left alone.
   */
  function unwrap(error: unknown): unknown {
    for (const candidate of [error, error instanceof TypeError ? error.cause : undefined]) {
      if (!(candidate instanceof Error)) continue;
      if (candidate.name.startsWith("Outbound")) return candidate;
      const phase = undiciTimeouts[(candidate as { code?: string }).code ?? ""];
      if (phase !== undefined) return new OutboundTimeoutError({ target, phase, cause: candidate });
    }
    return error;
  }

  return { fetch: outboundFetch as typeof globalThis.fetch, close: () => agent.close() };
}

/**
 * undici's fetch reads a `FormData` only of its own class; Node's global one (which identity's Kubo
 * store builds) would be sent as the text "[object FormData]". Other bodies pass as they are.
 */
function toUndiciBody(
  body: RequestInit["body"],
): Parameters<typeof undiciFetch>[1] extends infer I ? (I extends { body?: infer B } ? B : never) : never {
  if (!(body instanceof globalThis.FormData)) return body as never;
  const form = new UndiciFormData();
  for (const [name, value] of body as unknown as Iterable<[string, string | File]>) {
    if (typeof value === "string") form.append(name, value);
    else form.append(name, value, value.name);
  }
  return form;
}
