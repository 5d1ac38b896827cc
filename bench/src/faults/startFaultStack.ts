import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoAccounts, devAccount } from "@entrada/contracts";
import type { Database } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { freePort } from "../api/freePort.ts";
import { apiCall, expectStatus } from "./apiCall.ts";
import { createServerProcess, type ServerProcess } from "./createServerProcess.ts";
import { type Session, signInOfficer, signInTraveller, type Traveller } from "./signIn.ts";
import { type ChainNode, startChainNode } from "./startChainNode.ts";
import { type MailReceiver, startMailReceiver } from "./startMailReceiver.ts";
import { startTcpProxy, type TcpProxy } from "./startTcpProxy.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./startWebhookReceiver.ts";

/** Everything a fault scenario drives and inspects. */
export type FaultStack = {
  root: string;
  /** Logs of every process, kept after the run. */
  logDir: string;
  node: ChainNode;
  /** Between the servers and the chain node: cut it to take the RPC away. */
  rpcProxy: TcpProxy;
  /** Between the servers and PostgreSQL: cut it to take the database away. */
  dbProxy: TcpProxy;
  /** The suite's own connection to the database, straight to PostgreSQL (not through the proxy). */
  db: Database;
  databaseUrl: string;
  mail: MailReceiver;
  webhooks: WebhookReceiver;
  /** Webhook endpoint of the gb-eta authority, pointing at {@link FaultStack.webhooks}. */
  endpointId: string;
  servers: ServerProcess[];
  /** The first server's URL: where the clients talk to. */
  url: string;
  travellers: Traveller[];
  /** An officer of gb-eta. */
  officer: Session;
  /** Adds a server process on the same database and chain (not started). */
  addServer(name: string): Promise<ServerProcess>;
  close(): Promise<void>;
};

/** Parameters of {@link startFaultStack}. */
export type StartFaultStackParameters = {
  root: string;
  /** A PostgreSQL server (the suite creates its own database there and drops it at the end). */
  postgresUrl: string;
  travellers: number;
  /** `CHAIN_CONFIRMATIONS` of the servers. */
  confirmations: number;
  /** Extra environment for the servers. */
  serverEnv?: Record<string, string>;
  /** Keep the logs folder after close (default true). */
  keepLogs?: boolean;
};

/**
 * Starts the fault suite's world on 127.0.0.1: a fresh PostgreSQL database, an external chain node
 * (`contracts/scripts/node.ts`, mining a block a second besides automining), TCP proxies in front of
 * both, a mail receiver (`SMTP_URL`) and a webhook receiver, then one Entrada server process, demo
 * travellers signed in with e-mail addresses in three languages, an officer of gb-eta, and a webhook
 * endpoint of gb-eta.
 *
 * @example
 * const stack = await startFaultStack({ root, postgresUrl, travellers: 10, confirmations: 1 });
 * await stack.servers[0].kill("SIGKILL");
 */
export async function startFaultStack(parameters: StartFaultStackParameters): Promise<FaultStack> {
  const { root } = parameters;
  const runDir = await mkdtemp(join(tmpdir(), "entrada-faults-"));
  const logDir = join(runDir, "logs");
  const dataDir = join(runDir, "data");
  await mkdir(logDir, { recursive: true });
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => {});
    if (parameters.keepLogs === false) await rm(runDir, { recursive: true, force: true });
    else await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const postgres = createTestDatabases({ url: parameters.postgresUrl }).find((engine) => engine.name === "postgres")!;
    const database: TestDatabase = await postgres.open({ migrate: false });
    closers.push(() => database.close());
    const databaseUrl = database.url!;
    const pgUrl = new URL(databaseUrl);
    const dbProxy = await startTcpProxy({ target: { host: pgUrl.hostname, port: Number(pgUrl.port || 5432) } });
    closers.push(() => dbProxy.close());
    const serverDbUrl = new URL(databaseUrl);
    serverDbUrl.hostname = "127.0.0.1";
    serverDbUrl.port = String(dbProxy.port);

    const node = await startChainNode({ root, dataDir, logDir });
    closers.push(() => node.stop());
    await node.setIntervalMining(1_000);
    const rpcProxy = await startTcpProxy({ target: { host: "127.0.0.1", port: node.port } });
    closers.push(() => rpcProxy.close());

    const mail = await startMailReceiver();
    closers.push(() => mail.close());
    const webhooks = await startWebhookReceiver();
    closers.push(() => webhooks.close());

    const env = {
      NODE_ENV: "development",
      LOG_LEVEL: "info",
      ENTRADA_DATA_DIR: dataDir,
      DATABASE_URL: serverDbUrl.toString(),
      CHAIN_ID: "31337",
      CHAIN_RPC_URL: `http://127.0.0.1:${rpcProxy.port}`,
      PUBLIC_RPC_URL: node.url,
      CHAIN_CONFIRMATIONS: String(parameters.confirmations),
      SMTP_URL: mail.url,
      RATE_LIMIT_MAX: "1000000",
      ...parameters.serverEnv,
    };
    const servers: ServerProcess[] = [];
    const addServer = async (name: string) => {
      const server = createServerProcess({ name, root, port: await freePort(), env, logDir });
      servers.push(server);
      closers.push(async () => {
        if (server.current !== undefined) await server.kill("SIGTERM");
      });
      return server;
    };
    const first = await addServer("a");
    await first.start();
    const url = first.url;

    const locales = ["en", "zh", "es"] as const;
    const travellers: Traveller[] = [];
    for (let i = 0; i < parameters.travellers; i += 1) {
      const index = demoAccounts.firstWallet + i;
      if (index > demoAccounts.lastWallet) throw new Error(`only ${travellers.length} funded demo wallets`);
      travellers.push(
        await signInTraveller(url, devAccount(index), {
          email: `traveller${i}@example.org`,
          locale: locales[i % locales.length]!,
        }),
      );
    }
    const officer = await signInOfficer(url, "gb-eta");
    const endpoint = expectStatus(
      await apiCall(url, {
        method: "POST",
        path: "/api/v1/webhook-endpoints",
        cookie: officer.cookie,
        body: { url: webhooks.url },
      }),
      201,
      "register webhook endpoint",
    ).body;
    webhooks.setSecret(String(endpoint.secret));

    return {
      root,
      logDir,
      node,
      rpcProxy,
      dbProxy,
      db: database.db,
      databaseUrl,
      mail,
      webhooks,
      endpointId: String(endpoint.id),
      servers,
      url,
      travellers,
      officer,
      addServer,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
