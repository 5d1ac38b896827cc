import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chainErrorCodes } from "@entrada/chain";
import { errorCodes } from "@entrada/core";
import { identityErrorCodes } from "@entrada/identity";
import { verifyErrorCodes } from "@entrada/verify";
import { describe, expect, test } from "vitest";
import { cliErrorCodes } from "../cli/cliErrorCodes.ts";
import { environmentVariables } from "../config.ts";
import { teamImportFileCodes, teamImportRowCodes } from "../services/teamImport/teamImportCodes.ts";
import { ApiError } from "./ApiError.ts";
import { apiErrorCodes } from "./apiErrorCodes.ts";
import * as applicationErrors from "./application.ts";
import * as authErrors from "./auth.ts";
import * as contactEmailErrors from "./contactEmail.ts";
import * as faucetErrors from "./faucet.ts";
import * as httpErrors from "./http.ts";
import * as idempotencyErrors from "./idempotency.ts";
import * as identityErrors from "./identity.ts";
import * as outboundErrors from "./outbound.ts";
import * as paymentErrors from "./payment.ts";
import { settlementBlockCodes } from "./settlementBlockCodes.ts";

const errorsDoc = fileURLToPath(new URL("../../../../docs/errors.md", import.meta.url));
const sourceRoot = fileURLToPath(new URL("..", import.meta.url));

/** `| \`CODE\` | status | meaning |` rows of docs/errors.md. */
function documentedCodes(): Map<string, number> {
  const rows = new Map<string, number>();
  for (const match of readFileSync(errorsDoc, "utf8").matchAll(/^\| `(ENTRADA_[A-Z0-9_]+)` \| (\d{3}) \| (.+) \|$/gm)) {
    expect(rows.has(match[1]!), `${match[1]} is documented twice`).toBe(false);
    expect(match[3]!.length).toBeGreaterThan(20);
    rows.set(match[1]!, Number(match[2]));
  }
  return rows;
}

/** `| \`CODE\` | — | meaning |` rows of docs/errors.md: codes no HTTP response carries (settlement). */
function documentedStatuslessCodes(): string[] {
  return [...readFileSync(errorsDoc, "utf8").matchAll(/^\| `(ENTRADA_[A-Z0-9_]+)` \| — \| (.{20,}) \|$/gm)].map(
    (match) => match[1]!,
  );
}

