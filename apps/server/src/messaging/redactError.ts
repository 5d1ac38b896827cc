/** Longest error text kept, in logs and in `last_error` columns. */
const maxLength = 500;

/**
 * A one-line description of an error that is safe to log and store: e-mail addresses, phone
 * numbers, bearer tokens and credentials in URLs are replaced, and the text is cut at 500
 * characters. SMTP servers and HTTP providers like to echo the recipient back in their errors.
 *
 * @example
 * redactError(new Error("550 5.1.1 <ana@example.com>: Recipient address rejected"));
 * // "Error: 550 5.1.1 <[email]>: Recipient address rejected"
 */
export function redactError(error: unknown): string {
  const text = error instanceof Error ? describe(error) : typeof error === "string" ? error : "Unknown error";
  return text
    .replace(/\/\/[^/\s:@]+:[^/\s@]+@/g, "//[credentials]@")
    .replace(/[^\s<>()"',;:]+@[^\s<>()"',;:]+\.[a-z]{2,}/gi, "[email]")
    .replace(/\bBearer\s+\S+/gi, "Bearer [token]")
    .replace(/\+?\d[\d ()-]{7,}\d/g, "[phone]")
    .replace(/\s+/g, " ")
    .slice(0, maxLength);
}

/** `Name: message`, with the cause's: fetch says only "fetch failed", and the reason is its cause. */
function describe(error: Error): string {
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.name}: ${error.cause.message})` : "";
  return `${error.name}: ${error.message}${cause}`;
}
