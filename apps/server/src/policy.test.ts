import { describe, expect, test } from "vitest";
import { apiKeyScopes } from "./auth/apiKeyScopes.ts";
import type { Principal } from "./auth/Principal.ts";
import {
  type ApplicationResource,
  authorize,
  authorizeApplication,
  can,
  canSeeEvent,
  type PolicyAction,
  policyActions,
  requiredScope,
} from "./policy.ts";

const ids = {
  ana: "00000000-0000-4000-8000-00000000000a",
  ben: "00000000-0000-4000-8000-00000000000b",
  orgAdmin: "00000000-0000-4000-8000-0000000000c1",
  otherOrgAdmin: "00000000-0000-4000-8000-0000000000c2",
  officer: "00000000-0000-4000-8000-0000000000d1",
  otherOfficer: "00000000-0000-4000-8000-0000000000d2",
  support: "00000000-0000-4000-8000-0000000000e1",
  operator: "00000000-0000-4000-8000-0000000000e2",
  reviewer: "00000000-0000-4000-8000-0000000000e3",
  keyOwner: "00000000-0000-4000-8000-0000000000f1",
  orgO: "00000000-0000-4000-8000-000000000001",
  orgP: "00000000-0000-4000-8000-000000000002",
};

/** Every kind of caller, with the relations that matter to the resources below. */
const subjects = {
  anonymous: null,
  traveller: { id: ids.ana, via: "session", roles: ["traveller"] },
  otherTraveller: { id: ids.ben, via: "session", roles: ["traveller"] },
  orgAdmin: { id: ids.orgAdmin, via: "session", roles: ["traveller", "org_admin"], organisationId: ids.orgO },
  otherOrgAdmin: { id: ids.otherOrgAdmin, via: "session", roles: ["traveller", "org_admin"], organisationId: ids.orgP },
  officer: { id: ids.officer, via: "session", roles: ["traveller", "officer"], authorityId: "gb-eta" },
  otherOfficer: { id: ids.otherOfficer, via: "session", roles: ["traveller", "officer"], authorityId: "th-evisa" },
  support: { id: ids.support, via: "session", roles: ["traveller", "support"] },
  operator: { id: ids.operator, via: "session", roles: ["traveller", "operator"] },
  kycReviewer: { id: ids.reviewer, via: "session", roles: ["traveller", "kyc_reviewer"] },
  authorityKey: {
    id: ids.keyOwner,
    via: "api_key",
    roles: ["officer"],
    authorityId: "gb-eta",
    apiKeyId: "k1",
    scopes: apiKeyScopes,
  },
  organisationKey: {
    id: ids.keyOwner,
    via: "api_key",
    roles: ["org_admin"],
    organisationId: ids.orgO,
    apiKeyId: "k2",
    scopes: apiKeyScopes,
  },
} satisfies Record<string, Principal | null>;
type Subject = keyof typeof subjects;
const allSubjects = Object.keys(subjects) as Subject[];

/** Ana's application to the UK ETA, paid and under review. */
const anasPaid: ApplicationResource = {
  userId: ids.ana,
  organisationId: null,
  authorityId: "gb-eta",
  state: "under_review",
};
/** Ana's draft: nobody at the authority sees it yet. */
const anasDraft: ApplicationResource = { ...anasPaid, state: "draft" };
/** An application filed by organisation O's admin for an employee, paid. */
const orgsPaid: ApplicationResource = {
  userId: ids.orgAdmin,
  organisationId: ids.orgO,
  authorityId: "gb-eta",
  state: "paid",
};

const applicantActions = [
  "application.update",
  "application.submit",
  "application.cancel",
  "application.quote",
  "application.pay",
] as const;

