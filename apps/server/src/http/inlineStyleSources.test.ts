import { createHash } from "node:crypto";
import Fastify from "fastify";
import { describe, expect, test } from "vitest";
import { allowStyleSources, allowStylesOnReply, inlineStyleSources, styleHashSource } from "./inlineStyleSources.ts";

/** The hash a browser takes of a `<style>` element's text, worked out independently. */
const sha256 = (text: string) => `'sha256-${createHash("sha256").update(Buffer.from(text, "utf8")).digest("base64")}'`;

describe("inlineStyleSources", () => {
  test("hashes the exact text of each <style> element, as the browser does", () => {
    const html = `<head><style>body{margin:0}</style><style media="print">
  p { color: #000; } /* naïve */
</style></head><body><p style="color:red">x</p></body>`;
    expect(inlineStyleSources(html)).toEqual([
      sha256("body{margin:0}"),
      sha256("\n  p { color: #000; } /* naïve */\n"),
    ]);
    // A known value: the hash of an empty stylesheet.
    expect(styleHashSource("")).toBe("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
  });

  test("hashes line breaks as the HTML parser leaves them: CRLF and CR become LF", () => {
    expect(styleHashSource("a{}\r\nb{}\rc{}")).toBe(sha256("a{}\nb{}\nc{}"));
  });

  test("a <style> written in a comment is not one; a comment written in a stylesheet is its text", () => {
    const html = "<!-- the CSP allows this <style> block only --><style>a{}<!-- b{} --></style><!-- </style> -->";
    expect(inlineStyleSources(html)).toEqual([sha256("a{}<!-- b{} -->")]);
  });

  test("a page without a <style> needs no source; the same stylesheet twice needs one", () => {
    expect(inlineStyleSources("<p>no styles</p>")).toEqual([]);
    expect(inlineStyleSources("<STYLE>a{}</STYLE><style>a{}</style >")).toEqual([sha256("a{}")]);
  });
});

describe("allowStyleSources", () => {
  test("adds the sources to style-src and leaves every other directive as it was", () => {
    const csp = "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:";
    expect(allowStyleSources(csp, ["'sha256-abc='", "'sha256-def='"])).toBe(
      "default-src 'self';script-src 'self';style-src 'self' 'sha256-abc=' 'sha256-def=';img-src 'self' data:",
    );
    expect(allowStyleSources(csp, [])).toBe(csp);
  });

  test("a policy without style-src gets one, from the app and the sources", () => {
    expect(allowStyleSources("default-src 'self'; ", ["'unsafe-inline'"])).toBe(
      "default-src 'self';style-src 'self' 'unsafe-inline'",
    );
  });
});

describe("allowStylesOnReply", () => {
  test("widens the reply's CSP for that reply only; a reply without a CSP gets none", async () => {
    const app = Fastify();
    app.addHook("onRequest", async (request, reply) => {
      if (request.url !== "/bare") reply.header("content-security-policy", "default-src 'self';style-src 'self'");
    });
    for (const url of ["/page", "/bare"]) {
      app.get(url, async (_request, reply) => {
        allowStylesOnReply(reply, ["'sha256-abc='"]);
        return "ok";
      });
    }
    app.get("/other", async () => "ok");
    const csp = async (url: string) => (await app.inject({ method: "GET", url })).headers["content-security-policy"];
    expect(await csp("/page")).toBe("default-src 'self';style-src 'self' 'sha256-abc='");
    expect(await csp("/other")).toBe("default-src 'self';style-src 'self'");
    expect(await csp("/bare")).toBeUndefined();
    await app.close();
  });
});
