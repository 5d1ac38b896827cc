import { apiCall } from "./apiCall.ts";
import { type ClientOutcome, classifyAnswer } from "./classifyAnswer.ts";
import { retryUntilAnswered } from "./retryUntilAnswered.ts";
import type { Session } from "./signIn.ts";

/** An officer's decision on a paid application. */
export type Decision = "approve" | "reject";

/**
 * Posts an officer's decision (approve, or reject with a reason) with an Idempotency-Key per
 * application and decision, retrying until a final answer or `deadline`; with `once`, one attempt.
 *
 * @example
 * await postDecision(url, officer, applicationId, "approve", { deadline: Date.now() + 120_000 });
 */
export async function postDecision(
  baseUrl: string,
  officer: Session,
  applicationId: string,
  decision: Decision,
  options: { deadline: number; once?: boolean },
): Promise<ClientOutcome> {
  const send = () =>
    apiCall(baseUrl, {
      method: "POST",
      path: `/api/v1/officer/applications/${applicationId}/${decision}`,
      cookie: officer.cookie,
      body: decision === "reject" ? { reason: "The fault suite rejects this application." } : {},
      idempotencyKey: `decision-${applicationId}-${decision}`,
    });
  if (options.once) {
    try {
      return classifyAnswer(await send(), 200, 1, undefined);
    } catch (error) {
      return classifyAnswer(undefined, 200, 1, error);
    }
  }
  const { answer, attempts, lastError } = await retryUntilAnswered(send, { deadline: options.deadline });
  return classifyAnswer(answer, 200, attempts, lastError);
}
