import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { errorRegistry, type RegisteredErrorCode } from "../errors/errorRegistry.ts";
import { type ContractApp, createContractApp } from "../testing/createContractApp.ts";
import { documentOf, type OpenApiDocument, operationsOf } from "../testing/openapi/operationsOf.ts";
import { requiresCredentials } from "./routeSecurity.ts";

const redoclyConfig = fileURLToPath(new URL("../../redocly.yaml", import.meta.url));
const redoclyCli = createRequire(import.meta.url).resolve("@redocly/cli/bin/cli.js");

/** A public URL that is neither localhost nor example.com (Redocly's `no-server-example.com`). */
const publicUrl = "https://entrada.invalid";

/** The codes of an error response's `code` enum. */
function codesOf(response: unknown): string[] {
  if (response === undefined) return [];
  const schema = (response as { content?: Record<string, { schema?: Record<string, unknown> }> }).content?.[
    "application/json"
  ]?.schema as { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } } | undefined;
  return schema?.properties?.error?.properties?.code?.enum ?? [];
}

describe.each(createTestDatabases().slice(0, 1))("the OpenAPI document ($name)", ({ open }) => {
  let database: TestDatabase;
  let contract: ContractApp;
  let document: OpenApiDocument;

  beforeAll(async () => {
    database = await open();
    contract = await createContractApp({
      database,
      env: { ENTRADA_PUBLIC_URL: publicUrl },
      // Only for the document to list its route: nothing here calls the faucet.
      faucet: {
        drip: async () => {
          throw new Error("the faucet is not called by the document's tests");
        },
      },
    });
    document = documentOf(contract.app);
  });
  afterAll(async () => {
    await contract.close();
    await database.close();
  });

  test("every operation has a unique operationId, a summary, its own security and a documented success", () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(50);
    const problems: string[] = [];
    const ids = new Map<string, string>();
    for (const { name, operation } of operations) {
      if (!operation.operationId) problems.push(`${name}: no operationId (schema.operationId)`);
      else if (ids.has(operation.operationId)) {
        problems.push(`${name}: operationId ${operation.operationId} is also ${ids.get(operation.operationId)}'s`);
      } else ids.set(operation.operationId, name);
      if (!operation.summary) problems.push(`${name}: no summary (schema.summary)`);
      if (operation.security === undefined) problems.push(`${name}: no security (schema.security: routeSecurity.…)`);
      if (!Object.keys(operation.responses).some((status) => /^2\d\d$/.test(status))) {
        problems.push(`${name}: no success response (schema.response: { 200: … })`);
      }
    }
    expect(problems).toEqual([]);
  });

  test("401 exactly where credentials are required; every error status has the envelope and its codes", () => {
    const problems: string[] = [];
    for (const { name, operation } of operationsOf(document)) {
      const required = requiresCredentials(operation.security);
      const unauthenticated = codesOf(operation.responses["401"]).includes("ENTRADA_UNAUTHENTICATED");
      if (required !== unauthenticated) {
        problems.push(
          `${name}: security ${JSON.stringify(operation.security)} but 401 ENTRADA_UNAUTHENTICATED ${unauthenticated ? "documented" : "missing"}`,
        );
      }
      if (!codesOf(operation.responses["500"]).includes("ENTRADA_INTERNAL")) problems.push(`${name}: no 500`);
      for (const [status, response] of Object.entries(operation.responses)) {
        const codes = codesOf(response);
        // A probe's 503 is its own answer (the checks that failed), not an error envelope.
        if (Number(status) < 400 || (codes.length === 0 && response.content !== undefined)) continue;
        if (codes.length === 0) problems.push(`${name}: ${status} documents no body`);
        for (const code of codes) {
          if (errorRegistry[code as RegisteredErrorCode]?.status !== Number(status)) {
            problems.push(`${name}: ${code} is not a ${status}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test("Redocly's recommended ruleset (apps/server/redocly.yaml) finds no error and no warning", async () => {
    const dir = await mkdtemp(join(tmpdir(), "entrada-openapi-"));
    try {
      const file = join(dir, "openapi.json");
      await writeFile(file, JSON.stringify(document, null, 2));
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [redoclyCli, "lint", file, "--config", redoclyConfig, "--format=json"],
        { env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } },
      ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
      const report = JSON.parse(stdout) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
      };
      const problems = report.problems.map(
        (problem) => `${problem.ruleId} at ${problem.location[0]?.pointer}: ${problem.message}`,
      );
      expect(problems).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
