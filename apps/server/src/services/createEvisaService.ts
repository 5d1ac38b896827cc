import { randomInt } from "node:crypto";
import {
  applicants,
  applicationEvents,
  applications,
  authorities,
  type Database,
  type Executor,
  evisas,
  identityCredentials,
  type Json,
  type OutboxMessage,
  payments,
  products,
  statusLists,
  users,
} from "@entrada/db";
import {
  createEvisaIssuer,
  createStatusList,
  type EvisaClaims,
  type EvisaTypeMetadata,
  evisaTypeMetadata,
  evisaVct,
  type Jwk,
  restoreStatusList,
  toMrzName,
} from "@entrada/identity";
import { encodeVisaSeal, icaoCountryCode, sealToBase64url } from "@entrada/verify";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Principal } from "../auth/Principal.ts";
import type { RecordCipher } from "../crypto/createRecordCipher.ts";
import { EvisaNotIssuedError } from "../errors/application.ts";
import { NotFoundError } from "../errors/http.ts";
import { readPayloadString } from "../messaging/readPayloadString.ts";
import { loadApplication, lockApplication, lockApplicationFor } from "./applicationAccess.ts";
import type { AuthorityKeys } from "./createAuthorityKeys.ts";
import { openApplicant } from "./openApplicant.ts";
import { outboxTopics, publishOutbox } from "./publishOutbox.ts";
import { setEvisaStatusEntry } from "./setEvisaStatusEntry.ts";

/** A row of `evisas`. */
export type EvisaRow = typeof evisas.$inferSelect;

/** What an e-visa's sealed columns hold. */
export type EvisaSecrets = {
  /** The SD-JWT VC as issued, with every disclosure. */
  sdJwt: string;
  /** The seal the QR carries (ICAO Doc 9303-13 visa profile, `@entrada/verify`), base64url. */
  seal: string;
};

/** Where an e-visa stands for a verifier today. */
export type EvisaStatus = "valid" | "revoked" | "expired";

/** An e-visa as its holder (or an officer) gets it, before the QR is drawn. */
export type EvisaRecord = EvisaSecrets & {
  readonly applicationId: string;
  readonly authorityId: string;
  readonly kid: string;
  readonly status: EvisaStatus;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly reference: string;
  readonly issuedAt: Date;
  readonly revokedAt: Date | null;
  readonly revokeReason: string | null;
};

/** What the printable e-visa shows besides the record: the person, the visa's terms and the traveller's language. */
export type PrintableEvisa = EvisaRecord & {
  readonly surname: string;
  readonly givenNames: string;
  /** ISO 3166-1 alpha-3. */
  readonly nationality: string;
  readonly birthDate: string;
  readonly sex: "F" | "M" | "X" | null;
  readonly passportNumber: string;
  readonly authorityName: string;
  readonly productName: string;
  readonly entries: "single" | "double" | "multiple";
  readonly maxStayDays: number;
  /** The holder's language (`users.locale`): the PDF labels in English and in it. */
  readonly locale: "en" | "zh" | "es";
};

/** Parameters of {@link createEvisaService}. */
export type CreateEvisaServiceParameters = {
  db: Database;
  /** Opens applicants and seals the e-visa. */
  cipher: RecordCipher;
  authorityKeys: AuthorityKeys;
  /** Entrada's public URL: `iss`, `vct` and status list URIs are under its origin. */
  publicUrl: string;
  clock: () => Date;
  /** Entries per status list. Default 131 072: a large list hides which e-visa a verifier asks about. */
  statusListSize?: number | undefined;
  /** How long verifiers may cache a status list token (`ttl`). Default 60 s. */
  statusListTtlSeconds?: number | undefined;
};

