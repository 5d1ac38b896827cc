import type { ApplicationState } from "@entrada/core";
import type { Json } from "@entrada/db";
import type { ApiKeyScope } from "./auth/apiKeyScopes.ts";
import { hasRole, type Principal } from "./auth/Principal.ts";
import { ApiKeyScopeError, ForbiddenError, UnauthenticatedError } from "./errors/auth.ts";
import { NotFoundError } from "./errors/http.ts";

/** An application as the policy sees it: who owns it, whose authority decides it, where it stands. */
export type ApplicationResource = {
  readonly userId: string;
  readonly organisationId: string | null;
  readonly authorityId: string;
  readonly state: ApplicationState;
};

/** What each action is about. */
export type PolicyResources = {
  /** Anyone, signed in or not, may browse the catalogue and check eligibility. */
  "catalogue.read": undefined;
  /** File a new application, personally (`organisationId: null`) or for an organisation. */
  "application.create": { readonly organisationId: string | null };
  /** See the application, its answers and its quote. */
  "application.read": ApplicationResource;
  /** See the audit trail. */
  "application.history": ApplicationResource;
  /** Edit answers. */
  "application.update": ApplicationResource;
  /** Submit (or resubmit with the information asked for). */
  "application.submit": ApplicationResource;
  "application.cancel": ApplicationResource;
  /** Lock a price. */
  "application.quote": ApplicationResource;
  /** Get the payment instructions and hand over a gasless payment authorization. */
  "application.pay": ApplicationResource;
  /** Ask for information, approve or reject (which settles the escrow). */
  "application.review": ApplicationResource;
  /** Retry a blocked settlement (release, refund or claim) now, once its cause is fixed. */
  "application.settle": ApplicationResource;
  /** Get the issued e-visa (SD-JWT VC, seal, QR): its holder, and the issuing authority's officers. */
  "application.evisa": ApplicationResource;
  /** Revoke the issued e-visa (fraud found later, passport reported lost): the authority's officers. */
  "application.revoke_evisa": ApplicationResource;
  /** List the applications an authority must decide. */
  "officer.queue": { readonly authorityId: string };
  /** See an authority's figures: counts by state and day, fees released, time to decision. */
  "officer.stats": { readonly authorityId: string };
  /** Create, list and revoke API keys of a scope. */
  "apiKey.manage": { readonly authorityId: string | null; readonly organisationId: string | null };
  /** Register webhook endpoints of the caller's authority or organisation, read their log, redeliver. */
  "webhook.manage": undefined;
  /**
   * A person's own identity: verify it, get and present the credential, read what was shared, export
   * or erase their account. Only in person (a session): no system acts as someone's identity.
   */
  "identity.own": undefined;
  /** The manual review queue of flagged identity checks, and its decisions. */
  "identity.review": undefined;
  /** Revoke an identity credential: its holder for any reason, KYC reviewers and operators for fraud. */
  "credential.revoke": { readonly holderId: string | null; readonly reason: "lost" | "fraud" | "holder_request" };
  /** Open an uploaded identity document. */
  "document.read": DocumentResource;
};

/** An identity document as the policy sees it: whose it is, and what makes others need it. */
export type DocumentResource = {
  /** The traveller who uploaded it. */
  readonly ownerId: string;
  /**
   * Authorities to which its owner applied and that see the application (from payment on): their
   * officers decide on the owner, with the documents.
   */
  readonly reviewingAuthorityIds: readonly string[];
  /** It belongs to an identity check that waits for a KYC reviewer. */
  readonly underKycReview: boolean;
};

/** An action of the policy. */
export type PolicyAction = keyof PolicyResources;

/**
 * Every action, in the order docs/api.md lists them.
 *
 * @example
 * policyActions.includes("application.review") // true
 */
export const policyActions = [
  "catalogue.read",
  "application.create",
  "application.read",
  "application.history",
  "application.update",
  "application.submit",
  "application.cancel",
  "application.quote",
  "application.pay",
  "application.review",
  "application.settle",
  "application.evisa",
  "application.revoke_evisa",
  "officer.queue",
  "officer.stats",
  "apiKey.manage",
  "webhook.manage",
  "identity.own",
  "identity.review",
  "credential.revoke",
  "document.read",
] as const satisfies readonly PolicyAction[];

