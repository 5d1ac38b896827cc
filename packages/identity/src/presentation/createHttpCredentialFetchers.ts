import { issuerMetadataUrl } from "../credentials/issuerMetadata.ts";

/** Parameters of {@link createHttpCredentialFetchers}. */
export type CreateHttpCredentialFetchersParameters = {
  /** Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Per request. Default 5 000 ms. */
  timeoutMs?: number | undefined;
};

/** The two fetchers {@link verifyPresentation} needs, over HTTP. */
export type HttpCredentialFetchers = {
  fetchIssuerMetadata: (issuer: string) => Promise<unknown>;
  fetchStatusList: (uri: string) => Promise<string>;
};

/**
 * Fetches an issuer's `/.well-known/jwt-vc-issuer` metadata and status list tokens over HTTP, for a
 * verifier that runs apart from Entrada. Any network error, timeout or non-2xx answer rejects;
 * `verifyPresentation` turns that into a retryable "unavailable" error. Caching (the token's
 * `ttl`) is left to the caller.
 *
 * @example
 * await verifyPresentation({ ...createHttpCredentialFetchers({ timeoutMs: 3000 }), presentation, nonce, audience, trustedIssuers, clock });
 */
export function createHttpCredentialFetchers(
  parameters: CreateHttpCredentialFetchersParameters = {},
): HttpCredentialFetchers {
  const doFetch = parameters.fetch ?? globalThis.fetch;
  const timeoutMs = parameters.timeoutMs ?? 5_000;
  const get = async (url: string, accept: string): Promise<Response> => {
    const response = await doFetch(url, { headers: { accept }, signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
    return response;
  };
  return {
    fetchIssuerMetadata: async (issuer) => (await get(issuerMetadataUrl(issuer), "application/json")).json(),
    fetchStatusList: async (uri) => (await get(uri, "application/statuslist+jwt")).text(),
  };
}
