import type { OutboxMessage } from "@entrada/db";
import { readPayloadString } from "./readPayloadString.ts";

/** Topics that always concern the payer's application. */
const paymentTopics = new Set(["payment.seen", "payment.confirmed", "payment.reorged"]);

/** Roles whose changes the applicant made themself: nobody needs an e-mail about their own click. */
const applicantRoles = new Set(["traveller", "organisation", "org_admin"]);

/**
 * The user an outbox event should be e-mailed (and texted) to, or `undefined` when it calls for no
 * message: the application's owner (`payload.userId`) for payment events and for state changes made
 * by someone else (officer, system). A change to `paid` sends nothing of its own, as the
 * `payment.confirmed` event already told the traveller. A KYC reviewer's decision on the traveller's
 * flagged identity check (`identity.review_decided`) goes to that traveller, and so does an officer's
 * revocation of their e-visa (`evisa.revoked`). Other topics notify nobody.
 *
 * @example
 * travellerToNotify({ topic: "application.state_changed", payload: { userId, to: "rejected", actorRole: "officer" } }); // userId
 * travellerToNotify({ topic: "application.state_changed", payload: { userId, to: "submitted", actorRole: "traveller" } }); // undefined
 */
export function travellerToNotify(message: Pick<OutboxMessage, "topic" | "payload">): string | undefined {
  const { topic, payload } = message;
  const userId = readPayloadString(payload, "userId");
  if (paymentTopics.has(topic) || topic === "identity.review_decided" || topic === "evisa.revoked") return userId;
  if (topic !== "application.state_changed") return undefined;
  const actorRole = readPayloadString(payload, "actorRole");
  if (actorRole !== undefined && applicantRoles.has(actorRole)) return undefined;
  if (readPayloadString(payload, "to") === "paid") return undefined;
  return userId;
}
