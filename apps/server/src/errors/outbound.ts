import { ApiError } from "./ApiError.ts";

/**
 * A host of an outbound request resolved to (or is) an address the request's policy may not reach:
 * loopback, a private network, link-local (cloud metadata), or another special-purpose range. Thrown
 * while connecting, after resolution and before any byte is sent, so it covers names that resolve
 * to private addresses and DNS answers that change between checks.
 *
 * @example
 * await outbound.fetch("https://127.0.0.1.nip.io/"); // throws OutboundAddressRefusedError (range "loopback")
 */
export class OutboundAddressRefusedError extends ApiError {
  override name = "OutboundAddressRefusedError" as const;
  constructor({ target, host, address, range }: { target: string; host: string; address: string; range: string }) {
    const message =
      host === address
        ? `${address} (${range}) is not an address ${target} may reach.`
        : `${host} resolves to ${address} (${range}), which ${target} may not reach.`;
    super(message, {
      code: "ENTRADA_OUTBOUND_ADDRESS_REFUSED",
      details: { target, host: host.slice(0, 253), address, range },
    });
  }
}

/**
 * The URL of an outbound request is refused before any lookup: a scheme other than https (or http
 * where the policy allows it), credentials in the URL, or no host.
 *
 * @example
 * await outbound.fetch("ftp://example.com/"); // throws OutboundUrlRefusedError (reason "scheme")
 */
export class OutboundUrlRefusedError extends ApiError {
  override name = "OutboundUrlRefusedError" as const;
  constructor({ target, reason }: { target: string; reason: "invalid" | "scheme" | "credentials" | "host" }) {
    const why = {
      invalid: "is not a URL",
      scheme: "uses a scheme it may not use",
      credentials: "carries credentials",
      host: "has no host",
    }[reason];
    super(`The URL of a ${target} request ${why}.`, {
      code: "ENTRADA_OUTBOUND_URL_REFUSED",
      details: { target, reason },
    });
  }
}

/**
 * The other side answered an outbound request with a redirect. Redirects are never followed: a
 * public URL must not be able to send Entrada on to an internal one.
 *
 * @example
 * await outbound.fetch("https://hooks.example/"); // throws OutboundRedirectRefusedError when it answers 302
 */
export class OutboundRedirectRefusedError extends ApiError {
  override name = "OutboundRedirectRefusedError" as const;
  /** The redirect's HTTP status (301, 302, 303, 307, 308…). */
  readonly statusCode: number;
  constructor({ target, status }: { target: string; status: number }) {
    super(`The ${target} endpoint answered ${status}, a redirect, which is not followed.`, {
      code: "ENTRADA_OUTBOUND_REDIRECT_REFUSED",
      details: { target, status },
    });
    this.statusCode = status;
  }
}

/**
 * The answer to an outbound request is larger than its policy reads; the rest is not read.
 *
 * @example
 * await (await outbound.fetch(url)).text(); // throws OutboundResponseTooLargeError past maxResponseBytes
 */
export class OutboundResponseTooLargeError extends ApiError {
  override name = "OutboundResponseTooLargeError" as const;
  constructor({ target, limitBytes }: { target: string; limitBytes: number }) {
    super(`The ${target} answer is larger than ${limitBytes} bytes.`, {
      code: "ENTRADA_OUTBOUND_RESPONSE_TOO_LARGE",
      details: { target, limitBytes },
    });
  }
}

/**
 * An outbound request took longer than allowed to connect, to send its response headers, or
 * between two chunks of its body.
 *
 * @example
 * await outbound.fetch(url); // throws OutboundTimeoutError (phase "headers") when the headers take too long
 */
export class OutboundTimeoutError extends ApiError {
  override name = "OutboundTimeoutError" as const;
  constructor({ target, phase, cause }: { target: string; phase: "connect" | "headers" | "body"; cause?: unknown }) {
    super(`The ${target} endpoint took too long (${phase}).`, {
      code: "ENTRADA_OUTBOUND_TIMEOUT",
      details: { target, phase },
      cause,
    });
  }
}
