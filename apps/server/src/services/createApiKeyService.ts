import { randomBytes } from "node:crypto";
import { apiKeys, type Database } from "@entrada/db";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { type ApiKeyScope, apiKeyScopes, isApiKeyScope } from "../auth/apiKeyScopes.ts";
import type { Principal } from "../auth/Principal.ts";
import { hashToken } from "../auth/tokens.ts";
import { NotFoundError } from "../errors/http.ts";
import { decodeCursor, toPage, uuidPattern } from "../http/cursor.ts";

/** Parameters of {@link createApiKeyService}. */
export type CreateApiKeyServiceParameters = {
  db: Database;
  clock: () => Date;
};

/** An API key as listed: never the key itself. */
export type ApiKeyRecord = {
  id: string;
  prefix: string;
  name: string;
  authorityId: string | null;
  organisationId: string | null;
  /** What the key may do within its scope (see `apiKeyScopes`). */
  scopes: ApiKeyScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** What {@link createApiKeyService} returns. */
export type ApiKeyService = {
  /** Creates a key scoped to one authority or one organisation; the key is returned once. */
  create(parameters: {
    ownerId: string;
    name: string;
    scope: { authorityId: string } | { organisationId: string };
    /** At least one; the routes check the names before they get here. */
    scopes: readonly ApiKeyScope[];
  }): Promise<{ key: string; record: ApiKeyRecord }>;
  /** The principal of an `ek_…` key, or `null` when unknown or revoked. */
  authenticate(key: string): Promise<Principal | null>;
  /** Keys created by a user, newest first, a page at a time. */
  list(
    ownerId: string,
    page: { cursor?: string | undefined; limit: number },
  ): Promise<{ items: ApiKeyRecord[]; nextCursor: string | null }>;
  /** The key, for the policy check before a revocation; throws NotFoundError. */
  get(id: string): Promise<ApiKeyRecord & { ownerId: string }>;
  /** Revokes a key; later requests with it are unauthenticated. */
  revoke(id: string): Promise<ApiKeyRecord>;
};

/** API keys start with this, so that leaked keys are easy to find with secret scanners. */
export const apiKeyPrefix = "ek_";
/** `last_used_at` is written at most this often per key. */
const lastUsedResolutionMs = 60_000;

/**
 * API keys for authority and organisation systems: `Authorization: Bearer ek_<id>_<secret>`. The
 * database keeps the public prefix (to show the key in lists) and a SHA-256 of the whole key. An
 * authority's key acts as an officer of that authority, an organisation's key as its admin, each only
 * where it holds the scope the action needs (`apiKeyScopes`; the policy checks them).
 *
 * @example
 * const { key } = await apiKeys.create({
 *   ownerId,
 *   name: "UKVI case system",
 *   scope: { authorityId: "gb-eta" },
 *   scopes: ["applications:read", "documents:read", "applications:decide"],
 * });
 * // key = "ek_3f9a1c0b7d2e_…" — shown once
 */
export function createApiKeyService({ db, clock }: CreateApiKeyServiceParameters): ApiKeyService {
  const columns = {
    id: apiKeys.id,
    prefix: apiKeys.prefix,
    name: apiKeys.name,
    authorityId: apiKeys.authorityId,
    organisationId: apiKeys.organisationId,
    scopes: apiKeys.scopes,
    createdAt: apiKeys.createdAt,
    lastUsedAt: apiKeys.lastUsedAt,
    revokedAt: apiKeys.revokedAt,
  };

  // The column is text[]; a name this version does not know (written by a newer one) grants nothing.
  const known = <T extends { scopes: string[] }>(row: T): T & { scopes: ApiKeyScope[] } => ({
    ...row,
    scopes: row.scopes.filter(isApiKeyScope),
  });

  return {
    async create({ ownerId, name, scope, scopes }) {
      const prefix = `${apiKeyPrefix}${randomBytes(6).toString("hex")}`;
      const key = `${prefix}_${randomBytes(32).toString("base64url")}`;
      const [record] = await db
        .insert(apiKeys)
        .values({
          prefix,
          keyHash: hashToken(key),
          name,
          ownerId,
          authorityId: "authorityId" in scope ? scope.authorityId : null,
          organisationId: "organisationId" in scope ? scope.organisationId : null,
          // In the order of `apiKeyScopes`, once each, so lists read the same for the same grant.
          scopes: apiKeyScopes.filter((name) => scopes.includes(name)),
        })
        .returning(columns);
      return { key, record: known(record!) };
    },

    async authenticate(key) {
      if (!key.startsWith(apiKeyPrefix) || key.length > 128) return null;
      const [row] = await db
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.keyHash, hashToken(key)), isNull(apiKeys.revokedAt)));
      if (row === undefined) return null;
      const now = clock();
      if (row.lastUsedAt === null || now.getTime() - row.lastUsedAt.getTime() > lastUsedResolutionMs) {
        await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
      }
      return {
        id: row.ownerId,
        via: "api_key",
        roles: row.authorityId !== null ? ["officer"] : ["org_admin"],
        authorityId: row.authorityId ?? undefined,
        organisationId: row.organisationId ?? undefined,
        apiKeyId: row.id,
        scopes: known(row).scopes,
      };
    },

    async list(ownerId, { cursor, limit }) {
      const after = cursor === undefined ? undefined : decodeCursor(cursor, uuidPattern);
      const rows = await db
        .select({
          ...columns,
          cursorAt: sql<string>`to_char(${apiKeys.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
        })
        .from(apiKeys)
        .where(
          and(
            eq(apiKeys.ownerId, ownerId),
            after === undefined
              ? undefined
              : sql`(${apiKeys.createdAt}, ${apiKeys.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`,
          ),
        )
        .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
        .limit(limit + 1);
      const page = toPage(rows, limit, (row) => ({ at: row.cursorAt, id: row.id }));
      return { items: page.items.map(({ cursorAt: _, ...record }) => known(record)), nextCursor: page.nextCursor };
    },

    async get(id) {
      const [row] = await db
        .select({ ...columns, ownerId: apiKeys.ownerId })
        .from(apiKeys)
        .where(eq(apiKeys.id, id));
      if (row === undefined) throw new NotFoundError({ resource: "api key", id });
      return known(row);
    },

    async revoke(id) {
      await db
        .update(apiKeys)
        .set({ revokedAt: clock() })
        .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
      const [row] = await db.select(columns).from(apiKeys).where(eq(apiKeys.id, id));
      if (row === undefined) throw new NotFoundError({ resource: "api key", id });
      return known(row);
    },
  };
}
