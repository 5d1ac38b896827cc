/**
 * The API's shared answers, as the web app reads them (docs/api.md). Amounts are minor units as
 * strings. Shapes only one side of the app reads live beside it (api/travellerTypes.ts,
 * pages/officer/officerTypes.ts).
 */

import type { ApplicationState, LocalizedName } from "@entrada/core";

export type Money = { amount: string; currency: string; formatted: string };

/** An application's state: core's, which owns the states and the transitions between them. */
export type { ApplicationState };

export type Purpose = "tourist" | "business" | "transit";
export type StablecoinSymbol = "USDC" | "USDT";

export type Authority = {
  id: string;
  name: string;
  /** The name in every interface language; show it with `useCatalogueName`. */
  names: LocalizedName;
  country: string;
  destinations: string[];
  currency: string;
  processingSlaHours: number;
  website: string;
};

export type Product = {
  id: string;
  authorityId: string;
  name: string;
  /** The name in every interface language; show it with `useCatalogueName`. */
  names: LocalizedName;
  type: string;
  purposes: Purpose[];
  fee: Money;
  stayDays: number;
  entries: "single" | "double" | "multiple";
  validityDays: number;
  processingHours: { typical: number; max: number };
  /** The published service level: a decision within this many hours of payment (at most `processingHours.max`). */
  serviceLevelHours: number;
  requiredFields: string[];
  requiredDocuments: string[];
  minDaysBeforeTravel: number | null;
  maxDaysBeforeTravel: number | null;
};

export type Applicant = {
  id: string;
  givenNames: string;
  surname: string;
  dateOfBirth: string;
  sex: "F" | "M" | "X" | null;
  nationality: string;
  passportNumber: string;
  passportExpiryDate: string;
  passportIssuingCountry: string;
  verificationStatus: string;
};

export type ApplicantInput = Omit<Applicant, "id" | "verificationStatus" | "sex"> & { sex?: "F" | "M" | "X" };

export type Quote = {
  id: string;
  applicationId: string;
  status: "open" | "paid" | "superseded" | "expired" | string;
  /** The chain it is on: where it is paid, and where its payment and settlement transactions are. */
  chainId: number;
  token: StablecoinSymbol;
  tokenAddress: `0x${string}`;
  payer: `0x${string}` | null;
  visaFee: Money;
  tokenAmount: Money;
  platformFee: Money;
  total: Money;
  platformFeeBps: number;
  createdAt: string;
  expiresAt: string;
  decisionDeadline: string;
  digest: `0x${string}`;
  signature: `0x${string}`;
};

export type ApplicationSummary = {
  id: string;
  /** The short human reference (`ENT-7K3Q-9XPA`) people read and search; `id` is for the API. */
  reference: string;
  onchainId: `0x${string}`;
  productId: string;
  authorityId: string;
  organisationId: string | null;
  state: ApplicationState;
  decisionDeadline: string | null;
  createdAt: string;
  updatedAt: string;
};

/**
 * Where the escrow settlement an application's decision or expiry owes stands (docs/api.md,
 * "Settlements"): `release` to the authority, `refund` or `claim` back to the payer. `reason` says why
 * it is blocked, or why its last attempt failed while it is retried (codes: docs/errors.md).
 */
export type Settlement = {
  kind: "release" | "refund" | "claim";
  status: "queued" | "sent" | "succeeded" | "blocked" | "cancelled";
  txHash: `0x${string}` | null;
  attempts: number;
  nextAttemptAt: string | null;
  reason: { code: string; message: string } | null;
  updatedAt: string;
};

/** A document an application carries (`GET /identity/documents/:id` serves its bytes to those who may read it). */
export type ApplicationDocument = {
  id: string;
  /** A document kind of the catalogue (`passport_bio_page`, `return_ticket`…). */
  kind: string;
  contentType: string;
  size: number;
  createdAt: string;
};

export type Application = ApplicationSummary & {
  applicant: Applicant;
  answers: Record<string, string>;
  quote: Quote | null;
  actions: string[];
  /** Its identity documents and supporting documents. */
  documents: ApplicationDocument[];
  /** Documents the officer asked for with "needs info" that are not uploaded yet. */
  requestedDocuments: string[];
  /** `null` until a decision or an expiry owes a settlement. */
  settlement: Settlement | null;
};

export type HistoryEntry = {
  id: string;
  from: ApplicationState | null;
  to: ApplicationState;
  event: string;
  actorRole: string;
  reason: string | null;
  txHash: `0x${string}` | null;
  at: string;
};

export type Page<Item> = { items: Item[]; nextCursor: string | null };

export type TypedDataJson = {
  domain: Record<string, unknown>;
  types: Record<string, { name: string; type: string }[]>;
  primaryType: string;
  message: Record<string, unknown>;
};

export type Call = { to: `0x${string}`; data: `0x${string}` };

export type Me = {
  id: string;
  via: "session" | "api_key";
  roles: string[];
  authorityId: string | null;
  organisationId: string | null;
  walletAddress: `0x${string}` | null;
};

export type TokenInfo = {
  address: `0x${string}`;
  decimals: number;
  symbol: StablecoinSymbol;
  eip712?: { name: string; version: string };
};

export type ClientConfig = {
  env: "development" | "test" | "production";
  chain: {
    id: number;
    name: string;
    rpcUrl: string;
    isLocal: boolean;
    confirmations: number;
    explorerUrl: string | null;
  };
  escrow: `0x${string}`;
  tokens: Record<StablecoinSymbol, TokenInfo>;
  /**
   * Every chain served, the default (`chain`) first: the traveller picks where their stablecoin is.
   * The server always sends it; a configuration of one chain may leave it out (read it through
   * `servedChains`).
   */
  chains?: ServedChain[];
  features: { devLogin: boolean; faucet: boolean; mailbox: boolean };
};

/** One chain of {@link ClientConfig}'s `chains`: where it is, its escrow and tokens, and whether the faucet funds wallets there. */
export type ServedChain = ClientConfig["chain"] & {
  escrow: `0x${string}`;
  tokens: Record<StablecoinSymbol, TokenInfo>;
  faucet: boolean;
};
