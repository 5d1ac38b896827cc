import { postAuthorization } from "./postAuthorization.ts";
import type { PreparedPayment } from "./preparePayment.ts";
import type { FaultStack } from "./startFaultStack.ts";
import { waitForStates } from "./waitForStates.ts";

/**
 * Pays prepared applications without any fault (authorizations posted, the relayer sends them) and
 * waits until the indexer has confirmed every one (`paid`): the set-up of scenarios that need paid
 * applications.
 *
 * @example
 * const paid = await payAndConfirm(stack, await preparePayments(stack, 16));
 */
export async function payAndConfirm(
  stack: FaultStack,
  payments: readonly PreparedPayment[],
): Promise<PreparedPayment[]> {
  const deadline = Date.now() + 120_000;
  const outcomes = await Promise.all(payments.map((payment) => postAuthorization(stack.url, payment, { deadline })));
  const refused = outcomes.filter((outcome) => outcome.outcome !== "done");
  if (refused.length > 0) throw new Error(`set-up payments refused: ${refused.map((o) => o.detail).join("; ")}`);
  await waitForStates(
    stack.url,
    payments.map((payment) => ({ id: payment.applicationId, cookie: payment.traveller.cookie })),
    ["paid"],
    120_000,
  );
  return [...payments];
}
