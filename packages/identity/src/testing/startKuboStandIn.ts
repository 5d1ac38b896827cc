import { computeCid } from "../documents/computeCid.ts";
import { type StandInServer, startStandInServer } from "./startStandInServer.ts";

/** A stand-in Kubo node and its state, for tests. */
export type KuboStandIn = StandInServer & {
  /** CID → bytes, as "pinned" by the node. */
  readonly blocks: Map<string, Uint8Array>;
  /** Lets a test make the node misbehave: answer another CID, or alter content on `cat`. */
  readonly faults: { wrongCid?: boolean; alterContent?: boolean };
};

/**
 * A local stand-in for Kubo's RPC API (`/api/v0/add`, `/api/v0/cat`, `/api/v0/pin/rm`), answering
 * as Kubo does for single-block files (`--cid-version=1 --raw-leaves`), errors as `500` with
 * `{ Message, Code, Type }`. Not part of the package's API.
 */
export async function startKuboStandIn(): Promise<KuboStandIn> {
  const blocks = new Map<string, Uint8Array>();
  const faults: KuboStandIn["faults"] = {};
  const error = (message: string) => JSON.stringify({ Message: message, Code: 0, Type: "error" });
  const server = await startStandInServer(async (request, response) => {
    if (request.method !== "POST") {
      response.writeHead(405).end();
      return;
    }
    const arg = request.url.searchParams.get("arg") ?? "";
    switch (request.url.pathname) {
      case "/api/v0/add": {
        const content = multipartFile(request.body, String(request.headers["content-type"]));
        const cid = faults.wrongCid ? await computeCid(new Uint8Array([1])) : await computeCid(content);
        blocks.set(cid, content);
        response.writeHead(200, { "content-type": "application/json" });
        response.end(`${JSON.stringify({ Name: "blob", Hash: cid, Size: String(content.byteLength) })}\n`);
        return;
      }
      case "/api/v0/cat": {
        const content = blocks.get(arg);
        if (content === undefined) {
          response
            .writeHead(500, { "content-type": "application/json" })
            .end(error(`block was not found locally (offline): ipld: could not find ${arg}`));
          return;
        }
        response.writeHead(200, { "content-type": "text/plain" });
        response.end(
          faults.alterContent ? Buffer.concat([Buffer.from(content), Buffer.from("!")]) : Buffer.from(content),
        );
        return;
      }
      case "/api/v0/pin/rm": {
        if (!blocks.delete(arg)) {
          response.writeHead(500, { "content-type": "application/json" }).end(error("not pinned or pinned indirectly"));
          return;
        }
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ Pins: [arg] }));
        return;
      }
      default:
        response.writeHead(404).end("404 page not found");
    }
  });
  return Object.assign(server, { blocks, faults });
}

/** The first file part of a multipart/form-data body. */
function multipartFile(body: Buffer, contentType: string): Uint8Array {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (boundary === null) throw new Error("no multipart boundary");
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const start = body.indexOf("\r\n\r\n", body.indexOf(delimiter)) + 4;
  const end = body.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), start);
  return new Uint8Array(body.subarray(start, end));
}
