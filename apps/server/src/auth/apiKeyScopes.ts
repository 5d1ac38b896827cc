/**
 * What an API key may do within its authority or organisation, chosen when it is created. A key acts
 * with its role (an authority's key as an officer, an organisation's as its admin) but only where
 * it holds the scope the action needs (`requiredScope` in policy.ts); actions that need no scope
 * follow the role alone. Sessions have no scopes: people act with their roles.
 *
 * - `applications:read`: read an application, its history and its e-visa, and the authority's queue
 *   and figures;
 * - `documents:read`: open the identity and supporting documents of an application;
 * - `applications:decide`: ask for information, approve, reject, retry a settlement, revoke an e-visa;
 * - `webhooks:manage`: register webhook endpoints, read their delivery log, redeliver.
 *
 * @example
 * apiKeyScopes.includes("applications:decide") // true
 */
export const apiKeyScopes = ["applications:read", "documents:read", "applications:decide", "webhooks:manage"] as const;

/** One of {@link apiKeyScopes}. */
export type ApiKeyScope = (typeof apiKeyScopes)[number];

/**
 * Whether `value` names a scope.
 *
 * @example
 * isApiKeyScope("applications:read") // true
 * isApiKeyScope("admin") // false
 */
export function isApiKeyScope(value: string): value is ApiKeyScope {
  return (apiKeyScopes as readonly string[]).includes(value);
}
