import { type CredentialIssuer, issuerMetadataUrl } from "@entrada/identity";
import type { FastifyPluginAsync, FastifyReply } from "fastify";

/** How long verifiers may cache the issuer's metadata and keys. */
const metadataMaxAgeSeconds = 300;

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
  const publicJson = (reply: FastifyReply, body: unknown) =>
    reply
      .header("cache-control", `public, max-age=${metadataMaxAgeSeconds}`)
      .header("access-control-allow-origin", "*")
      .type("application/json")
      .send(body);
  return async (app) => {
    const schema = {
      tags: ["identity"],
      summary: "The credential issuer's metadata, with its public keys",
      security: [],
    };
    app.get(metadataPath, { schema }, async (_request, reply) => publicJson(reply, issuer.metadata()));
    app.get(
      "/.well-known/jwks.json",
      { schema: { ...schema, summary: "The credential issuer's public keys (JWKS)" } },
      async (_request, reply) => publicJson(reply, issuer.jwks()),
    );
  };
}