/**
 * States in which an authority sees an application: from the payment on. Drafts and unpaid
 * applications are the traveller's business only.
 */
export const authorityVisibleStates: readonly ApplicationState[] = [
  "paid",
  "under_review",
  "needs_info",
  "approved",
  "issued",
  "rejected",
  "refunded",
  "expired",
];

/** The applicant side: the person who filed it, or an admin of the organisation it was filed for. */
function isApplicant(principal: Principal, resource: ApplicationResource): boolean {
  const owner = principal.via === "session" && resource.userId === principal.id;
  return owner || isOrganisationAdmin(principal, resource.organisationId);
}

function isOrganisationAdmin(principal: Principal, organisationId: string | null): boolean {
  return organisationId !== null && hasRole(principal, "org_admin") && principal.organisationId === organisationId;
}

function isOfficerOf(principal: Principal, authorityId: string | null): boolean {
  return authorityId !== null && hasRole(principal, "officer") && principal.authorityId === authorityId;
}

function isDecidingOfficer(principal: Principal, resource: ApplicationResource): boolean {
  return isOfficerOf(principal, resource.authorityId) && authorityVisibleStates.includes(resource.state);
}

type Rules = { [A in PolicyAction]: (principal: Principal, resource: PolicyResources[A]) => boolean };

/**
 * The whole authorization policy, one rule per action (DESIGN.md, "Who uses it"):
 * - a traveller sees and acts only on their own applications; an organisation admin (or the
 *   organisation's API key) on the organisation's;
 * - an officer (or the authority's API key) sees its authority's applications from payment on, and
 *   decides them; it never acts as the applicant;
 * - a support agent reads any application and its history (to handle refund tickets and hand-offs),
 *   and changes nothing;
 * - an operator runs the deployment: API keys of any scope, retrying blocked settlements; no access
 *   to applications' personal data;
 * - a KYC reviewer decides flagged identity checks, with their documents, and revokes credentials
 *   for fraud (as an operator may); identity documents are otherwise their owner's, and the
 *   officers' of an authority the owner applied to.
 */
const rules: Rules = {
  "catalogue.read": () => true,
  "application.create": (principal, { organisationId }) =>
    organisationId === null ? principal.via === "session" : isOrganisationAdmin(principal, organisationId),
  "application.read": (principal, resource) =>
    isApplicant(principal, resource) || isDecidingOfficer(principal, resource) || hasRole(principal, "support"),
  "application.history": (principal, resource) => rules["application.read"](principal, resource),
  "application.update": isApplicant,
  "application.submit": isApplicant,
  "application.cancel": isApplicant,
  "application.quote": isApplicant,
  "application.pay": isApplicant,
  "application.review": isDecidingOfficer,
  // Operators run the relayers and keys that settle: they retry without reading the application.
  "application.settle": (principal, resource) =>
    isDecidingOfficer(principal, resource) || (principal.via === "session" && hasRole(principal, "operator")),
  // Not support: the e-visa holds the passport data whole; support reads the application's state.
  "application.evisa": (principal, resource) =>
    isApplicant(principal, resource) || isDecidingOfficer(principal, resource),
  "application.revoke_evisa": isDecidingOfficer,
  "officer.queue": (principal, { authorityId }) => isOfficerOf(principal, authorityId),
  "officer.stats": (principal, { authorityId }) => isOfficerOf(principal, authorityId),
  "apiKey.manage": (principal, { authorityId, organisationId }) =>
    principal.via === "session" &&
    (hasRole(principal, "operator") ||
      (organisationId === null && isOfficerOf(principal, authorityId)) ||
      (authorityId === null && isOrganisationAdmin(principal, organisationId))),
  "webhook.manage": (principal) =>
    isOfficerOf(principal, principal.authorityId ?? null) ||
    isOrganisationAdmin(principal, principal.organisationId ?? null),
  "identity.own": (principal) => principal.via === "session",
  "identity.review": (principal) => principal.via === "session" && hasRole(principal, "kyc_reviewer"),
  "credential.revoke": (principal, { holderId, reason }) =>
    principal.via === "session" &&
    ((holderId !== null && principal.id === holderId) ||
      (reason === "fraud" && (hasRole(principal, "kyc_reviewer") || hasRole(principal, "operator")))),
  "document.read": (principal, { ownerId, reviewingAuthorityIds, underKycReview }) =>
    (principal.via === "session" && principal.id === ownerId) ||
    reviewingAuthorityIds.some((authorityId) => isOfficerOf(principal, authorityId)) ||
    (underKycReview && principal.via === "session" && hasRole(principal, "kyc_reviewer")),
};

