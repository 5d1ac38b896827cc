/** Test data of the officer pages' component tests, shaped as the API answers (docs/api.md). */
import type { Application, HistoryEntry, Me, Product, Settlement } from "../../api/types.ts";

export const officer: Me = {
  id: "11111111-1111-4111-8111-111111111111",
  via: "session",
  roles: ["officer"],
  authorityId: "gb-eta",
  organisationId: null,
  walletAddress: null,
};

export const applicationId = "5f0c2a9e-1b7d-4c1e-9a57-0d3f6b1c2e4a";
export const payTx = `0x${"c".repeat(64)}` as const;
export const releaseTx = `0x${"a".repeat(64)}` as const;
export const refundTx = `0x${"b".repeat(64)}` as const;
export const payer = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;

export const product: Product = {
  id: "gb-eta",
  authorityId: "gb-eta",
  name: "Electronic Travel Authorisation (ETA)",
  names: {
    en: "Electronic Travel Authorisation (ETA)",
    zh: "英国电子旅行许可（ETA）",
    es: "Autorización Electrónica de Viaje (ETA) del Reino Unido",
  },
  type: "eta",
  purposes: ["tourist"],
  fee: { amount: "1600", currency: "GBP", formatted: "16.00" },
  stayDays: 180,
  entries: "multiple",
  validityDays: 730,
  processingHours: { typical: 72, max: 72 },
  serviceLevelHours: 72,
  requiredFields: [],
  requiredDocuments: ["passport_bio_page", "photo"],
  minDaysBeforeTravel: null,
  maxDaysBeforeTravel: null,
};

/** A settlement of `kind` in `status` (sent, with its transaction, unless said otherwise). */
export function settlement(kind: Settlement["kind"], partial: Partial<Settlement> = {}): Settlement {
  return {
    kind,
    status: "sent",
    txHash: kind === "release" ? releaseTx : refundTx,
    attempts: 1,
    nextAttemptAt: "2026-01-02T10:00:02.000Z",
    reason: null,
    updatedAt: "2026-01-02T10:00:00.000Z",
    ...partial,
  };
}

/** An application of the officer's authority in `state`, paid in USDC, with its settlement if one is owed. */
export function application(
  state: Application["state"],
  id = applicationId,
  owed: Settlement | null = null,
): Application {
  return {
    id,
    reference: "ENT-7K3Q-9XPA",
    onchainId: `0x${"1".repeat(64)}`,
    productId: "gb-eta",
    authorityId: "gb-eta",
    organisationId: null,
    state,
    decisionDeadline: "2099-01-01T00:00:00.000Z",
    createdAt: "2026-01-01T10:00:00.000Z",
    updatedAt: "2026-01-01T10:00:00.000Z",
    applicant: {
      id: "22222222-2222-4222-8222-222222222222",
      givenNames: "ANNA MARIA",
      surname: "ERIKSSON",
      dateOfBirth: "1990-04-12",
      sex: "F",
      nationality: "USA",
      passportNumber: "L8989021C",
      passportExpiryDate: "2031-01-01",
      passportIssuingCountry: "USA",
      verificationStatus: "pending",
    },
    answers: { occupation: "Engineer", email: "anna@example.org" },
    documents: [
      {
        id: "44444444-4444-4444-8444-444444444444",
        kind: "passport_bio_page",
        contentType: "image/png",
        size: 48_213,
        createdAt: "2026-01-01T09:00:00.000Z",
      },
      {
        id: "55555555-5555-4555-8555-555555555555",
        kind: "return_ticket",
        contentType: "application/pdf",
        size: 1_234_567,
        createdAt: "2026-01-01T09:30:00.000Z",
      },
    ],
    requestedDocuments: [],
    quote: {
      id: "33333333-3333-4333-8333-333333333333",
      applicationId: id,
      status: "paid",
      chainId: 31337,
      token: "USDC",
      tokenAddress: "0x0000000000000000000000000000000000000002",
      payer,
      visaFee: { amount: "1600", currency: "GBP", formatted: "16.00" },
      tokenAmount: { amount: "20342355", currency: "USDC", formatted: "20.342355" },
      platformFee: { amount: "20342", currency: "USDC", formatted: "0.020342" },
      total: { amount: "20362697", currency: "USDC", formatted: "20.362697" },
      platformFeeBps: 10,
      createdAt: "2026-01-01T10:00:00.000Z",
      expiresAt: "2026-01-01T10:15:00.000Z",
      decisionDeadline: "2099-01-01T00:00:00.000Z",
      digest: `0x${"d".repeat(64)}`,
      signature: `0x${"e".repeat(130)}`,
    },
    actions:
      state === "paid"
        ? ["start_review"]
        : state === "under_review"
          ? ["request_info", "approve", "reject"]
          : state === "needs_info"
            ? ["reject"]
            : [],
    settlement: owed,
  };
}

/** The audit trail up to payment, plus `more`. */
export function history(...more: HistoryEntry[]): HistoryEntry[] {
  return [
    {
      id: "1",
      from: "draft",
      to: "submitted",
      event: "submit",
      actorRole: "traveller",
      reason: null,
      txHash: null,
      at: "2026-01-01T10:00:00.000Z",
    },
    {
      id: "2",
      from: "payment_pending",
      to: "paid",
      event: "confirm_payment",
      actorRole: "system",
      reason: null,
      txHash: payTx,
      at: "2026-01-01T10:01:00.000Z",
    },
    ...more,
  ];
}
