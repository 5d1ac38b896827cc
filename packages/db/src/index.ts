// @entrada/db: Drizzle schema and migrations on PGlite (embedded) or PostgreSQL (DATABASE_URL).
export { countRows, toCount } from "./countRows.ts";
export {
  type CreateDatabaseParameters,
  createDatabase,
  type Database,
  type DatabaseKind,
  type DatabaseLogger,
  type EntradaDatabase,
  type Executor,
  type Transaction,
} from "./createDatabase.ts";
export { getPgError, isUniqueViolation, type PgError } from "./getPgError.ts";
export {
  type CompleteIdempotencyKeyParameters,
  completeIdempotencyKey,
} from "./idempotency/completeIdempotencyKey.ts";
export {
  type ReleaseIdempotencyKeyParameters,
  releaseIdempotencyKey,
} from "./idempotency/releaseIdempotencyKey.ts";
export {
  type ReserveIdempotencyKeyParameters,
  type ReserveIdempotencyKeyReturnType,
  reserveIdempotencyKey,
} from "./idempotency/reserveIdempotencyKey.ts";
export type { ListenParameters, Unlisten } from "./listenPostgres.ts";
export { type ClaimOutboxParameters, claimOutbox } from "./outbox/claimOutbox.ts";
export { type CompleteOutboxParameters, completeOutbox } from "./outbox/completeOutbox.ts";
export {
  type EnqueueOutboxParameters,
  enqueueOutbox,
  type OutboxMessage,
} from "./outbox/enqueueOutbox.ts";
export {
  type FailOutboxParameters,
  type FailOutboxReturnType,
  failOutbox,
  outboxBackoffMs,
} from "./outbox/failOutbox.ts";
export { type RenewOutboxClaimParameters, renewOutboxClaim } from "./outbox/renewOutboxClaim.ts";
export { queryRows } from "./queryRows.ts";
export { applicants, type VerificationStatus, verificationStatuses } from "./schema/applicants.ts";
export {
  applicationEvents,
  applicationStateCounts,
  applications,
  systemActorRoles,
} from "./schema/applications.ts";
export { apiKeys, sessions, siweNonces } from "./schema/auth.ts";
export { authorityIssuerKeys } from "./schema/authorityKeys.ts";
export { authorities, productEntries, products } from "./schema/catalogue.ts";
export { chainBlocks, chainEvents, indexerCursors } from "./schema/chain.ts";
export { bytea, type Hex, type Json, money } from "./schema/columns.ts";
export { evisas } from "./schema/evisas.ts";
export { idempotencyKeys } from "./schema/idempotency.ts";
export {
  applicationDocuments,
  type CredentialRevocationReason,
  credentialDisclosures,
  credentialRevocationReasons,
  documentAccessLog,
  documentAccessPurposes,
  type IdentityDocumentKind,
  type IdentityVerificationStatus,
  identityCredentials,
  identityDocumentKinds,
  identityDocuments,
  identityVerificationStatuses,
  identityVerifications,
  kycReviewDecisions,
  presentationRequests,
  statusLists,
} from "./schema/identity.ts";
export { notificationChannels, notificationStatuses, notifications } from "./schema/notifications.ts";
export {
  activityKinds,
  applicationDayMarks,
  applicationDecisions,
  applicationFeeMarks,
  authorityDailyActivity,
  authorityDailyFees,
} from "./schema/officerStats.ts";
export { outbox } from "./schema/outbox.ts";
export { type PaymentStatus, paymentStatuses, payments } from "./schema/payments.ts";
export { type QuoteStatus, quoteStatuses, quotes } from "./schema/quotes.ts";
export {
  type RelayerTransactionStatus,
  relayerTransactionStatuses,
  relayerTransactions,
} from "./schema/relayer.ts";
export {
  type SettlementJobStatus,
  type SettlementKind,
  settlementJobStatuses,
  settlementJobs,
  settlementKinds,
} from "./schema/settlements.ts";
export {
  emailVerifications,
  type Locale,
  locales,
  organisations,
  type Role,
  roles,
  userRoles,
  users,
} from "./schema/users.ts";
export { webhookDeliveries, webhookDeliveryStatuses, webhookEndpoints } from "./schema/webhooks.ts";
export { type Schema, schema } from "./schema.ts";