/** What {@link createEvisaService} returns. */
export type EvisaService = {
  /** The e-visa's `vct`. */
  readonly vct: string;
  /** The SD-JWT VC type metadata served at the `vct`. */
  typeMetadata(): EvisaTypeMetadata;
  /**
   * Issues the e-visa of an application in state `issued`, once: a second call (a replayed event, a
   * retried job, another process) returns the first, its status list entry valid again if a reorg
   * had suspended it. `undefined` when the application is not (or no longer: a reorg) in state `issued`.
   */
  issue(applicationId: string): Promise<EvisaRow | undefined>;
  /** The outbox worker's handler: issues on `application.state_changed` to `issued`; ignores the rest. */
  handleOutboxEvent(message: Pick<OutboxMessage, "topic" | "payload">): Promise<void>;
  /** The e-visa for its holder or the authority's officers (404 `ENTRADA_EVISA_NOT_ISSUED` before issuance). */
  get(principal: Principal | null, applicationId: string): Promise<EvisaRecord>;
  /** As {@link EvisaService.get}, with what the printed e-visa shows (the passport data opened again). */
  printable(principal: Principal | null, applicationId: string): Promise<PrintableEvisa>;
  /**
   * The printable e-visa for the outbox worker's "issued" e-mail to its holder, with no caller to
   * check (a machine acting for the holder, as `lockApplication` does); `undefined` before issuance.
   */
  printableForHolder(applicationId: string): Promise<PrintableEvisa | undefined>;
  /**
   * Revokes the e-visa: its status list entry becomes invalid, and `evisa.revoked` tells the traveller.
   * Revoking a revoked e-visa changes nothing.
   */
  revoke(principal: Principal | null, applicationId: string, parameters: { reason: string }): Promise<EvisaRecord>;
  /** The signed Status List Token (`statuslist+jwt`) of one of an authority's lists. */
  statusListToken(authorityId: string, listId: number): Promise<string>;
  /** The URI of an authority's status list. */
  statusListUri(authorityId: string, listId: number): string;
};

/** `evisas.revoked_by` of an e-visa revoked because its holder's account was erased (`eraseEvisas`). */
export const evisaErasureRevoker = "account_erasure";

/** True when the e-visa's SD-JWT VC and seal were erased with its holder's account: nothing to show. */
function isErasedEvisa(row: Pick<EvisaRow, "revokedBy">): boolean {
  return row.revokedBy === evisaErasureRevoker;
}

/** The context an e-visa's secrets are sealed under: it binds the ciphertext to its application. */
export function evisaContext(applicationId: string): string {
  return `evisa:${applicationId}`;
}

/** The seal's visa number: the application reference (`ENT-7K3Q-9XPA`) without its prefix and dashes. */
function sealReference(reference: string): string {
  return reference.replace(/^ENT-/, "").replace(/[^A-Z0-9]/g, "");
}

/** A name as the seal writes it: the MRZ's transliteration to A–Z, with spaces between its parts. */
function sealName(name: string): string {
  return toMrzName(name).replace(/<+/g, " ").trim();
}

/** `YYYY-MM-DD` of a date in UTC. */
function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addDays(day: string, days: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
}

/**
 * The e-visas of issue 12: when an application reaches `issued` (its escrow release seen), its
 * authority's current key signs an SD-JWT VC of the visa (`createEvisaIssuer`) bound to the
 * traveller's holder key, and, with a sealer, the compact seal the QR carries. Stored sealed with
 * the record cipher (they hold passport data), one per application, each with an entry of its
 * authority's own Token Status List for revocation.
 *
 * Issuance runs from the outbox (`handleOutboxEvent`), not in the indexer's transaction: the state
 * change and its `application.state_changed` event commit together, and the outbox worker retries
 * the event until issuance succeeded. `issue` is idempotent (the application row is locked and the
 * `evisas.application_id` unique), so a crash at any point ends with exactly one e-visa.
 *
 * A reorg that removes the release takes the application out of `issued`: the indexer suspends the
 * e-visa's status list entry in the same transaction (`createChainEventHandler`), and it is not
 * shown (404 `ENTRADA_EVISA_NOT_ISSUED`) until the release is mined again, when `issue` makes the
 * entry valid again. Suspended, not revoked: a release dropped by a reorg is usually mined again.
 *
 * Validity: from the day the release was seen, for the product's `validity_days` (the catalogue
 * counts validity from issue); entries and longest stay are the product's. The traveller's travel
 * dates do not change it: an authority that issues from arrival would need its own rule.
 *
 * @example
 * const evisaService = createEvisaService({ db, cipher, authorityKeys, publicUrl, clock });
 * await evisaService.issue(applicationId); // the row, made once
 */
