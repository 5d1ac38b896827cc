import type { Address, Hex } from "viem";
import { apiCall, expectStatus } from "./apiCall.ts";
import type { Traveller } from "./signIn.ts";

/** An application quoted in USDC and the traveller's signed EIP-3009 authorization, ready to post. */
export type PreparedPayment = {
  applicationId: string;
  /** The escrow's id of the application (`bytes32`). */
  onchainId: Hex;
  traveller: Traveller;
  quoteId: string;
  digest: Hex;
  /** What the traveller pays, platform fee included, in USDC minor units. */
  total: bigint;
  platformFee: bigint;
  /** The `ReceiveWithAuthorization` signature to post to `…/payment/authorization`. */
  signature: Hex;
};

/** A UK ETA application (`gb-eta`, GBP 16) that a US passport holder may file: every answer it needs. */
function applicationBody(traveller: Traveller, n: number) {
  return {
    productId: "gb-eta",
    applicant: {
      givenNames: "ANNA MARIA",
      surname: "ERIKSSON",
      dateOfBirth: "1990-04-12",
      sex: "F",
      nationality: "USA",
      passportNumber: `F${String(n).padStart(8, "0")}`,
      passportExpiryDate: "2031-01-01",
      passportIssuingCountry: "USA",
    },
    answers: {
      email: traveller.email,
      home_address: "1 Main Street, Springfield",
      occupation: "Engineer",
      criminal_record: "none",
    },
  };
}

let applicationsMade = 0;

/**
 * Over HTTP, as the web app does: creates and submits a UK ETA application, quotes it in USDC, reads
 * the payment instructions and signs the EIP-3009 authorization they carry. Nothing is paid yet.
 *
 * @example
 * const payment = await preparePayment(url, ana);
 * await apiCall(url, { method: "POST", path: `/api/v1/applications/${payment.applicationId}/payment/authorization`, … });
 */
export async function preparePayment(baseUrl: string, traveller: Traveller): Promise<PreparedPayment> {
  const { cookie } = traveller;
  applicationsMade += 1;
  const created = expectStatus(
    await apiCall(baseUrl, {
      method: "POST",
      path: "/api/v1/applications",
      cookie,
      body: applicationBody(traveller, applicationsMade),
    }),
    201,
    "create application",
  ).body;
  const id = String(created.id);
  expectStatus(
    await apiCall(baseUrl, { method: "POST", path: `/api/v1/applications/${id}/submit`, cookie }),
    200,
    "submit",
  );
  const quote = expectStatus(
    await apiCall(baseUrl, {
      method: "POST",
      path: `/api/v1/applications/${id}/quote`,
      cookie,
      body: { token: "USDC" },
    }),
    201,
    "quote",
  ).body;
  const application = expectStatus(
    await apiCall(baseUrl, { method: "GET", path: `/api/v1/applications/${id}`, cookie }),
    200,
    "read application",
  ).body;
  const instructions = expectStatus(
    await apiCall(baseUrl, { method: "GET", path: `/api/v1/applications/${id}/payment`, cookie }),
    200,
    "payment instructions",
  ).body;
  const typedData = instructions.authorization.typedData as {
    domain: { name: string; version: string; chainId: number; verifyingContract: Address };
    types: Record<string, { name: string; type: string }[]>;
    message: Record<string, string>;
  };
  const m = typedData.message;
  const signature = await traveller.account.signTypedData({
    domain: typedData.domain,
    types: typedData.types,
    primaryType: "ReceiveWithAuthorization",
    message: { ...m, value: BigInt(m.value!), validAfter: BigInt(m.validAfter!), validBefore: BigInt(m.validBefore!) },
  });
  return {
    applicationId: id,
    onchainId: application.onchainId as Hex,
    traveller,
    quoteId: String(quote.id),
    digest: quote.digest as Hex,
    total: BigInt(quote.total.amount),
    platformFee: BigInt(quote.platformFee.amount),
    signature,
  };
}
