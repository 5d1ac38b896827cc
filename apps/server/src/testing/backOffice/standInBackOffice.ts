/**
 * A stand-in for a government back office, run as its own process (`node --import tsx
 * standInBackOffice.ts`), as docs/integration.md describes one: it receives Entrada's webhooks,
 * verifies `Entrada-Signature`, and on `application.state_changed` to `paid` fetches the application
 * and its documents with its API key, then approves by API. It knows Entrada only through HTTP and
 * what its environment says:
 * - `BACK_OFFICE_PORT`: where it listens (on 127.0.0.1);
 * - `BACK_OFFICE_API_KEY`: its authority's key (`applications:read`, `documents:read`,
 *   `applications:decide`);
 * - `BACK_OFFICE_WEBHOOK_SECRET`: the endpoint's signing secret;
 * - `BACK_OFFICE_STATE_FILE`: where it keeps the events it handled, one JSON line each, so that a
 *   restart remembers them (a real back office keeps them in its database);
 * - `BACK_OFFICE_NOW_OFFSET_MS`: added to its clock when checking the signature's time (the test
 *   server signs with a test clock).
 *
 * A handled event is answered 200 again without any call (dedup by event id); the approval carries
 * `Idempotency-Key: approve-<application id>`, so that even a crash between approving and writing
 * the state file cannot decide twice. `GET /state` shows what it did, for the test.
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import { verifyWebhookSignature } from "../../messaging/verifyWebhookSignature.ts";

type Webhook = {
  id: string;
  type: string;
  data: { applicationId?: string; to?: string };
  reference?: string;
  links?: { application: string; approve?: string };
};

type Handled = { eventId: string; applicationId: string; reference: string | undefined; documents: number };

const port = Number(process.env.BACK_OFFICE_PORT ?? "0");
const apiKey = required("BACK_OFFICE_API_KEY");
const secret = required("BACK_OFFICE_WEBHOOK_SECRET");
const stateFile = required("BACK_OFFICE_STATE_FILE");
const nowOffsetMs = Number(process.env.BACK_OFFICE_NOW_OFFSET_MS ?? "0");

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`standInBackOffice: ${name} is not set`);
  return value;
}

const handled: Handled[] = existsSync(stateFile)
  ? readFileSync(stateFile, "utf8")
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as Handled)
  : [];
/** Every webhook that reached it, with what it answered: for the test to read. */
const received: { eventId: string; type: string; status: number; note: string }[] = [];

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function api(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${apiKey}` } });
}

/** Fetches the case and its documents, then approves; returns how many documents it read. */
async function decide(webhook: Webhook): Promise<number> {
  const links = webhook.links!;
  const application = await api(links.application);
  if (!application.ok) throw new Error(`application: ${application.status} ${await application.text()}`);
  const { documents = [] } = (await application.json()) as { documents?: { id: string }[] };
  // Documents open at /identity/documents/:id, beside /applications on the same API base.
  const base = links.application.slice(0, links.application.lastIndexOf("/applications/"));
  for (const document of documents) {
    const opened = await api(`${base}/identity/documents/${document.id}`);
    if (!opened.ok) throw new Error(`document ${document.id}: ${opened.status}`);
    await opened.arrayBuffer();
  }
  const approved = await api(links.approve!, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": `approve-${webhook.data.applicationId}` },
    body: JSON.stringify({ reason: "All checks passed in the back office." }),
  });
  if (!approved.ok) throw new Error(`approve: ${approved.status} ${await approved.text()}`);
  return documents.length;
}

const server = createServer(async (request, response) => {
  const answer = (status: number, body: unknown) => {
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  if (request.method === "GET" && request.url === "/state") return answer(200, { handled, received });
  if (request.method !== "POST" || request.url !== "/webhooks") return answer(404, { error: "not found" });
  const body = await readBody(request);
  const header = request.headers["entrada-signature"];
  const verified = verifyWebhookSignature(typeof header === "string" ? header : undefined, body, secret, {
    now: new Date(Date.now() + nowOffsetMs),
  });
  if (!verified.valid) return answer(400, { error: verified.reason });
  const webhook = JSON.parse(body) as Webhook;
  const note = (status: number, text: string) => {
    received.push({ eventId: webhook.id, type: webhook.type, status, note: text });
    answer(status, { note: text });
  };
  if (handled.some((entry) => entry.eventId === webhook.id)) return note(200, "already handled");
  if (
    webhook.type !== "application.state_changed" ||
    webhook.data.to !== "paid" ||
    webhook.links?.approve === undefined
  ) {
    return note(200, "nothing to do");
  }
  try {
    const documents = await decide(webhook);
    const entry: Handled = {
      eventId: webhook.id,
      applicationId: webhook.data.applicationId!,
      reference: webhook.reference,
      documents,
    };
    appendFileSync(stateFile, `${JSON.stringify(entry)}\n`);
    handled.push(entry);
    return note(200, "approved");
  } catch (error) {
    // Not handled: Entrada retries the delivery with backoff.
    return note(500, String(error));
  }
});

server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  const listening = typeof address === "object" && address !== null ? address.port : port;
  process.stdout.write(`${JSON.stringify({ listening: `http://127.0.0.1:${listening}` })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
