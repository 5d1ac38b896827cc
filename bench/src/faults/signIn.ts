import type { LocalAccount } from "viem";
import { createSiweMessage } from "viem/siwe";
import { apiCall, expectStatus } from "./apiCall.ts";

/** A signed-in user: their session cookie works on every server process (sessions live in the database). */
export type Session = { userId: string; cookie: string };

/** A traveller: a wallet, signed in, with an e-mail address and a language for their messages. */
export type Traveller = Session & { account: LocalAccount; email: string };

/**
 * Signs `account` in over HTTP with Sign-In with Ethereum (nonce, EIP-4361 message, signature), sets
 * the language of messages and verifies the e-mail address as the web app's profile page does: the
 * code is read from the development mailbox.
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
  const { email, locale } = profile;
  expectStatus(
    await apiCall(baseUrl, { method: "PATCH", path: "/api/v1/me/profile", cookie, body: { locale } }),
    200,
    "profile",
  );
  const requested = expectStatus(
    await apiCall(baseUrl, { method: "POST", path: "/api/v1/me/email/verification", cookie, body: { email } }),
    200,
    "e-mail code",
  );
  if (requested.body.status === "verified") return { userId: String(signedIn.body.user.id), cookie, account, email };
  const mailbox = expectStatus(await apiCall(baseUrl, { method: "GET", path: "/api/v1/dev/mailbox" }), 200, "mailbox");
  const code = (mailbox.body.items as { to: string; subject: string | null }[])
    .find((item) => item.to === email)
    ?.subject?.match(/\d{6}/)?.[0];
  if (code === undefined) throw new Error(`no e-mail code for ${email} in the development mailbox`);
  expectStatus(
    await apiCall(baseUrl, {
      method: "POST",
      path: "/api/v1/me/email/verification/confirm",
      cookie,
      body: { email, code },
    }),
    200,
    "e-mail verified",
  );
  return { userId: String(signedIn.body.user.id), cookie, account, email };
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
