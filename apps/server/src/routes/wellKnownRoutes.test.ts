import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { createPresentation } from "@entrada/identity";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestApp } from "../testing/createTestApp.ts";
import { createTestHolder, issueCredential, type TestHolder } from "../testing/identitySteps.ts";
import { signIn, type TestUser } from "../testing/signIn.ts";

const partnerScript = fileURLToPath(new URL("../testing/partnerVerifier.ts", import.meta.url));

/** A port nobody listens on now. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts the partner verifier process trusting `issuer`; resolves with its URL once it listens. */
async function startPartner(issuer: string): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", partnerScript, issuer], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  for await (const chunk of child.stdout!) {
    output += String(chunk);
    if (output.includes("\n")) break;
  }
  return { url: (JSON.parse(output.split("\n")[0]!) as { url: string }).url, process: child };
}

// A second platform: Entrada listens on a real port, and a partner's verifier runs in a process of
// its own with only @entrada/identity and Entrada's public URLs. It accepts a valid presentation,
// and refuses it once the holder revokes the credential, on its very next fetch of the status list.
describe.each(createTestDatabases())("a partner platform verifies Entrada credentials on $name", ({ open }) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let publicUrl: string;
  let partner: { url: string; process: ChildProcess };
  let ana: TestUser;
  let holder: TestHolder;

  beforeAll(async () => {
    database = await open();
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    ({ app } = await createTestApp({ db: database.db, env: { ENTRADA_PUBLIC_URL: publicUrl } }));
    await app.listen({ host: "127.0.0.1", port });
    partner = await startPartner(publicUrl);
    ana = await signIn(app);
    holder = await createTestHolder();
  });
  afterAll(async () => {
    partner?.process.kill("SIGTERM");
    await app.close();
    await database.close();
  });

  /** Presents the credential to the partner for `disclose`; the partner's verdict. */
  async function presentToPartner(credential: string, disclose: string[], requiredClaims = disclose) {
    const challenge = (await (
      await fetch(`${partner.url}/challenge`, { method: "POST", body: JSON.stringify({ requiredClaims }) })
    ).json()) as { nonce: string; audience: string };
    const presentation = await createPresentation({
      credential,
      disclose,
      nonce: challenge.nonce,
      audience: challenge.audience,
      signer: holder.signer,
    });
    const verdict = await fetch(`${partner.url}/verify`, {
      method: "POST",
      body: JSON.stringify({ nonce: challenge.nonce, presentation }),
    });
    return (await verdict.json()) as { ok: boolean; code?: string; issuer?: string; claims?: Record<string, unknown> };
  }

  test("the issuer's metadata is where the partner looks for it: the public URL's /.well-known/jwt-vc-issuer", async () => {
    const response = await fetch(`${publicUrl}/.well-known/jwt-vc-issuer`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { issuer: string }).issuer).toBe(publicUrl);
  });

  test("accepts a valid presentation with only the disclosed claims, then refuses it after revocation", async () => {
    const { credential } = await issueCredential(app, ana, holder);
    const accepted = await presentToPartner(credential, ["given_name", "age_equal_or_over.18"]);
    expect(accepted).toEqual({
      ok: true,
      issuer: publicUrl,
      claims: { given_name: "Anna Maria", age_equal_or_over: { "18": true } },
    });

    const missing = await presentToPartner(credential, ["given_name"], ["given_name", "nationalities"]);
    expect(missing).toEqual({ ok: false, code: "ENTRADA_PRESENTATION_CLAIM_MISSING" });

    const revoked = await app.inject({
      method: "POST",
      url: "/api/v1/identity/credential/revoke",
      headers: ana.headers,
      payload: { reason: "lost" },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const refused = await presentToPartner(credential, ["given_name", "age_equal_or_over.18"]);
    expect(refused).toEqual({ ok: false, code: "ENTRADA_CREDENTIAL_REVOKED" });
  });

  test("a credential of another issuer is untrusted by the partner", async () => {
    const other = await createTestApp({ db: database.db, env: { ENTRADA_PUBLIC_URL: "http://127.0.0.1:1" } });
    try {
      const ben = await signIn(other.app);
      const { credential } = await issueCredential(other.app, ben, holder);
      expect(await presentToPartner(credential, ["given_name"])).toEqual({
        ok: false,
        code: "ENTRADA_ISSUER_UNTRUSTED",
      });
    } finally {
      await other.app.close();
    }
  });
});
