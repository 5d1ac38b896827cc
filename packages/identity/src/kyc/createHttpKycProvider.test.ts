import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { IdentityError } from "../errors/IdentityError.ts";
import {
  InvalidKycConfigError,
  KycProviderRejectedError,
  KycProviderResponseInvalidError,
  KycProviderUnavailableError,
} from "../errors/kyc.ts";
import { type StandInServer, startStandInServer } from "../testing/startStandInServer.ts";
import { createHttpKycProvider } from "./createHttpKycProvider.ts";
import type { KycProviderCheckRequest } from "./KycProvider.ts";

const request: KycProviderCheckRequest = {
  reference: "kyc_01",
  documentType: "passport",
  issuingCountry: "UTO",
  documentImage: new Uint8Array([0xff, 0xd8, 0xff]),
  selfie: new Uint8Array([1, 2, 3]),
};
const clock = () => new Date("2026-03-01T12:00:00Z");
const secret = "whsec_test_0123456789abcdef";

let server: StandInServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A stand-in provider that checks the bearer key or the signature as a real provider would. */
async function standIn(answer: (body: Record<string, unknown>) => { status: number; body: string; delayMs?: number }) {
  server = await startStandInServer(async (incoming, response) => {
    const signature = String(incoming.headers["entrada-signature"] ?? "");
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? [];
    const signed =
      t !== undefined && v1 === createHmac("sha256", secret).update(`${t}.${incoming.body.toString()}`).digest("hex");
    if (incoming.headers.authorization !== "Bearer key_live_1" && !signed) {
      response.writeHead(401, { "content-type": "application/json" }).end('{"error":"unauthenticated"}');
      return;
    }
    const { status, body, delayMs } = answer(JSON.parse(incoming.body.toString()) as Record<string, unknown>);
    if (delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, delayMs));
    response.writeHead(status, { "content-type": "application/json" }).end(body);
  });
  return server;
}

const passed = () => ({ status: 200, body: '{"id":"chk_9","liveness":"passed","face_match":"match","score":0.97}' });

