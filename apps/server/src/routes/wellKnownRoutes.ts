import { type CredentialIssuer, issuerMetadataUrl } from "@entrada/identity";
import type { FastifyPluginAsync, FastifyReply } from "fastify";
import { routeSecurity } from "../http/routeSecurity.ts";

/**
 * A public JWK of the issuer. Unlisted members are kept (`additionalProperties`): the schema also
 * serializes the answer, and must not drop a key parameter.
 */
export const jwkSchema = {
  type: "object",
  required: ["kty"],
  additionalProperties: true,
  properties: {
    kty: { type: "string" },
    crv: { type: "string" },
    x: { type: "string" },
    y: { type: "string" },
    kid: { type: "string" },
    alg: { type: "string" },
    use: { type: "string" },
  },
} as const;
/** A JWK Set of public keys. */
export const jwksSchema = {
  type: "object",
  required: ["keys"],
  additionalProperties: true,
  properties: { keys: { type: "array", items: jwkSchema } },
} as const;

/** How long verifiers may cache the issuer's metadata and keys. */
const metadataMaxAgeSeconds = 300;

/**
 * Sends a public document: JSON, cacheable for five minutes, readable from any origin (verifiers
 * run in other sites' pages and servers).
 */
export function sendPublicJson(reply: FastifyReply, body: unknown): FastifyReply {
  return reply
    .header("cache-control", `public, max-age=${metadataMaxAgeSeconds}`)
    .header("access-control-allow-origin", "*")
    .type("application/json")
    .send(body);
}

/**
 * The credential issuer's public documents, at the origin's root where verifiers look for them:
 * `GET /.well-known/jwt-vc-issuer` (JWT VC Issuer Metadata with the keys inline; for an issuer URL
 * with a path, at `/.well-known/jwt-vc-issuer/<path>` as SD-JWT VC, 5.1 says) and
 * `GET /.well-known/jwks.json`. Public, cacheable for five minutes, readable from any origin: a
 * partner verifier needs nothing else from Entrada.
 *
 * @example
 * await app.register(wellKnownRoutes({ issuer }))
 */
export function wellKnownRoutes({ issuer }: { issuer: CredentialIssuer }): FastifyPluginAsync {
  const metadataPath = new URL(issuerMetadataUrl(issuer.issuer)).pathname;
  return async (app) => {
    app.get(
      metadataPath,
      {
        schema: {
          tags: ["identity"],
          operationId: "getIssuerMetadata",
          summary: "The credential issuer's metadata, with its public keys",
          security: routeSecurity.public,
          response: {
            200: {
              description: "JWT VC Issuer Metadata (SD-JWT VC, 5): the issuer and its keys inline",
              type: "object",
              required: ["issuer", "jwks"],
              additionalProperties: true,
              properties: { issuer: { type: "string" }, jwks: jwksSchema },
            },
          },
        },
      },
      async (_request, reply) => sendPublicJson(reply, issuer.metadata()),
    );
    app.get(
      "/.well-known/jwks.json",
      {
        schema: {
          tags: ["identity"],
          operationId: "getIssuerJwks",
          summary: "The credential issuer's public keys (JWKS)",
          security: routeSecurity.public,
          response: { 200: { description: "The issuer's public keys", ...jwksSchema } },
        },
      },
      async (_request, reply) => sendPublicJson(reply, issuer.jwks()),
    );
  };
}
