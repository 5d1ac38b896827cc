import { createHmac } from "node:crypto";
import {
  InvalidKycConfigError,
  KycProviderRejectedError,
  KycProviderResponseInvalidError,
  KycProviderUnavailableError,
} from "../errors/kyc.ts";
import type { KycProvider, KycProviderCheckResult } from "./KycProvider.ts";

/**
 * How requests prove they come from Entrada: a bearer API key, or an HMAC-SHA256 signature over the
 * timestamp and body (`Entrada-Signature: t=<unix>,v1=<hex>`, the scheme of Entrada's webhooks),
 * which also protects the body and lets the provider refuse replays older than its tolerance.
 */
export type KycProviderAuth = { type: "bearer"; token: string } | { type: "hmac"; secret: string };

/** Parameters of {@link createHttpKycProvider}. */
export type CreateHttpKycProviderParameters = {
  /** The provider's API base URL; checks are POSTed to `${url}/checks`. */
  url: string;
  auth: KycProviderAuth;
  /** Name in results, errors and logs. Default "http". */
  name?: string | undefined;
  /** Time allowed for one check, upload included. Default 15 000 ms. */
  timeoutMs?: number | undefined;
  /**
   * Default: the global `fetch`. A server passes its outbound client's (the Entrada server's
   * refuses private and special-purpose addresses at connect time, caps the answer and times out).
   */
  fetch?: typeof globalThis.fetch | undefined;
  /** For the signature timestamp. Default: the system clock. */
  clock?: (() => Date) | undefined;
};

/**
 * A KYC provider reached over HTTP and JSON. The request:
 *
 * ```http
 * POST {url}/checks
 * Content-Type: application/json
 * Idempotency-Key: {reference}
 * Authorization: Bearer {token}            (or Entrada-Signature: t=…,v1=…)
 *
 * { "reference": "kyc_…", "document": { "type": "passport", "issuing_country": "UTO", "image": "<base64>" | null }, "selfie": "<base64>" | null }
 * ```
 *
 * answered by `{ "id": "…", "liveness": "passed" | "failed" | "inconclusive", "face_match": "match" | "no_match" | "inconclusive", "score"?: 0..1 }`.
 * An adapter for a particular vendor maps that vendor's API onto this shape, or implements
 * {@link KycProvider} itself.
 *
 * @example
 * const provider = createHttpKycProvider({ url: "https://kyc.example/v1", auth: { type: "hmac", secret: env.KYC_SECRET } });
 * const result = await provider.check({ reference: "kyc_01J…", documentType: "passport", issuingCountry: "UTO", selfie });
 */
export function createHttpKycProvider(parameters: CreateHttpKycProviderParameters): KycProvider {
  const name = parameters.name ?? "http";
  const timeoutMs = parameters.timeoutMs ?? 15_000;
  const doFetch = parameters.fetch ?? globalThis.fetch;
  const clock = parameters.clock ?? (() => new Date());
  if (!/^https?:\/\//.test(parameters.url)) {
    throw new InvalidKycConfigError({ setting: "url", expected: "an http(s) URL" });
  }
  if (!(timeoutMs > 0)) throw new InvalidKycConfigError({ setting: "timeoutMs", expected: "a positive number" });
  const secret = parameters.auth.type === "bearer" ? parameters.auth.token : parameters.auth.secret;
  if (secret === "") throw new InvalidKycConfigError({ setting: "auth", expected: "a non-empty token or secret" });
  const endpoint = `${parameters.url.replace(/\/+$/, "")}/checks`;

  return {
    name,
    async check(request) {
      const body = JSON.stringify({
        reference: request.reference,
        document: {
          type: request.documentType,
          issuing_country: request.issuingCountry,
          image: request.documentImage === undefined ? null : Buffer.from(request.documentImage).toString("base64"),
        },
        selfie: request.selfie === undefined ? null : Buffer.from(request.selfie).toString("base64"),
      });
      const headers: Record<string, string> = {
        "content-type": "application/json",
        accept: "application/json",
        "idempotency-key": request.reference,
      };
      if (parameters.auth.type === "bearer") {
        headers.authorization = `Bearer ${parameters.auth.token}`;
      } else {
        const t = Math.floor(clock().getTime() / 1000);
        const v1 = createHmac("sha256", parameters.auth.secret).update(`${t}.${body}`).digest("hex");
        headers["entrada-signature"] = `t=${t},v1=${v1}`;
      }

      let response: Response;
      let text: string;
      try {
        // A redirect is an answer (refused below), never followed: the images go to `url` or nowhere.
        response = await doFetch(endpoint, {
          method: "POST",
          headers,
          body,
          redirect: "manual",
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
        throw new KycProviderUnavailableError({
          provider: name,
          reason: timedOut ? "timeout" : "network",
          cause: error,
        });
      }
      if (response.status === 429 || response.status >= 500) {
        throw new KycProviderUnavailableError({ provider: name, reason: "status", status: response.status });
      }
      if (!response.ok) throw new KycProviderRejectedError({ provider: name, status: response.status, body: text });
      return parseResult(name, text);
    },
  };
}

const livenessValues = new Set(["passed", "failed", "inconclusive"]);
const faceMatchValues = new Set(["match", "no_match", "inconclusive"]);

function parseResult(provider: string, text: string): KycProviderCheckResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new KycProviderResponseInvalidError({ provider, reason: "the body is not JSON", cause: error });
  }
  const invalid = (reason: string) => new KycProviderResponseInvalidError({ provider, reason });
  if (typeof json !== "object" || json === null) throw invalid("the body is not a JSON object");
  const { id, liveness, face_match: faceMatch, score } = json as Record<string, unknown>;
  if (typeof id !== "string" || id === "") throw invalid('"id" is not a non-empty string');
  if (typeof liveness !== "string" || !livenessValues.has(liveness))
    throw invalid('"liveness" is not passed, failed or inconclusive');
  if (typeof faceMatch !== "string" || !faceMatchValues.has(faceMatch)) {
    throw invalid('"face_match" is not match, no_match or inconclusive');
  }
  if (score !== undefined && score !== null && !(typeof score === "number" && score >= 0 && score <= 1)) {
    throw invalid('"score" is not a number from 0 to 1');
  }
  return {
    provider,
    providerReference: id,
    liveness: liveness as KycProviderCheckResult["liveness"],
    faceMatch: faceMatch as KycProviderCheckResult["faceMatch"],
    score: typeof score === "number" ? score : null,
  };
}
