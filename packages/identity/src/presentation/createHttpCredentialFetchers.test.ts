import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCredentialIssuer } from "../credentials/createCredentialIssuer.ts";
import { anna, audience, type CredentialFixture, createCredentialFixture } from "../testing/credentialFixture.ts";
import { type StandInServer, startStandInServer } from "../testing/startStandInServer.ts";
import { createHttpCredentialFetchers } from "./createHttpCredentialFetchers.ts";
import { createPresentation } from "./createPresentation.ts";
import { verifyPresentation } from "./verifyPresentation.ts";

let fixture: CredentialFixture;
let server: StandInServer;
let issuerUrl: string;
let issuer: ReturnType<typeof createCredentialIssuer>;

beforeAll(async () => {
  fixture = await createCredentialFixture();
  // Entrada's public endpoints, as the server will serve them.
  server = await startStandInServer(async (request, response) => {
    if (request.url.pathname === "/.well-known/jwt-vc-issuer") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(issuer.metadata()));
    } else if (request.url.pathname === "/api/v1/status-lists/1") {
      const token = await issuer.signStatusList({ list: fixture.list, uri: `${issuerUrl}/api/v1/status-lists/1` });
      response.writeHead(200, { "content-type": "application/statuslist+jwt" }).end(token);
    } else {
      response.writeHead(404).end();
    }
  });
  issuerUrl = server.url;
  issuer = createCredentialIssuer({ issuer: issuerUrl, key: fixture.issuerKey, clock: fixture.clock });
});
afterAll(() => server.close());

describe("createHttpCredentialFetchers", () => {
  it("lets a separate verifier check a presentation with Entrada's public endpoints only", async () => {
    const uri = `${issuerUrl}/api/v1/status-lists/1`;
    const { credential } = await issuer.issue({
      identity: anna,
      holderJwk: fixture.holderJwk,
      status: { idx: 2, uri },
    });
    const presentation = await createPresentation({
      credential,
      disclose: ["given_name"],
      nonce: "n1",
      audience,
      signer: fixture.signer,
      clock: fixture.clock,
    });
    const verify = () =>
      verifyPresentation({
        presentation,
        nonce: "n1",
        audience,
        requiredClaims: ["given_name"],
        trustedIssuers: [issuerUrl],
        ...createHttpCredentialFetchers(),
        clock: fixture.clock,
      });
    expect((await verify()).claims).toEqual({ given_name: "Anna María" });
    expect(server.requests.map((request) => [request.url.pathname, request.headers.accept])).toEqual([
      ["/.well-known/jwt-vc-issuer", "application/json"],
      ["/api/v1/status-lists/1", "application/statuslist+jwt"],
    ]);
    fixture.list.revoke(2);
    await expect(verify()).rejects.toMatchObject({ code: "ENTRADA_CREDENTIAL_REVOKED" });
  });

  it("rejects on a non-2xx answer, so the verifier reports the issuer unavailable", async () => {
    const { fetchStatusList } = createHttpCredentialFetchers();
    await expect(fetchStatusList(`${issuerUrl}/api/v1/status-lists/404`)).rejects.toThrow(/answered 404/);
  });
});
