import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { IndexedEscrowEvent } from "@entrada/chain";
import { enqueueOutbox, evisas as evisaTable, notifications, type OutboxMessage, outbox, users } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import {
  CredentialRevokedError,
  CredentialSuspendedError,
  createHttpCredentialFetchers,
  createPresentation,
  DisclosureTamperedError,
  issuerMetadataUrl,
  verifyPresentation,
} from "@entrada/identity";
import { sealFromBase64url, trustedKeysFromIssuerMetadata, verifyVisaSeal } from "@entrada/verify";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { and, desc, eq } from "drizzle-orm";
import { compactVerify, decodeProtectedHeader, importJWK } from "jose";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRecordCipher } from "../crypto/createRecordCipher.ts";
import { createMailer } from "../messaging/createMailer.ts";
import { createOutboxWorker } from "../messaging/createOutboxWorker.ts";
import { createUserLookup } from "../messaging/createUserLookup.ts";
import { createWebhookDeliverer } from "../messaging/createWebhookDeliverer.ts";
import { createTestLogger } from "../messaging/testing/createTestLogger.ts";
import { startSmtpStandIn } from "../messaging/testing/startSmtpStandIn.ts";
import { createChainEventHandler } from "../services/chainEventHandler.ts";
import { createAuthorityKeys } from "../services/createAuthorityKeys.ts";
import { createEvisaService, type EvisaService } from "../services/createEvisaService.ts";
import { createQuoted, testApplicant } from "../testing/applicationSteps.ts";
import { createTestApp, type TestApp } from "../testing/createTestApp.ts";
import { escrowPaid, escrowSettled } from "../testing/escrowEvents.ts";
import { createTestHolder, issueCredential, type TestHolder } from "../testing/identitySteps.ts";
import { grantRole, signIn, type TestUser } from "../testing/signIn.ts";
import { verifyEmail } from "../testing/verifyEmail.ts";
import { evisaPdfForHolder } from "../views/evisaPdf.ts";
import { sealQrCode } from "../views/evisaView.ts";

