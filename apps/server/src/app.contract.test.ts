import { createHash } from "node:crypto";
import { createTestDatabases } from "@entrada/db/testing";
import fc from "fast-check";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { requiresUser } from "./http/routeSecurity.ts";
import { createDraft, createQuoted } from "./testing/applicationSteps.ts";
import { createContractApp } from "./testing/createContractApp.ts";
import { createTestHolder, issueCredential, samplePng, uploadDocument } from "./testing/identitySteps.ts";
import { type ContractResponse, createResponseChecker } from "./testing/openapi/createResponseChecker.ts";
import { documentOf, type JsonSchema, operationsOf } from "./testing/openapi/operationsOf.ts";
import { type Caller, type ContractRequest, requestArbitrary } from "./testing/openapi/requestArbitrary.ts";
import { grantRole, signIn } from "./testing/signIn.ts";

/**
 * The API keeps its OpenAPI document, operation by operation: requests generated from each
 * operation's schemas (valid, or with one part broken), sent anonymously and as a traveller, an
 * officer (session and API key) and a KYC reviewer, never get a 5xx, always get a status the
 * operation documents, and a body that validates against the schema documented for it. An
 * operation that requires credentials answers an anonymous request 401, before anything else.
 * Seeded, so that a run can be repeated; bounded, so that it stays in `npm test`.
 */

/** Requests per operation: enough to meet each documented refusal, few enough for about a minute in all. */
const numRuns = 25;

/**
 * Operations that end what others use (a session, an API key, the account): they run last, in this
 * order, so that every other operation meets its callers still signed in.
 */
const destructive = ["signOut", "revokeCredential", "revokeApiKey", "eraseMyAccount"];

/** The uuid pattern of the schemas (`uuidSchema`), and the catalogue's slugs. */
const isUuid = (schema: JsonSchema) => schema.format === "uuid" || (schema.pattern?.includes("{8}-") ?? false);
const isSlug = (schema: JsonSchema) => schema.pattern === "^[a-z0-9-]{1,32}$";

/** Each operation's own seed: the same requests on every run, different ones per operation. */
const seedOf = (name: string) => createHash("sha256").update(name).digest().readInt32BE(0);

const database = await createTestDatabases()[0]!.open();
const contract = await createContractApp({ database });
const { app } = contract;
const operations = operationsOf(documentOf(app)).sort(
  (a, b) => destructive.indexOf(a.operation.operationId ?? "") - destructive.indexOf(b.operation.operationId ?? ""),
);

describe("every operation keeps the OpenAPI document (pglite)", () => {
  const check = createResponseChecker();
  const callers: Caller[] = [{ name: "anonymous", headers: {} }];
  const uuids: string[] = [];
  const slugs: string[] = [];
  /** Ids that exist, by the path they are read under: `{id}` of those paths names one of these. */
  const idsByPath: [RegExp, string[]][] = [];
  const statusLists: number[] = [];
  let baseUrl: string;

  beforeAll(async () => {
    const ana = await signIn(app);
    const ben = await signIn(app);
    const officer = await signIn(app);
    await grantRole(database.db, officer.id, "officer", { authorityId: "gb-eta" });
    const reviewer = await signIn(app);
    await grantRole(database.db, reviewer.id, "kyc_reviewer");

    const draft = await createDraft(app, ana);
    const { application: quoted } = await createQuoted(app, ana);
    const others = await createDraft(app, ben);
    const credential = await issueCredential(app, ana, await createTestHolder());
    const document = (await uploadDocument(app, ana, "photo", samplePng(800, 1000))).json() as { id: string };
    const key = await app.inject({
      method: "POST",
      url: "/api/v1/api-keys",
      headers: officer.headers,
      payload: { name: "contract", authorityId: "gb-eta" },
    });
    expect(key.statusCode, key.body).toBe(201);
    const endpoint = await app.inject({
      method: "POST",
      url: "/api/v1/webhook-endpoints",
      headers: officer.headers,
      payload: { url: "https://hooks.entrada.invalid/contract" },
    });
    expect(endpoint.statusCode, endpoint.body).toBe(201);
    uuids.push(draft.id, quoted.id, others.id, credential.id, document.id, key.json().id, endpoint.json().id);
    idsByPath.push(
      [/\/applications\/\{id\}/, [draft.id, quoted.id, others.id]],
      [/\/api-keys\/\{id\}/, [key.json().id]],
      [/\/identity\/documents\/\{id\}/, [document.id]],
      [/\/webhook-endpoints\/\{id\}/, [endpoint.json().id]],
    );
    statusLists.push(credential.statusList.id);
    const products = (await app.inject({ method: "GET", url: "/api/v1/catalogue/products?limit=100" })).json() as {
      items: { id: string; authorityId: string }[];
    };
    slugs.push(...new Set(products.items.flatMap((product) => [product.id, product.authorityId])));

    callers.push(
      { name: "traveller", headers: ana.headers },
      { name: "officer", headers: officer.headers },
      { name: "officer's API key", headers: { authorization: `Bearer ${key.json().key}` } },
      { name: "KYC reviewer", headers: reviewer.headers },
    );
    baseUrl = await app.listen({ host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await contract.close();
    await database.close();
  });

  /**
   * Sends a request: through `inject`, or over HTTP for an event stream, which never ends (its
   * status and media type are read, then it is closed).
   */
  async function send(request: InjectOptions, streams: boolean): Promise<ContractResponse> {
    if (!streams) {
      const response = await app.inject(request);
      return { statusCode: response.statusCode, headers: response.headers, body: response.body };
    }
    const abort = new AbortController();
    const response = await fetch(`${baseUrl}${request.url}`, {
      method: request.method as string,
      headers: request.headers as Record<string, string>,
      signal: abort.signal,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const body = headers["content-type"]?.startsWith("text/event-stream") ? "" : await response.text();
    abort.abort();
    return { statusCode: response.status, headers, body };
  }

  test.each(operations)("$name", async (operation) => {
    const streams = Object.values(operation.operation.responses).some(
      (response) => response.content?.["text/event-stream"] !== undefined,
    );
    const requiresCredentials = requiresUser(operation.operation.security);
    const generated = requestArbitrary(operation, {
      callers,
      hints: {
        strings: (schema, name) => {
          if (isSlug(schema)) return slugs;
          if (!isUuid(schema)) return undefined;
          const byPath = name === "id" ? idsByPath.find(([path]) => path.test(operation.path))?.[1] : undefined;
          return byPath ?? uuids;
        },
        integers: (_schema, name) =>
          name === "id" && operation.path.includes("status-lists") ? statusLists : undefined,
      },
      bodies: Object.fromEntries(
        ["image/png", "image/jpeg", "image/jpg", "image/webp", "application/pdf", "application/octet-stream"].map(
          (type) => [type, fc.constantFrom(samplePng(800, 1000), samplePng(1200, 850), Buffer.from("not an image"))],
        ),
      ),
    });
    await fc.assert(
      fc.asyncProperty(generated, async (request: ContractRequest) => {
        const response = await send(request.inject, streams);
        const sent = `${request.caller}, ${request.variant}: ${request.inject.method} ${request.inject.url} → ${response.statusCode} ${response.body.slice(0, 300)}`;
        expect(response.statusCode, sent).toBeLessThan(500);
        expect(check(operation, response), sent).toBeUndefined();
        if (requiresCredentials && request.caller === "anonymous") {
          expect(response.statusCode, sent).toBe(401);
        }
      }),
      { numRuns, seed: seedOf(operation.name) },
    );
  });
});
