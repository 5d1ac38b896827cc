import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabase, organisations, outbox, users, webhookDeliveries, webhookEndpoints } from "@entrada/db";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "../entrada.ts";

let root: string;
let dataDir: string;
// One data folder for both commands: creating a PGlite cluster is the slow part (initdb).
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "entrada-cli-data-"));
  dataDir = join(root, "live");
  const database = createDatabase({ url: undefined, dataDir: join(dataDir, "db") });
  await database.migrate();
  await database.close();
}, 300_000);
afterAll(() => rm(root, { recursive: true, force: true }));

/** A port nothing listens on, so that the "server running" check passes unless a test listens there. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function cli(argv: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { env, out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("npx entrada outbox redrive", () => {
  test("gives failed events and failed webhook deliveries another round; delivered ones stay delivered", async () => {
    const env = { ENTRADA_DATA_DIR: dataDir, PORT: String(await freePort()) };
    const old = new Date("2026-01-01T00:00:00Z");
    const database = createDatabase({ url: undefined, dataDir: join(dataDir, "db") });
    await database.migrate();
    const { db } = database;
    const [user] = await db.insert(users).values({ email: "ops@example.test" }).returning();
    const [organisation] = await db.insert(organisations).values({ name: "Acme" }).returning();
    const [endpoint] = await db
      .insert(webhookEndpoints)
      .values({
        ownerId: user!.id,
        organisationId: organisation!.id,
        url: "https://hooks.example.test/entrada",
        secretCiphertext: new Uint8Array([1, 2, 3]),
        secretKeyId: "k1",
      })
      .returning();
    const failed = { attempts: 10, failedAt: old, lastError: "SMTP refused", availableAt: old };
    const events = await db
      .insert(outbox)
      .values([
        { topic: "application.state_changed", aggregateId: "a1", payload: {}, ...failed },
        { topic: "payment.confirmed", aggregateId: "a2", payload: {}, ...failed },
        { topic: "application.state_changed", aggregateId: "a3", payload: {}, processedAt: old },
        { topic: "application.state_changed", aggregateId: "a4", payload: {}, ...failed, createdAt: old },
      ])
      .returning();
    await db.insert(webhookDeliveries).values([
      { endpointId: endpoint!.id, eventId: events[0]!.id, status: "failed", attempts: 10, lastError: "HTTP 500" },
      { endpointId: endpoint!.id, eventId: events[2]!.id, status: "delivered", attempts: 1 },
      { endpointId: endpoint!.id, eventId: events[1]!.id, status: "failed", attempts: 10 },
    ]);
    await database.close();

    const dry = await cli(["outbox", "redrive", "--topic", "application.state_changed", "--dry-run"], env);
    expect([dry.code, JSON.parse(dry.out)]).toEqual([0, { dryRun: true, events: 2, webhookDeliveries: 1 }]);
    const since = await cli(["outbox", "redrive", "--topic", "application.state_changed", "--since", "7d"], env);
    // a4 was created long ago: outside --since.
    expect([since.code, JSON.parse(since.out)]).toEqual([0, { dryRun: false, events: 1, webhookDeliveries: 1 }]);
    expect(JSON.parse((await cli(["outbox", "redrive"], env)).out)).toEqual({
      dryRun: false,
      events: 2,
      webhookDeliveries: 1,
    });
    expect(JSON.parse((await cli(["outbox", "redrive"], env)).out)).toEqual({
      dryRun: false,
      events: 0,
      webhookDeliveries: 0,
    });

    const reopened = createDatabase({ url: undefined, dataDir: join(dataDir, "db") });
    const rows = await reopened.db.select().from(outbox).orderBy(asc(outbox.id));
    expect(rows.map((row) => [row.aggregateId, row.failedAt, row.attempts, row.processedAt !== null])).toEqual([
      ["a1", null, 0, false],
      ["a2", null, 0, false],
      ["a3", null, 0, true],
      ["a4", null, 0, false],
    ]);
    const deliveries = await reopened.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpoint!.id));
    expect(deliveries.map((d) => d.status).sort()).toEqual(["delivered", "pending", "pending"]);
    await reopened.close();

    expect((await cli(["outbox", "redrive", "--since", "yesterday"], env)).code).toBe(2);
  }, 240_000);
});

describe("npx entrada backup and restore", () => {
  test("copy the data folder into one file and back, file for file, and refuse what would corrupt it", async () => {
    const port = String(await freePort());
    const env = { ENTRADA_DATA_DIR: dataDir, PORT: port };
    const database = createDatabase({ url: undefined, dataDir: join(dataDir, "db") });
    await database.migrate();
    // While the database is open, neither a backup nor a restore may touch the folder.
    const file = join(root, "entrada.backup");
    expect((await cli(["backup", file], env)).code).toBe(5);
    await database.close();
    await mkdir(join(dataDir, "deployments"), { recursive: true });
    await writeFile(join(dataDir, "deployments", "31337.json"), '{"chainId":31337}\n');
    await mkdir(join(dataDir, "documents", "ba"), { recursive: true });
    await writeFile(join(dataDir, "documents", "ba", "bafy"), Buffer.from([0, 1, 2, 255]));
    await writeFile(join(dataDir, "issuer-key.json"), "{}");
    await chmod(join(dataDir, "issuer-key.json"), 0o600);

    const backup = await cli(["backup", file], env);
    expect(backup.code).toBe(0);
    expect(JSON.parse(backup.out)).toMatchObject({ file, files: expect.any(Number) });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await cli(["backup", file], env)).code).toBe(2); // never over a file

    // Restore into an empty folder: the same files, the same bytes, the same modes.
    const restored = join(root, "restored");
    const restore = await cli(["restore", file], { ENTRADA_DATA_DIR: restored, PORT: port });
    expect(restore.code).toBe(0);
    expect(await listed(restored)).toEqual(await listed(dataDir));
    for (const path of await listed(dataDir)) {
      // Buffer.equals: a deep equality of megabytes of WAL would take minutes.
      expect((await readFile(join(restored, path))).equals(await readFile(join(dataDir, path))), path).toBe(true);
    }
    // The database's files are byte for byte the same: the PGlite cluster as it was, rows included.
    expect((await stat(join(restored, "issuer-key.json"))).mode & 0o777).toBe(0o600);

    // Over a folder with data: refused, unless --force, which moves the old data aside.
    const again = await cli(["restore", file], { ENTRADA_DATA_DIR: restored, PORT: port });
    expect([again.code, again.err]).toEqual([5, expect.stringContaining("ENTRADA_CLI_TARGET_NOT_EMPTY")]);
    const forced = await cli(["restore", file, "--force"], { ENTRADA_DATA_DIR: restored, PORT: port });
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.out).movedAside).toMatch(/restored\.before-restore-/);

    // While something answers on Entrada's port: refused.
    const listener: Server = createServer();
    await new Promise<void>((resolve) => listener.listen(Number(port), "127.0.0.1", resolve));
    try {
      const running = await cli(["restore", file, "--force"], { ENTRADA_DATA_DIR: join(root, "other"), PORT: port });
      expect([running.code, running.err]).toEqual([5, expect.stringContaining("ENTRADA_CLI_SERVER_RUNNING")]);
    } finally {
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    }

    // A damaged backup restores nothing.
    const damaged = join(root, "damaged.backup");
    const bytes = await readFile(file);
    await writeFile(damaged, bytes.subarray(0, bytes.length - 20));
    const bad = await cli(["restore", damaged], { ENTRADA_DATA_DIR: join(root, "never"), PORT: port });
    expect([bad.code, bad.err]).toEqual([3, expect.stringContaining("ENTRADA_CLI_BACKUP_INVALID")]);
    await expect(readdir(join(root, "never"))).rejects.toThrow();
  }, 400_000);
});

/** Files under `dir`, relative, sorted. */
async function listed(dir: string, prefix = ""): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const path = join(prefix, entry.name);
    if (entry.isDirectory()) found.push(...(await listed(dir, path)));
    else found.push(path);
  }
  return found.sort();
}