/** The expected table: for each action on each resource, exactly who may. Everyone else may not. */
const expected: { action: PolicyAction; resource: string; allowed: Subject[] }[] = [
  { action: "catalogue.read", resource: "-", allowed: allSubjects },
  {
    action: "application.create",
    resource: "personal",
    allowed: [
      "traveller",
      "otherTraveller",
      "orgAdmin",
      "otherOrgAdmin",
      "officer",
      "otherOfficer",
      "support",
      "operator",
      "kycReviewer",
    ],
  },
  { action: "application.create", resource: "for organisation O", allowed: ["orgAdmin", "organisationKey"] },
  ...(["application.read", "application.history"] as const).flatMap((action) => [
    { action, resource: "anasPaid", allowed: ["traveller", "officer", "support", "authorityKey"] as Subject[] },
    { action, resource: "anasDraft", allowed: ["traveller", "support"] as Subject[] },
    {
      action,
      resource: "orgsPaid",
      allowed: ["orgAdmin", "officer", "support", "authorityKey", "organisationKey"] as Subject[],
    },
  ]),
  ...applicantActions.flatMap((action) => [
    { action, resource: "anasPaid", allowed: ["traveller"] as Subject[] },
    { action, resource: "anasDraft", allowed: ["traveller"] as Subject[] },
    { action, resource: "orgsPaid", allowed: ["orgAdmin", "organisationKey"] as Subject[] },
  ]),
  { action: "application.review", resource: "anasPaid", allowed: ["officer", "authorityKey"] },
  { action: "application.review", resource: "anasDraft", allowed: [] },
  { action: "application.review", resource: "orgsPaid", allowed: ["officer", "authorityKey"] },
  { action: "application.settle", resource: "anasPaid", allowed: ["officer", "authorityKey", "operator"] },
  { action: "application.settle", resource: "anasDraft", allowed: ["operator"] },
  { action: "application.settle", resource: "orgsPaid", allowed: ["officer", "authorityKey", "operator"] },
  { action: "application.evisa", resource: "anasPaid", allowed: ["traveller", "officer", "authorityKey"] },
  { action: "application.evisa", resource: "anasDraft", allowed: ["traveller"] },
  {
    action: "application.evisa",
    resource: "orgsPaid",
    allowed: ["orgAdmin", "officer", "authorityKey", "organisationKey"],
  },
  { action: "application.revoke_evisa", resource: "anasPaid", allowed: ["officer", "authorityKey"] },
  { action: "application.revoke_evisa", resource: "anasDraft", allowed: [] },
  { action: "application.revoke_evisa", resource: "orgsPaid", allowed: ["officer", "authorityKey"] },
  { action: "officer.queue", resource: "gb-eta", allowed: ["officer", "authorityKey"] },
  { action: "officer.stats", resource: "gb-eta", allowed: ["officer", "authorityKey"] },
  { action: "apiKey.manage", resource: "authority gb-eta", allowed: ["officer", "operator"] },
  { action: "apiKey.manage", resource: "organisation O", allowed: ["orgAdmin", "operator"] },
  {
    action: "webhook.manage",
    resource: "-",
    allowed: ["orgAdmin", "otherOrgAdmin", "officer", "otherOfficer", "authorityKey", "organisationKey"],
  },
  {
    action: "identity.own",
    resource: "-",
    allowed: [
      "traveller",
      "otherTraveller",
      "orgAdmin",
      "otherOrgAdmin",
      "officer",
      "otherOfficer",
      "support",
      "operator",
      "kycReviewer",
    ],
  },
  { action: "identity.review", resource: "-", allowed: ["kycReviewer"] },
  { action: "credential.revoke", resource: "Ana's, lost", allowed: ["traveller"] },
  { action: "credential.revoke", resource: "Ana's, fraud", allowed: ["traveller", "operator", "kycReviewer"] },
  { action: "credential.revoke", resource: "erased holder's, fraud", allowed: ["operator", "kycReviewer"] },
  { action: "document.read", resource: "Ana's document", allowed: ["traveller"] },
  {
    action: "document.read",
    resource: "Ana's document, applied to gb-eta",
    allowed: ["traveller", "officer", "authorityKey"],
  },
  { action: "document.read", resource: "Ana's document under KYC review", allowed: ["traveller", "kycReviewer"] },
];

