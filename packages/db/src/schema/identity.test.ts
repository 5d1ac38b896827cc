import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPgError } from "../getPgError.ts";
import { createTestDatabases, type TestDatabase } from "../testing/createTestDatabases.ts";
import { authorities, products } from "./catalogue.ts";
import {
  credentialDisclosures,
  identityCredentials,
  identityDocuments,
  identityVerifications,
  statusLists,
} from "./identity.ts";
import { userRoles, users } from "./users.ts";

/** The rejection of a query that must fail. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the query to fail");
}

const sealed = {
  identityCiphertext: new Uint8Array([1, 2, 3]),
  identityNonce: new Uint8Array(12),
  identityWrappedKey: new Uint8Array(60),
  identityMasterKeyId: "mk-1",
};

describe.each(createTestDatabases())("identity tables on $name", ({ open }) => {
  let database: TestDatabase;
  let userId: string;
  let listId: number;

  beforeAll(async () => {
    database = await open();
    const [user] = await database.db.insert(users).values({ email: "holder@example.org" }).returning();
    userId = user!.id;
    const [list] = await database.db.insert(statusLists).values({ bits: 2, size: 1024, lst: "eNo" }).returning();
    listId = list!.id;
  });
  afterAll(() => database.close());

  test("a status list entry belongs to one credential only", async () => {
    const entry = {
      userId,
      statusListId: listId,
      statusIndex: 77,
      issuedAt: new Date("2026-01-01T00:00:00Z"),
      expiresAt: new Date("2027-01-01T00:00:00Z"),
    };
    await database.db.insert(identityCredentials).values(entry);
    const error = await failure(database.db.insert(identityCredentials).values(entry));
    expect(getPgError(error)).toMatchObject({ code: "23505", constraint: "identity_credentials_status_key" });
    // A revocation names its reason, and a reason needs a revocation.
    const reasonless = await failure(
      database.db
        .update(identityCredentials)
        .set({ revokedAt: new Date() })
        .where(eq(identityCredentials.statusIndex, 77)),
    );
    expect(getPgError(reasonless)).toMatchObject({
      code: "23514",
      constraint: "identity_credentials_revocation_check",
    });
  });

  test("verifications: known statuses, and a review decision comes with its time", async () => {
    const base = { userId, status: "flagged" as const, outcome: "flagged" as const, checkedAt: new Date(), ...sealed };
    const [row] = await database.db.insert(identityVerifications).values(base).returning();
    expect(row).toMatchObject({ reasons: [], fingerprint: null, reviewDecision: null });
    const bad = await failure(database.db.insert(identityVerifications).values({ ...base, status: "maybe" as never }));
    expect(getPgError(bad)?.constraint).toBe("identity_verifications_status_check");
    const halfReviewed = await failure(
      database.db
        .update(identityVerifications)
        .set({ reviewDecision: "pass" })
        .where(eq(identityVerifications.id, row!.id)),
    );
    expect(getPgError(halfReviewed)?.constraint).toBe("identity_verifications_review_check");
  });

  test("documents are passport bio pages or photos; a disclosure's sealed applicant is all there or absent", async () => {
    const kind = await failure(
      database.db
        .insert(identityDocuments)
        .values({ userId, kind: "selfie" as never, cid: "bafk", contentType: "image/png", size: 1 }),
    );
    expect(getPgError(kind)?.constraint).toBe("identity_documents_kind_check");
    await database.db
      .insert(authorities)
      .values({ id: "uto-evisa", onchainId: `0x${"a1".repeat(32)}`, name: "Utopia", country: "UT", currency: "USD" });
    await database.db.insert(products).values({
      id: "uto-tourist",
      authorityId: "uto-evisa",
      name: "Tourist",
      visaType: "tourist",
      feeMinor: 4000n,
      currency: "USD",
      entries: "single",
      stayDays: 30,
      validityDays: 90,
      processingDays: 3,
      serviceLevelHours: 72,
    });
    const half = await failure(
      database.db.insert(credentialDisclosures).values({
        userId,
        productId: "uto-tourist",
        authorityId: "uto-evisa",
        claims: ["given_name"],
        applicantCiphertext: new Uint8Array([1]),
        presentedAt: new Date(),
      }),
    );
    expect(getPgError(half)?.constraint).toBe("credential_disclosures_applicant_check");
  });

  test("kyc_reviewer is a role; an erased user keeps a row with deleted_at", async () => {
    await database.db.insert(userRoles).values({ userId, role: "kyc_reviewer" });
    const [erased] = await database.db
      .update(users)
      .set({ deletedAt: new Date("2026-05-01T00:00:00Z") })
      .where(eq(users.id, userId))
      .returning();
    expect(erased!.deletedAt).toEqual(new Date("2026-05-01T00:00:00Z"));
  });
});
