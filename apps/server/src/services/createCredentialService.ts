import { randomInt } from "node:crypto";
import {
  type CredentialRevocationReason,
  type Database,
  type Executor,
  identityCredentials,
  identityVerifications,
  type Json,
  statusLists,
  users,
} from "@entrada/db";
import {
  type CredentialIssuer,
  createStatusList,
  credentialStatus,
  type Jwk,
  publicHolderKey,
  restoreStatusList,
  type VerifiedIdentity,
  verifyHolderKeyProof,
} from "@entrada/identity";
import { and, asc, desc, eq, gt, inArray, isNull, type SQL } from "drizzle-orm";
import type { Principal } from "../auth/Principal.ts";
import { NotFoundError } from "../errors/http.ts";
import {
  CredentialAlreadyOnDeviceError,
  CredentialHeldElsewhereError,
  CredentialMoveRateLimitedError,
  CredentialNotMovableError,
  IdentityNotVerifiedError,
} from "../errors/identity.ts";
import type { Mailer } from "../messaging/createMailer.ts";
import { renderCredentialMovedMessage } from "../messaging/renderCredentialMovedMessage.ts";
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
  /** Tells a credential's owner, at their verified address, that it was moved. Without it, no e-mail. */
  mailer?: Pick<Mailer, "send"> | undefined;
  /** The web app's "My identity" page, named in that e-mail. */
  identityPageUrl?: string | undefined;
  /** The audit line of every move, and a failed e-mail; a pino logger fits. */
  logger?: CredentialServiceLogger | undefined;
};

/** What the credential service logs. */
export type CredentialServiceLogger = {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
};

/** How many times a day an account's credential may be moved to another device. */
export const credentialMovesPerDay = 3;

const dayMs = 24 * 60 * 60 * 1000;

/** A credential just issued: the SD-JWT for the holder (never stored) and its metadata. */
export type IssuedCredentialView = CredentialView & { credential: string };

