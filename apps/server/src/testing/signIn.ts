import { type Database, type Role, userRoles } from "@entrada/db";
import type { FastifyInstance } from "fastify";
import type { LocalAccount } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { sessionCookieName } from "../http/authenticate.ts";

/** A signed-in test user. */
export type TestUser = {
  id: string;
  account: LocalAccount;
  /** The `cookie` header of their session. */
  cookie: string;
  /** Request headers with the session (and JSON). */
  headers: Record<string, string>;
};

/**
 * Signs in through the real SIWE flow with `account` (default: a new random wallet).
 *
 * @example
 * const ana = await signIn(app);
 * await app.inject({ method: "GET", url: "/api/v1/me", headers: ana.headers });
 */
export async function signIn(
  app: FastifyInstance,
  account: LocalAccount = privateKeyToAccount(generatePrivateKey()),
): Promise<TestUser> {
  const nonce = await app.inject({ method: "POST", url: "/api/v1/auth/nonce" });
  const { nonce: value, domain, uri, chainId } = nonce.json();
  const message = createSiweMessage({
    address: account.address,
    chainId,
    domain,
    nonce: value,
    uri,
    version: "1",
    issuedAt: new Date(),
    statement: "Sign in to Entrada.",
  });
  const signature = await account.signMessage({ message });
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/auth/siwe",
    payload: { message, signature },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === sessionCookieName);
  if (cookie === undefined) throw new Error("sign-in set no session cookie");
  const header = `${cookie.name}=${cookie.value}`;
  return { id: response.json().user.id, account, cookie: header, headers: { cookie: header } };
}

/**
 * Grants a role to a user (as an operator would); it applies from their next request.
 *
 * @example
 * await grantRole(database.db, officer.id, "officer", { authorityId: "gb-eta" });
 */
export async function grantRole(
  db: Database,
  userId: string,
  role: Role,
  scope: { authorityId?: string; organisationId?: string } = {},
): Promise<void> {
  await db.insert(userRoles).values({
    userId,
    role,
    authorityId: scope.authorityId ?? null,
    organisationId: scope.organisationId ?? null,
  });
}