describe("createHttpKycProvider", () => {
  it("posts the check as JSON with a bearer key and reads the verdict", async () => {
    const { url, requests } = await standIn(passed);
    const provider = createHttpKycProvider({
      url: `${url}/v1/`,
      auth: { type: "bearer", token: "key_live_1" },
      name: "acme",
    });
    expect(await provider.check(request)).toEqual({
      provider: "acme",
      providerReference: "chk_9",
      liveness: "passed",
      faceMatch: "match",
      score: 0.97,
    });
    const [sent] = requests;
    expect(sent?.method).toBe("POST");
    expect(sent?.url.pathname).toBe("/v1/checks");
    expect(sent?.headers["idempotency-key"]).toBe("kyc_01");
    expect(JSON.parse(sent!.body.toString())).toEqual({
      reference: "kyc_01",
      document: { type: "passport", issuing_country: "UTO", image: "/9j/" },
      selfie: "AQID",
    });
  });

  it("signs the body with HMAC-SHA256 over timestamp and body", async () => {
    const { url, requests } = await standIn(() => ({
      status: 201,
      body: '{"id":"chk_10","liveness":"failed","face_match":"inconclusive"}',
    }));
    const provider = createHttpKycProvider({ url, auth: { type: "hmac", secret }, clock });
    expect(await provider.check({ ...request, documentImage: undefined, selfie: undefined })).toMatchObject({
      liveness: "failed",
      faceMatch: "inconclusive",
      score: null,
    });
    expect(requests[0]?.headers["entrada-signature"]).toMatch(/^t=1772366400,v1=[0-9a-f]{64}$/);
    expect(requests[0]?.headers.authorization).toBeUndefined();
  });

  it("says the provider refused when the key is wrong, keeping its words for the log", async () => {
    const { url } = await standIn(passed);
    const provider = createHttpKycProvider({ url, auth: { type: "bearer", token: "wrong" } });
    const error = await provider.check(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KycProviderRejectedError);
    expect((error as IdentityError).toJSON()).toEqual({
      code: "ENTRADA_KYC_PROVIDER_REJECTED",
      message: 'The identity-verification provider "http" refused the request (401).',
      details: { provider: "http", status: 401 },
    });
    expect((error as IdentityError).metaMessages).toEqual(['Provider said: {"error":"unauthenticated"}']);
  });

  it("says the provider is unavailable (retryable) on 5xx, 429, a timeout or a closed port", async () => {
    const { url } = await standIn((body) =>
      body.reference === "slow"
        ? { ...passed(), delayMs: 3_000 }
        : { status: body.reference === "busy" ? 429 : 503, body: "" },
    );
    // Long enough for a busy machine to answer 503 and 429 in time, far shorter than the slow answer.
    const provider = createHttpKycProvider({ url, auth: { type: "bearer", token: "key_live_1" }, timeoutMs: 1_000 });
    const outcomes = await Promise.all(
      ["down", "busy", "slow"].map((reference) =>
        provider.check({ ...request, reference }).catch((error: unknown) => error),
      ),
    );
    for (const outcome of outcomes) {
      expect(outcome).toBeInstanceOf(KycProviderUnavailableError);
      expect((outcome as IdentityError).retryable).toBe(true);
    }
    expect(outcomes.map((outcome) => (outcome as IdentityError).details)).toEqual([
      { provider: "http", reason: "status", status: 503 },
      { provider: "http", reason: "status", status: 429 },
      { provider: "http", reason: "timeout" },
    ]);
    const closed = server!.url;
    await server!.close();
    server = undefined;
    const unreachable = createHttpKycProvider({ url: closed, auth: { type: "bearer", token: "key_live_1" } });
    await expect(unreachable.check(request)).rejects.toMatchObject({ details: { reason: "network" } });
  });

  it("does not follow a redirect: the images go to the configured URL or nowhere", async () => {
    server = await startStandInServer(async (incoming, response) => {
      if (incoming.url.pathname === "/checks") response.writeHead(307, { location: "/elsewhere" }).end();
      else response.writeHead(200, { "content-type": "application/json" }).end(passed().body);
    });
    const provider = createHttpKycProvider({ url: server.url, auth: { type: "bearer", token: "key_live_1" } });
    await expect(provider.check(request)).rejects.toMatchObject({
      code: "ENTRADA_KYC_PROVIDER_REJECTED",
      details: { status: 307 },
    });
    expect(server.requests.map((sent) => sent.url.pathname)).toEqual(["/checks"]);
  });

  it("refuses answers that are not the expected result", async () => {
    const bodies = [
      "not json",
      "[]",
      '{"liveness":"passed","face_match":"match"}',
      '{"id":"x","liveness":"ok","face_match":"match"}',
      '{"id":"x","liveness":"passed","face_match":"yes"}',
      '{"id":"x","liveness":"passed","face_match":"match","score":7}',
    ];
    let index = 0;
    const { url } = await standIn(() => ({ status: 200, body: bodies[index++]! }));
    const provider = createHttpKycProvider({ url, auth: { type: "bearer", token: "key_live_1" } });
    const reasons: unknown[] = [];
    for (const _ of bodies) {
      const error = await provider.check(request).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(KycProviderResponseInvalidError);
      reasons.push((error as IdentityError).details.reason);
    }
    expect(reasons).toEqual([
      "the body is not JSON",
      '"id" is not a non-empty string',
      '"id" is not a non-empty string',
      '"liveness" is not passed, failed or inconclusive',
      '"face_match" is not match, no_match or inconclusive',
      '"score" is not a number from 0 to 1',
    ]);
  });

  it("refuses an impossible configuration at start-up", () => {
    const auth = { type: "bearer", token: "k" } as const;
    expect(() => createHttpKycProvider({ url: "ftp://kyc", auth })).toThrow(InvalidKycConfigError);
    expect(() => createHttpKycProvider({ url: "https://kyc", auth, timeoutMs: 0 })).toThrow(IdentityError);
    expect(() => createHttpKycProvider({ url: "https://kyc", auth: { type: "hmac", secret: "" } })).toThrow(/auth/);
  });
});
