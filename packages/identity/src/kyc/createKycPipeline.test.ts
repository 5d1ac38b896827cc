import { beforeAll, describe, expect, it } from "vitest";
import { InvalidKycConfigError, KycProviderUnavailableError } from "../errors/kyc.ts";
import { type BuildMrzParameters, buildMrz } from "../mrz/buildMrz.ts";
import { createSanctionsScreener, type SanctionsScreener } from "../sanctions/createSanctionsScreener.ts";
import { loadSanctionsList, sampleSanctionsListPaths } from "../sanctions/loadSanctionsList.ts";
import { createDevKycProvider } from "./createDevKycProvider.ts";
import { type CreateKycPipelineParameters, createKycPipeline, type KycSubmission } from "./createKycPipeline.ts";
import type { KycProvider, KycProviderCheckRequest } from "./KycProvider.ts";
import type { TypedIdentity } from "./VerifiedIdentity.ts";

const clock = () => new Date("2026-03-01T09:00:00Z");
const fingerprintKey = "test-fingerprint-key-0123456789abcdef";

let sanctions: SanctionsScreener;
beforeAll(async () => {
  sanctions = createSanctionsScreener({ entries: await loadSanctionsList(sampleSanctionsListPaths) });
});

const annaDocument: BuildMrzParameters = {
  format: "TD3",
  issuingCountry: "UTO",
  surname: "Eriksson",
  givenNames: "Anna Maria",
  documentNumber: "L898902C3",
  nationality: "UTO",
  birthDate: "1974-08-12",
  sex: "F",
  expiryDate: "2031-04-15",
};
const annaTyped: TypedIdentity = {
  surname: "Eriksson",
  givenNames: "Anna María",
  documentNumber: "L898902C3",
  nationality: "UTO",
  birthDate: "1974-08-12",
  expiryDate: "2031-04-15",
  sex: "F",
};

function submission(document: Partial<BuildMrzParameters> = {}, typed: Partial<TypedIdentity> = {}): KycSubmission {
  return {
    subjectId: "usr_anna",
    checkId: "kyc_1",
    mrz: buildMrz({ ...annaDocument, ...document }),
    typed: { ...annaTyped, ...typed },
    selfie: new Uint8Array([1]),
  };
}

/** A pipeline with a recording provider and an in-memory fingerprint table. */
function pipeline(overrides: Partial<CreateKycPipelineParameters> = {}, known: Record<string, string> = {}) {
  const providerCalls: KycProviderCheckRequest[] = [];
  const inner = overrides.provider ?? createDevKycProvider();
  const provider: KycProvider = {
    name: inner.name,
    check: (request) => {
      providerCalls.push(request);
      return inner.check(request);
    },
  };
  const kyc = createKycPipeline({
    sanctions,
    duplicates: async (fingerprint) =>
      known[fingerprint] === undefined ? undefined : { subjectId: known[fingerprint] },
    clock,
    fingerprintKey,
    ...overrides,
    provider,
  });
  return { kyc, providerCalls };
}

