// Apart from identityQueries.ts (which decodes credentials with @sd-jwt) so that the live events'
// cache invalidation, on every page, does not bring the credential code into the entry script.

/**
 * The identity pages' query keys: everything of a user under `["identity", userId]`, so that a
 * sign-out (which invalidates every query) or another user's sign-in never shows another's wallet.
 */
export const identityKeys = {
  all: ["identity"] as const,
  user: (userId: string) => ["identity", userId] as const,
  holder: (userId: string) => ["identity", userId, "holder"] as const,
  current: (userId: string) => ["identity", userId, "current"] as const,
  credentials: (userId: string) => ["identity", userId, "credentials"] as const,
  disclosures: (userId: string) => ["identity", userId, "disclosures"] as const,
  reviews: () => ["kycReviews"] as const,
};
