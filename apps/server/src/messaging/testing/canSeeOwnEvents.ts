import type { OutboxMessage } from "@entrada/db";
import type { StreamUser } from "../createSseHub.ts";
import { readPayloadString } from "../readPayloadString.ts";

/**
 * A stand-in for the authorization policy in tests: a user sees the events whose payload names them
 * (`userId`), an officer also those of their authority.
 *
 * @example
 * createSseHub({ db, bus, canSee: canSeeOwnEvents, logger });
 */
export function canSeeOwnEvents(user: StreamUser, event: OutboxMessage): boolean {
  if (readPayloadString(event.payload, "userId") === user.id) return true;
  return (
    user.roles.includes("officer") &&
    user.authorityId !== undefined &&
    readPayloadString(event.payload, "authorityId") === user.authorityId
  );
}
