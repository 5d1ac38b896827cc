/**
 * The value at a dotted claim path (`age_equal_or_over.18`), or `undefined` when absent.
 *
 * @example
 * readClaimPath({ age_equal_or_over: { "18": true } }, "age_equal_or_over.18") // true
 */
export function readClaimPath(claims: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = claims;
  for (const segment of path.split(".")) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** Claims that describe the credential rather than its holder; a verifier gets them separately. */
export const registeredClaimNames: ReadonlySet<string> = new Set([
  "iss",
  "sub",
  "iat",
  "nbf",
  "exp",
  "jti",
  "vct",
  "vct#integrity",
  "cnf",
  "status",
]);

/**
 * The holder's claims of a processed payload, without the registered ones (`iss`, `exp`, `cnf`…).
 *
 * @example
 * personalClaims({ iss: "https://entrada.example", given_name: "Anna" }) // { given_name: "Anna" }
 */
export function personalClaims(payload: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([name]) => !registeredClaimNames.has(name)));
}