/** One instance of every API error class; a new class must be added here. */
const samples: Record<string, ApiError> = {
  EmailCodeWrongError: new contactEmailErrors.EmailCodeWrongError({ attemptsLeft: 3 }),
  EmailCodeExpiredError: new contactEmailErrors.EmailCodeExpiredError(),
  EmailCodeAttemptsExceededError: new contactEmailErrors.EmailCodeAttemptsExceededError({ maxAttempts: 5 }),
  EmailCodeRateLimitedError: new contactEmailErrors.EmailCodeRateLimitedError({
    retryAfterSeconds: 42,
    scope: "resend",
  }),
  EmailTakenError: new contactEmailErrors.EmailTakenError(),
  EmailUnverifiedError: new contactEmailErrors.EmailUnverifiedError(),
  ValidationError: new httpErrors.ValidationError({ issues: [{ path: "body.x", message: "bad" }] }),
  NotFoundError: new httpErrors.NotFoundError({ resource: "application", id: "x" }),
  RateLimitedError: new httpErrors.RateLimitedError({ retryAfterSeconds: 3 }),
  MethodNotAllowedError: new httpErrors.MethodNotAllowedError({ method: "PUT", allow: ["GET", "HEAD"] }),
  PayloadTooLargeError: new httpErrors.PayloadTooLargeError({ limitBytes: 1 }),
  UnsupportedMediaTypeError: new httpErrors.UnsupportedMediaTypeError({ contentType: "text/plain" }),
  CursorInvalidError: new httpErrors.CursorInvalidError(),
  AddressInvalidError: new httpErrors.AddressInvalidError({ field: "address" }),
  UnauthenticatedError: new authErrors.UnauthenticatedError(),
  ForbiddenError: new authErrors.ForbiddenError({ action: "application.review" }),
  SiweInvalidError: new authErrors.SiweInvalidError({ reason: "nonce" }),
  ApiKeyScopeError: new authErrors.ApiKeyScopeError({ action: "application.review", scope: "applications:decide" }),
  ApiKeyScopesInvalidError: new authErrors.ApiKeyScopesInvalidError({
    unknown: ["admin"],
    allowed: ["applications:read"],
  }),
  IdempotencyKeyInvalidError: new idempotencyErrors.IdempotencyKeyInvalidError(),
  IdempotencyMismatchError: new idempotencyErrors.IdempotencyMismatchError(),
  IdempotencyInProgressError: new idempotencyErrors.IdempotencyInProgressError(),
  ConcurrentUpdateError: new applicationErrors.ConcurrentUpdateError({ applicationId: "x" }),
  ApplicationLockedError: new applicationErrors.ApplicationLockedError({ state: "paid" }),
  EvisaNotIssuedError: new applicationErrors.EvisaNotIssuedError({ applicationId: "x", state: "approved" }),
  AnswersIncompleteError: new applicationErrors.AnswersIncompleteError({ missing: ["email"] }),
  ApplicationDocumentsMissingError: new applicationErrors.ApplicationDocumentsMissingError({
    missing: ["return_ticket"],
  }),
  DocumentNotAskedError: new applicationErrors.DocumentNotAskedError({
    kind: "itinerary",
    accepted: ["return_ticket"],
  }),
  NotEligibleError: new applicationErrors.NotEligibleError({ productId: "gb-eta", reasons: ["visa_exempt"] }),
  PayerRequiredError: new paymentErrors.PayerRequiredError(),
  NoOpenQuoteError: new paymentErrors.NoOpenQuoteError({ applicationId: "x" }),
  ChainNotServedError: new paymentErrors.ChainNotServedError({ chainId: 8453 }),
  PaymentMethodUnsupportedError: new paymentErrors.PaymentMethodUnsupportedError({
    method: "authorization",
    token: "USDT",
  }),
  AuthorizationInvalidError: new paymentErrors.AuthorizationInvalidError({ reason: "signer" }),
  RelayerFailedError: new paymentErrors.RelayerFailedError({ key: "k" }),
  SettlerUnavailableError: new paymentErrors.SettlerUnavailableError({ authorityId: "gb-eta" }),
  InsufficientBalanceError: new paymentErrors.InsufficientBalanceError({ token: "USDC", balance: 1n, needed: 2n }),
  FaucetRateLimitedError: new faucetErrors.FaucetRateLimitedError({ retryAfterSeconds: 7 }),
  IdentityNotVerifiedError: new identityErrors.IdentityNotVerifiedError({ status: "none" }),
  VerificationNotFlaggedError: new identityErrors.VerificationNotFlaggedError({
    verificationId: "v",
    status: "passed",
  }),
  CredentialNotMovableError: new identityErrors.CredentialNotMovableError({ reason: "revoked" }),
  CredentialAlreadyOnDeviceError: new identityErrors.CredentialAlreadyOnDeviceError({ credentialId: "c" }),
  CredentialMoveRateLimitedError: new identityErrors.CredentialMoveRateLimitedError({
    retryAfterSeconds: 60,
    maxPerDay: 3,
  }),
  CredentialHeldElsewhereError: new identityErrors.CredentialHeldElsewhereError({ credentialId: "c" }),
  PresentationRequestSpentError: new identityErrors.PresentationRequestSpentError({ requestId: "r", reason: "used" }),
  PresentationUnusableError: new identityErrors.PresentationUnusableError({ presentationId: "p", reason: "used" }),
  OutboundAddressRefusedError: new outboundErrors.OutboundAddressRefusedError({
    target: "webhooks",
    host: "evil.test",
    address: "127.0.0.1",
    range: "loopback",
  }),
  OutboundUrlRefusedError: new outboundErrors.OutboundUrlRefusedError({ target: "webhooks", reason: "scheme" }),
  OutboundRedirectRefusedError: new outboundErrors.OutboundRedirectRefusedError({ target: "webhooks", status: 302 }),
  OutboundResponseTooLargeError: new outboundErrors.OutboundResponseTooLargeError({
    target: "kyc-provider",
    limitBytes: 1024,
  }),
  OutboundTimeoutError: new outboundErrors.OutboundTimeoutError({ target: "ipfs", phase: "headers" }),
};

/** Every .ts file under src/, except the messaging folder, which another engineer owns. */
function sourceFiles(dir = sourceRoot): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "messaging" ? [] : sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

