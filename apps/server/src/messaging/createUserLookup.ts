import { type Database, type Locale, users } from "@entrada/db";
import { eq } from "drizzle-orm";

/** Where and how to reach a user. */
export type Recipient = {
  /** The address the user verified with a code (`users.email`); `null` until then: no e-mail. */
  email: string | null;
  /** The language of their messages. */
  locale: Locale;
  /** E.164 number for SMS, when the user gave one. */
  phone?: string | null | undefined;
};

/** Finds a user's contact details by id; `undefined` when there is no such user. */
export type UserLookup = (userId: string) => Promise<Recipient | undefined>;

export type CreateUserLookupParameters = { db: Database };

const uuidPattern = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

/**
 * The {@link UserLookup} of the `users` table: the verified e-mail address and the language. The table holds no phone
 * numbers yet, so no user gets SMS through it.
 *
 * @example
 * const lookup = createUserLookup({ db });
 * await lookup(userId); // { email: "ana@example.com", locale: "es" }
 */
export function createUserLookup(parameters: CreateUserLookupParameters): UserLookup {
  const { db } = parameters;
  return async (userId) => {
    if (!uuidPattern.test(userId)) return undefined;
    const [row] = await db.select({ email: users.email, locale: users.locale }).from(users).where(eq(users.id, userId));
    return row;
  };
}
