import { CodedError } from "@entrada/core";
import { describe, expect, it } from "vitest";
import * as identity from "../index.ts";
import { IdentityError, identityErrorCodes } from "./IdentityError.ts";

/** One instance of every error class the package exports; a new class must be added here. */
const samples: Record<string, IdentityError> = {
  InvalidMrzInputError: new identity.InvalidMrzInputError({ field: "birthDate", reason: "not a date" }),
  InvalidCsvError: new identity.InvalidCsvError({ line: 3, reason: "unterminated quoted field" }),
  InvalidSanctionsListError: new identity.InvalidSanctionsListError({ file: "sdn", line: 1, reason: "3 columns" }),
  InvalidKycConfigError: new identity.InvalidKycConfigError({ setting: "fingerprintKey", expected: "32 bytes" }),
  KycProviderUnavailableError: new identity.KycProviderUnavailableError({ provider: "acme", reason: "timeout" }),
  KycProviderRejectedError: new identity.KycProviderRejectedError({ provider: "acme", status: 401, body: "" }),
  KycProviderResponseInvalidError: new identity.KycProviderResponseInvalidError({
    provider: "acme",
    reason: "not JSON",
  }),
  InvalidIssuerKeyError: new identity.InvalidIssuerKeyError({ reason: "RSA" }),
  InvalidHolderKeyError: new identity.InvalidHolderKeyError({ reason: "private" }),
  HolderKeyProofInvalidError: new identity.HolderKeyProofInvalidError({ reason: "nonce" }),
  InvalidIdentityClaimsError: new identity.InvalidIdentityClaimsError({ field: "birthDate", reason: "is empty" }),
  StatusListEntryInvalidError: new identity.StatusListEntryInvalidError({ reason: "out of range", index: 9 }),
  CredentialMalformedError: new identity.CredentialMalformedError({ reason: "no ~" }),
  ClaimNotInCredentialError: new identity.ClaimNotInCredentialError({ claims: ["place_of_birth"] }),
  PresentationMalformedError: new identity.PresentationMalformedError({ reason: "no ~" }),
  IssuerUntrustedError: new identity.IssuerUntrustedError({ issuer: "https://evil.example" }),
  IssuerMetadataUnavailableError: new identity.IssuerMetadataUnavailableError({ issuer: "https://i" }),
  IssuerMetadataInvalidError: new identity.IssuerMetadataInvalidError({ issuer: "https://i", reason: "no jwks" }),
  UnknownIssuerKeyError: new identity.UnknownIssuerKeyError({ issuer: "https://i", kid: "k" }),
  CredentialSignatureInvalidError: new identity.CredentialSignatureInvalidError(),
  CredentialTypeInvalidError: new identity.CredentialTypeInvalidError({ field: "vct", expected: "a", actual: "b" }),
  CredentialExpiredError: new identity.CredentialExpiredError({ expiresAt: 1, now: 2 }),
  DisclosureTamperedError: new identity.DisclosureTamperedError({ reason: "unknown digest" }),
  KeyBindingInvalidError: new identity.KeyBindingInvalidError({ reason: "missing" }),
  NonceMismatchError: new identity.NonceMismatchError(),
  AudienceMismatchError: new identity.AudienceMismatchError({ expected: "https://v" }),
  CredentialRevokedError: new identity.CredentialRevokedError({ uri: "https://i/s/1", index: 1, status: 1 }),
  CredentialSuspendedError: new identity.CredentialSuspendedError({ uri: "https://i/s/1", index: 1 }),
  StatusListUnavailableError: new identity.StatusListUnavailableError({ uri: "https://i/s/1" }),
  StatusListInvalidError: new identity.StatusListInvalidError({ uri: "https://i/s/1", reason: "typ" }),
  MissingRequiredClaimError: new identity.MissingRequiredClaimError({ missing: ["birthdate"] }),
  DocumentRejectedError: new identity.DocumentRejectedError({ problems: ["too_large"] }),
  DocumentNotFoundError: new identity.DocumentNotFoundError({ cid: "bafkrei" }),
  InvalidCidError: new identity.InvalidCidError({ cid: "../x" }),
  DocumentIntegrityError: new identity.DocumentIntegrityError({ cid: "bafkreia", actual: "bafkreib" }),
  DocumentDecryptionError: new identity.DocumentDecryptionError({ reason: "tampered" }),
  InvalidDocumentKeyError: new identity.InvalidDocumentKeyError({ reason: "16 bytes" }),
  DocumentStoreUnavailableError: new identity.DocumentStoreUnavailableError({ store: "kubo", operation: "add" }),
};

describe("identity errors", () => {
  it("has a sample of every exported error class", () => {
    const exported = Object.entries(identity)
      .filter(([, value]) => typeof value === "function" && value.prototype instanceof IdentityError)
      .map(([name]) => name)
      .sort();
    expect(Object.keys(samples).sort()).toEqual(exported);
  });

  it.each(Object.entries(samples))("%s has a fixed name and a registered code with its status", (name, error) => {
    expect(error).toBeInstanceOf(IdentityError);
    // The API's error handler answers any CodedError from its status and toJSON().
    expect(error).toBeInstanceOf(CodedError);
    expect(error.name).toBe(name);
    expect(Object.hasOwn(identityErrorCodes, error.code)).toBe(true);
    expect(error.status).toBe(identityErrorCodes[error.code].status);
    expect(JSON.parse(JSON.stringify(error.details))).toEqual(error.details);
    expect(error.message).toContain(`Code: ${error.code}`);
  });

  it("registers no code that nothing throws, and gives each class its own code", () => {
    const used = Object.values(samples).map((error) => error.code);
    expect(new Set(used).size).toBe(used.length);
    expect([...used].sort()).toEqual(Object.keys(identityErrorCodes).sort());
  });

  it("names every code ENTRADA_… in capitals, with an HTTP error status and a description", () => {
    for (const [code, { status, description }] of Object.entries(identityErrorCodes)) {
      expect(code).toMatch(/^ENTRADA_[A-Z0-9_]+$/);
      expect(status >= 400 && status <= 599).toBe(true);
      expect(description.length).toBeGreaterThan(20);
    }
  });

  it("marks as retryable exactly the outages", () => {
    expect(
      Object.values(samples)
        .filter((error) => error.retryable)
        .map((error) => error.code)
        .sort(),
    ).toEqual([
      "ENTRADA_DOCUMENT_STORE_UNAVAILABLE",
      "ENTRADA_ISSUER_METADATA_UNAVAILABLE",
      "ENTRADA_KYC_PROVIDER_UNAVAILABLE",
      "ENTRADA_STATUS_LIST_UNAVAILABLE",
    ]);
  });

  it("keeps its codes apart from core's", async () => {
    const { errorCodes } = await import("@entrada/core");
    expect(Object.keys(identityErrorCodes).filter((code) => Object.hasOwn(errorCodes, code))).toEqual([]);
  });
});
