import type { LocalAccount } from "viem";
import { createSiweMessage } from "viem/siwe";
import { sessionCookieName } from "../../http/authenticate.ts";

/** An answer of the API: status, headers, and the body parsed as JSON (text when it is not JSON). */
export type HttpResponse<Body = unknown> = { status: number; headers: Headers; body: Body; text: string };

/** A caller of a running Entrada over real HTTP, with its session cookie or API key. */
export type HttpClient = {
  request<Body = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpResponse<Body>>;
  get<Body = unknown>(path: string): Promise<HttpResponse<Body>>;
  post<Body = unknown>(path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResponse<Body>>;
};

/**
 * A `fetch` client of the API at `baseUrl`, sending `headers` (a session cookie, an API key) with
 * every request; bodies go as JSON.
 *
 * @example
 * const anonymous = createHttpClient(entrada.url);
 * (await anonymous.get("/api/v1/health")).status; // 200
 */
export function createHttpClient(baseUrl: string, headers: Record<string, string> = {}): HttpClient {
  async function request<Body>(
    method: string,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ): Promise<HttpResponse<Body>> {
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }), ...extra },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (an HTML page): the text is the body.
    }
    return { status: response.status, headers: response.headers, body: parsed as Body, text };
  }
  return {
    request,
    get: (path) => request("GET", path),
    post: (path, body, extra) => request("POST", path, body, extra),
  };
}

/** A user signed in over HTTP. */
export type SignedInUser = { id: string; client: HttpClient; cookie: string };

function sessionCookie(response: HttpResponse): string {
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(";", 1)[0]!)
    .find((pair) => pair.startsWith(`${sessionCookieName}=`));
  if (cookie === undefined) throw new Error(`no session cookie was set: ${response.text}`);
  return cookie;
}

/**
 * Signs in with Ethereum (EIP-4361) through the real API: a nonce, a message signed by `account`,
 * and the session cookie from the answer.
 *
 * @example
 * const ana = await signInWithWallet(entrada.url, devAccount(20));
 * await ana.client.get("/api/v1/me");
 */
export async function signInWithWallet(baseUrl: string, account: LocalAccount): Promise<SignedInUser> {
  const anonymous = createHttpClient(baseUrl);
  const nonce = await anonymous.post<{ nonce: string; domain: string; uri: string; chainId: number }>(
    "/api/v1/auth/nonce",
  );
  if (nonce.status !== 201) throw new Error(`nonce: ${nonce.status} ${nonce.text}`);
  const message = createSiweMessage({
    address: account.address,
    chainId: nonce.body.chainId,
    domain: nonce.body.domain,
    nonce: nonce.body.nonce,
    uri: nonce.body.uri,
    version: "1",
    issuedAt: new Date(),
    statement: "Sign in to Entrada.",
  });
  const signature = await account.signMessage({ message });
  const response = await anonymous.post<{ user: { id: string } }>("/api/v1/auth/siwe", { message, signature });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${response.text}`);
  const cookie = sessionCookie(response);
  return { id: response.body.user.id, client: createHttpClient(baseUrl, { cookie }), cookie };
}

/**
 * Signs in as a demo user of a role through `POST /auth/dev-login` (development, local chain only).
 *
 * @example
 * const officer = await devLogin(entrada.url, { role: "officer", authorityId: "gb-eta" });
 */
export async function devLogin(
  baseUrl: string,
  body: { role: "officer" | "org_admin" | "support" | "operator"; authorityId?: string; organisationId?: string },
): Promise<SignedInUser> {
  const response = await createHttpClient(baseUrl).post<{ user: { id: string } }>("/api/v1/auth/dev-login", body);
  if (response.status !== 200) throw new Error(`dev-login failed: ${response.status} ${response.text}`);
  const cookie = sessionCookie(response);
  return { id: response.body.user.id, client: createHttpClient(baseUrl, { cookie }), cookie };
}
