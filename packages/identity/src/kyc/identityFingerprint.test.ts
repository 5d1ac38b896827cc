import { describe, expect, it } from "vitest";
import { InvalidKycConfigError } from "../errors/kyc.ts";
import { identityFingerprint } from "./identityFingerprint.ts";

const key = "k".repeat(32);
const anna = { key, issuingCountry: "UTO", documentNumber: "L898902C3", birthDate: "1974-08-12" };

describe("identityFingerprint", () => {
  it("is a stable, versioned HMAC of issuing state, document number and birth date", () => {
    expect(identityFingerprint(anna)).toMatchInlineSnapshot(`"v1:P6KUVklqIDjeV0BqRx7pQ3LF5qBpxZqVD9_m44YQNoo"`);
  });

  it("ignores how the number was typed and ICAO's D for Germany", () => {
    expect(identityFingerprint({ ...anna, documentNumber: "l898 902-c3" })).toBe(identityFingerprint(anna));
    expect(identityFingerprint({ ...anna, issuingCountry: "D" })).toBe(
      identityFingerprint({ ...anna, issuingCountry: "DEU" }),
    );
  });

  it("changes with any of its parts and with the key", () => {
    const base = identityFingerprint(anna);
    for (const change of [
      { issuingCountry: "GBR" },
      { documentNumber: "L898902C4" },
      { birthDate: "1974-08-13" },
      { key: "j".repeat(32) },
    ]) {
      expect(identityFingerprint({ ...anna, ...change })).not.toBe(base);
    }
  });

  it("refuses a key shorter than 32 bytes", () => {
    expect(() => identityFingerprint({ ...anna, key: "short" })).toThrow(InvalidKycConfigError);
    expect(() => identityFingerprint({ ...anna, key: new Uint8Array(31) })).toThrow(/fingerprintKey/);
  });
});
