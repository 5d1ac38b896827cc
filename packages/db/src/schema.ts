import * as applicants from "./schema/applicants.ts";
import * as applications from "./schema/applications.ts";
import * as auth from "./schema/auth.ts";
import * as authorityKeys from "./schema/authorityKeys.ts";
import * as catalogue from "./schema/catalogue.ts";
import * as chain from "./schema/chain.ts";
import * as evisas from "./schema/evisas.ts";
import * as idempotency from "./schema/idempotency.ts";
import * as identity from "./schema/identity.ts";
import * as notifications from "./schema/notifications.ts";
import * as officerStats from "./schema/officerStats.ts";
import * as outbox from "./schema/outbox.ts";
import * as payments from "./schema/payments.ts";
import * as quotes from "./schema/quotes.ts";
import * as relayer from "./schema/relayer.ts";
import * as settlements from "./schema/settlements.ts";
import * as users from "./schema/users.ts";
import * as webhooks from "./schema/webhooks.ts";

/**
 * Every table of Entrada's database, keyed by its TypeScript name. Drizzle needs them in one object
 * for the typed `db.query` API; drizzle-kit reads the files of `src/schema/` to generate migrations.
 */
export const schema = {
  authorities: catalogue.authorities,
  products: catalogue.products,
  authorityIssuerKeys: authorityKeys.authorityIssuerKeys,
  organisations: users.organisations,
  users: users.users,
  emailVerifications: users.emailVerifications,
  userRoles: users.userRoles,
  siweNonces: auth.siweNonces,
  sessions: auth.sessions,
  apiKeys: auth.apiKeys,
  applicants: applicants.applicants,
  applications: applications.applications,
  applicationEvents: applications.applicationEvents,
  applicationStateCounts: applications.applicationStateCounts,
  applicationDayMarks: officerStats.applicationDayMarks,
  authorityDailyActivity: officerStats.authorityDailyActivity,
  applicationFeeMarks: officerStats.applicationFeeMarks,
  authorityDailyFees: officerStats.authorityDailyFees,
  applicationDecisions: officerStats.applicationDecisions,
  quotes: quotes.quotes,
  payments: payments.payments,
  chainEvents: chain.chainEvents,
  indexerCursors: chain.indexerCursors,
  chainBlocks: chain.chainBlocks,
  relayerTransactions: relayer.relayerTransactions,
  settlementJobs: settlements.settlementJobs,
  outbox: outbox.outbox,
  notifications: notifications.notifications,
  webhookEndpoints: webhooks.webhookEndpoints,
  webhookDeliveries: webhooks.webhookDeliveries,
  idempotencyKeys: idempotency.idempotencyKeys,
  identityVerifications: identity.identityVerifications,
  identityDocuments: identity.identityDocuments,
  applicationDocuments: identity.applicationDocuments,
  documentAccessLog: identity.documentAccessLog,
  statusLists: identity.statusLists,
  identityCredentials: identity.identityCredentials,
  presentationRequests: identity.presentationRequests,
  credentialDisclosures: identity.credentialDisclosures,
  evisas: evisas.evisas,
};

/** The type of {@link schema}. */
export type Schema = typeof schema;
