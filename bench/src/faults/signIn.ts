import type { LocalAccount } from "viem";
import { createSiweMessage } from "viem/siwe";
import { apiCall, expectStatus } from "./apiCall.ts";

/** A signed-in user: their session cookie works on every server process (sessions live in the database). */
export type Session = { userId: string; cookie: string };

/** A traveller: a wallet, signed in, with an e-mail address and a language for their messages. */
export type Traveller = Session & { account: LocalAccount; email: string };

/**
 * Signs `account` in over HTTP with Sign-In with Ethereum (nonce, EIP-4361 message, signature) and
 * sets the profile's e-mail address and language, as the web app's profile page does.
 *
 * @example
 * const ana = await signInTraveller(url, devAccount(20), { email: "ana@example.org", locale: "es" });
 */
export async function signInTraveller(
  baseUrl: string,
  account: LocalAccount,
  profile: { email: string; locale: "en" | "zh" | "es" },
): Promise<Traveller> {
  const nonce = expectStatus(await apiCall(baseUrl, { method: "POST", path: "/api/v1/auth/nonce" }), 201, "nonce").body;
  const message = createSiweMessage({
    address: account.address,
    chainId: Number(nonce.chainId),
    domain: String(nonce.domain),
    nonce: String(nonce.nonce),
    uri: String(nonce.uri),
    version: "1",
    issuedAt: new Date(),
    statement: "Sign in to Entrada.",
  });
  const signedIn = expectStatus(
    await apiCall(baseUrl, {
      method: "POST",
      path: "/api/v1/auth/siwe",
      body: { message, signature: await account.signMessage({ message }) },
    }),
    200,
    "sign in",
  );
  if (signedIn.cookie === undefined) throw new Error("sign-in set no session cookie");
  const cookie = signedIn.cookie;
  expectStatus(
    await apiCall(baseUrl, { method: "PATCH", path: "/api/v1/me/profile", cookie, body: profile }),
    200,
    "profile",
  );
  return { userId: String(signedIn.body.user.id), cookie, account, email: profile.email };
}

/**
 * Signs in as a demo officer of `authorityId` (development on the local chain only).
 *
 * @example
 * const officer = await signInOfficer(url, "gb-eta");
 */
export async function signInOfficer(baseUrl: string, authorityId: string): Promise<Session> {
  const answer = expectStatus(
    await apiCall(baseUrl, {
      method: "POST",
      path: "/api/v1/auth/dev-login",
      body: { role: "officer", authorityId },
    }),
    200,
    "officer sign-in",
  );
  if (answer.cookie === undefined) throw new Error("dev-login set no session cookie");
  return { userId: String(answer.body.user.id), cookie: answer.cookie };
}
