import { randomBytes } from "node:crypto";
import { applicationReference, applicationReferenceBytes } from "@entrada/core";
import {
  applicants,
  applications,
  authorities,
  type Database,
  type Locale,
  organisations,
  products,
  users,
  webhookEndpoints,
} from "@entrada/db";

const hex = (bytes: number) => `0x${randomBytes(bytes).toString("hex")}` as const;

/**
 * Test rows for messaging: users, an authority with a product, applications, webhook endpoints. Only
 * the columns the tests need are meaningful; the encrypted applicant data is random bytes.
 *
 * @example
 * const seed = createMessagingSeed(db);
 * const user = await seed.user({ email: "ana@example.com", locale: "es" });
 * const application = await seed.application({ userId: user.id });
 */
export function createMessagingSeed(db: Database) {
  let authorityReady: Promise<void> | undefined;
  const authorityId = "uto-evisa";
  const productId = "uto-evisa-tourist-30";

  function ensureAuthority(): Promise<void> {
    authorityReady ??= (async () => {
      await db
        .insert(authorities)
        .values([
          { id: authorityId, onchainId: hex(32), name: "Utopia e-Visa", country: "UT", currency: "USD" },
          { id: "other-evisa", onchainId: hex(32), name: "Otherland e-Visa", country: "OT", currency: "EUR" },
        ])
        .onConflictDoNothing();
      await db
        .insert(products)
        .values({
          id: productId,
          authorityId,
          name: "Tourist, 30 days",
          visaType: "tourist",
          feeMinor: 4000n,
          currency: "USD",
          entries: "single",
          stayDays: 30,
          validityDays: 90,
          processingDays: 3,
          serviceLevelHours: 72,
        })
        .onConflictDoNothing();
    })();
    return authorityReady;
  }

  return {
    authorityId,

    async user(values: { email?: string | null; locale?: Locale } = {}) {
      const [row] = await db
        .insert(users)
        .values({ walletAddress: hex(20), email: values.email ?? null, locale: values.locale ?? "en" })
        .returning();
      return row!;
    },

    async organisation() {
      const [row] = await db.insert(organisations).values({ name: "Acme Travel" }).returning();
      return row!;
    },

    async application(values: { userId: string; organisationId?: string | undefined }) {
      await ensureAuthority();
      const [applicant] = await db
        .insert(applicants)
        .values({
          userId: values.userId,
          organisationId: values.organisationId,
          nationality: "UTO",
          piiCiphertext: randomBytes(32),
          piiNonce: randomBytes(12),
          wrappedDataKey: randomBytes(40),
          masterKeyId: "test",
          passportIndex: randomBytes(32),
          indexKeyId: "test",
        })
        .returning();
      const [row] = await db
        .insert(applications)
        .values({
          reference: applicationReference(randomBytes(applicationReferenceBytes)),
          onchainId: hex(32),
          userId: values.userId,
          organisationId: values.organisationId,
          applicantId: applicant!.id,
          productId,
          authorityId,
          state: "under_review",
        })
        .returning();
      return row!;
    },

    async endpoint(values: {
      ownerId: string;
      url: string;
      authorityId?: string | undefined;
      organisationId?: string | undefined;
      events?: string[] | undefined;
      active?: boolean | undefined;
    }) {
      if (values.authorityId) await ensureAuthority();
      const [row] = await db
        .insert(webhookEndpoints)
        .values({
          ownerId: values.ownerId,
          url: values.url,
          authorityId: values.authorityId,
          organisationId: values.organisationId,
          events: values.events ?? [],
          active: values.active ?? true,
          // Tests resolve secrets by endpoint id; the ciphertext only fills the column.
          secretCiphertext: randomBytes(32),
          secretKeyId: "test",
        })
        .returning();
      return row!;
    },
  };
}
