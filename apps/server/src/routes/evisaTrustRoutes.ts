import { z } from "zod";
import { routeSecurity } from "../http/routeSecurity.ts";
import type { EvisaTrustService } from "../services/createEvisaTrustService.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";
import { sendPublicJson } from "./wellKnownRoutes.ts";

const sealStatusSchema = z
  .enum(["valid", "revoked", "expired", "not_yet_valid", "forged", "unknown_issuer"])
  .describe(
    "valid; revoked (by its authority); expired or not_yet_valid (genuine, outside its dates); forged (a trusted key is named but did not sign these bytes); unknown_issuer (no trusted key is named)",
  );

/** `GET /evisa/trust-list`. */
export const evisaTrustListSchema = z.object({
  generatedAt: z.string().describe("When the list was made (ISO date-time): a verifier shows how fresh its copy is"),
  keys: z.array(
    z.object({
      authorityId: z.string(),
      name: z.string(),
      names: z.record(z.string(), z.string()).describe("The authority's name in every interface language"),
      country: z.string().describe("ISO 3166-1 alpha-2 (EU for the European Union)"),
      kid: z.string().describe("RFC 7638 thumbprint; the seal's certificate reference is derived from it"),
      publicJwk: z.record(z.string(), z.unknown()).describe("EC P-256 public JWK"),
      notAfter: z.string().nullable().describe("A retired key is trusted until then; null for a current key"),
    }),
  ),
  revoked: z
    .array(z.object({ authorityId: z.string(), statusIndex: z.number().int() }))
    .describe("Revoked e-visas, by authority and the seal's status list index"),
});

/** `POST /evisa/verify`'s answer. */
export const evisaVerificationSchema = z.object({
  valid: z.boolean(),
  status: sealStatusSchema,
  authority: z.object({ id: z.string(), name: z.string(), country: z.string() }).nullable(),
  holder: z
    .object({
      surname: z.string(),
      givenNames: z.string(),
      nationality: z.string().describe("ICAO code, e.g. GBR"),
      birthDate: z.string(),
      sex: z.enum(["M", "F", "X"]),
      passportNumber: z.string(),
    })
    .nullable()
    .describe("As the seal's MRZ holds it (Latin letters); null unless the signature verified"),
  reference: z.string().nullable(),
  entries: z.union([z.number().int(), z.literal("multiple"), z.null()]),
  durationOfStayDays: z.number().int().nullable(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  revocationChecked: z.boolean(),
});

/**
 * Verifying e-visas (issue 12): `GET /evisa/trust-list`, every authority's publishable seal keys
 * and the revoked e-visas, public and cacheable (the `/verify` page keeps it for offline use), and
 * `POST /evisa/verify { text }`, the seal as the e-visa API's `seal` gives it, checked with those keys
 * and the authority's revocations.
 *
 * @example
 * await api.register(evisaTrustRoutes, { trust })
 */
export const evisaTrustRoutes: ApiPlugin<{ trust: EvisaTrustService }> = async (app, { trust }) => {
  app.get(
    "/evisa/trust-list",
    {
      schema: {
        tags: ["authorities"],
        operationId: "getEvisaTrustList",
        summary:
          "Every authority's e-visa seal keys (current, and retired ones until notAfter) and the revoked e-visas: what an offline verifier keeps",
        security: routeSecurity.public,
        response: { 200: evisaTrustListSchema },
      },
    },
    async (_request, reply) => sendPublicJson(reply, await trust.trustList()),
  );

  app.post(
    "/evisa/verify",
    {
      schema: {
        tags: ["authorities"],
        operationId: "verifyEvisaSeal",
        summary:
          "Verify an e-visa's seal (the QR's content, base64url as `seal` gives it) with the authorities' keys and revocations",
        security: routeSecurity.public,
        errors: ["ENTRADA_SEAL_MALFORMED"],
        body: z.object({ text: z.string().min(1).max(4096) }).strict(),
        response: { 200: evisaVerificationSchema },
      },
    },
    async (request, reply) =>
      // The answer holds the traveller's data: never in a shared cache.
      reply.header("cache-control", "no-store").send(await trust.verify(request.body.text)),
  );
};
