import { createHash } from "node:crypto";
import type { FastifyReply } from "fastify";

/**
 * A `<style>` element and its contents, which is what a browser hashes (no entities decoded in it);
 * or a comment, matched only to be skipped, so that a `<style>` written in it is not taken for one.
 */
const styleElementOrComment = /<!--[\s\S]*?-->|<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi;

/**
 * The CSP source that lets exactly this inline stylesheet through: `'sha256-…'` of its UTF-8 text,
 * line breaks as the HTML parser leaves them (CRLF and CR become LF before the browser hashes).
 *
 * @example
 * styleHashSource("body{margin:0}") // "'sha256-…'"
 */
export function styleHashSource(css: string): string {
  const text = css.replace(/\r\n?/g, "\n");
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/**
 * The CSP sources that let the `<style>` elements of an HTML page through and nothing else: one
 * hash per element, so a stylesheet injected into the page is still refused. Only for HTML the
 * server itself wrote or built, without inline scripts (a `<style>` in a script's text is not told apart).
 *
 * @example
 * inlineStyleSources("<head><style>body{margin:0}</style></head>") // ["'sha256-…'"]
 */
export function inlineStyleSources(html: string): string[] {
  const styles = [...html.matchAll(styleElementOrComment)].flatMap((match) => match[1] ?? []);
  return [...new Set(styles.map(styleHashSource))];
}

/**
 * `csp` with `sources` added to its `style-src` directive (`style-src 'self'` and them when it has
 * none): the app-wide policy, widened for one page.
 *
 * @example
 * allowStyleSources("default-src 'self';style-src 'self'", ["'unsafe-inline'"])
 * // "default-src 'self';style-src 'self' 'unsafe-inline'"
 */
export function allowStyleSources(csp: string, sources: readonly string[]): string {
  if (sources.length === 0) return csp;
  const directives = csp.split(";");
  const index = directives.findIndex((directive) => /^\s*style-src(\s|$)/i.test(directive));
  if (index === -1)
    return [...directives.filter((d) => d.trim() !== ""), `style-src 'self' ${sources.join(" ")}`].join(";");
  directives[index] = `${directives[index]?.trimEnd()} ${sources.join(" ")}`;
  return directives.join(";");
}

/**
 * Widens the CSP the security headers set on this reply with `sources` for `style-src`: for a page
 * that carries its own inline stylesheet. A reply without a CSP is left without one.
 *
 * @example
 * allowStylesOnReply(reply, inlineStyleSources(html));
 */
export function allowStylesOnReply(reply: FastifyReply, sources: readonly string[]): void {
  const csp = reply.getHeader("content-security-policy");
  if (typeof csp === "string") reply.header("content-security-policy", allowStyleSources(csp, sources));
}
