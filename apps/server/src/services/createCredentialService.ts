import { randomInt } from "node:crypto";
import {
  type CredentialRevocationReason,
  type Database,
  type Executor,
  identityCredentials,
  identityVerifications,
  type Json,
  statusLists,
} from "@entrada/db";
import {
  type CredentialIssuer,
  createStatusList,
  credentialStatus,
  type Jwk,
  restoreStatusList,
  type VerifiedIdentity,
} from "@entrada/identity";
import { and, desc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import type { Principal } from "../auth/Principal.ts";
import { NotFoundError } from "../errors/http.ts";
import { IdentityNotVerifiedError } from "../errors/identity.ts";
import { authorize } from "../policy.ts";
import { type CredentialView, toCredentialView } from "../views/credentialView.ts";
import type { VerificationSecrets } from "./createVerificationService.ts";

/** A row of `identity_credentials`. */
export type CredentialRow = typeof identityCredentials.$inferSelect;

/** Parameters of {@link createCredentialService}. */
export type CreateCredentialServiceParameters = {
  db: Database;
  issuer: CredentialIssuer;
  /** Opens a verification's sealed identity. */
  openVerification: (row: typeof identityVerifications.$inferSelect) => VerificationSecrets;
  /** The public URL of the API (`ENTRADA_PUBLIC_URL` + `/api/v1`): status list URIs are under it. */
  apiUrl: string;
  clock: () => Date;
  /** Entries per status list. Default 131 072: a large list hides which credential a verifier asks about. */
  statusListSize?: number | undefined;
  /** How long verifiers may cache a status list token (its `ttl`). Default 60 s. */
  statusListTtlSeconds?: number | undefined;
};

/** A credential just issued: the SD-JWT for the holder (never stored) and its metadata. */
export type IssuedCredentialView = CredentialView & { credential: string };

/** What {@link createCredentialService} returns. */
export type CredentialService = {
  readonly issuer: CredentialIssuer;
  /** Issues the caller's credential from their passed verification; earlier ones are revoked (`superseded`). */
  issue(principal: Principal | null, parameters: { holderJwk: Jwk }): Promise<IssuedCredentialView>;
  /** The caller's newest credential, or `null`. */
  current(principal: Principal | null): Promise<CredentialView | null>;
  /**
   * Revokes a holder's active credentials: their own (`userId` absent), or another's for fraud by a
   * KYC reviewer or an operator.
   */
  revoke(
    principal: Principal | null,
    parameters: { reason: "lost" | "fraud" | "holder_request"; userId?: string | undefined },
  ): Promise<CredentialView[]>;
  /** Revokes credentials matching `where` inside the caller's transaction; returns them. */
  revokeWhere(tx: Executor, where: SQL, reason: CredentialRevocationReason, by: string): Promise<CredentialRow[]>;
  /** The signed Status List Token (`statuslist+jwt`) of a list. */
  statusListToken(id: number): Promise<string>;
  /** The status list token at one of this server's status list URIs (for in-process verification). */
  statusListTokenAt(uri: string): Promise<string>;
  /** The URI a status list is served at. */
  statusListUri(id: number): string;
  /** The credential that owns a status list entry. */
  findByStatus(uri: string, index: number): Promise<CredentialRow | undefined>;
};

/**
 * Entrada's identity credentials: issuing an SD-JWT VC bound to the holder's key for a passed
 * identity check, each with its own entry of an IETF Token Status List (chosen at random among the
 * free ones, never reused), revoking them, and serving the signed status lists. Only metadata is
 * stored; the credential itself holds the identity and goes to the holder alone.
 *
 * @example
 * const credentials = createCredentialService({ db, issuer, openVerification, apiUrl, clock });
 * const { credential } = await credentials.issue(user, { holderJwk });
 */
export function createCredentialService(parameters: CreateCredentialServiceParameters): CredentialService {
  const { db, issuer, clock, openVerification } = parameters;
  const size = parameters.statusListSize ?? 131_072;
  const ttlSeconds = parameters.statusListTtlSeconds ?? 60;
  const listBase = `${parameters.apiUrl.replace(/\/+$/, "")}/identity/status-lists/`;
  const statusListUri = (id: number) => `${listBase}${id}`;

  /** A free entry of the newest list with room (a new list when it is full), under the list's row lock. */
  async function allocateStatusEntry(tx: Executor): Promise<{ listId: number; index: number }> {
    const [newest] = await tx.select().from(statusLists).orderBy(desc(statusLists.id)).limit(1).for("update");
    let list = newest;
    let taken = new Set<number>();
    if (list !== undefined) {
      const rows = await tx
        .select({ index: identityCredentials.statusIndex })
        .from(identityCredentials)
        .where(eq(identityCredentials.statusListId, list.id));
      taken = new Set(rows.map((row) => row.index));
    }
    if (list === undefined || taken.size >= list.size) {
      const fresh = createStatusList({ size, bits: 2 });
      [list] = await tx
        .insert(statusLists)
        .values({ bits: fresh.bits, size: fresh.size, lst: fresh.serialize() })
        .returning();
      taken = new Set();
    }
    const listSize = list!.size;
    // At random, so that an index reveals nothing about when (or after whom) a credential was issued.
    if (taken.size < listSize / 2) {
      for (;;) {
        const index = randomInt(listSize);
        if (!taken.has(index)) return { listId: list!.id, index };
      }
    }
    const free = Array.from({ length: listSize }, (_, index) => index).filter((index) => !taken.has(index));
    return { listId: list!.id, index: free[randomInt(free.length)]! };
  }

  async function revokeWhere(
    tx: Executor,
    where: SQL,
    reason: CredentialRevocationReason,
    by: string,
  ): Promise<CredentialRow[]> {
    const active = await tx
      .select()
      .from(identityCredentials)
      .where(and(where, isNull(identityCredentials.revokedAt)))
      .for("update");
    if (active.length === 0) return [];
    const listIds = [...new Set(active.map((row) => row.statusListId))].sort((a, b) => a - b);
    // Lists are locked in id order, so two revocations never wait on each other crosswise.
    const lists = await tx
      .select()
      .from(statusLists)
      .where(inArray(statusLists.id, listIds))
      .orderBy(statusLists.id)
      .for("update");
    for (const row of lists) {
      const list = restoreStatusList({ bits: row.bits as 1 | 2 | 4 | 8, lst: row.lst });
      for (const credential of active.filter((item) => item.statusListId === row.id)) {
        list.set(credential.statusIndex, credentialStatus.invalid);
      }
      await tx.update(statusLists).set({ lst: list.serialize() }).where(eq(statusLists.id, row.id));
    }
    const now = clock();
    return tx
      .update(identityCredentials)
      .set({ revokedAt: now, revocationReason: reason, revokedBy: by })
      .where(
        inArray(
          identityCredentials.id,
          active.map((row) => row.id),
        ),
      )
      .returning();
  }

  async function statusListToken(id: number): Promise<string> {
    const [row] = await db.select().from(statusLists).where(eq(statusLists.id, id));
    if (row === undefined) throw new NotFoundError({ resource: "status list", id: String(id) });
    return issuer.signStatusList({
      list: restoreStatusList({ bits: row.bits as 1 | 2 | 4 | 8, lst: row.lst }),
      uri: statusListUri(id),
      ttlSeconds,
    });
  }

  function listIdOf(uri: string): number | undefined {
    if (!uri.startsWith(listBase)) return undefined;
    const id = uri.slice(listBase.length);
    return /^[1-9]\d{0,9}$/.test(id) ? Number(id) : undefined;
  }

  const view = (row: CredentialRow) => toCredentialView(row, { now: clock(), statusListUri });

  return {
    issuer,
    statusListUri,
    revokeWhere,
    statusListToken,

    async issue(principal, { holderJwk }) {
      authorize(principal, "identity.own");
      const [verification] = await db
        .select()
        .from(identityVerifications)
        .where(eq(identityVerifications.userId, principal.id))
        .orderBy(desc(identityVerifications.createdAt))
        .limit(1);
      if (verification === undefined) throw new IdentityNotVerifiedError({ status: "none" });
      if (verification.status !== "passed") throw new IdentityNotVerifiedError({ status: verification.status });
      const identity: VerifiedIdentity | null = openVerification(verification).identity;
      if (identity === null) throw new IdentityNotVerifiedError({ status: "failed" });
      return db.transaction(async (tx) => {
        await revokeWhere(tx, eq(identityCredentials.userId, principal.id), "superseded", principal.id);
        const { listId, index } = await allocateStatusEntry(tx);
        const issued = await issuer.issue({ identity, holderJwk, status: { idx: index, uri: statusListUri(listId) } });
        const { kty, crv, x, y } = holderJwk;
        const [row] = await tx
          .insert(identityCredentials)
          .values({
            userId: principal.id,
            verificationId: verification.id,
            statusListId: listId,
            statusIndex: index,
            holderJwk: { kty, crv, x, y } as Json,
            issuedAt: new Date(issued.issuedAt * 1000),
            expiresAt: new Date(issued.expiresAt * 1000),
          })
          .returning();
        return { ...view(row!), credential: issued.credential };
      });
    },

    async current(principal) {
      authorize(principal, "identity.own");
      const [row] = await db
        .select()
        .from(identityCredentials)
        .where(eq(identityCredentials.userId, principal.id))
        .orderBy(desc(identityCredentials.issuedAt))
        .limit(1);
      return row === undefined ? null : view(row);
    },

    async revoke(principal, { reason, userId }) {
      const holderId = userId ?? principal?.id ?? null;
      authorize(principal, "credential.revoke", { holderId, reason });
      const revoked = await db.transaction((tx) =>
        revokeWhere(tx, eq(identityCredentials.userId, holderId!), reason, principal.id),
      );
      if (revoked.length === 0) throw new NotFoundError({ resource: "active credential" });
      return revoked.map(view);
    },

    async statusListTokenAt(uri) {
      const id = listIdOf(uri);
      if (id === undefined) throw new Error("not a status list of this issuer");
      return statusListToken(id);
    },

    async findByStatus(uri, index) {
      const id = listIdOf(uri);
      if (id === undefined) return undefined;
      const [row] = await db
        .select()
        .from(identityCredentials)
        .where(and(eq(identityCredentials.statusListId, id), eq(identityCredentials.statusIndex, index)));
      return row;
    },
  };
}
