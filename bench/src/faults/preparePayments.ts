import { type PreparedPayment, preparePayment } from "./preparePayment.ts";
import type { FaultStack } from "./startFaultStack.ts";

/**
 * `count` applications ready to pay ({@link preparePayment}), spread over the stack's travellers in
 * turn, four in flight at a time.
 *
 * @example
 * const payments = await preparePayments(stack, 24);
 */
export async function preparePayments(stack: FaultStack, count: number): Promise<PreparedPayment[]> {
  const payments: PreparedPayment[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < count) {
        const i = next;
        next += 1;
        payments[i] = await preparePayment(stack.url, stack.travellers[i % stack.travellers.length]!);
      }
    }),
  );
  return payments;
}
