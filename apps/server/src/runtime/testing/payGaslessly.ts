import type { HDAccount, Hex, LocalAccount } from "viem";
import { testAnswers, testApplicant } from "../../testing/applicationSteps.ts";
import type { HttpClient, HttpResponse } from "./createHttpClient.ts";

/** The API's answer to a posted authorization: the relayer's transaction. */
export type RelayedJson = { txHash: Hex; status: string; quoteId: string };

/** A quote as the API returns it, the fields these steps read. */
export type QuoteJson = {
  id: string;
  status: string;
  digest: Hex;
  total: { amount: string; currency: string };
  escrowQuote: Record<"applicationId" | "expiresAt", string>;
};

/**
 * Applies for the UK ETA (`gb-eta`) over the API and submits it, as the traveller signed in to
 * `client` does: the application's id.
 *
 * @example
 * const id = await applyForUkEta(traveller.client);
 */
export async function applyForUkEta(client: HttpClient): Promise<string> {
  const created = await client.post<{ id: string }>("/api/v1/applications", {
    productId: "gb-eta",
    applicant: testApplicant,
    answers: testAnswers,
  });
  if (created.status !== 201) throw new Error(`apply: ${created.status} ${created.text}`);
  const submitted = await client.post(`/api/v1/applications/${created.body.id}/submit`);
  if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${submitted.text}`);
  return created.body.id;
}

/**
 * Locks a USDC quote for a submitted application (it moves to `payment_pending`).
 *
 * @example
 * const quote = await quoteInUsdc(traveller.client, id);
 */
export async function quoteInUsdc(client: HttpClient, applicationId: string): Promise<QuoteJson> {
  const quoted = await client.post<QuoteJson>(`/api/v1/applications/${applicationId}/quote`, { token: "USDC" });
  if (quoted.status !== 201) throw new Error(`quote: ${quoted.status} ${quoted.text}`);
  return quoted.body;
}

/**
 * Pays an application's open quote without gas, as the web app does: signs the EIP-3009
 * authorization the API hands out and posts it, for the API's relayer to send. Returns the signature
 * (to post it again) and the API's answer, relayed or not.
 *
 * @example
 * const { response } = await payGaslessly(traveller.client, traveller.account, id);
 * response.status // 202
 */
export async function payGaslessly(
  client: HttpClient,
  account: HDAccount | LocalAccount,
  applicationId: string,
): Promise<{ signature: Hex; response: HttpResponse<RelayedJson> }> {
  const instructions = await client.get<{
    authorization: {
      typedData: {
        domain: Record<string, unknown>;
        types: Record<string, { name: string; type: string }[]>;
        message: Record<string, string>;
      };
    } | null;
  }>(`/api/v1/applications/${applicationId}/payment`);
  const typedData = instructions.body.authorization?.typedData;
  if (instructions.status !== 200 || typedData === undefined) {
    throw new Error(`payment instructions: ${instructions.status} ${instructions.text}`);
  }
  const m = typedData.message;
  const signature = await account.signTypedData({
    domain: typedData.domain,
    types: typedData.types,
    primaryType: "ReceiveWithAuthorization",
    message: {
      ...m,
      value: BigInt(m.value!),
      validAfter: BigInt(m.validAfter!),
      validBefore: BigInt(m.validBefore!),
    },
  } as Parameters<LocalAccount["signTypedData"]>[0]);
  return { signature, response: await postAuthorization(client, applicationId, signature) };
}

/**
 * Posts a signed EIP-3009 authorization for the application's open quote.
 *
 * @example
 * const again = await postAuthorization(traveller.client, id, signature);
 */
export function postAuthorization(
  client: HttpClient,
  applicationId: string,
  signature: Hex,
): Promise<HttpResponse<RelayedJson>> {
  return client.post<RelayedJson>(`/api/v1/applications/${applicationId}/payment/authorization`, { signature });
}
