import {
  authorities,
  type Database,
  organisations,
  type Role,
  sessions,
  siweNonces,
  userRoles,
  users,
} from "@entrada/db";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { type Client, getAddress, type Hex, isHex, verifyMessage } from "viem";
import { generateSiweNonce, parseSiweMessage, validateSiweMessage, verifySiweMessage } from "viem/siwe";
import type { Principal } from "../auth/Principal.ts";
import { hashToken, newToken } from "../auth/tokens.ts";
import type { Config } from "../config.ts";
import { SiweInvalidError } from "../errors/auth.ts";
import { NotFoundError } from "../errors/http.ts";

/** Parameters of {@link createAuthService}. */
export type CreateAuthServiceParameters = {
  db: Database;
  /** A sign-in may name any chain of `chains` (the wallet may sit on any chain served). */
  config: Pick<Config, "siweDomain" | "publicUrl" | "chains" | "sessionTtlSeconds">;
  clock: () => Date;
  /**
   * A viem client of the chain, or the client of each chain served by chain id, to verify sign-ins
   * of contract wallets (ERC-1271, ERC-6492) on the chain the message names. Without one, signatures
   * are verified locally, which covers every externally owned account.
   */
  siweClient?: Client | ((chainId: number) => Client | undefined) | undefined;
};

/** A session just opened: the token goes in the cookie and nowhere else. */
export type OpenedSession = { token: string; expiresAt: Date; principal: Principal };

/** Roles the development sign-in may take. */
export const devLoginRoles = ["officer", "org_admin", "support", "operator", "kyc_reviewer"] as const;

/** What {@link createAuthService} returns. */
export type AuthService = {
  /** A single-use EIP-4361 nonce, valid for ten minutes. */
  createNonce(): Promise<{ nonce: string; expiresAt: Date }>;
  /**
   * Signs in with a SIWE message and its signature: checks domain, URI, chain, validity times and
   * signature, consumes the nonce (on every attempt that names one, refused or not: a second use is
   * refused), creates the user on first sign-in and opens a session. Throws {@link SiweInvalidError}
   * naming the failed check.
   */
  signIn(parameters: { message: string; signature: Hex }): Promise<OpenedSession>;
  /** The principal of a session token, or `null` when unknown, expired or revoked. */
  resolveSession(token: string): Promise<Principal | null>;
  /** Revokes a session. */
  logout(sessionId: string): Promise<void>;
  /** Forgets every session of a user this process remembers, once they are gone from the database (erasure). */
  forgetSessions(userId: string): void;
  /** The principal of a user, with their roles. */
  loadPrincipal(userId: string, via: Principal["via"]): Promise<Principal | null>;
  /** Development only: signs in as a demo user with one role (the route exists only on the local chain). */
  devLogin(parameters: {
    role: (typeof devLoginRoles)[number];
    authorityId?: string | undefined;
    organisationId?: string | undefined;
  }): Promise<OpenedSession>;
};

const nonceTtlMs = 10 * 60_000;
/** The organisation of the development sign-in. */
const demoOrganisation = "Demo organisation";
/** A message issued further in the future than this is refused (clocks drift a little). */
const maxClockSkewMs = 5 * 60_000;
/** `last_seen_at` is written at most this often per session. */
const lastSeenResolutionMs = 5 * 60_000;

/**
 * How long a resolved session is trusted from memory before the database is asked again. Every
 * authenticated request resolves its session; without this cache that is three queries per request
 * (the status endpoint's whole budget). Logout in this process takes effect at once; in another
 * server process it takes effect within this many milliseconds.
 */
export const sessionCacheMs = 5_000;
const sessionCacheSize = 10_000;

/**
 * Sign-In with Ethereum (EIP-4361) and browser sessions. Only a SHA-256 of each session token is
 * stored; the token itself lives in the user's httpOnly cookie.
 *
 * @example
 * const auth = createAuthService({ db, config, clock: () => new Date() });
 * const { nonce } = await auth.createNonce();
 * const { token, principal } = await auth.signIn({ message, signature });
 */
