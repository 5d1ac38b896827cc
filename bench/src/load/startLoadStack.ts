import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoAccounts, devAccount } from "@entrada/contracts";
import type { Database } from "@entrada/db";
import { createTestDatabases } from "@entrada/db/testing";
import { freePort } from "../api/freePort.ts";
import { createServerProcess, type ServerProcess } from "../faults/createServerProcess.ts";
import { signInTraveller, type Traveller } from "../faults/signIn.ts";
import { type ChainNode, startChainNode } from "../faults/startChainNode.ts";
import { type MailReceiver, startMailReceiver } from "../faults/startMailReceiver.ts";

/** Entrada as it ships, twice, on one PostgreSQL database and one chain node. */
export type LoadStack = {
  root: string;
  logDir: string;
  node: ChainNode;
  /** The suite's own connection to the database. */
  db: Database;
  mail: MailReceiver;
  /** Two server processes sharing the database: workers, indexers and relayers of both run. */
  servers: ServerProcess[];
  /** The origin both servers answer for (the SIWE domain): as behind one load balancer. */
  publicUrl: string;
  travellers: Traveller[];
  close(): Promise<void>;
};

/**
 * Starts a fresh PostgreSQL database, the external chain node (a block a second besides automining),
 * a mail receiver and two Entrada server processes in production mode (`NODE_ENV=production`, its own
 * secrets, the sample sanctions list), then signs `travellers` demo wallets in.
 *
 * @example
 * const stack = await startLoadStack({ root, postgresUrl, travellers: 10 });
 */
export async function startLoadStack(parameters: {
  root: string;
  postgresUrl: string;
  travellers: number;
}): Promise<LoadStack> {
  const { root } = parameters;
  const runDir = await mkdtemp(join(tmpdir(), "entrada-load-"));
  const logDir = join(runDir, "logs");
  const dataDir = join(runDir, "data");
  await mkdir(logDir, { recursive: true });
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const postgres = createTestDatabases({ url: parameters.postgresUrl }).find((engine) => engine.name === "postgres")!;
    const database = await postgres.open({ migrate: false });
    closers.push(() => database.close());
    const node = await startChainNode({ root, dataDir, logDir });
    closers.push(() => node.stop());
    await node.setIntervalMining(1_000);
    const mail = await startMailReceiver();
    closers.push(() => mail.close());

    const ports = [await freePort(), await freePort()];
    // One public origin for both, as behind a load balancer: a session or a SIWE message is valid on either.
    const publicUrl = `https://127.0.0.1:${ports[0]}`;
    const env = {
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      ENTRADA_DATA_DIR: dataDir,
      ENTRADA_PUBLIC_URL: publicUrl,
      DATABASE_URL: database.url!,
      CHAIN_ID: "31337",
      CHAIN_RPC_URL: node.url,
      CHAIN_CONFIRMATIONS: "1",
      SMTP_URL: mail.url,
      RATE_LIMIT_MAX: "1000000",
      MASTER_KEY: randomBytes(32).toString("hex"),
      SESSION_SECRET: randomBytes(32).toString("hex"),
      METRICS_TOKEN: randomBytes(24).toString("hex"),
      IDENTITY_ISSUER_KEY: JSON.stringify(
        generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" }),
      ),
      SANCTIONS_SDN_PATH: join(root, "packages/identity/data/sdn.sample.csv"),
      // Production wants a provider; nobody is verified during the benchmark.
      KYC_PROVIDER_URL: "https://127.0.0.1:9/kyc",
      KYC_PROVIDER_KEY: "benchmark",
    };
    const servers: ServerProcess[] = [];
    for (const [i, port] of ports.entries()) {
      const server = createServerProcess({ name: String.fromCharCode(97 + i), root, port, env, logDir });
      servers.push(server);
      closers.push(async () => {
        if (server.current !== undefined) await server.kill("SIGTERM");
      });
      // One after the other: the first one migrates the database.
      await server.start();
    }
    const travellers: Traveller[] = [];
    for (let i = 0; i < parameters.travellers; i += 1) {
      travellers.push(
        await signInTraveller(servers[i % 2]!.url, devAccount(demoAccounts.firstWallet + i), {
          email: `traveller${i}@example.org`,
          locale: (["en", "zh", "es"] as const)[i % 3]!,
        }),
      );
    }
    return { root, logDir, node, db: database.db, mail, servers, publicUrl, travellers, close };
  } catch (error) {
    await close();
    throw error;
  }
}