/**
 * The scope an API key needs, beside its role, for an action; actions not listed follow the role
 * alone (an organisation's key files and pays applications with any scope). Sessions need none.
 *
 * @example
 * requiredScope["application.review"] // "applications:decide"
 */
export const requiredScope: Readonly<Partial<Record<PolicyAction, ApiKeyScope>>> = {
  "application.read": "applications:read",
  "application.history": "applications:read",
  "application.evisa": "applications:read",
  "officer.queue": "applications:read",
  "officer.stats": "applications:read",
  "application.review": "applications:decide",
  "application.settle": "applications:decide",
  "application.revoke_evisa": "applications:decide",
  "document.read": "documents:read",
  "webhook.manage": "webhooks:manage",
};

/** The scope `principal` lacks for `action`: an API key without it; `undefined` when none is missing. */
function missingScope(principal: Principal, action: PolicyAction): ApiKeyScope | undefined {
  const scope = requiredScope[action];
  if (principal.via !== "api_key" || scope === undefined) return undefined;
  return principal.scopes?.includes(scope) ? undefined : scope;
}

function allowedByRole<A extends PolicyAction>(principal: Principal, action: A, resource: PolicyResources[A]): boolean {
  return (rules[action] as (principal: Principal, resource: PolicyResources[A]) => boolean)(principal, resource);
}

/**
 * Whether `principal` (`null`: anonymous) may take `action` on `resource`: their role allows it and,
 * for an API key, the key holds the scope it needs ({@link requiredScope}). The one place that decides
 * who may do what; routes, the SSE hub and webhooks all ask here.
 *
 * @example
 * can(request.user, "application.read", application)   // true for its owner
 * can(officerOfOtherAuthority, "application.review", application) // false
 */
export function can<A extends PolicyAction>(
  principal: Principal | null,
  action: A,
  ...[resource]: PolicyResources[A] extends undefined ? [] : [PolicyResources[A]]
): boolean {
  if (action === "catalogue.read") return true;
  if (principal === null) return false;
  return (
    allowedByRole(principal, action, resource as PolicyResources[A]) && missingScope(principal, action) === undefined
  );
}

/**
 * Throws the refusal of `action` for a principal who may see what it is about: 403
 * `ENTRADA_FORBIDDEN` when their role does not allow it, 403 `ENTRADA_API_KEY_SCOPE` (naming the
 * scope) when it does but their API key lacks the scope.
 */
function refuse<A extends PolicyAction>(principal: Principal, action: A, resource: PolicyResources[A]): void {
  if (!allowedByRole(principal, action, resource)) throw new ForbiddenError({ action });
  const scope = missingScope(principal, action);
  if (scope !== undefined) throw new ApiKeyScopeError({ action, scope });
}

/**
 * Throws unless `principal` may take `action` on the application: 401 when anonymous, 404 when they
 * may not even see it (so its existence is not revealed), 403 when they see it but may not act (or
 * their API key lacks the scope: an authority's key sees its authority's applications whatever its
 * scopes, and is told which scope it lacks).
 *
 * @example
 * authorizeApplication(request.user, "application.cancel", { id, ...application })
 */
