import type { ApiAnswer } from "./apiCall.ts";

/** How a client's posting of a payment ended. */
export type ClientOutcome = {
  /**
   * `done`: accepted (202/200) or answered that it happened already (409 illegal transition: the
   * application moved on); `refused`: another final answer; `no_answer`: nothing final before the deadline.
   */
  outcome: "done" | "refused" | "no_answer";
  attempts: number;
  answer: ApiAnswer | undefined;
  detail: string;
};

/**
 * Classifies a client's final answer: success (`ok`, or 409 illegal transition: it happened
 * already and the application moved on), a refusal, or no answer at all.
 *
 * @example
 * classifyAnswer(answer, 202, 1, undefined).outcome; // "done"
 */
export function classifyAnswer(
  answer: ApiAnswer | undefined,
  ok: number,
  attempts: number,
  lastError: unknown,
): ClientOutcome {
  if (answer === undefined) {
    return {
      outcome: "no_answer",
      attempts,
      answer,
      detail: lastError instanceof Error ? lastError.message : String(lastError),
    };
  }
  const code = answer.body?.error?.code as string | undefined;
  if (answer.status === ok || (answer.status === 409 && code === "ENTRADA_ILLEGAL_TRANSITION")) {
    return { outcome: "done", attempts, answer, detail: `${answer.status}${code ? ` ${code}` : ""}` };
  }
  return { outcome: "refused", attempts, answer, detail: `${answer.status} ${answer.text.slice(0, 300)}` };
}
