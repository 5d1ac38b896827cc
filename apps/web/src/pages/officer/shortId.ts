/**
 * An application id as the queue shows it: its first 8 hex digits, enough to tell rows apart and to
 * search by (the full id is in the link and on the application's page).
 *
 * @example
 * shortId("5f0c2a9e-1b7d-4c1e-9a57-0d3f6b1c2e4a") // "5f0c2a9e"
 */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
