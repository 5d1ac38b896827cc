import type { Application, Authority, Call, Money, Product, Quote, StablecoinSymbol, TypedDataJson } from "./types.ts";

/**
 * The API's answers that the traveller's pages read in more detail than ./types.ts describes, checked
 * against apps/server/src/views and routes (quote pricing, payment instructions, eligibility reasons,
 * development routes).
 */

/** One price a quote used: `answer` scaled by `10^decimals`, from `source`, updated at unix `updatedAt`. */
export type QuoteRate = { pair: string; answer: string; decimals: number; updatedAt: number; source: string };

/** The escrow's `Quote` struct as JSON: uints as decimal strings, times as unix seconds. */
export type EscrowQuoteJson = {
  applicationId: `0x${string}`;
  authorityId: `0x${string}`;
  token: `0x${string}`;
  payer: `0x${string}`;
  amount: string;
  platformFee: string;
  decisionDeadline: string;
  expiresAt: string;
};

/** A signed quote with its pricing and the struct the escrow checks. */
export type QuoteDetails = Quote & { rates: QuoteRate[]; escrowQuote: EscrowQuoteJson };

/** `GET /applications/:id/payment`: every way to pay the open quote. */
export type PaymentDetails = {
  quote: QuoteDetails;
  chainId: number;
  escrow: `0x${string}`;
  /** The quote signer's signature in the ERC-2098 compact form the escrow takes. */
  quoteSignature: { r: `0x${string}`; yParityAndS: `0x${string}` };
  pay: { approve: Call; approveResetRequired: boolean; pay: Call };
  /** USDC only. The message's `nonce` is `null` when the server could not read it: read `nonces(owner)`. */
  permit: { typedData: TypedDataJson; permitDeadline: string; to: `0x${string}`; functionName: "payWithPermit" } | null;
  /** USDC only: sign and post to `submitTo`, Entrada's relayer pays the gas. */
  authorization: { typedData: TypedDataJson; submitTo: string } | null;
};

/** An application as `GET /applications/:id` returns it, its quote with pricing. */
export type ApplicationDetails = Omit<Application, "quote"> & { quote: QuoteDetails | null };

/** `GET /applications/:id/status`: the cheap route to poll. */
export type ApplicationStatus = { id: string; state: Application["state"]; stateVersion: number; updatedAt: string };

/** A fee waiver applied to a traveller. */
export type FeeWaiver = { code: "age_under" | "age_over" | string; age: number; description: string };

/** Why a product is not for this traveller (core's `IneligibilityReason`). */
export type IneligibilityReason = { code: string; days?: number; applyFrom?: string };

/** `POST /eligibility`. */
export type EligibilityResult = {
  destinationCovered: boolean;
  eligible: {
    product: Product;
    authority: Authority;
    fee: Money;
    feeWaiver: FeeWaiver | null;
    requiredFields: string[];
    requiredDocuments: string[];
    applyBy: string | null;
    notes: string[];
  }[];
  ineligible: { product: Product; authority: Authority; reasons: IneligibilityReason[] }[];
};

/** One eligible product of {@link EligibilityResult}. */
export type EligibleOption = EligibilityResult["eligible"][number];

/** One product of {@link EligibilityResult} that does not fit. */
export type IneligibleOption = EligibilityResult["ineligible"][number];

/** `POST /dev/faucet`: the mined transactions and the balances after them (minor units, wei). */
export type FaucetDrip = { txHashes: `0x${string}`[]; balances: Record<StablecoinSymbol | "ETH", string> };

/** One message of the development mailbox (`GET /dev/mailbox`). */
export type MailboxItem = {
  id: string;
  createdAt: string;
  channel: "email" | "sms" | string;
  to: string;
  subject: string | null;
  body: string;
  status: string;
  /** The language it was written in, when the server tells it. */
  locale?: string | null;
};

/** `GET /applications/:id/evisa`: the issued e-visa (docs/api.md, "The e-visa"). */
export type Evisa = {
  sdJwt: string;
  seal: string;
  sealEncoding: "base64url";
  /** The QR of the seal, a `data:image/png;base64,` URL. */
  qrPng: string;
  pdfUrl: string;
  status: "valid" | "revoked" | "expired";
  /** First and last day of use, inclusive (`YYYY-MM-DD`). */
  validFrom: string;
  validUntil: string;
  reference: string;
  issuedAt: string;
  revokedAt: string | null;
  revokeReason: string | null;
};