describe.each(createTestDatabases())("e-visa routes on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  let ana: TestUser;
  let ben: TestUser;
  let officer: TestUser;
  let otherOfficer: TestUser;
  let support: TestUser;
  let holder: TestHolder;
  let evisaService: EvisaService;
  let handler: ReturnType<typeof createChainEventHandler>;
  let worker: ReturnType<typeof createOutboxWorker>;

  beforeAll(async () => {
    database = await open();
    t = await createTestApp({ db: database.db });
    ana = await signIn(t.app);
    ben = await signIn(t.app);
    officer = await signIn(t.app);
    otherOfficer = await signIn(t.app);
    support = await signIn(t.app);
    await grantRole(database.db, officer.id, "officer", { authorityId: "gb-eta" });
    await grantRole(database.db, otherOfficer.id, "officer", { authorityId: "th-evisa" });
    await grantRole(database.db, support.id, "support");
    await verifyEmail(t.app, database.db, ana, "ana@example.org");
    holder = await createTestHolder();
    await issueCredential(t.app, ana, holder);

    // The runtime's parts: its own e-visa service (as startEntrada makes it) behind the outbox worker.
    const cipher = createRecordCipher({ masterKey: t.config.masterKey });
    evisaService = createEvisaService({
      db: database.db,
      cipher,
      authorityKeys: createAuthorityKeys({ db: database.db, cipher, clock: t.clock }),
      publicUrl: t.config.publicUrl,
      clock: t.clock,
      statusListSize: 1024,
    });
    const { logger } = createTestLogger();
    handler = createChainEventHandler({ deployment: t.deployment, confirmations: 12, clock: t.clock, logger });
    worker = createOutboxWorker({
      db: database.db,
      mailer: createMailer({ db: database.db, from: "Entrada <no-reply@entrada.example>", logger }),
      webhooks: createWebhookDeliverer({ db: database.db, secretOf: () => "whsec_test", logger }),
      users: createUserLookup({ db: database.db }),
      logger,
      workerId: "evisa-test",
      handlers: [(message) => evisaService.handleOutboxEvent(message)],
    });
  });
  afterAll(async () => {
    await t.app.close();
    await database.close();
  });

  const apply = (events: IndexedEscrowEvent[]) => database.db.transaction((tx) => handler.onEvents(tx, events));
  /** Works the outbox until nothing is due, as the runtime's loop does. */
  async function drainOutbox(): Promise<void> {
    while ((await worker.processOnce()).claimed > 0);
  }
  const getEvisa = (id: string, user: TestUser | null) =>
    t.app.inject({ method: "GET", url: `/api/v1/applications/${id}/evisa`, headers: user?.headers ?? {} });
  const evisaRows = (id: string) => database.db.select().from(evisaTable).where(eq(evisaTable.applicationId, id));

  /** Ana's UK ETA application, paid, approved and released on the chain: state `issued`. */
  async function issuedApplication(
    traveller: TestUser = ana,
  ): Promise<{ id: string; release: IndexedEscrowEvent; paidTx: string }> {
    const { application, quote } = await createQuoted(t.app, traveller);
    const paid = escrowPaid(quote.escrowQuote as never);
    await apply([paid]);
    const approve = await t.app.inject({
      method: "POST",
      url: `/api/v1/officer/applications/${application.id}/approve`,
      headers: officer.headers,
      payload: {},
    });
    expect(approve.statusCode, approve.body).toBe(200);
    const release = escrowSettled("EscrowReleased", quote.escrowQuote as never);
    await apply([release]);
    return { id: application.id, release, paidTx: paid.txHash };
  }

  /** Fetches a public URL of the app as an outside verifier would, through `app.inject`. */
  const publicFetch = (async (input: string | URL) => {
    const url = new URL(String(input));
    const response = await t.app.inject({ method: "GET", url: url.pathname });
    return new Response(response.body, {
      status: response.statusCode,
      headers: { "content-type": String(response.headers["content-type"]) },
    });
  }) as typeof fetch;

  /**
   * A hotel's check of the e-visa `sdJwt`, presented by `holderKey` (Ana's by default) with
   * `disclose`: against gb-eta's published keys and status list, as an outside verifier fetches them.
   */
  async function verifyAtHotel(sdJwt: string, holderKey: TestHolder = holder, disclose = ["given_name"]) {
    const origin = new URL(t.config.publicUrl).origin;
    return verifyPresentation({
      presentation: await createPresentation({
        credential: sdJwt,
        disclose,
        nonce: "n",
        audience: "https://hotel.example",
        signer: holderKey.signer,
        clock: t.clock,
      }),
      nonce: "n",
      audience: "https://hotel.example",
      trustedIssuers: [`${origin}/authorities/gb-eta`],
      vct: `${origin}/vct/evisa/v1`,
      ...createHttpCredentialFetchers({ fetch: publicFetch }),
      clock: t.clock,
    });
  }

  test("the release's outbox event issues the e-visa, once however often it is replayed", async () => {
    const { id, release } = await issuedApplication();
    const before = await getEvisa(id, ana);
    expect(before.statusCode).toBe(404);
    expect(before.json().error).toMatchObject({ code: "ENTRADA_EVISA_NOT_ISSUED", details: { state: "issued" } });

    await drainOutbox();
    const [row] = await evisaRows(id);
    expect(row).toMatchObject({ authorityId: "gb-eta", revokedAt: null });
    // Sealed: the passport number is nowhere in the row's bytes.
    expect(Buffer.from(row!.ciphertext).toString("latin1")).not.toContain(testApplicant.passportNumber);

    // The indexer hands the release over again, the event is delivered again (a worker died after
    // issuing, before completing it), and three workers race to issue: still the first e-visa.
    await apply([release]);
    await database.db.transaction((tx) =>
      enqueueOutbox(tx, {
        topic: "application.state_changed",
        aggregateId: id,
        payload: { applicationId: id, userId: ana.id, organisationId: null, authorityId: "gb-eta", to: "issued" },
      }),
    );
    await drainOutbox();
    const raced = await Promise.all([evisaService.issue(id), evisaService.issue(id), evisaService.issue(id)]);
    expect(raced.map((evisa) => evisa?.id)).toEqual([row!.id, row!.id, row!.id]);
    expect(await evisaRows(id)).toHaveLength(1);
  });

  test("a crash between the state change and issuance ends with one e-visa after restart", async () => {
    const { id } = await issuedApplication();
    // The process died right after the indexer's commit: the outbox event is all that remains.
    const [pending] = await database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.aggregateId, id), eq(outbox.topic, "application.state_changed")));
    expect(pending).toBeDefined();
    expect(await evisaRows(id)).toHaveLength(0);
    await drainOutbox();
    expect(await evisaRows(id)).toHaveLength(1);
  });

  test("the e-visa is an SD-JWT VC that verifies with the authority's public endpoints only", async () => {
    const { id, paidTx } = await issuedApplication();
    await drainOutbox();
    const response = await getEvisa(id, ana);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["cache-control"]).toBe("private, no-store");
    const evisa = response.json();
    const today = t.clock().toISOString().slice(0, 10);
    // gb-eta: valid two years (730 days) from the day the release was seen.
    const lastDay = new Date(Date.parse(`${today}T00:00:00Z`) + 729 * 86_400_000).toISOString().slice(0, 10);
    expect(evisa).toMatchObject({
      status: "valid",
      validFrom: today,
      validUntil: lastDay,
      pdfUrl: `/api/v1/applications/${id}/evisa.pdf`,
      sealEncoding: "base64url",
    });

    const origin = new URL(t.config.publicUrl).origin;
    const iss = `${origin}/authorities/gb-eta`;
    const metadata = await (await publicFetch(issuerMetadataUrl(iss))).json();
    const header = decodeProtectedHeader(evisa.sdJwt.split("~")[0]);
    expect(header).toMatchObject({ typ: "dc+sd-jwt", alg: "ES256" });
    expect(metadata.jwks.keys.map((key: { kid: string }) => key.kid)).toContain(header.kid);

    // @sd-jwt's verifier, with the JWKS, the status list and the type metadata fetched from the public URLs.
    const verifier = new SDJwtVcInstance({
      hasher: async (data) =>
        new Uint8Array(
          await crypto.subtle.digest("SHA-256", typeof data === "string" ? new TextEncoder().encode(data) : data),
        ),
      hashAlg: "sha-256",
      verifier: (data, signature) => verifyWith(metadata.jwks.keys, header.kid as string, data, signature),
      statusVerifier: (data, signature) => verifyWith(metadata.jwks.keys, header.kid as string, data, signature),
      statusListFetcher: async (uri) => (await publicFetch(uri)).text(),
      vctFetcher: async (uri) => (await publicFetch(uri)).json(),
      loadTypeMetadataFormat: true,
    });
    const verified = await verifier.verify(evisa.sdJwt);
    expect(verified.payload).toMatchObject({
      iss,
      vct: `${origin}/vct/evisa/v1`,
      cnf: { jwk: { kty: "EC", crv: "P-256", x: holder.publicJwk.x, y: holder.publicJwk.y } },
      given_name: testApplicant.givenNames,
      family_name: testApplicant.surname,
      nationality: testApplicant.nationality,
      birthdate: testApplicant.dateOfBirth,
      document_number: testApplicant.passportNumber,
      authority: { id: "gb-eta", country: "GB" },
      product: { id: "gb-eta" },
      entries: "multiple",
      max_stay_days: 180,
      valid_from: today,
      valid_until: lastDay,
      application_id: id,
      reference: evisa.reference,
      payment_tx: paidTx,
    });
    expect((verified.payload.status as { status_list: { uri: string } }).status_list.uri).toMatch(
      new RegExp(`^${origin}/authorities/gb-eta/status-lists/\\d+$`),
    );
    // Personal claims are disclosures, the visa's terms are in the clear.
    const clear = JSON.parse(Buffer.from(evisa.sdJwt.split("~")[0].split(".")[1], "base64url").toString());
    expect(Object.keys(clear)).not.toContain("document_number");
    expect(clear.valid_until).toBe(lastDay);

    // A hotel is shown the name and validity only, bound to the holder's key, checked by Entrada's verifier.
    const presentation = await createPresentation({
      credential: evisa.sdJwt,
      disclose: ["given_name", "family_name"],
      nonce: "hotel-nonce",
      audience: "https://hotel.example",
      signer: holder.signer,
      clock: t.clock,
    });
    const shown = await verifyPresentation({
      presentation,
      nonce: "hotel-nonce",
      audience: "https://hotel.example",
      trustedIssuers: [iss],
      vct: `${origin}/vct/evisa/v1`,
      ...createHttpCredentialFetchers({ fetch: publicFetch }),
      clock: t.clock,
    });
    expect(shown.claims).toMatchObject({ given_name: testApplicant.givenNames, valid_until: lastDay });
    expect(shown.claims).not.toHaveProperty("document_number");
    expect(shown.claims).not.toHaveProperty("birthdate");

    // A disclosure changed on the way is refused.
    const parts = presentation.split("~");
    const [salt, name] = JSON.parse(Buffer.from(parts[1]!, "base64url").toString()) as [string, string];
    parts[1] = Buffer.from(JSON.stringify([salt, name, "MALLORY"])).toString("base64url");
    await expect(
      verifyPresentation({
        presentation: parts.join("~"),
        nonce: "hotel-nonce",
        audience: "https://hotel.example",
        trustedIssuers: [iss],
        vct: `${origin}/vct/evisa/v1`,
        ...createHttpCredentialFetchers({ fetch: publicFetch }),
        clock: t.clock,
      }),
    ).rejects.toBeInstanceOf(DisclosureTamperedError);
  });

  test("the seal names the same visa, verifies with the published key, and reads back from the QR's PNG", async () => {
    const { id } = await issuedApplication();
    await drainOutbox();
    const evisa = (await getEvisa(id, ana)).json();
    const origin = new URL(t.config.publicUrl).origin;
    const metadata = await (await publicFetch(issuerMetadataUrl(`${origin}/authorities/gb-eta`))).json();
    const keys = trustedKeysFromIssuerMetadata(metadata);
    const bytes = sealFromBase64url(evisa.seal);
    const checked = await verifyVisaSeal(bytes, { keys, now: t.clock() });
    expect(checked).toMatchObject({ valid: true, status: "valid", authorityId: "gb-eta" });
    const [row] = await evisaRows(id);
    expect(checked.data).toMatchObject({
      issuingState: "GBR",
      surname: "ERIKSSON",
      givenNames: "ANNA MARIA",
      nationality: "USA",
      birthDate: testApplicant.dateOfBirth,
      passportNumber: testApplicant.passportNumber,
      validFrom: evisa.validFrom,
      validUntil: evisa.validUntil,
      entries: "multiple",
      durationOfStayDays: 180,
      reference: evisa.reference.replace(/^ENT-/, "").replaceAll("-", ""),
      statusIndex: row!.statusIndex,
    });
    // Another authority's key does not make it valid.
    const thMetadata = await (await publicFetch(issuerMetadataUrl(`${origin}/authorities/th-evisa`))).json();
    const forged = await verifyVisaSeal(bytes, { keys: trustedKeysFromIssuerMetadata(thMetadata), now: t.clock() });
    expect(forged.valid).toBe(false);

    // What the QR holds and how big it prints: version and modules at 3 cm (with the 4-module quiet zone).
    const qr = sealQrCode(bytes);
    const modules = qr.modules.size;
    console.info(
      `seal ${bytes.length} bytes, ${evisa.seal.length} base64url characters; QR version ${qr.version} (${modules}×${modules} modules), ${(30 / (modules + 8)).toFixed(2)} mm per module at 3 cm`,
    );
    expect(evisa.seal.length).toBeLessThanOrEqual(600);
    expect(evisa.qrPng).toMatch(/^data:image\/png;base64,/);

    // An outside verifier in its own process: the CLI reads the PNG's QR and checks it with the JWKS.
    const dir = await mkdtemp(join(tmpdir(), "entrada-evisa-"));
    await writeFile(join(dir, "qr.png"), Buffer.from(evisa.qrPng.slice("data:image/png;base64,".length), "base64"));
    await writeFile(join(dir, "gb-eta.json"), JSON.stringify(metadata));
    const cli = join(import.meta.dirname, "../../../../packages/verify/bin/entrada-verify.js");
    const { stdout } = await promisify(execFile)(process.execPath, [
      cli,
      join(dir, "qr.png"),
      "--keys",
      join(dir, "gb-eta.json"),
      "--now",
      t.clock().toISOString(),
    ]);
    expect(JSON.parse(stdout)).toMatchObject({ valid: true, status: "valid", authorityId: "gb-eta" });
  });

  test("the holder and the authority's officers get the e-visa; others do not learn it exists", async () => {
    const { id } = await issuedApplication();
    await drainOutbox();
    expect((await getEvisa(id, ana)).statusCode).toBe(200);
    expect((await getEvisa(id, officer)).statusCode).toBe(200);
    expect((await getEvisa(id, null)).statusCode).toBe(401);
    expect((await getEvisa(id, ben)).statusCode).toBe(404);
    expect((await getEvisa(id, otherOfficer)).statusCode).toBe(404);
    // Support reads the application, not the passport data the e-visa holds.
    const supportAnswer = await getEvisa(id, support);
    expect(supportAnswer.statusCode).toBe(403);
    expect(supportAnswer.json().error.code).toBe("ENTRADA_FORBIDDEN");
    expect((await getEvisa("00000000-0000-4000-8000-000000000000", ana)).statusCode).toBe(404);
  });

  /** The text of each page of a PDF, as pdf.js reads it. */
  async function pdfText(bytes: Buffer): Promise<string[]> {
    // pdf.js (even its legacy build) needs Promise.withResolvers, which Node 20 lacks (22 has it).
    const promise = Promise as unknown as { withResolvers?: () => unknown };
    promise.withResolvers ??= () => {
      let resolve: unknown;
      let reject: unknown;
      const created = new Promise((yes, no) => {
        resolve = yes;
        reject = no;
      });
      return { promise: created, resolve, reject };
    };
    const loading = getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useSystemFonts: false });
    const document = await loading.promise;
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const content = await (await document.getPage(number)).getTextContent();
      pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(""));
    }
    await loading.destroy();
    return pages;
  }
  const getPdf = (id: string, user: TestUser | null) =>
    t.app.inject({ method: "GET", url: `/api/v1/applications/${id}/evisa.pdf`, headers: user?.headers ?? {} });

  test("the PDF is one page with the authority, the reference and the labels in English and the traveller's Chinese", async () => {
    const { id } = await issuedApplication();
    await drainOutbox();
    const { reference } = (await getEvisa(id, ana)).json();
    await database.db.update(users).set({ locale: "zh" }).where(eq(users.id, ana.id));
    try {
      const response = await getPdf(id, ana);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers["content-type"]).toBe("application/pdf");
      expect(response.headers["content-disposition"]).toBe(`attachment; filename="evisa-${reference}.pdf"`);
      expect(response.headers["cache-control"]).toBe("private, no-store");
      const pages = await pdfText(response.rawPayload);
      expect(pages).toHaveLength(1);
      const text = pages[0]!;
      expect(text).toContain(reference);
      expect(text).toContain("E-VISA");
      expect(text).toContain("UK Home Office");
      expect(text).toContain("Passport number / 护照号码");
      expect(text).toContain("Valid until / 有效期至");
      expect(text).toContain(testApplicant.passportNumber);
      expect(text).toContain(testApplicant.surname);
      // The fonts are embedded subsets: the whole of Noto Sans SC would be megabytes.
      console.info(`e-visa PDF (zh labels): ${response.rawPayload.length} bytes`);
      expect(response.rawPayload.length).toBeLessThan(400_000);
    } finally {
      await database.db.update(users).set({ locale: "en" }).where(eq(users.id, ana.id));
    }
    // In English only, English appears once: no "Surname / Surname".
    const english = (await pdfText((await getPdf(id, ana)).rawPayload))[0]!;
    expect(english).toContain("Passport number");
    expect(english).not.toContain("/");
    expect(english).not.toContain("护照");
  });

  test("the PDF has the JSON's readers: the holder and the authority's officers, nobody else", async () => {
    const { id } = await issuedApplication();
    expect((await getPdf(id, ana)).json().error.code).toBe("ENTRADA_EVISA_NOT_ISSUED");
    await drainOutbox();
    expect((await getPdf(id, ana)).statusCode).toBe(200);
    expect((await getPdf(id, officer)).statusCode).toBe(200);
    expect((await getPdf(id, null)).statusCode).toBe(401);
    expect((await getPdf(id, ben)).statusCode).toBe(404);
    expect((await getPdf(id, otherOfficer)).statusCode).toBe(404);
    expect((await getPdf(id, support)).statusCode).toBe(403);
  });

  test("the issued e-mail carries the e-visa PDF through SMTP; without an e-visa it still goes, pointing to the application page", async () => {
    const smtp = await startSmtpStandIn();
    const { logger } = createTestLogger();
    const mailer = createMailer({
      db: database.db,
      smtpUrl: smtp.url,
      from: "Entrada <no-reply@entrada.example>",
      logger,
    });
    const smtpWorker = (handlers: ((message: OutboxMessage) => Promise<void>)[]) =>
      createOutboxWorker({
        db: database.db,
        mailer,
        webhooks: createWebhookDeliverer({ db: database.db, secretOf: () => "whsec_test", logger }),
        users: createUserLookup({ db: database.db }),
        logger,
        workerId: "evisa-mail-test",
        appUrl: t.config.publicUrl,
        handlers,
        // As startEntrada wires it.
        evisaPdf: evisaPdfForHolder(evisaService),
      });
    /** The "issued" e-mail the stand-in received for an application's reference. */
    const issuedMail = (reference: string) =>
      smtp.messages.filter((mail) => /^subject:.*e-visa/im.test(mail.data) && mail.data.includes(reference));
    try {
      const { id } = await issuedApplication();
      const [stateChange] = await database.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.aggregateId, id), eq(outbox.topic, "application.state_changed")))
        .orderBy(desc(outbox.id))
        .limit(1);
      // The event holds no personal data: the PDF is made from the sealed e-visa when the e-mail goes.
      expect(JSON.stringify(stateChange!.payload)).not.toContain(testApplicant.passportNumber);
      expect(JSON.stringify(stateChange!.payload)).not.toContain(testApplicant.surname);
      const worker = smtpWorker([(message) => evisaService.handleOutboxEvent(message)]);
      while ((await worker.processOnce()).claimed > 0);
      const { reference } = (await getEvisa(id, ana)).json();
      const [mail] = issuedMail(reference);
      expect(mail, "the issued e-mail").toBeDefined();
      expect(mail!.to).toEqual(["ana@example.org"]);
      expect(mail!.data).toMatch(/^content-type: multipart\/mixed/im);
      const part = new RegExp(
        `content-type: application/pdf; name=(?:"?)evisa-${reference}\\.pdf[^]*?\r\n\r\n([A-Za-z0-9+/=\r\n]+)`,
        "i",
      ).exec(mail!.data);
      expect(part, "the PDF part").not.toBeNull();
      expect(mail!.data).toMatch(
        new RegExp(`content-disposition: attachment; filename=(?:"?)evisa-${reference}\\.pdf`, "i"),
      );
      const pdf = Buffer.from(part![1]!.replace(/\r\n/g, ""), "base64");
      const [page] = await pdfText(pdf);
      expect(page).toContain(reference);
      expect(page).toContain(testApplicant.passportNumber);
      // The text says what is true: the PDF is attached, the QR verifies at /verify.
      // (Read with the quoted-printable soft line breaks joined.)
      const text = mail!.data.replace(/=\r\n/g, "");
      expect(text).toContain("attached to this e-mail as a PDF.");
      expect(text).toContain(`${t.config.publicUrl.replace(/\/+$/, "")}/verify`);

      // No e-visa (its issuance did not run): the e-mail still goes, without a PDF, to the application page.
      const second = await issuedApplication();
      while ((await smtpWorker([]).processOnce()).claimed > 0);
      expect(await evisaRows(second.id)).toHaveLength(0);
      const [rows] = await database.db
        .select({ subject: notifications.subject, body: notifications.body, status: notifications.status })
        .from(notifications)
        .innerJoin(outbox, eq(outbox.id, notifications.eventId))
        .where(and(eq(outbox.aggregateId, second.id), eq(notifications.template, "issued")));
      expect(rows).toMatchObject({ status: "sent" });
      expect(rows!.body).toContain("Open the application page to see it and download it as a PDF");
      expect(rows!.body).not.toContain("attached");
      const plain = smtp.messages.find((mail) => mail.data.includes(`Subject: ${rows!.subject}`));
      expect(plain?.data).toBeDefined();
      expect(plain!.data).not.toMatch(/application\/pdf/i);
    } finally {
      await smtp.close();
      mailer.close();
    }
  });

  test("an officer revokes it: the status list says so, verifiers refuse it, and the traveller is told", async () => {
    const { id } = await issuedApplication();
    await drainOutbox();
    const { sdJwt } = (await getEvisa(id, ana)).json();
    const revoke = (user: TestUser, reason = "Passport reported lost.") =>
      t.app.inject({
        method: "POST",
        url: `/api/v1/applications/${id}/evisa/revoke`,
        headers: user.headers,
        payload: { reason },
      });
    expect((await revoke(ana)).statusCode).toBe(403);
    expect((await revoke(otherOfficer)).statusCode).toBe(404);
    const emptyReason = await revoke(officer, " ");
    expect(emptyReason.statusCode).toBe(400);

    const revoked = await revoke(officer);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ status: "revoked", revokeReason: "Passport reported lost." });
    // Again: nothing changes, the first revocation stands.
    expect((await revoke(officer, "Another reason")).json()).toMatchObject({ revokeReason: "Passport reported lost." });
    expect((await getEvisa(id, ana)).json().status).toBe("revoked");
    await expect(verifyAtHotel(sdJwt)).rejects.toBeInstanceOf(CredentialRevokedError);

    await drainOutbox();
    const [mail] = await database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, ana.id), eq(notifications.template, "evisa_revoked")));
    expect(mail).toMatchObject({ channel: "email", to: "ana@example.org" });
    expect(mail!.body).toContain("Passport reported lost.");
  });

  test("erasing the holder's account erases the e-visa's SD-JWT VC and seal and revokes it, so a kept copy verifies as revoked", async () => {
    const cleo = await signIn(t.app);
    const cleoHolder = await createTestHolder();
    await issueCredential(t.app, cleo, cleoHolder);
    const { id } = await issuedApplication(cleo);
    await drainOutbox();
    const { sdJwt, seal } = (await getEvisa(id, cleo)).json();
    const [before] = await evisaRows(id);

    const erased = await t.app.inject({
      method: "DELETE",
      url: "/api/v1/me",
      headers: cleo.headers,
      payload: { confirm: "delete my account" },
    });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json()).toMatchObject({ applicationsKept: 1, evisasErased: 1 });

    // The row keeps its clear columns, revoked; its sealed part holds nothing of the person any more.
    const [after] = await evisaRows(id);
    expect(after).toMatchObject({
      reference: before!.reference,
      statusIndex: before!.statusIndex,
      revokedBy: "account_erasure",
      revokeReason: "The holder's account was erased.",
    });
    expect(after!.revokedAt).not.toBeNull();
    expect(Buffer.from(after!.wrappedDataKey).equals(Buffer.from(before!.wrappedDataKey))).toBe(false);
    const cipher = createRecordCipher({ masterKey: t.config.masterKey });
    expect(cipher.open(after!, `evisa:${id}`)).toEqual({ sdJwt: "", seal: "" });
    // Not even the authority's officers get it back.
    expect((await getEvisa(id, officer)).json().error).toMatchObject({ code: "ENTRADA_EVISA_NOT_ISSUED" });
    expect(
      (await t.app.inject({ method: "GET", url: `/api/v1/applications/${id}/evisa.pdf`, headers: officer.headers }))
        .statusCode,
    ).toBe(404);

    // A copy kept elsewhere: the seal reads as revoked, and the SD-JWT VC's status list entry says so.
    const verified = await t.app.inject({ method: "POST", url: "/api/v1/evisa/verify", payload: { text: seal } });
    expect(verified.json().status).toBe("revoked");
    await expect(verifyAtHotel(sdJwt, cleoHolder)).rejects.toBeInstanceOf(CredentialRevokedError);
  });

  test("a reorg that removes the release suspends the e-visa and withholds it; the release mined again restores it", async () => {
    const { id, release } = await issuedApplication();
    await drainOutbox();
    const { sdJwt, seal } = (await getEvisa(id, ana)).json();
    const sealStatus = async () =>
      (await t.app.inject({ method: "POST", url: "/api/v1/evisa/verify", payload: { text: seal } })).json().status;
    const [row] = await evisaRows(id);
    const inTrustList = async () =>
      (await t.app.inject({ method: "GET", url: "/api/v1/evisa/trust-list" }))
        .json()
        .revoked.some((entry: { statusIndex: number }) => entry.statusIndex === row!.statusIndex);
    await verifyAtHotel(sdJwt);
    expect(await sealStatus()).toBe("valid");

    await database.db.transaction((tx) => handler.onRollback(tx, [release]));
    const withheld = await getEvisa(id, ana);
    expect(withheld.statusCode).toBe(404);
    expect(withheld.json().error).toMatchObject({ code: "ENTRADA_EVISA_NOT_ISSUED", details: { state: "approved" } });
    expect((await getEvisa(id, officer)).statusCode).toBe(404);
    await expect(verifyAtHotel(sdJwt)).rejects.toBeInstanceOf(CredentialSuspendedError);
    expect(await sealStatus()).toBe("revoked");
    expect(await inTrustList()).toBe(true);
    // The outbox replaying the old "issued" event issues nothing while the release is off the chain.
    expect(await evisaService.issue(id)).toBeUndefined();

    // The same release mined again: the application is issued once more, and its e-visa is valid again.
    await apply([{ ...release, blockNumber: release.blockNumber + 1n }]);
    await drainOutbox();
    const back = await getEvisa(id, ana);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ status: "valid", sdJwt });
    await verifyAtHotel(sdJwt);
    expect(await sealStatus()).toBe("valid");
    expect(await inTrustList()).toBe(false);
    expect(await evisaRows(id)).toHaveLength(1);
  });

  test("after a key rotation, e-visas the old key signed still verify, and new ones are signed with the new key", async () => {
    const { id: before } = await issuedApplication();
    await drainOutbox();
    const old = (await getEvisa(before, ana)).json();
    const cipher = createRecordCipher({ masterKey: t.config.masterKey });
    const { current, retired } = await createAuthorityKeys({ db: database.db, cipher, clock: t.clock }).rotate(
      "gb-eta",
    );
    expect(decodeProtectedHeader(old.sdJwt.split("~")[0]).kid).toBe(retired?.kid);

    const origin = new URL(t.config.publicUrl).origin;
    const verify = (sdJwt: string) => verifyAtHotel(sdJwt, holder, ["family_name"]);
    // The status list is now signed with the new key; the old credential with the retired one.
    await expect(verify(old.sdJwt)).resolves.toMatchObject({ claims: { family_name: testApplicant.surname } });
    const metadata = await (await publicFetch(issuerMetadataUrl(`${origin}/authorities/gb-eta`))).json();
    const oldSeal = await verifyVisaSeal(sealFromBase64url(old.seal), {
      keys: trustedKeysFromIssuerMetadata(metadata),
      now: t.clock(),
    });
    expect(oldSeal).toMatchObject({ valid: true, kid: retired?.kid });

    const { id: after } = await issuedApplication();
    await drainOutbox();
    const fresh = (await getEvisa(after, ana)).json();
    expect(decodeProtectedHeader(fresh.sdJwt.split("~")[0]).kid).toBe(current.kid);
    await expect(verify(fresh.sdJwt)).resolves.toBeDefined();
  });

  test("the type metadata labels the claims in en, zh and es", async () => {
    const response = await t.app.inject({ method: "GET", url: "/vct/evisa/v1" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["access-control-allow-origin"]).toBe("*");
    const metadata = response.json();
    expect(metadata.display.map((entry: { locale: string }) => entry.locale)).toEqual(["en", "zh", "es"]);
    expect(metadata.claims.find((claim: { path: string[] }) => claim.path[0] === "valid_until")).toMatchObject({
      sd: "never",
    });
    expect((await t.app.inject({ method: "GET", url: "/authorities/gb-eta/status-lists/999999" })).statusCode).toBe(
      404,
    );
  });
});

async function verifyWith(
  keys: { kid: string; x: string; y: string }[],
  kid: string,
  data: string,
  signature: string,
): Promise<boolean> {
  const key = keys.find((candidate) => candidate.kid === kid);
  if (key === undefined) return false;
  try {
    await compactVerify(
      `${data}.${signature}`,
      await importJWK({ kty: "EC", crv: "P-256", x: key.x, y: key.y }, "ES256"),
    );
    return true;
  } catch {
    return false;
  }
}
