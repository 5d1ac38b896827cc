import type { SwaggerOptions } from "@fastify/swagger";
import { sessionCookieName } from "./authenticate.ts";
import { openApiTransform } from "./openApiTransform.ts";

/** Parameters of {@link openApiOptions}. */
export type OpenApiOptionsParameters = {
  /** Where this deployment is reached (`ENTRADA_PUBLIC_URL`): the document's one server. */
  publicUrl: string;
  /** Whether `METRICS_TOKEN` is set: only then does `GET /metrics` use (and the document name) its scheme. */
  metricsToken: boolean;
};

/**
 * The options of @fastify/swagger for Entrada's OpenAPI 3.0.3 document (`/docs/json`): its info and
 * licence, the deployment's public URL as its server, the security schemes routes choose from
 * (`routeSecurity`'s session and API key; `GET /metrics`'s token), and {@link openApiTransform}, which makes each operation exact. There is no
 * document-wide `security`: every operation says its own, so that a public route never appears to
 * need credentials.
 *
 * @example
 * await app.register(swagger, openApiOptions({ publicUrl: config.publicUrl, metricsToken: config.metricsToken !== undefined }))
 */
export function openApiOptions({ publicUrl, metricsToken }: OpenApiOptionsParameters): SwaggerOptions {
  return {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Entrada API",
        version: "1.0.0",
        description:
          "E-visa applications paid in stablecoins into an escrow. Errors are `{ error: { code, message, details } }` with the stable codes of docs/errors.md; each operation lists the codes it can answer with.",
        license: { name: "Apache-2.0", url: "https://www.apache.org/licenses/LICENSE-2.0" },
      },
      servers: [{ url: publicUrl, description: "This deployment" }],
      components: {
        securitySchemes: {
          session: {
            type: "apiKey",
            in: "cookie",
            name: sessionCookieName,
            description: "The signed session cookie set by `POST /api/v1/auth/siwe` (Sign-In with Ethereum).",
          },
          apiKey: {
            type: "http",
            scheme: "bearer",
            description: "An API key `ek_…` of an authority's or organisation's system (`POST /api/v1/api-keys`).",
          },
          ...(metricsToken
            ? {
                metricsToken: {
                  type: "http",
                  scheme: "bearer",
                  description: "`METRICS_TOKEN`, for Prometheus scrapes of `GET /metrics`.",
                },
              }
            : {}),
        },
      },
    },
    transform: openApiTransform,
  };
}