export function createEvisaService(parameters: CreateEvisaServiceParameters): EvisaService {
  const { db, cipher, authorityKeys, clock } = parameters;
  const origin = new URL(parameters.publicUrl).origin;
  const vct = evisaVct(origin);
  const size = parameters.statusListSize ?? 131_072;
  const ttlSeconds = parameters.statusListTtlSeconds ?? 60;
  const authorityIssuer = (authorityId: string) => `${origin}/authorities/${encodeURIComponent(authorityId)}`;
  const statusListUri = (authorityId: string, listId: number) =>
    `${authorityIssuer(authorityId)}/status-lists/${listId}`;

  /** A free entry of the authority's newest list with room (a new list when full), under the list's row lock. */
  async function allocateStatusEntry(tx: Executor, authorityId: string): Promise<{ listId: number; index: number }> {
    const [newest] = await tx
      .select()
      .from(statusLists)
      .where(eq(statusLists.authorityId, authorityId))
      .orderBy(desc(statusLists.id))
      .limit(1)
      .for("update");
    let list = newest;
    let taken = new Set<number>();
    if (list !== undefined) {
      const rows = await tx.select({ index: evisas.statusIndex }).from(evisas).where(eq(evisas.statusListId, list.id));
      taken = new Set(rows.map((row) => row.index));
    }
    if (list === undefined || taken.size >= list.size) {
      const fresh = createStatusList({ size, bits: 2 });
      [list] = await tx
        .insert(statusLists)
        .values({ authorityId, bits: fresh.bits, size: fresh.size, lst: fresh.serialize() })
        .returning();
      taken = new Set();
    }
    const listSize = list!.size;
    // At random, so that an index reveals nothing about when (or after whom) a visa was issued.
    if (taken.size < listSize / 2) {
      for (;;) {
        const index = randomInt(listSize);
        if (!taken.has(index)) return { listId: list!.id, index };
      }
    }
    const free = Array.from({ length: listSize }, (_, index) => index).filter((index) => !taken.has(index));
    return { listId: list!.id, index: free[randomInt(free.length)]! };
  }

  /** The traveller's holder key: the newest active identity credential's, for a personal application. */
  async function holderKeyOf(tx: Executor, userId: string, organisationId: string | null): Promise<Jwk | undefined> {
    // Filed by an organisation for someone else: the filer's key is not the traveller's.
    if (organisationId !== null) return undefined;
    const [credential] = await tx
      .select({ holderJwk: identityCredentials.holderJwk })
      .from(identityCredentials)
      .where(and(eq(identityCredentials.userId, userId), isNull(identityCredentials.revokedAt)))
      .orderBy(desc(identityCredentials.issuedAt))
      .limit(1);
    const jwk = credential?.holderJwk as Jwk | null | undefined;
    return jwk ?? undefined;
  }

  function open(row: EvisaRow): EvisaSecrets {
    return cipher.open(
      {
        ciphertext: row.ciphertext,
        nonce: row.nonce,
        wrappedDataKey: row.wrappedDataKey,
        masterKeyId: row.masterKeyId,
      },
      evisaContext(row.applicationId),
    ) as EvisaSecrets;
  }

  function record(row: EvisaRow): EvisaRecord {
    const today = isoDay(clock());
    const status: EvisaStatus = row.revokedAt !== null ? "revoked" : today > row.validUntil ? "expired" : "valid";
    return {
      ...open(row),
      applicationId: row.applicationId,
      authorityId: row.authorityId,
      kid: row.kid,
      status,
      validFrom: row.validFrom,
      validUntil: row.validUntil,
      reference: row.reference,
      issuedAt: row.issuedAt,
      revokedAt: row.revokedAt,
      revokeReason: row.revokeReason,
    };
  }

  /** What the printed e-visa shows: the record with the person (opened again), the visa's terms and the holder's language. */
  async function printableOf(application: typeof applications.$inferSelect, row: EvisaRow): Promise<PrintableEvisa> {
    const applicationId = application.id;
    const [applicant] = await db.select().from(applicants).where(eq(applicants.id, application.applicantId));
    const [product] = await db.select().from(products).where(eq(products.id, application.productId));
    const [authority] = await db.select().from(authorities).where(eq(authorities.id, application.authorityId));
    const [holder] = await db.select({ locale: users.locale }).from(users).where(eq(users.id, application.userId));
    if (applicant === undefined || product === undefined || authority === undefined) {
      throw new Error(`createEvisaService: application ${applicationId} lacks its applicant, product or authority`);
    }
    const person = openApplicant(cipher, applicant);
    return {
      ...record(row),
      surname: person.surname,
      givenNames: person.givenNames,
      nationality: person.nationality,
      birthDate: person.dateOfBirth,
      sex: person.sex ?? null,
      passportNumber: person.passportNumber,
      authorityName: authority.name,
      productName: product.name,
      entries: product.entries,
      maxStayDays: product.stayDays,
      locale: holder?.locale ?? "en",
    };
  }

  async function findByApplication(executor: Executor, applicationId: string): Promise<EvisaRow | undefined> {
    const [row] = await executor.select().from(evisas).where(eq(evisas.applicationId, applicationId));
    return row;
  }

  /**
   * An e-visa made before: given back its status list entry when a reorg had suspended it and its
   * release is mined again (the application is `issued` once more); a revoked one stays revoked.
   */
  async function reinstate(applicationId: string): Promise<EvisaRow | undefined> {
    return db.transaction(async (tx) => {
      const application = await lockApplication(tx, applicationId);
      const row = await findByApplication(tx, applicationId);
      if (row !== undefined && row.revokedAt === null && application.state === "issued") {
        await setEvisaStatusEntry(tx, { entry: row, status: "valid", from: ["suspended"] });
      }
      return shown(application, row);
    });
  }

  /**
   * The e-visa row its holder and officers may see: none while a reorg holds its application out of
   * `issued`, nor once erased with its holder's account (its SD-JWT VC and seal are gone).
   */
  function shown(application: { state: string }, row: EvisaRow | undefined): EvisaRow | undefined {
    return application.state === "issued" && row !== undefined && !isErasedEvisa(row) ? row : undefined;
  }

  async function issue(applicationId: string): Promise<EvisaRow | undefined> {
    const existing = await findByApplication(db, applicationId);
    if (existing !== undefined) return reinstate(applicationId);
    const [target] = await db
      .select({ authorityId: applications.authorityId })
      .from(applications)
      .where(eq(applications.id, applicationId));
    if (target === undefined) return undefined;
    // Opened before the transaction: they read the key with their own query (PGlite has one connection).
    const signer = await authorityKeys.signer(target.authorityId);
    const sealSigner = await authorityKeys.sealSigner(target.authorityId);
    // A rotation between the two reads: the outbox retries the event with the new key.
    if (sealSigner.kid !== signer.kid)
      throw new Error(`createEvisaService: ${target.authorityId}'s key rotated meanwhile`);
    return db.transaction(async (tx) => {
      // Locked: two workers issuing the same application wait for each other, and the second finds the first's.
      const application = await lockApplication(tx, applicationId);
      if (application.state !== "issued") return undefined;
      const again = await findByApplication(tx, applicationId);
      if (again !== undefined) return again;

      const [applicant] = await tx.select().from(applicants).where(eq(applicants.id, application.applicantId));
      const [product] = await tx.select().from(products).where(eq(products.id, application.productId));
      const [authority] = await tx.select().from(authorities).where(eq(authorities.id, application.authorityId));
      if (applicant === undefined || product === undefined || authority === undefined) {
        throw new Error(`createEvisaService: application ${applicationId} lacks its applicant, product or authority`);
      }
      const [payment] = await tx
        .select({ txHash: payments.txHash })
        .from(payments)
        .where(and(eq(payments.applicationId, applicationId), eq(payments.status, "confirmed")))
        .orderBy(desc(payments.confirmedAt))
        .limit(1);
      // The day the release was seen, not the day this runs: a retried issuance gives the same dates.
      const [issuedEvent] = await tx
        .select({ at: applicationEvents.at })
        .from(applicationEvents)
        .where(and(eq(applicationEvents.applicationId, applicationId), eq(applicationEvents.toState, "issued")))
        .orderBy(desc(applicationEvents.id))
        .limit(1);
      const person = openApplicant(cipher, applicant);
      const validFrom = isoDay(issuedEvent?.at ?? clock());
      const validUntil = addDays(validFrom, product.validityDays - 1);
      const claims: EvisaClaims = {
        given_name: person.givenNames,
        family_name: person.surname,
        nationality: person.nationality,
        birthdate: person.dateOfBirth,
        document_number: person.passportNumber,
        authority: { id: authority.id, name: authority.name, country: authority.country },
        product: { id: product.id, name: product.name },
        entries: product.entries === "single" ? 1 : product.entries === "double" ? 2 : "multiple",
        valid_from: validFrom,
        valid_until: validUntil,
        max_stay_days: product.stayDays,
        application_id: application.id,
        reference: application.reference,
        payment_tx: payment?.txHash ?? "",
      };
      const { listId, index } = await allocateStatusEntry(tx, authority.id);
      const issuer = createEvisaIssuer({ issuer: authorityIssuer(authority.id), key: signer, vct, clock });
      const holderJwk = await holderKeyOf(tx, application.userId, application.organisationId);
      const { sdJwt } = await issuer.issue({
        claims,
        holderJwk,
        status: { idx: index, uri: statusListUri(authority.id, listId) },
      });
      const now = clock();
      const issuingState = icaoCountryCode(authority.country);
      if (issuingState === undefined) throw new Error(`createEvisaService: no ICAO code for ${authority.country}`);
      const sealBytes = await encodeVisaSeal(
        {
          issuingState,
          authorityId: authority.id,
          kid: sealSigner.kid,
          issuedOn: validFrom,
          reference: sealReference(application.reference),
          surname: sealName(person.surname),
          givenNames: sealName(person.givenNames),
          nationality: person.nationality,
          birthDate: person.dateOfBirth,
          sex: person.sex ?? "X",
          passportNumber: person.passportNumber.toUpperCase(),
          validFrom,
          validUntil,
          entries: claims.entries,
          durationOfStayDays: product.stayDays,
          statusIndex: index,
        },
        (message) => sealSigner.sign(message),
        { now },
      );
      const seal = sealToBase64url(sealBytes);
      const secrets: EvisaSecrets = { sdJwt, seal };
      const sealed = cipher.seal(secrets as Json, evisaContext(application.id));
      const [row] = await tx
        .insert(evisas)
        .values({
          applicationId: application.id,
          authorityId: authority.id,
          kid: signer.kid,
          ciphertext: sealed.ciphertext,
          nonce: sealed.nonce,
          wrappedDataKey: sealed.wrappedDataKey,
          masterKeyId: sealed.masterKeyId,
          statusListId: listId,
          statusIndex: index,
          validFrom,
          validUntil,
          reference: application.reference,
          issuedAt: now,
        })
        .returning();
      return row!;
    });
  }

  return {
    vct,
    typeMetadata: () => evisaTypeMetadata(vct),
    issue,
    statusListUri,

    async handleOutboxEvent(message) {
      if (message.topic !== outboxTopics.stateChanged) return;
      if (readPayloadString(message.payload, "to") !== "issued") return;
      const applicationId = readPayloadString(message.payload, "applicationId");
      if (applicationId !== undefined) await issue(applicationId);
    },

    async get(principal, applicationId) {
      const application = await loadApplication(db, principal, applicationId, "application.evisa");
      const row = shown(application, await findByApplication(db, applicationId));
      if (row === undefined) throw new EvisaNotIssuedError({ applicationId, state: application.state });
      return record(row);
    },

    async printable(principal, applicationId) {
      // The same access (and access log) as reading the e-visa: the PDF holds the same passport data.
      const application = await loadApplication(db, principal, applicationId, "application.evisa");
      const row = shown(application, await findByApplication(db, applicationId));
      if (row === undefined) throw new EvisaNotIssuedError({ applicationId, state: application.state });
      return printableOf(application, row);
    },

    async printableForHolder(applicationId) {
      const [application] = await db.select().from(applications).where(eq(applications.id, applicationId));
      const row =
        application === undefined ? undefined : shown(application, await findByApplication(db, applicationId));
      return application === undefined || row === undefined ? undefined : printableOf(application, row);
    },

    async revoke(principal, applicationId, { reason }) {
      return db.transaction(async (tx) => {
        // The same 401/404/403 answers as every application action.
        const application = await lockApplicationFor(tx, principal, applicationId, "application.revoke_evisa");
        const [row] = await tx.select().from(evisas).where(eq(evisas.applicationId, applicationId)).for("update");
        if (row === undefined) throw new EvisaNotIssuedError({ applicationId, state: application.state });
        if (row.revokedAt !== null) return record(row);
        await setEvisaStatusEntry(tx, { entry: row, status: "invalid" });
        const now = clock();
        const [revoked] = await tx
          .update(evisas)
          .set({ revokedAt: now, revokeReason: reason, revokedBy: principal?.apiKeyId ?? principal?.id ?? null })
          .where(eq(evisas.id, row.id))
          .returning();
        await publishOutbox(tx, {
          topic: outboxTopics.evisaRevoked,
          aggregateId: applicationId,
          payload: {
            applicationId,
            userId: application.userId,
            organisationId: application.organisationId,
            authorityId: application.authorityId,
            reason,
            at: now.toISOString(),
          },
        });
        return record(revoked!);
      });
    },

    async statusListToken(authorityId, listId) {
      const [row] = await db
        .select()
        .from(statusLists)
        .where(and(eq(statusLists.id, listId), eq(statusLists.authorityId, authorityId)));
      if (row === undefined) throw new NotFoundError({ resource: "status list", id: `${authorityId}/${listId}` });
      const signer = await authorityKeys.signer(authorityId);
      const issuer = createEvisaIssuer({ issuer: authorityIssuer(authorityId), key: signer, vct, clock });
      return issuer.signStatusList({
        list: restoreStatusList({ bits: row.bits as 1 | 2 | 4 | 8, lst: row.lst }),
        uri: statusListUri(authorityId, listId),
        ttlSeconds,
      });
    },
  };
}
