/**
 * The identity API's answers as the web app reads them, checked against apps/server/src/routes
 * (identityRoutes, credentialRoutes, documentRoutes, privacyRoutes) and their views.
 */

/** The outcome of an identity check: `passed` (a credential can be issued), `flagged` (a reviewer decides), `failed`. */
export type VerificationStatus = "passed" | "flagged" | "failed";

/** Why a check failed or was flagged: a stable code (`KycReasonCode` of @entrada/identity, or `review_failed`). */
export type VerificationReason = {
  code: string;
  outcome: "failed" | "flagged";
  field?: string;
  details?: Record<string, unknown>;
};

/** An uploaded identity document's metadata (`POST /identity/documents`). */
export type DocumentView = {
  id: string;
  kind: "passport_bio_page" | "photo";
  contentType: string;
  size: number;
  createdAt: string;
};

/** A verification as its traveller sees it (flags stay with the reviewers). */
export type VerificationView = {
  id: string;
  status: VerificationStatus;
  reasons: VerificationReason[];
  checkedAt: string;
  reviewedAt: string | null;
  documents: DocumentView[];
  createdAt: string;
};

/** A credential's metadata as the server keeps it (the SD-JWT itself lives only in the holder's browser). */
export type CredentialView = {
  id: string;
  status: "active" | "revoked" | "expired";
  issuedAt: string;
  expiresAt: string;
  revokedAt: string | null;
  revocationReason: string | null;
  statusList: { id: number; index: number; uri: string };
};

/** `GET /identity/verifications/current`. */
export type IdentityCurrent = { verification: VerificationView | null; credential: CredentialView | null };

/** `GET /identity/credentials`: the issuer a key proof is addressed to, and the caller's credentials, newest first. */
export type CredentialList = { issuer: string; items: CredentialView[] };

/** `POST /identity/credential`: the credential for the holder, and its metadata. */
export type IssuedCredential = CredentialView & { credential: string };

/** `POST /identity/presentation-requests`: what the holder binds a presentation to. */
export type PresentationRequest = {
  id: string;
  nonce: string;
  audience: string;
  requiredClaims: string[];
  expiresAt: string;
  productId: string;
  authorityId: string;
};

/** The applicant a verified presentation yields, as `POST /applications` would take it. */
export type PresentedApplicant = {
  givenNames: string;
  surname: string;
  dateOfBirth: string;
  sex?: "F" | "M" | "X";
  nationality: string;
  passportNumber: string;
  passportExpiryDate: string;
  passportIssuingCountry: string;
};

/** `POST /identity/presentations`: the presentation's id (`presentationId` of `POST /applications`). */
export type PresentationView = {
  id: string;
  applicant: PresentedApplicant;
  claims: string[];
  productId: string;
  authorityId: string;
  presentedAt: string;
};

/** What an application's draft keeps of a presentation: which, what was shared, with whom, when. */
export type SharedIdentity = Pick<PresentationView, "id" | "claims" | "productId" | "authorityId" | "presentedAt">;

/** One line of `GET /identity/disclosures`: what was shared with whom and when. */
export type DisclosureView = {
  id: string;
  authority: { id: string; name: string };
  productId: string;
  claims: string[];
  presentedAt: string;
  applicationId: string | null;
};

/** The holder's reasons to revoke their credential (`POST /identity/credential/revoke`). */
export const revocationReasons = ["lost", "fraud", "holder_request"] as const;

/** One of {@link revocationReasons}. */
export type RevocationReason = (typeof revocationReasons)[number];

/** A flagged verification in the KYC reviewers' queue (`GET /identity/reviews`). */
export type KycReview = {
  id: string;
  userId: string;
  status: VerificationStatus;
  outcome: VerificationStatus;
  reasons: VerificationReason[];
  /** As typed by the traveller (`surname`, `givenNames`, `documentNumber`, …). */
  passport: Record<string, unknown>;
  mrz: string[];
  /** As the pipeline verified it; `null` when the MRZ did not validate. */
  identity: Record<string, unknown> | null;
  provider: { name: string; reference: string | null; result: Record<string, unknown> | null } | null;
  documents: DocumentView[];
  checkedAt: string;
  createdAt: string;
  review: { decision: "pass" | "fail"; reason: string | null; reviewedBy: string | null; reviewedAt: string } | null;
};

/** `DELETE /me`: what the erasure did. */
export type ErasureReport = {
  erasedAt: string;
  applicationsKept: number;
  applicationsDeleted: number;
  documentsShredded: number;
  credentialsRevoked: number;
};