describe("createKycPipeline", () => {
  it("passes a valid, adult, unlisted traveller and returns the identity to issue", async () => {
    const { kyc, providerCalls } = pipeline();
    const result = await kyc.check(submission());
    expect(result).toMatchObject({
      outcome: "passed",
      reasons: [],
      identity: {
        surname: "Eriksson",
        givenNames: "Anna María",
        birthDate: "1974-08-12",
        nationality: "UTO",
        sex: "F",
        documentType: "passport",
        documentNumber: "L898902C3",
        issuingCountry: "UTO",
        expiryDate: "2031-04-15",
      },
      sanctions: [],
      provider: { provider: "development", liveness: "passed", faceMatch: "match" },
      checkedAt: "2026-03-01T09:00:00.000Z",
    });
    expect(result.fingerprint).toMatch(/^v1:[\w-]{43}$/);
    expect(providerCalls).toEqual([
      {
        reference: "kyc_1",
        documentType: "passport",
        issuingCountry: "UTO",
        documentImage: undefined,
        selfie: new Uint8Array([1]),
      },
    ]);
  });

  it("fails an MRZ that does not validate, without asking the provider", async () => {
    const { kyc, providerCalls } = pipeline();
    const broken = submission();
    const result = await kyc.check({
      ...broken,
      mrz: [broken.mrz[0]!, broken.mrz[1]!.replace("L898902C3", "L898902C4")],
    });
    expect(result).toMatchObject({
      outcome: "failed",
      identity: null,
      fingerprint: null,
      provider: null,
      reasons: [
        {
          code: "mrz_invalid",
          outcome: "failed",
          details: {
            errors: [
              { field: "documentNumber", code: "check_digit" },
              { field: "composite", code: "composite_check_digit" },
            ],
          },
        },
      ],
    });
    expect(providerCalls).toEqual([]);
  });

  it("fails typed fields the MRZ contradicts, naming each", async () => {
    const { kyc } = pipeline();
    const result = await kyc.check(
      submission(
        {},
        { documentNumber: "L898902C8", birthDate: "1974-08-21", sex: "M", nationality: "GBR", issuingCountry: "GBR" },
      ),
    );
    expect(result.outcome).toBe("failed");
    expect(result.reasons.map((reason) => [reason.code, reason.field])).toEqual([
      ["mrz_mismatch", "documentNumber"],
      ["mrz_mismatch", "nationality"],
      ["mrz_mismatch", "issuingCountry"],
      ["mrz_mismatch", "birthDate"],
      ["mrz_mismatch", "sex"],
    ]);
  });

  it("matches names across ICAO and plain transliterations and cut-short name zones", async () => {
    const { kyc } = pipeline();
    for (const [document, typed] of [
      [{ surname: "Müller" }, { surname: "Müller" }],
      [{ surname: "Muller" }, { surname: "Müller" }],
      [{ surname: "MUELLER" }, { surname: "Müller" }],
      // TD1's 30-character zone cuts the given names: ERIKSSON-LINDQVIST<<ANNA<MARI
      [
        { format: "TD1", surname: "Eriksson-Lindqvist", documentNumber: "D23145890" },
        { surname: "Eriksson-Lindqvist", documentNumber: "D23145890" },
      ],
    ] as const) {
      const result = await kyc.check(submission(document, typed));
      expect({ document, reasons: result.reasons }).toEqual({ document, reasons: [] });
    }
  });

  it("flags a typed name that looks like a variant of the MRZ's, and fails one that does not", async () => {
    const { kyc } = pipeline();
    const variant = await kyc.check(submission({}, { givenNames: "Ana Marija" }));
    expect(variant).toMatchObject({ outcome: "flagged", reasons: [{ code: "name_variant", field: "givenNames" }] });
    const other = await kyc.check(submission({}, { surname: "Johansson" }));
    expect(other).toMatchObject({ outcome: "failed", reasons: [{ code: "mrz_mismatch", field: "surname" }] });
  });

  it("fails expired documents and documents valid for less than 6 months", async () => {
    const { kyc, providerCalls } = pipeline();
    const expired = await kyc.check(submission({ expiryDate: "2026-02-28" }, { expiryDate: "2026-02-28" }));
    expect(expired.reasons).toEqual([{ code: "document_expired", outcome: "failed" }]);
    const soon = await kyc.check(submission({ expiryDate: "2026-08-31" }, { expiryDate: "2026-08-31" }));
    expect(soon.reasons).toEqual([
      { code: "document_expires_soon", outcome: "failed", details: { minimumValidityMonths: 6 } },
    ]);
    const enough = await kyc.check(submission({ expiryDate: "2026-09-01" }, { expiryDate: "2026-09-01" }));
    expect(enough.outcome).toBe("passed");
    expect(providerCalls).toHaveLength(1);
  });

  it("fails minors, with a product's stricter age on top of the pipeline's", async () => {
    const { kyc } = pipeline();
    const minor = await kyc.check(submission({ birthDate: "2008-03-02" }, { birthDate: "2008-03-02" }));
    expect(minor.reasons).toEqual([{ code: "underage", outcome: "failed", details: { minimumAge: 18 } }]);
    expect((await kyc.check(submission({ birthDate: "2008-03-01" }, { birthDate: "2008-03-01" }))).outcome).toBe(
      "passed",
    );
    const twenty = await kyc.check({
      ...submission({ birthDate: "2006-01-01" }, { birthDate: "2006-01-01" }),
      minimumAge: 21,
    });
    expect(twenty.reasons).toEqual([{ code: "underage", outcome: "failed", details: { minimumAge: 21 } }]);
    const children = pipeline({ minimumAge: 0 }).kyc;
    expect((await children.check(submission({ birthDate: "2020-01-01" }, { birthDate: "2020-01-01" }))).outcome).toBe(
      "passed",
    );
  });

  it("flags a sanctions match for manual review, by the typed or the MRZ name", async () => {
    const { kyc } = pipeline();
    const listed = { surname: "Zlatogorsky", givenNames: "Miroslav", birthDate: "1968-03-14", sex: "M" } as const;
    const result = await kyc.check(submission(listed, listed));
    expect(result).toMatchObject({
      outcome: "flagged",
      reasons: [
        { code: "sanctions_match", outcome: "flagged", details: { matches: [{ entryId: 9000001, score: 0.979 }] } },
      ],
      sanctions: [{ entryId: 9000001, matchedName: "ZLATOGORSKI, Miroslav" }],
    });
    // A namesake thirty years younger is not the listed person.
    const young = { ...listed, birthDate: "1998-03-14" };
    expect((await kyc.check(submission(young, young))).outcome).toBe("passed");
  });

  it("screens even a submission that fails, so that a listed person's attempt is seen", async () => {
    const { kyc } = pipeline();
    const listed = submission({}, { surname: "Zlatogorsky", givenNames: "Miroslav", birthDate: "1968-03-14" });
    const result = await kyc.check({ ...listed, mrz: ["P<UTO", "BROKEN"] });
    expect(result.reasons.map((reason) => reason.code)).toEqual(["mrz_invalid", "sanctions_match"]);
    expect(result.outcome).toBe("failed");
  });

  it("flags a document another account was verified with, but not the same account again", async () => {
    const first = await pipeline().kyc.check(submission());
    const known = { [first.fingerprint!]: "usr_other" };
    const again = await pipeline({}, known).kyc.check(submission());
    expect(again).toMatchObject({
      outcome: "flagged",
      reasons: [{ code: "duplicate_identity", outcome: "flagged", details: { subjectId: "usr_other" } }],
    });
    const same = await pipeline({}, { [first.fingerprint!]: "usr_anna" }).kyc.check(submission());
    expect(same.outcome).toBe("passed");
  });

  it("follows the provider's verdict on liveness and face match", async () => {
    const cases = [
      [{ liveness: "failed" }, "failed", ["liveness_failed"]],
      [{ faceMatch: "no_match" }, "failed", ["face_mismatch"]],
      [{ liveness: "inconclusive" }, "flagged", ["provider_inconclusive"]],
    ] as const;
    for (const [result, outcome, codes] of cases) {
      const { kyc } = pipeline({ provider: createDevKycProvider({ result }) });
      const checked = await kyc.check(submission());
      expect([checked.outcome, checked.reasons.map((reason) => reason.code)]).toEqual([outcome, codes]);
    }
  });

  it("lets a provider outage through as a retryable error: nothing is decided", async () => {
    const provider: KycProvider = {
      name: "down",
      check: async () => {
        throw new KycProviderUnavailableError({ provider: "down", reason: "timeout" });
      },
    };
    await expect(pipeline({ provider }).kyc.check(submission())).rejects.toMatchObject({ retryable: true });
  });

  it("refuses impossible settings at start-up", () => {
    expect(() => pipeline({ fingerprintKey: "short" })).toThrow(InvalidKycConfigError);
    expect(() => pipeline({ minimumAge: -1 })).toThrow(/minimumAge/);
    expect(() => pipeline({ minimumValidityMonths: 1.5 })).toThrow(/minimumValidityMonths/);
  });
});