const resources: Record<string, unknown> = {
  "-": undefined,
  personal: { organisationId: null },
  "for organisation O": { organisationId: ids.orgO },
  anasPaid,
  anasDraft,
  orgsPaid,
  "gb-eta": { authorityId: "gb-eta" },
  "authority gb-eta": { authorityId: "gb-eta", organisationId: null },
  "organisation O": { authorityId: null, organisationId: ids.orgO },
  "Ana's, lost": { holderId: ids.ana, reason: "lost" },
  "Ana's, fraud": { holderId: ids.ana, reason: "fraud" },
  "erased holder's, fraud": { holderId: null, reason: "fraud" },
  "Ana's document": { ownerId: ids.ana, reviewingAuthorityIds: [], underKycReview: false },
  "Ana's document, applied to gb-eta": { ownerId: ids.ana, reviewingAuthorityIds: ["gb-eta"], underKycReview: false },
  "Ana's document under KYC review": { ownerId: ids.ana, reviewingAuthorityIds: [], underKycReview: true },
};

describe("policy", () => {
  test("the table covers every action", () => {
    expect([...new Set(expected.map((row) => row.action))].sort()).toEqual([...policyActions].sort());
  });

  test.each(expected.flatMap((row) => allSubjects.map((subject) => ({ ...row, subject }))))(
    "$subject × $action × $resource",
    ({ action, resource, allowed, subject }) => {
      const call = can as (principal: Principal | null, action: PolicyAction, resource?: unknown) => boolean;
      expect(call(subjects[subject], action, resources[resource])).toBe(allowed.includes(subject));
    },
  );

  test("authorizeApplication answers 401 anonymous, 404 to who may not see it, 403 to who sees but may not act", () => {
    const application = { id: "a", ...anasPaid };
    const codeOf = (principal: Principal | null, action: Parameters<typeof authorizeApplication>[1]) => {
      try {
        authorizeApplication(principal, action, application);
        return "allowed";
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    expect(codeOf(subjects.anonymous, "application.read")).toBe("ENTRADA_UNAUTHENTICATED");
    expect(codeOf(subjects.otherTraveller, "application.read")).toBe("ENTRADA_NOT_FOUND");
    expect(codeOf(subjects.otherOfficer, "application.review")).toBe("ENTRADA_NOT_FOUND");
    expect(codeOf(subjects.officer, "application.cancel")).toBe("ENTRADA_FORBIDDEN");
    expect(codeOf(subjects.support, "application.review")).toBe("ENTRADA_FORBIDDEN");
    expect(codeOf(subjects.traveller, "application.review")).toBe("ENTRADA_FORBIDDEN");
    expect(codeOf(subjects.traveller, "application.cancel")).toBe("allowed");
    // An operator retries a blocked settlement without reading the application it belongs to.
    expect(codeOf(subjects.operator, "application.settle")).toBe("allowed");
    expect(codeOf(subjects.operator, "application.read")).toBe("ENTRADA_NOT_FOUND");
  });

  test("an API key acts only where it holds the scope: 403 ENTRADA_API_KEY_SCOPE naming it, 404 outside its authority", () => {
    const readOnly: Principal = { ...subjects.authorityKey, scopes: ["applications:read"] };
    const deciding: Principal = { ...subjects.authorityKey, scopes: ["applications:decide"] };
    const errorOf = (run: () => void) => {
      try {
        run();
        return "allowed";
      } catch (error) {
        const { code, details } = error as { code: string; details?: { scope?: string } };
        return details?.scope === undefined ? code : `${code} ${details.scope}`;
      }
    };
    const application = { id: "a", ...anasPaid };
    expect(errorOf(() => authorizeApplication(readOnly, "application.read", application))).toBe("allowed");
    expect(errorOf(() => authorizeApplication(readOnly, "application.review", application))).toBe(
      "ENTRADA_API_KEY_SCOPE applications:decide",
    );
    // It sees the application through its role, so it is told what it lacks rather than a 404.
    expect(errorOf(() => authorizeApplication(deciding, "application.read", application))).toBe(
      "ENTRADA_API_KEY_SCOPE applications:read",
    );
    expect(errorOf(() => authorizeApplication(deciding, "application.review", application))).toBe("allowed");
    expect(errorOf(() => authorize(readOnly, "officer.queue", { authorityId: "gb-eta" }))).toBe("allowed");
    expect(errorOf(() => authorize(deciding, "officer.queue", { authorityId: "gb-eta" }))).toBe(
      "ENTRADA_API_KEY_SCOPE applications:read",
    );
    // Another authority's application: the scope does not matter, it does not exist for this key.
    const thai = { ...application, authorityId: "th-evisa" };
    expect(errorOf(() => authorizeApplication(subjects.authorityKey, "application.review", thai))).toBe(
      "ENTRADA_NOT_FOUND",
    );
    const document = { ownerId: ids.ana, reviewingAuthorityIds: ["gb-eta"], underKycReview: false };
    expect(can(readOnly, "document.read", document)).toBe(false);
    expect(can({ ...readOnly, scopes: ["documents:read"] }, "document.read", document)).toBe(true);
    // Sessions have no scopes and need none.
    expect(can(subjects.officer, "application.review", anasPaid)).toBe(true);
    // Every scope guards something.
    expect([...new Set(Object.values(requiredScope))].sort()).toEqual([...apiKeyScopes].sort());
  });
});

describe("canSeeEvent", () => {
  const stateChanged = (payload: Record<string, string | null>) => ({
    topic: "application.state_changed",
    payload: { applicationId: "a", userId: ids.ana, organisationId: null, authorityId: "gb-eta", ...payload },
  });
  /** Who sees each event, by the same relations as reading its application. */
  const events: { name: string; event: Parameters<typeof canSeeEvent>[1]; allowed: Subject[] }[] = [
    { name: "Ana's draft created", event: stateChanged({ from: null, to: "draft" }), allowed: ["traveller"] },
    {
      name: "Ana's application paid",
      event: stateChanged({ from: "payment_pending", to: "paid" }),
      allowed: ["traveller", "officer", "authorityKey"],
    },
    {
      name: "Ana's payment reorged back to payment_pending",
      event: stateChanged({ from: "paid", to: "payment_pending" }),
      allowed: ["traveller", "officer", "authorityKey"],
    },
    {
      name: "payment.confirmed of Ana's application",
      event: { topic: "payment.confirmed", payload: { userId: ids.ana, authorityId: "gb-eta", organisationId: null } },
      allowed: ["traveller", "officer", "authorityKey"],
    },
    {
      name: "evisa.revoked of Ana's e-visa",
      event: {
        topic: "evisa.revoked",
        payload: { applicationId: "a", userId: ids.ana, authorityId: "gb-eta", organisationId: null, reason: "r" },
      },
      allowed: ["traveller", "officer", "authorityKey"],
    },
    {
      name: "organisation O's application submitted",
      event: stateChanged({ userId: ids.orgAdmin, organisationId: ids.orgO, from: "draft", to: "submitted" }),
      allowed: ["orgAdmin", "organisationKey"],
    },
    {
      name: "identity.review_decided of Ana's check, even naming an authority and organisation",
      event: {
        topic: "identity.review_decided",
        payload: {
          verificationId: "v",
          userId: ids.ana,
          decision: "pass",
          authorityId: "gb-eta",
          organisationId: ids.orgO,
        },
      },
      allowed: ["traveller"],
    },
    { name: "an event without a payload object", event: { topic: "x", payload: null }, allowed: [] },
  ];

  test.each(
    events.flatMap((row) => allSubjects.filter((s) => s !== "anonymous").map((subject) => ({ ...row, subject }))),
  )("$subject × $name", ({ event, allowed, subject }) => {
    expect(canSeeEvent(subjects[subject]!, event)).toBe(allowed.includes(subject));
  });
});
