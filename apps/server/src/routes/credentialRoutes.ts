import type { Jwk } from "@entrada/identity";
import { z } from "zod";
import { CredentialMoveRateLimitedError } from "../errors/identity.ts";
import { routeSecurity } from "../http/routeSecurity.ts";
import { pageQuerySchema, pageSchema, slugSchema, uuidSchema } from "../schemas/primitives.ts";
import type { CredentialService } from "../services/createCredentialService.ts";
import type { PresentationService } from "../services/createPresentationService.ts";
import { credentialViewSchema } from "../views/credentialView.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";

/** A public JWK; the issuer refuses anything but EC P-256 without `d`, with a stable code. */
const jwkSchema = z
  .object({
    kty: z.string().max(10),
    crv: z.string().max(20).optional(),
    x: z.string().max(100).optional(),
    y: z.string().max(100).optional(),
    d: z.string().max(100).optional(),
  })
  .loose()
  .describe("The holder's public EC P-256 JWK (a browser WebCrypto key)");

const applicantSchema = z.object({
  givenNames: z.string(),
  surname: z.string(),
  dateOfBirth: z.string(),
  sex: z.enum(["F", "M", "X"]).optional(),
  nationality: z.string(),
  passportNumber: z.string(),
  passportExpiryDate: z.string(),
  passportIssuingCountry: z.string(),
});

/** What signing with the issuer key can fail with when the key is in the remote signer. */
const remoteSignerErrors = [
  "ENTRADA_REMOTE_SIGNER_UNAVAILABLE",
  "ENTRADA_REMOTE_SIGNER_REFUSED",
  "ENTRADA_REMOTE_SIGNER_MISMATCH",
] as const;

/** How long verifiers and caches may keep a status list token: briefly, so that revocations show soon. */
export const statusListMaxAgeSeconds = 10;

/**
 * The identity credential and its reuse: `POST /identity/credential` (issue, after a passed
 * verification), `POST /identity/credential/move` (to a new device), `GET /identity/credentials`,
 * `POST /identity/credential/revoke`, `GET /identity/status-lists/:id` (public, the
 * signed `statuslist+jwt`), `POST /identity/presentation-requests`, `POST /identity/presentations`
 * and `GET /identity/disclosures` (what was shared with whom).
 *
 * Neither issuing nor presenting honours `Idempotency-Key`: their answers carry the identity, and a
 * stored answer would keep it in clear.
 *
 * @example
 * await app.register(credentialRoutes, { credentials, presentations })
 */
