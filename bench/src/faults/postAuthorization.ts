import { apiCall } from "./apiCall.ts";
import { type ClientOutcome, classifyAnswer } from "./classifyAnswer.ts";
import type { PreparedPayment } from "./preparePayment.ts";
import { retryUntilAnswered } from "./retryUntilAnswered.ts";

/**
 * Posts the traveller's EIP-3009 authorization as the web app does (Idempotency-Key
 * `authorization-<quote id>`), retrying until a final answer or `deadline`; with `once`, a single
 * attempt (a request that may be cut short by a fault).
 *
 * @example
 * const { outcome } = await postAuthorization(url, payment, { deadline: Date.now() + 120_000 });
 */
export async function postAuthorization(
  baseUrl: string,
  payment: PreparedPayment,
  options: { deadline: number; once?: boolean },
): Promise<ClientOutcome> {
  const send = () =>
    apiCall(baseUrl, {
      method: "POST",
      path: `/api/v1/applications/${payment.applicationId}/payment/authorization`,
      cookie: payment.traveller.cookie,
      body: { signature: payment.signature },
      idempotencyKey: `authorization-${payment.quoteId}`,
    });
  if (options.once) {
    try {
      return classifyAnswer(await send(), 202, 1, undefined);
    } catch (error) {
      return classifyAnswer(undefined, 202, 1, error);
    }
  }
  const { answer, attempts, lastError } = await retryUntilAnswered(send, { deadline: options.deadline });
  return classifyAnswer(answer, 202, attempts, lastError);
}
