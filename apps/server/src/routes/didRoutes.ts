import { UnknownAuthorityError } from "@entrada/core";
import { type CredentialIssuer, didDocument, didWeb } from "@entrada/identity";
import type { FastifyPluginAsync } from "fastify";
import { routeSecurity } from "../http/routeSecurity.ts";
import type { AuthorityKeys } from "../services/createAuthorityKeys.ts";
import { jwkSchema, jwksSchema, sendPublicJson } from "./wellKnownRoutes.ts";

/** Parameters of {@link didRoutes}. */
export type DidRoutesParameters = {
  /** Entrada's identity credential issuer: its URL is the public URL, its keys Entrada's DID's. */
  issuer: CredentialIssuer;
  /** The authorities' issuer keys. */
  authorityKeys: AuthorityKeys;
};

/**
 * A DID document (W3C DID Core) with JSON Web Keys. Unlisted members are kept: the schema also
 * serializes the answer.
 */
const didDocumentSchema = {
  description: "A did:web DID document: every key a JsonWebKey2020 verification method and assertion method",
  type: "object",
  required: ["@context", "id", "verificationMethod", "assertionMethod"],
  additionalProperties: true,
  properties: {
    "@context": { type: "array", items: { type: "string" } },
    id: { type: "string" },
    verificationMethod: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "type", "controller", "publicKeyJwk"],
        additionalProperties: true,
        properties: {
          id: { type: "string" },
          type: { type: "string" },
          controller: { type: "string" },
          publicKeyJwk: jwkSchema,
        },
      },
    },
    assertionMethod: { type: "array", items: { type: "string" } },
  },
} as const;

const authorityParams = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "string", minLength: 1, maxLength: 64 } },
} as const;

/**
 * Where verifiers find who signed what (issue 12): Entrada's `did:web` DID at
 * `/.well-known/did.json` (the identity credential issuer's keys), each authority's at
 * `/authorities/<id>/did.json` (its current issuer key and every retired one still valid), and the
 * authority's SD-JWT VC issuer metadata for `iss` = `<origin>/authorities/<id>` where SD-JWT VC, 5.1
 * puts it: `<origin>/.well-known/jwt-vc-issuer/authorities/<id>`. Public, cacheable for five
 * minutes, readable from any origin, like the issuer's own metadata.
 *
 * @example
 * await app.register(didRoutes({ issuer, authorityKeys }))
 */
export function didRoutes({ issuer, authorityKeys }: DidRoutesParameters): FastifyPluginAsync {
  const origin = new URL(issuer.issuer).origin;
  const authorityIssuer = (id: string) => `${origin}/authorities/${encodeURIComponent(id)}`;
  /** The authority's publishable public JWKs; unknown authorities (and those without keys) are 404. */
  const publishedKeys = async (id: string) => {
    const keys = await authorityKeys.publishable(id);
    if (keys.length === 0) throw new UnknownAuthorityError({ authorityId: id });
    return keys.map((key) => key.publicJwk);
  };

  return async (app) => {
    app.get(
      "/.well-known/did.json",
      {
        schema: {
          tags: ["identity"],
          operationId: "getEntradaDidDocument",
          summary: "Entrada's did:web DID document, with the identity credential issuer's keys",
          security: routeSecurity.public,
          response: { 200: didDocumentSchema },
        },
      },
      async (_request, reply) => sendPublicJson(reply, didDocument({ did: didWeb(origin), keys: issuer.jwks().keys })),
    );
    app.get<{ Params: { id: string } }>(
      "/authorities/:id/did.json",
      {
        schema: {
          tags: ["authorities"],
          operationId: "getAuthorityDidDocument",
          summary: "An authority's did:web DID document, with its e-visa issuer keys (current and still-valid retired)",
          security: routeSecurity.public,
          params: authorityParams,
          errors: ["ENTRADA_AUTHORITY_NOT_FOUND"],
          response: { 200: didDocumentSchema },
        },
      },
      async (request, reply) => {
        const id = request.params.id;
        const keys = await publishedKeys(id);
        return sendPublicJson(reply, didDocument({ did: didWeb(authorityIssuer(id)), keys }));
      },
    );
    app.get<{ Params: { id: string } }>(
      // issuerMetadataUrl(authorityIssuer(id)): the well-known segment between the host and the path.
      "/.well-known/jwt-vc-issuer/authorities/:id",
      {
        schema: {
          tags: ["authorities"],
          operationId: "getAuthorityIssuerMetadata",
          summary: "An authority's SD-JWT VC issuer metadata, with its public keys",
          security: routeSecurity.public,
          params: authorityParams,
          errors: ["ENTRADA_AUTHORITY_NOT_FOUND"],
          response: {
            200: {
              description: "JWT VC Issuer Metadata (SD-JWT VC, 5) for iss = <origin>/authorities/<id>",
              type: "object",
              required: ["issuer", "jwks"],
              additionalProperties: true,
              properties: { issuer: { type: "string" }, jwks: jwksSchema },
            },
          },
        },
      },
      async (request, reply) => {
        const id = request.params.id;
        const keys = await publishedKeys(id);
        return sendPublicJson(reply, { issuer: authorityIssuer(id), jwks: { keys } });
      },
    );
  };
}
