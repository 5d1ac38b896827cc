import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applicants, createDatabase, type Json, users } from "@entrada/db";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createRecordCipher } from "../../crypto/createRecordCipher.ts";
import { applicantNameIndex } from "../../services/applicantNameIndex.ts";
import { applicantContext } from "../../services/openApplicant.ts";
import { runCli } from "../entrada.ts";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "entrada-cli-names-"));
}, 60_000);
afterAll(() => rm(root, { recursive: true, force: true }));

test("npx entrada applicants index-names indexes the names of applicants created before the index, not erased ones", async () => {
  const masterKey = randomBytes(32);
  const cipher = createRecordCipher({ masterKey });
  const dataDir = join(root, "data");
  const database = createDatabase({ url: undefined, dataDir: join(dataDir, "db") });
  await database.migrate();
  const { db } = database;
  const [user] = await db.insert(users).values({ email: "old@example.test" }).returning();
  /** An applicant as rows were before migration 0011: no name index. */
  const insert = async (givenNames: string, surname: string) => {
    const id = randomUUID();
    const sealed = cipher.seal({ givenNames, surname, nationality: "SWE" } as Json, applicantContext(id));
    await db.insert(applicants).values({
      id,
      userId: user!.id,
      nationality: "SWE",
      piiCiphertext: sealed.ciphertext,
      piiNonce: sealed.nonce,
      wrappedDataKey: sealed.wrappedDataKey,
      masterKeyId: sealed.masterKeyId,
      passportIndex: randomBytes(32),
      indexKeyId: cipher.indexKeyId,
    });
    return id;
  };
  const anna = await insert("Anna María", "Eriksson");
  const erased = await insert("[erased]", "[erased]");
  await database.close();

  const out: string[] = [];
  const run = (argv: string[]) =>
    runCli(argv, {
      env: { ENTRADA_DATA_DIR: dataDir, MASTER_KEY: masterKey.toString("hex") },
      out: (line) => out.push(line),
      err: (line) => out.push(line),
    });
  expect(await run(["applicants", "index-names", "--dry-run"])).toBe(0);
  expect(await run(["applicants", "index-names"])).toBe(0);
  expect(await run(["applicants", "index-names"])).toBe(0);
  expect(out).toEqual([
    "1 applicants would be indexed.",
    "Indexed the names of 1 applicants.",
    "Indexed the names of 0 applicants.",
  ]);

  const reopened = createDatabase({ url: undefined, dataDir: join(dataDir, "db") });
  const rows = await reopened.db.select().from(applicants);
  await reopened.close();
  const indexOf = (id: string) => rows.find((row) => row.id === id)?.nameIndex;
  expect(indexOf(anna)).toEqual(applicantNameIndex(cipher, { givenNames: "Anna María", surname: "Eriksson" }));
  expect(indexOf(anna)).toHaveLength(3);
  expect(indexOf(erased)).toEqual([]);
  expect(rows).toHaveLength(2);
}, 120_000);
