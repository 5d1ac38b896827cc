// A partner platform's verifier, run as a process of its own by wellKnownRoutes.test.ts: it trusts
// an Entrada issuer and verifies presentations of Entrada's identity credential with nothing but
// @entrada/identity's verifier and Entrada's public endpoints (issuer metadata, status lists), over
// HTTP. It shares no code, memory or database with the Entrada it trusts.
//
//   tsx apps/server/src/testing/partnerVerifier.ts <trusted issuer URL>
//
// prints `{"url":"http://127.0.0.1:<port>"}` once listening, then serves
//   POST /challenge { requiredClaims } → { nonce, audience }    (a fresh single-use nonce)
//   POST /verify { nonce, presentation } → { ok: true, claims } | { ok: false, code }

import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { createHttpCredentialFetchers, verifyPresentation } from "@entrada/identity";

const trustedIssuer = process.argv[2];
if (trustedIssuer === undefined) {
  console.error("usage: partnerVerifier.ts <trusted issuer URL>");
  process.exit(2);
}
const audience = "https://partner.example";
/** Open challenges: nonce → the claims it asked for. */
const challenges = new Map<string, string[]>();
const fetchers = createHttpCredentialFetchers({ timeoutMs: 5_000 });

const server = createServer(async (request, response) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body =
    chunks.length === 0 ? {} : (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>);
  const answer = (status: number, json: unknown) => {
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
  };
  if (request.method === "POST" && request.url === "/challenge") {
    const nonce = randomBytes(24).toString("base64url");
    challenges.set(nonce, Array.isArray(body.requiredClaims) ? (body.requiredClaims as string[]) : []);
    return answer(200, { nonce, audience });
  }
  if (request.method === "POST" && request.url === "/verify") {
    const nonce = String(body.nonce);
    const requiredClaims = challenges.get(nonce);
    challenges.delete(nonce);
    if (requiredClaims === undefined) return answer(200, { ok: false, code: "UNKNOWN_NONCE" });
    try {
      const verified = await verifyPresentation({
        presentation: String(body.presentation),
        nonce,
        audience,
        requiredClaims,
        trustedIssuers: [trustedIssuer],
        ...fetchers,
        clock: () => new Date(),
      });
      return answer(200, { ok: true, issuer: verified.issuer, claims: verified.claims });
    } catch (error) {
      return answer(200, { ok: false, code: (error as { code?: string }).code ?? "UNEXPECTED" });
    }
  }
  return answer(404, {});
});

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as { port: number };
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }));
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