export const credentialRoutes: ApiPlugin<{
  credentials: CredentialService;
  presentations: PresentationService;
}> = async (app, { credentials, presentations }) => {
  app.post(
    "/identity/credential",
    {
      schema: {
        tags: ["identity"],
        operationId: "issueCredential",
        summary: "Issue the caller's identity credential (SD-JWT VC) bound to their key; earlier ones are revoked",
        security: routeSecurity.session,
        errors: [
          "ENTRADA_FORBIDDEN",
          "ENTRADA_IDENTITY_NOT_VERIFIED",
          "ENTRADA_CREDENTIAL_HELD_ELSEWHERE",
          "ENTRADA_HOLDER_KEY_INVALID",
          // The issuer key may be in the remote signer (IDENTITY_ISSUER_KEY=remote:…).
          ...remoteSignerErrors,
        ],
        body: z.object({ holderJwk: jwkSchema }).strict(),
        response: { 201: credentialViewSchema.extend({ credential: z.string() }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await credentials.issue(request.user, { holderJwk: request.body.holderJwk as Jwk })),
  );

  app.post(
    "/identity/credential/move",
    {
      schema: {
        tags: ["identity"],
        operationId: "moveCredential",
        summary:
          "Move the caller's active credential to a new device's key (with a proof of that key), without a new identity check; the old one is revoked (moved)",
        security: routeSecurity.session,
        errors: [
          "ENTRADA_FORBIDDEN",
          "ENTRADA_CREDENTIAL_NOT_MOVABLE",
          "ENTRADA_CREDENTIAL_ALREADY_ON_DEVICE",
          "ENTRADA_CREDENTIAL_MOVE_RATE_LIMITED",
          "ENTRADA_HOLDER_KEY_INVALID",
          "ENTRADA_HOLDER_KEY_PROOF_INVALID",
          ...remoteSignerErrors,
        ],
        body: z
          .object({
            holderJwk: jwkSchema,
            proof: z
              .string()
              .min(1)
              .max(4 * 1024)
              .describe(
                "An `openid4vci-proof+jwt` signed by the new key, with that key in its header, `aud` the issuer and `nonce` the id of the credential being moved",
              ),
          })
          .strict(),
        response: { 201: credentialViewSchema.extend({ credential: z.string() }) },
      },
    },
    async (request, reply) => {
      try {
        const moved = await credentials.move(request.user, {
          holderJwk: request.body.holderJwk as Jwk,
          proof: request.body.proof,
        });
        return reply.status(201).send(moved);
      } catch (error) {
        if (error instanceof CredentialMoveRateLimitedError)
          reply.header("retry-after", String(error.retryAfterSeconds));
        throw error;
      }
    },
  );

  app.get(
    "/identity/credentials",
    {
      schema: {
        tags: ["identity"],
        operationId: "listCredentials",
        summary: "The caller's credentials, newest first (at most 20): a device's copy that stopped working, and why",
        security: routeSecurity.session,
        errors: ["ENTRADA_FORBIDDEN"],
        response: {
          200: z.object({
            issuer: z.string().describe("The issuer identifier a holder key proof is addressed to (its `aud`)"),
            items: z.array(credentialViewSchema),
          }),
        },
      },
    },
    async (request) => ({ issuer: credentials.issuer.issuer, items: await credentials.list(request.user) }),
  );

  app.post(
    "/identity/credential/revoke",
    {
      config: { idempotent: true },
      schema: {
        tags: ["identity"],
        operationId: "revokeCredential",
        summary: "Revoke a credential: the holder's own, or (KYC reviewer, operator) another's for fraud",
        security: routeSecurity.session,
        errors: ["ENTRADA_FORBIDDEN", "ENTRADA_NOT_FOUND"],
        body: z.object({ reason: z.enum(["lost", "fraud", "holder_request"]), userId: uuidSchema.optional() }).strict(),
        response: { 200: z.object({ revoked: z.array(credentialViewSchema) }) },
      },
    },
    async (request) => ({ revoked: await credentials.revoke(request.user, request.body) }),
  );

  app.get(
    "/identity/status-lists/:id",
    {
      schema: {
        tags: ["identity"],
        operationId: "getStatusList",
        summary: "A signed Token Status List (application/statuslist+jwt), public",
        security: routeSecurity.public,
        errors: ["ENTRADA_NOT_FOUND", ...remoteSignerErrors],
        params: z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) }),
        response: {
          200: {
            description: "The status list token: a JWT (`typ: statuslist+jwt`) signed by the credential issuer",
            content: { "application/statuslist+jwt": { schema: { type: "string" } } },
          },
        },
      },
    },
    async (request, reply) => {
      const token = await credentials.statusListToken(request.params.id);
      return reply
        .header("content-type", "application/statuslist+jwt")
        .header("cache-control", `public, max-age=${statusListMaxAgeSeconds}`)
        .header("access-control-allow-origin", "*")
        .send(token);
    },
  );

  app.post(
    "/identity/presentation-requests",
    {
      schema: {
        tags: ["identity"],
        operationId: "createPresentationRequest",
        summary: "A single-use nonce (5 minutes) and the claims a product needs, to present the credential",
        security: routeSecurity.session,
        errors: ["ENTRADA_FORBIDDEN", "ENTRADA_PRODUCT_NOT_FOUND"],
        body: z.object({ productId: slugSchema }).strict(),
        response: {
          201: z.object({
            id: z.string(),
            nonce: z.string(),
            audience: z.string(),
            requiredClaims: z.array(z.string()),
            expiresAt: z.string(),
            productId: z.string(),
            authorityId: z.string(),
          }),
        },
      },
    },
    async (request, reply) => reply.status(201).send(await presentations.createRequest(request.user, request.body)),
  );

  app.post(
    "/identity/presentations",
    {
      schema: {
        tags: ["identity"],
        operationId: "submitPresentation",
        summary: "Verify a presentation (SD-JWT + key binding) and get the applicant for POST /applications",
        security: routeSecurity.session,
        errors: [
          "ENTRADA_FORBIDDEN",
          "ENTRADA_NOT_FOUND",
          "ENTRADA_PRESENTATION_REQUEST_SPENT",
          "ENTRADA_PRESENTATION_MALFORMED",
          "ENTRADA_ISSUER_UNTRUSTED",
          "ENTRADA_ISSUER_METADATA_UNAVAILABLE",
          "ENTRADA_ISSUER_METADATA_INVALID",
          "ENTRADA_ISSUER_KEY_UNKNOWN",
          "ENTRADA_CREDENTIAL_SIGNATURE_INVALID",
          "ENTRADA_CREDENTIAL_TYPE_INVALID",
          "ENTRADA_CREDENTIAL_EXPIRED",
          "ENTRADA_DISCLOSURE_TAMPERED",
          "ENTRADA_KEY_BINDING_INVALID",
          "ENTRADA_PRESENTATION_NONCE_MISMATCH",
          "ENTRADA_PRESENTATION_AUDIENCE_MISMATCH",
          "ENTRADA_CREDENTIAL_REVOKED",
          "ENTRADA_CREDENTIAL_SUSPENDED",
          "ENTRADA_STATUS_LIST_UNAVAILABLE",
          "ENTRADA_STATUS_LIST_INVALID",
          "ENTRADA_PRESENTATION_CLAIM_MISSING",
        ],
        body: z
          .object({
            requestId: uuidSchema,
            presentation: z
              .string()
              .min(1)
              .max(64 * 1024),
          })
          .strict(),
        response: {
          201: z.object({
            id: z.string(),
            applicant: applicantSchema,
            claims: z.array(z.string()),
            productId: z.string(),
            authorityId: z.string(),
            presentedAt: z.string(),
          }),
        },
      },
    },
    async (request, reply) => reply.status(201).send(await presentations.present(request.user, request.body)),
  );

  app.get(
    "/identity/disclosures",
    {
      schema: {
        tags: ["identity"],
        operationId: "listDisclosures",
        summary: "What the caller's credential disclosed, to which authority and when, newest first",
        security: routeSecurity.session,
        errors: ["ENTRADA_FORBIDDEN", "ENTRADA_CURSOR_INVALID"],
        querystring: pageQuerySchema.strict(),
        response: {
          200: pageSchema(
            z.object({
              id: z.string(),
              authority: z.object({ id: z.string(), name: z.string() }),
              productId: z.string(),
              claims: z.array(z.string()),
              presentedAt: z.string(),
              applicationId: z.string().nullable(),
            }),
          ),
        },
      },
    },
    async (request) => presentations.disclosures(request.user, request.query),
  );
};
