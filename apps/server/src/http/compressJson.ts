import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { FastifyReply, FastifyRequest } from "fastify";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Smaller answers are sent as they are: compressing them saves less than a packet. */
export const compressJsonMinimumBytes = 1024;

/** The encoding to send in, from an Accept-Encoding header: brotli, else gzip, else none (q=0 refuses). */
export function jsonEncoding(acceptEncoding: string | undefined): "br" | "gzip" | undefined {
  const accepted = new Set(
    (acceptEncoding ?? "")
      .split(",")
      .map((range) => range.split(";").map((part) => part.trim().toLowerCase()))
      .filter(([, ...parameters]) => !parameters.some((parameter) => /^q=0(\.0*)?$/.test(parameter)))
      .map(([coding]) => coding),
  );
  if (accepted.has("br")) return "br";
  if (accepted.has("gzip")) return "gzip";
  return undefined;
}

/**
 * An `onSend` hook that compresses JSON answers (the API's, `application/json` and
 * `application/problem+json`) of 1 KiB or more with brotli (quality 5: a millisecond for the
 * catalogue's 21 KB, which comes to 3 KB) or gzip, as the client accepts, with `Vary:
 * Accept-Encoding`. Streams (the event stream, files) and answers already encoded are left alone.
 * Added after the idempotency hook, so that a stored answer is the JSON itself.
 *
 * @example
 * app.addHook("onSend", compressJson);
 */
export async function compressJson(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (typeof payload !== "string" && !Buffer.isBuffer(payload)) return payload;
  if (reply.getHeader("content-encoding") !== undefined) return payload;
  const type = String(reply.getHeader("content-type") ?? "");
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) return payload;
  const body = typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
  const vary = reply.getHeader("vary");
  if (body.length < compressJsonMinimumBytes) return payload;
  reply.header("vary", vary === undefined ? "Accept-Encoding" : `${String(vary)}, Accept-Encoding`);
  const encoding = jsonEncoding(request.headers["accept-encoding"]);
  if (encoding === undefined) return payload;
  const compressed =
    encoding === "br"
      ? await brotli(body, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
        })
      : await gzipAsync(body);
  reply.header("content-encoding", encoding).header("content-length", compressed.length);
  return compressed;
}