describe("error codes", () => {
  test("docs/errors.md lists every code of core, the chain and identity packages and the API, with its status", () => {
    const documented = documentedCodes();
    for (const [code, { status }] of [
      ...Object.entries(errorCodes),
      ...Object.entries(chainErrorCodes),
      ...Object.entries(identityErrorCodes),
      ...Object.entries(verifyErrorCodes),
      ...Object.entries(apiErrorCodes),
      ...Object.entries(teamImportFileCodes),
    ]) {
      expect(documented.get(code), `${code} in docs/errors.md`).toBe(status);
    }
  });

  test("docs/errors.md lists no code that no registry has", () => {
    const registered = new Set([
      ...Object.keys(errorCodes),
      ...Object.keys(chainErrorCodes),
      ...Object.keys(identityErrorCodes),
      ...Object.keys(verifyErrorCodes),
      ...Object.keys(apiErrorCodes),
      ...Object.keys(teamImportFileCodes),
    ]);
    expect([...documentedCodes().keys()].filter((code) => !registered.has(code))).toEqual([]);
  });

  test("docs/errors.md lists every settlement block code, and no other code without a status", () => {
    expect(documentedStatuslessCodes().sort()).toEqual(Object.keys(settlementBlockCodes).sort());
  });

  test("docs/errors.md lists every team import row code, which no response carries as its error", () => {
    const rows = [...readFileSync(errorsDoc, "utf8").matchAll(/^\| `(ENTRADA_[A-Z0-9_]+)` \| row \| (.{20,}) \|$/gm)];
    expect(rows.map((match) => match[1]).sort()).toEqual(Object.keys(teamImportRowCodes).sort());
  });

  test("no two registries share a code", () => {
    const all = [
      ...Object.keys(errorCodes),
      ...Object.keys(chainErrorCodes),
      ...Object.keys(identityErrorCodes),
      ...Object.keys(verifyErrorCodes),
      ...Object.keys(apiErrorCodes),
      ...Object.keys(settlementBlockCodes),
      ...Object.keys(cliErrorCodes),
      ...Object.keys(teamImportFileCodes),
      ...Object.keys(teamImportRowCodes),
    ];
    expect(all.filter((code, i) => all.indexOf(code) !== i)).toEqual([]);
  });

  test("every ENTRADA_ code written in the server's source is registered", () => {
    const registered = new Set([
      ...Object.keys(errorCodes),
      ...Object.keys(chainErrorCodes),
      ...Object.keys(identityErrorCodes),
      ...Object.keys(verifyErrorCodes),
      ...Object.keys(apiErrorCodes),
      ...Object.keys(settlementBlockCodes),
      ...Object.keys(cliErrorCodes),
      ...Object.keys(teamImportFileCodes),
      ...Object.keys(teamImportRowCodes),
      ...environmentVariables,
    ]);
    const unknown = sourceFiles().flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/\bENTRADA_[A-Z0-9_]*[A-Z0-9]\b/g)]
        .map((match) => match[0])
        .filter((code) => !registered.has(code))
        .map((code) => `${code} in ${file}`),
    );
    expect(unknown).toEqual([]);
  });

  test("every exported error class has a sample", () => {
    const exported = [
      applicationErrors,
      authErrors,
      contactEmailErrors,
      faucetErrors,
      httpErrors,
      identityErrors,
      idempotencyErrors,
      outboundErrors,
      paymentErrors,
    ]
      .flatMap((module) => Object.entries(module))
      .filter(([, value]) => typeof value === "function" && value.prototype instanceof ApiError)
      .map(([name]) => name)
      .sort();
    expect(Object.keys(samples).sort()).toEqual(exported);
  });

  test.each(Object.entries(samples))("%s has a fixed name, a registered code and JSON details", (name, error) => {
    expect(error.name).toBe(name);
    expect(error.status).toBe(apiErrorCodes[error.code].status);
    expect(JSON.parse(JSON.stringify(error.details))).toEqual(error.details);
    expect(error.toJSON()).toEqual({ code: error.code, message: error.shortMessage, details: error.details });
  });

  test("every API code is thrown by some class", () => {
    const used = new Set(Object.values(samples).map((error) => error.code));
    expect(Object.keys(apiErrorCodes).filter((code) => !used.has(code as never))).toEqual([]);
  });
});
