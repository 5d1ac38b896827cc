import { authorityId } from "@entrada/contracts";
import type { Catalogue } from "@entrada/core";
import { authorities, type Database, products } from "@entrada/db";
import { sql } from "drizzle-orm";

/**
 * Writes the catalogue into the `authorities` and `products` tables (insert or update by id), so that
 * applications can reference them. Idempotent; run at every start-up. Rows are written in id order,
 * so processes starting together wait for each other instead of deadlocking. Rows no longer in the
 * catalogue are left as they are: applications still point at them.
 *
 * @example
 * await syncCatalogue(db, createCatalogue({ authorities: seedAuthorities, products: seedProducts }));
 */
export async function syncCatalogue(db: Database, catalogue: Catalogue): Promise<void> {
  await db.transaction(async (tx) => {
    if (catalogue.authorities.length > 0) {
      await tx
        .insert(authorities)
        .values(
          [...catalogue.authorities].sort(byId).map((authority) => ({
            id: authority.id,
            // The escrow's id of the authority: its slug right-padded into bytes32.
            onchainId: authorityId(authority.id),
            name: authority.name,
            country: authority.country,
            currency: authority.currency,
            active: true,
          })),
        )
        .onConflictDoUpdate({
          target: authorities.id,
          set: {
            onchainId: sql`excluded.onchain_id`,
            name: sql`excluded.name`,
            country: sql`excluded.country`,
            currency: sql`excluded.currency`,
            active: true,
          },
        });
    }
    if (catalogue.products.length > 0) {
      await tx
        .insert(products)
        .values(
          [...catalogue.products].sort(byId).map((product) => ({
            id: product.id,
            authorityId: product.authorityId,
            name: product.name,
            visaType: product.type,
            feeMinor: product.fee.amount,
            currency: product.fee.currency,
            entries: product.entries,
            stayDays: product.stayDays,
            validityDays: product.validityDays,
            processingDays: Math.ceil(product.processingHours.max / 24),
            serviceLevelHours: product.serviceLevelHours,
            requirements: {
              purposes: [...product.purposes],
              requiredFields: [...product.requiredFields],
              requiredDocuments: [...product.requiredDocuments],
            },
            eligibleNationalities:
              product.eligibleNationalities.include === "all" ? null : [...product.eligibleNationalities.include],
            active: true,
          })),
        )
        .onConflictDoUpdate({
          target: products.id,
          set: {
            authorityId: sql`excluded.authority_id`,
            name: sql`excluded.name`,
            visaType: sql`excluded.visa_type`,
            feeMinor: sql`excluded.fee_minor`,
            currency: sql`excluded.currency`,
            entries: sql`excluded.entries`,
            stayDays: sql`excluded.stay_days`,
            validityDays: sql`excluded.validity_days`,
            processingDays: sql`excluded.processing_days`,
            serviceLevelHours: sql`excluded.service_level_hours`,
            requirements: sql`excluded.requirements`,
            eligibleNationalities: sql`excluded.eligible_nationalities`,
            active: true,
          },
        });
    }
  });
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