/** What {@link createCredentialService} returns. */
export type CredentialService = {
  readonly issuer: CredentialIssuer;
  /** Issues the caller's credential from their passed verification; earlier ones are revoked (`superseded`). */
  issue(principal: Principal | null, parameters: { holderJwk: Jwk }): Promise<IssuedCredentialView>;
  /**
   * Moves the caller's active credential to a new device: re-issues it, from the same identity check,
   * bound to `holderJwk` once `proof` shows the caller holds that key (an `openid4vci-proof+jwt` whose
   * nonce is the id of the credential being moved), and revokes the old one (`moved`). At most
   * {@link credentialMovesPerDay} a day; the owner's verified address is told.
   */
  move(principal: Principal | null, parameters: { holderJwk: Jwk; proof: string }): Promise<IssuedCredentialView>;
  /** The caller's credentials, newest first (at most 20): what each device held, and why it stopped. */
  list(principal: Principal | null): Promise<CredentialView[]>;
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
    // Entrada's own lists only: the authorities' e-visa lists share the table.
    const [newest] = await tx
      .select()
      .from(statusLists)
      .where(isNull(statusLists.authorityId))
      .orderBy(desc(statusLists.id))
      .limit(1)
      .for("update");
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
    const [row] = await db
      .select()
      .from(statusLists)
      .where(and(eq(statusLists.id, id), isNull(statusLists.authorityId)));
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

  /** Issues and records a credential for `identity`, bound to `holderJwk`, inside the caller's transaction. */
  async function issueWithin(
    tx: Executor,
    userId: string,
    verificationId: string,
    identity: VerifiedIdentity,
    holderJwk: Jwk,
  ): Promise<IssuedCredentialView> {
    const { listId, index } = await allocateStatusEntry(tx);
    const issued = await issuer.issue({ identity, holderJwk, status: { idx: index, uri: statusListUri(listId) } });
    const { kty, crv, x, y } = holderJwk;
    const [row] = await tx
      .insert(identityCredentials)
      .values({
        userId,
        verificationId,
        statusListId: listId,
        statusIndex: index,
        holderJwk: { kty, crv, x, y } as Json,
        issuedAt: new Date(issued.issuedAt * 1000),
        expiresAt: new Date(issued.expiresAt * 1000),
      })
      .returning();
    return { ...view(row!), credential: issued.credential };
  }

  return {
    issuer,
    statusListUri,
    revokeWhere,
    statusListToken,

    async issue(principal, { holderJwk }) {
      authorize(principal, "identity.own");
      await publicHolderKey(holderJwk);
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
        // A copy of an active credential for another key is a move: it needs the key proof and
        // tells the owner. Only a new identity check supersedes without one.
        const [held] = await tx
          .select({ id: identityCredentials.id })
          .from(identityCredentials)
          .where(
            and(
              eq(identityCredentials.userId, principal.id),
              eq(identityCredentials.verificationId, verification.id),
              isNull(identityCredentials.revokedAt),
              gt(identityCredentials.expiresAt, clock()),
            ),
          )
          .for("update");
        if (held !== undefined) throw new CredentialHeldElsewhereError({ credentialId: held.id });
        await revokeWhere(tx, eq(identityCredentials.userId, principal.id), "superseded", principal.id);
        return issueWithin(tx, principal.id, verification.id, identity, holderJwk);
      });
    },

    async move(principal, { holderJwk, proof }) {
      authorize(principal, "identity.own");
      await publicHolderKey(holderJwk);
      const userId = principal.id;
      const moved = await db.transaction(async (tx) => {
        // The row lock serialises two moves of one credential: the second finds it revoked.
        const [current] = await tx
          .select()
          .from(identityCredentials)
          .where(eq(identityCredentials.userId, userId))
          .orderBy(desc(identityCredentials.issuedAt), desc(identityCredentials.createdAt))
          .limit(1)
          .for("update");
        if (current === undefined) throw new CredentialNotMovableError({ reason: "none" });
        if (current.revokedAt !== null) throw new CredentialNotMovableError({ reason: "revoked" });
        if (current.expiresAt <= clock()) throw new CredentialNotMovableError({ reason: "expired" });
        const bound = current.holderJwk as Partial<Jwk> | null;
        if (bound?.x === holderJwk.x && bound?.y === holderJwk.y && bound?.crv === holderJwk.crv)
          throw new CredentialAlreadyOnDeviceError({ credentialId: current.id });
        // The nonce is the credential being moved: once it is revoked, the same proof moves nothing.
        await verifyHolderKeyProof({
          proof,
          holderJwk,
          audience: issuer.issuer,
          nonce: current.id,
          now: Math.floor(clock().getTime() / 1000),
        });
        const since = new Date(clock().getTime() - dayMs);
        const recent = await tx
          .select({ revokedAt: identityCredentials.revokedAt })
          .from(identityCredentials)
          .where(
            and(
              eq(identityCredentials.userId, userId),
              eq(identityCredentials.revocationReason, "moved"),
              gt(identityCredentials.revokedAt, since),
            ),
          )
          .orderBy(asc(identityCredentials.revokedAt));
        if (recent.length >= credentialMovesPerDay) {
          const freeAt = recent[recent.length - credentialMovesPerDay]!.revokedAt!.getTime() + dayMs;
          throw new CredentialMoveRateLimitedError({
            retryAfterSeconds: Math.max(1, Math.ceil((freeAt - clock().getTime()) / 1000)),
            maxPerDay: credentialMovesPerDay,
          });
        }
        const [verification] =
          current.verificationId === null
            ? []
            : await tx.select().from(identityVerifications).where(eq(identityVerifications.id, current.verificationId));
        if (verification === undefined || verification.status !== "passed")
          throw new CredentialNotMovableError({ reason: "unverified" });
        const identity = openVerification(verification).identity;
        if (identity === null) throw new CredentialNotMovableError({ reason: "unverified" });
        await revokeWhere(tx, eq(identityCredentials.id, current.id), "moved", userId);
        const issued = await issueWithin(tx, userId, verification.id, identity, holderJwk);
        const [owner] = await tx
          .select({ email: users.email, locale: users.locale })
          .from(users)
          .where(eq(users.id, userId));
        return { issued, from: current.id, owner };
      });
      const movedAt = new Date(moved.issued.issuedAt);
      parameters.logger?.info(
        { event: "credential.moved", userId, fromCredentialId: moved.from, toCredentialId: moved.issued.id },
        "identity credential moved to a new device",
      );
      // After the commit: the move stands even if the e-mail cannot be sent; the log says so.
      if (parameters.mailer !== undefined && moved.owner?.email) {
        const locale = moved.owner.locale;
        try {
          await parameters.mailer.send({
            to: moved.owner.email,
            userId,
            locale,
            template: "credential_moved",
            ...renderCredentialMovedMessage({
              movedAt,
              locale,
              identityUrl: parameters.identityPageUrl ?? `${parameters.apiUrl.replace(/\/api\/v1\/?$/, "")}/identity`,
            }),
          });
        } catch (error) {
          parameters.logger?.warn({ err: error, userId }, "credential moved e-mail not sent");
        }
      }
      return moved.issued;
    },

    async list(principal) {
      authorize(principal, "identity.own");
      const rows = await db
        .select()
        .from(identityCredentials)
        .where(eq(identityCredentials.userId, principal.id))
        .orderBy(desc(identityCredentials.issuedAt), desc(identityCredentials.createdAt))
        .limit(20);
      return rows.map(view);
    },

    async current(principal) {
      authorize(principal, "identity.own");
      const [row] = await db
        .select()
        .from(identityCredentials)
        .where(eq(identityCredentials.userId, principal.id))
        // Issued in the same second (a move right after issuing): the later row is the newer.
        .orderBy(desc(identityCredentials.issuedAt), desc(identityCredentials.createdAt))
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