export function createAuthService({ db, config, clock, siweClient }: CreateAuthServiceParameters): AuthService {
  async function loadPrincipal(userId: string, via: Principal["via"]): Promise<Principal | null> {
    const [user] = await db.select().from(users).where(eq(users.id, userId));
    if (user === undefined) return null;
    const grants = await db.select().from(userRoles).where(eq(userRoles.userId, userId)).orderBy(userRoles.createdAt);
    const roles = new Set<Role>(["traveller", ...grants.map((grant) => grant.role)]);
    const officer = grants.find((grant) => grant.role === "officer");
    const orgAdmin = grants.find((grant) => grant.role === "org_admin");
    return {
      id: user.id,
      via,
      roles: [...roles],
      authorityId: officer?.authorityId ?? undefined,
      organisationId: orgAdmin?.organisationId ?? undefined,
      walletAddress: user.walletAddress ?? undefined,
    };
  }

  async function openSession(userId: string, siweNonce: string | undefined): Promise<OpenedSession> {
    const token = newToken();
    const expiresAt = new Date(clock().getTime() + config.sessionTtlSeconds * 1000);
    const [session] = await db
      .insert(sessions)
      .values({ userId, tokenHash: hashToken(token), siweNonce, expiresAt })
      .returning({ id: sessions.id });
    const principal = await loadPrincipal(userId, "session");
    return { token, expiresAt, principal: { ...principal!, sessionId: session!.id } };
  }

  async function verifySignature(
    message: string,
    address: Hex,
    signature: Hex,
    chainId: number,
    now: Date,
  ): Promise<boolean> {
    try {
      const client = typeof siweClient === "function" ? siweClient(chainId) : siweClient;
      if (client !== undefined) {
        return await verifySiweMessage(client, { message, signature, domain: config.siweDomain, time: now });
      }
      return await verifyMessage({ address, message, signature });
    } catch {
      return false;
    }
  }

  type CachedSession = { principal: Principal & { sessionId: string }; until: number };
  const sessionCache = new Map<string, CachedSession>();

  async function resolveFromDatabase(token: string, now: Date): Promise<(Principal & { sessionId: string }) | null> {
    const [session] = await db
      .select({ id: sessions.id, userId: sessions.userId, lastSeenAt: sessions.lastSeenAt })
      .from(sessions)
      .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
    if (session === undefined) return null;
    if (session.lastSeenAt === null || now.getTime() - session.lastSeenAt.getTime() > lastSeenResolutionMs) {
      await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, session.id));
    }
    const principal = await loadPrincipal(session.userId, "session");
    return principal === null ? null : { ...principal, sessionId: session.id };
  }

  return {
    async createNonce() {
      const now = clock();
      const nonce = generateSiweNonce();
      const expiresAt = new Date(now.getTime() + nonceTtlMs);
      await db.insert(siweNonces).values({ nonce, expiresAt });
      // Housekeeping: nonces a day past their expiry are of no use, even for forensics.
      await db.delete(siweNonces).where(lt(siweNonces.expiresAt, new Date(now.getTime() - 86_400_000)));
      return { nonce, expiresAt };
    },

    async signIn({ message, signature }) {
      const now = clock();
      const parsed = parseSiweMessage(message);
      const { address, nonce, uri, chainId, domain, version } = parsed;
      if (address === undefined || nonce === undefined || uri === undefined || chainId === undefined) {
        throw new SiweInvalidError({ reason: "malformed" });
      }
      // A nonce is good for one attempt, whatever its outcome: it is spent before the message is
      // judged, so a refused message (another domain, a forged signature, a tampered field) cannot
      // be tried again with it. Atomic: of two attempts racing with one nonce, one spends it.
      const spent = await db
        .update(siweNonces)
        .set({ usedAt: now })
        .where(and(eq(siweNonces.nonce, nonce), isNull(siweNonces.usedAt), gt(siweNonces.expiresAt, now)))
        .returning({ nonce: siweNonces.nonce });
      const times = [parsed.expirationTime, parsed.notBefore, parsed.issuedAt];
      if (version !== "1" || times.some((time) => time !== undefined && Number.isNaN(time.getTime()))) {
        throw new SiweInvalidError({ reason: "malformed" });
      }
      if (domain !== config.siweDomain) throw new SiweInvalidError({ reason: "domain" });
      if (!sameOrigin(uri, config.publicUrl)) throw new SiweInvalidError({ reason: "uri" });
      if (!config.chains.some((chain) => chain.id === chainId)) throw new SiweInvalidError({ reason: "chain" });
      if (parsed.expirationTime !== undefined && now >= parsed.expirationTime) {
        throw new SiweInvalidError({ reason: "expired" });
      }
      if (parsed.notBefore !== undefined && now < parsed.notBefore) {
        throw new SiweInvalidError({ reason: "not_yet_valid" });
      }
      if (parsed.issuedAt !== undefined && parsed.issuedAt.getTime() > now.getTime() + maxClockSkewMs) {
        throw new SiweInvalidError({ reason: "not_yet_valid" });
      }
      // What the checks above do not cover: the nonce's and the address's format.
      if (!validateSiweMessage({ message: parsed, domain: config.siweDomain, time: now })) {
        throw new SiweInvalidError({ reason: "malformed" });
      }
      if (!isHex(signature) || !(await verifySignature(message, address, signature, chainId, now))) {
        throw new SiweInvalidError({ reason: "signature" });
      }
      // Unknown, expired, or spent by an earlier attempt.
      if (spent.length !== 1) throw new SiweInvalidError({ reason: "nonce" });

      const walletAddress = getAddress(address).toLowerCase() as Hex;
      const [user] = await db
        .insert(users)
        .values({ walletAddress })
        .onConflictDoUpdate({ target: users.walletAddress, set: { updatedAt: sql`now()` } })
        .returning({ id: users.id });
      return openSession(user!.id, nonce);
    },

    async resolveSession(token) {
      const now = clock();
      // The cache is keyed by the token's hash, never by the token itself.
      const tokenHash = Buffer.from(hashToken(token)).toString("base64");
      const cached = sessionCache.get(tokenHash);
      if (cached !== undefined && cached.until > now.getTime()) return cached.principal;
      const principal = await resolveFromDatabase(token, now);
      if (principal !== null) {
        if (sessionCache.size >= sessionCacheSize) sessionCache.delete(sessionCache.keys().next().value as string);
        sessionCache.set(tokenHash, { principal, until: now.getTime() + sessionCacheMs });
      } else {
        sessionCache.delete(tokenHash);
      }
      return principal;
    },

    forgetSessions(userId) {
      for (const [hash, entry] of sessionCache) if (entry.principal.id === userId) sessionCache.delete(hash);
    },

    async logout(sessionId) {
      for (const [hash, entry] of sessionCache) if (entry.principal.sessionId === sessionId) sessionCache.delete(hash);
      await db
        .update(sessions)
        .set({ revokedAt: clock() })
        .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
    },

    loadPrincipal,

    async devLogin({ role, authorityId, organisationId: requestedOrganisation }) {
      let organisationId = requestedOrganisation;
      if (role === "org_admin") {
        if (organisationId === undefined) {
          // The demo company, created on first use.
          const [existing] = await db.select().from(organisations).where(eq(organisations.name, demoOrganisation));
          organisationId =
            existing?.id ?? (await db.insert(organisations).values({ name: demoOrganisation }).returning())[0]!.id;
        } else {
          const [existing] = await db.select().from(organisations).where(eq(organisations.id, organisationId));
          if (existing === undefined) throw new NotFoundError({ resource: "organisation", id: organisationId });
        }
      }
      if (role === "officer") {
        const [existing] = await db
          .select()
          .from(authorities)
          .where(eq(authorities.id, authorityId ?? ""));
        if (existing === undefined) throw new NotFoundError({ resource: "authority", id: authorityId ?? "" });
      }
      const scope = role === "officer" ? authorityId : role === "org_admin" ? organisationId : undefined;
      const email = `${role.replace("_", "-")}${scope === undefined ? "" : `.${scope}`}@dev.entrada.invalid`;
      const [user] = await db
        .insert(users)
        .values({ email })
        .onConflictDoUpdate({ target: users.email, set: { updatedAt: sql`now()` } })
        .returning({ id: users.id });
      const userId = user!.id;
      await db
        .insert(userRoles)
        .values({
          userId,
          role,
          authorityId: role === "officer" ? authorityId : null,
          organisationId: role === "org_admin" ? organisationId : null,
        })
        .onConflictDoNothing();
      return openSession(userId, undefined);
    },
  };
}

function sameOrigin(uri: string, origin: string): boolean {
  try {
    return new URL(uri).origin === origin;
  } catch {
    return false;
  }
}