export function authorizeApplication(
  principal: Principal | null,
  action: Extract<PolicyAction, `application.${string}`> & Exclude<PolicyAction, "application.create">,
  application: ApplicationResource & { readonly id: string },
): asserts principal is Principal {
  if (principal === null) throw new UnauthenticatedError();
  if (!allowedByRole(principal, "application.read", application) && !allowedByRole(principal, action, application)) {
    throw new NotFoundError({ resource: "application", id: application.id });
  }
  refuse(principal, action, application);
}

/**
 * Throws 401 when anonymous and 403 when the action is not allowed (`ENTRADA_API_KEY_SCOPE` when only
 * the API key's scope is missing).
 *
 * @example
 * authorize(request.user, "officer.queue", { authorityId })
 */
export function authorize<A extends PolicyAction>(
  principal: Principal | null,
  action: A,
  ...resource: PolicyResources[A] extends undefined ? [] : [PolicyResources[A]]
): asserts principal is Principal {
  if (principal === null) throw new UnauthenticatedError();
  if (action !== "catalogue.read") refuse(principal, action, resource[0] as PolicyResources[A]);
}

/**
 * For a principal whom the policy refused `action`: throws 403 `ENTRADA_API_KEY_SCOPE` when their
 * role would have allowed it and only their API key's scope is missing; returns otherwise, so that
 * the caller answers as it does to anyone else (a 404 for others' documents).
 *
 * @example
 * if (!can(principal, "document.read", doc)) { refuseScope(principal, "document.read", doc); throw new NotFoundError(…) }
 */
export function refuseScope<A extends PolicyAction>(
  principal: Principal,
  action: A,
  resource: PolicyResources[A],
): void {
  if (allowedByRole(principal, action, resource)) refuse(principal, action, resource);
}

/** Who follows the live event stream: a principal, or the subset of it the SSE hub keeps. */
export type EventViewer = {
  readonly id: string;
  readonly roles: readonly string[];
  readonly authorityId?: string | undefined;
  readonly organisationId?: string | undefined;
  readonly via?: Principal["via"] | undefined;
};

/** An outbox event as the SSE hub and the webhook workers see it. */
export type VisibleEvent = { readonly topic: string; readonly payload: Json };

function field(payload: Json, name: string): string | undefined {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return undefined;
  const value = payload[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * Whether `viewer` may receive an outbox event on the live stream: the same rule as reading the
 * application it is about, from the event's payload alone (no query per event and subscriber).
 * - the applicant side: the user who filed it (`userId`), or an admin of its organisation
 *   (`organisationId`);
 * - the authority's officers: state changes into or out of the states they see (from payment on),
 *   its payments, and revocations of its e-visas;
 * - nobody else: support agents read applications on demand, not as a live feed.
 * Identity events (`identity.*`) are the traveller's alone: no organisation, officer or API key.
 *
 * @example
 * createSseHub({ db, bus, canSee: (user, event) => canSeeEvent(user, event), logger })
 */
export function canSeeEvent(viewer: EventViewer, event: VisibleEvent): boolean {
  const { payload } = event;
  if (viewer.via !== "api_key" && field(payload, "userId") === viewer.id) return true;
  // A traveller's own identity check: nobody else, whatever the payload names.
  if (event.topic.startsWith("identity.")) return false;
  const organisationId = field(payload, "organisationId");
  if (organisationId !== undefined && viewer.roles.includes("org_admin") && viewer.organisationId === organisationId) {
    return true;
  }
  const authorityId = field(payload, "authorityId");
  if (authorityId === undefined || !viewer.roles.includes("officer") || viewer.authorityId !== authorityId) {
    return false;
  }
  // Its payments, and a revocation of the e-visa it issued (docs/api.md, "Events": its webhooks receive it).
  if (event.topic !== "application.state_changed") {
    return event.topic.startsWith("payment.") || event.topic === "evisa.revoked";
  }
  const visible = (state: string | undefined) =>
    state !== undefined && (authorityVisibleStates as readonly string[]).includes(state);
  return visible(field(payload, "to")) || visible(field(payload, "from"));
}
