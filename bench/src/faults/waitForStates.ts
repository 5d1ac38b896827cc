import { setTimeout as sleep } from "node:timers/promises";
import { apiCall } from "./apiCall.ts";

/**
 * Polls `GET /applications/:id/status` of each application (as its owner) until every one is in one
 * of `states`; throws after `timeoutMs` naming those that are not.
 *
 * @example
 * await waitForStates(url, payments.map((p) => ({ id: p.applicationId, cookie: p.traveller.cookie })), ["paid", "under_review"], 60_000);
 */
export async function waitForStates(
  baseUrl: string,
  applications: readonly { id: string; cookie: string }[],
  states: readonly string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let waiting = [...applications];
  let last = new Map<string, string>();
  while (waiting.length > 0) {
    const answers = await Promise.all(
      waiting.map(async (application) => {
        try {
          const answer = await apiCall(baseUrl, {
            method: "GET",
            path: `/api/v1/applications/${application.id}/status`,
            cookie: application.cookie,
          });
          return String(answer.body?.state ?? answer.status);
        } catch {
          return "no answer";
        }
      }),
    );
    last = new Map(waiting.map((application, i) => [application.id, answers[i]!]));
    waiting = waiting.filter((_, i) => !states.includes(answers[i]!));
    if (waiting.length === 0) return;
    if (Date.now() > deadline) {
      const sample = waiting
        .slice(0, 5)
        .map((application) => `${application.id.slice(0, 8)}: ${last.get(application.id)}`);
      throw new Error(
        `${waiting.length} applications not ${states.join("/")} after ${timeoutMs} ms (${sample.join(", ")})`,
      );
    }
    await sleep(300);
  }
}
