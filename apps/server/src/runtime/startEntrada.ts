import { randomUUID } from "node:crypto";
import { type Relayer as ChainRelayer, createFeedPriceSource, createIndexer, createRelayer } from "@entrada/chain";
import type { Deployment } from "@entrada/contracts";
import { seedCatalogue } from "@entrada/core";
import type { EntradaDatabase } from "@entrada/db";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { type Chain, erc20Abi, type PublicClient, parseAbi, type Transport } from "viem";
import { buildApp } from "../app.ts";
import type { Principal } from "../auth/Principal.ts";
import type { ChainServices } from "../chain/ChainServices.ts";
import { createEscrowAccessList } from "../chain/createEscrowAccessList.ts";
import type { ChainConfig, Config } from "../config.ts";
import { createRecordCipher } from "../crypto/createRecordCipher.ts";
import { createOutboundHttp } from "../http/outbound/createOutboundHttp.ts";
import { outboundPolicies } from "../http/outbound/outboundPolicies.ts";
import { countSettlementBacklog } from "../jobs/countSettlementBacklog.ts";
import { createExpiryJob } from "../jobs/createExpiryJob.ts";
import { createSettlementWorker } from "../jobs/createSettlementWorker.ts";
import { createEventBus } from "../messaging/createEventBus.ts";
import { createMailer } from "../messaging/createMailer.ts";
import { createOutboxWorker } from "../messaging/createOutboxWorker.ts";
import { createSseHub } from "../messaging/createSseHub.ts";
import { createUserLookup } from "../messaging/createUserLookup.ts";
import { createWebhookDeliverer } from "../messaging/createWebhookDeliverer.ts";
import { sseRoutes } from "../messaging/sseRoutes.ts";
import { canSeeEvent } from "../policy.ts";
import { statusRoutes } from "../routes/statusRoutes.ts";
import { createChainEventHandler } from "../services/chainEventHandler.ts";
import { createAuthorityKeys } from "../services/createAuthorityKeys.ts";
import { createDevFaucet, type DevFaucet } from "../services/createDevFaucet.ts";
import { createEvisaService } from "../services/createEvisaService.ts";
import { createStatusCache } from "../services/createStatusCache.ts";
import { evisaPdfForHolder } from "../views/evisaPdf.ts";
import { createLogger } from "./createLogger.ts";
import { createMetrics } from "./createMetrics.ts";
import { createSigners } from "./createSigners.ts";
import { createSupervisor } from "./createSupervisor.ts";
import { detectChainReset } from "./detectChainReset.ts";
import { devPages, placeholderPage } from "./devPages.ts";
import { createHomePage } from "./homePage.ts";
import { logNotableEvents } from "./logNotableEvents.ts";
import { createIndexerLoop } from "./loops/createIndexerLoop.ts";
import { createOutboxLoop } from "./loops/createOutboxLoop.ts";
import { createRelayerLoop } from "./loops/createRelayerLoop.ts";
import { createWebhookLoop } from "./loops/createWebhookLoop.ts";
import { openConfiguredDatabase } from "./openConfiguredDatabase.ts";
import { reconcileLostChain } from "./reconcileLostChain.ts";
import { resetLocalChainState } from "./resetLocalChainState.ts";
import { startChain } from "./startChain.ts";
import { webAppRoutes } from "./webAppRoutes.ts";
import { openWebhookSecret, webhookRoutes } from "./webhookRoutes.ts";

/** How often the background loops run, in ms. */
export type RuntimeIntervals = { indexer: number; outbox: number; relayer: number; webhooks: number; expiry: number };

/** Parameters of {@link startEntrada}. */
export type StartEntradaParameters = {
  config: Config;
  /** Default: pino at `LOG_LEVEL` (info). */
  logger?: Logger;
  /**
   * Runs the local chain in this process (Hardhat's EDR) and serves it on `config.chain.rpcUrl`'s
   * port, with the demo deployment. Default: `config.chain.embedded` (`ENTRADA_EMBEDDED_CHAIN`; by
   * default the local chain without an explicit `CHAIN_RPC_URL`).
   */
  embeddedChain?: boolean;
  intervals?: Partial<RuntimeIntervals>;
  clock?: () => Date;
  /**
   * On the embedded chain, also mine an empty block this often (ms), as a real chain does, so that
   * payments reach their confirmation depth while nobody else transacts. Default: automine only
   * (tests mine blocks themselves).
   */
  blockIntervalMs?: number;
  /**
   * Called when a background loop meets an error no retry can fix (a reorg below the indexer's
   * final block, the wrong chain behind the RPC URL), after it was logged at `fatal` and Entrada
   * closed itself. server.ts exits non-zero here, so that a process manager restarts it.
   */
  onFatal?: ((error: Error, loop: string) => void | Promise<void>) | undefined;
  /** The indexer's deepest reorg it rolls back, in blocks (default 256: `createIndexer`'s). */
  maxReorgDepth?: number | undefined;
};

/** A running Entrada: the API and the web app, workers, indexer, relayers and, locally, the chain. */
export type Entrada = {
  /** `http://host:port` of the API and app. */
  url: string;
  /** JSON-RPC URL of the chain. */
  chainUrl: string;
  deployment: Deployment;
  app: FastifyInstance;
  database: EntradaDatabase;
  /** Public client of the chain the indexer reads. */
  client: PublicClient<Transport, Chain>;
  /** Every further chain served (`ENTRADA_CHAINS`, `CHAINS`): its JSON-RPC URL, deployment and client. */
  otherChains: readonly { chainUrl: string; deployment: Deployment; client: PublicClient<Transport, Chain> }[];
  /** Stops every loop, the API, the chain server and the database, in that order; once, however often called. */
  close(): Promise<void>;
};

const defaultIntervals: RuntimeIntervals = {
  indexer: 100,
  // The event bus wakes the outbox loop on every new event; this is the fallback poll.
  outbox: 1_000,
  relayer: 1_000,
  webhooks: 1_000,
  expiry: 30_000,
};

/** EIP-2612's nonce getter, for the permit in payment instructions. */
const permitNoncesAbi = parseAbi(["function nonces(address owner) view returns (uint256)"]);

/**
 * Starts all of Entrada in one process: migrations, the chain (embedded locally, or a node at
 * `CHAIN_RPC_URL`), the API with the live stream and the web app, the outbox worker (e-mail,
 * webhooks), the indexer, the relayers and the expiry job; in development on the local chain also the
 * faucet and the mailbox. Several processes may run against one PostgreSQL database: the
 * workers claim rows with `FOR UPDATE SKIP LOCKED`.
 *
 * @example
 * const entrada = await startEntrada({ config: loadConfig() });
 * console.log(entrada.url);
 */
export async function startEntrada(parameters: StartEntradaParameters): Promise<Entrada> {
  const { config } = parameters;
  const logger = parameters.logger ?? createLogger({ level: process.env.LOG_LEVEL ?? "info" });
  const intervals = { ...defaultIntervals, ...parameters.intervals };
  const clock = parameters.clock ?? (() => new Date());
  const embedded = parameters.embeddedChain ?? config.chain.embedded;
  const closers: (() => Promise<void>)[] = [];
  // Once: a signal and a fatal loop error may both ask for it.
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      for (const closer of closers.reverse()) {
        try {
          await closer();
        } catch (error) {
          logger.warn({ err: error }, "while stopping");
        }
      }
    })();
    return closing;
  };

  try {
    const database = openConfiguredDatabase(config);
    closers.push(() => database.close());
    await database.migrate();
    const { db } = database;

    // The chain: embedded (a fresh in-memory chain with the demo deployment at the same addresses
    // every start) or a node. A chain that lost what the database says was paid on it (the embedded
    // one, or a local node started afresh) is reconciled before anything reads the database.
    const chain = await startChain({ config, embedded, blockIntervalMs: parameters.blockIntervalMs, logger });
    closers.push(() => chain.close());
    const { client, deployment, chainUrl, tokenOwner } = chain;
    const chainId = await client.getChainId();
    if (chainId !== config.chain.id)
      throw new Error(`CHAIN_ID is ${config.chain.id} but the chain Entrada runs on is chain ${chainId}`);
    if (chain.fresh || (config.chain.isLocal && (await detectChainReset({ db, client, chainId })))) {
      await reconcileLostChain({ db, chainId, client, escrow: deployment.escrow, clock, logger });
      await resetLocalChainState(db, chainId, logger);
    }

    const priceSources = [createFeedPriceSource({ client, feeds: deployment.feeds, name: "chain-feeds" })];
    // Every key through one signer interface: a key in this process or one the remote signer holds.
    const signers = await createSigners({ config, logger });
    closers.push(() => signers.close());
    const relayerOptions = {
      db,
      client,
      chainId,
      clock,
      bumpAfterMs: 30_000,
      accessList: createEscrowAccessList({ client, deployment }),
    } as const;
    const paymentRelayer = createRelayer({ ...relayerOptions, account: signers.relayer });
    const settlers: Record<string, ChainRelayer> = {};
    for (const [slug, signer] of Object.entries(signers.settlers)) {
      settlers[slug] = createRelayer({ ...relayerOptions, account: signer });
    }

    // Every further chain (ENTRADA_CHAINS, CHAINS): started or reached like the first, reconciled,
    // with its own feeds and relayers (the same keys: an address is the same on every EVM chain).
    const others: {
      config: ChainConfig;
      started: Awaited<ReturnType<typeof startChain>>;
      services: ChainServices;
      payments: ChainRelayer;
      settlers: Record<string, ChainRelayer>;
    }[] = [];
    for (const chainConfig of config.chains.slice(1)) {
      const started = await startChain({
        config,
        chain: chainConfig,
        embedded: parameters.embeddedChain ?? chainConfig.embedded,
        blockIntervalMs: parameters.blockIntervalMs,
        logger,
      });
      closers.push(() => started.close());
      const otherId = await started.client.getChainId();
      if (otherId !== chainConfig.id) {
        throw new Error(`CHAINS names chain ${chainConfig.id} but the node there is chain ${otherId}`);
      }
      const { client: otherClient, deployment: otherDeployment } = started;
      if (
        started.fresh ||
        (chainConfig.isLocal && (await detectChainReset({ db, client: otherClient, chainId: otherId })))
      ) {
        await reconcileLostChain({
          db,
          chainId: otherId,
          client: otherClient,
          escrow: otherDeployment.escrow,
          clock,
          logger,
        });
        await resetLocalChainState(db, otherId, logger);
      }
      const options = {
        db,
        client: otherClient,
        chainId: otherId,
        clock,
        bumpAfterMs: 30_000,
        accessList: createEscrowAccessList({ client: otherClient, deployment: otherDeployment }),
      } as const;
      const payments = createRelayer({ ...options, account: signers.relayer });
      const otherSettlers: Record<string, ChainRelayer> = {};
      for (const [slug, signer] of Object.entries(signers.settlers)) {
        otherSettlers[slug] = createRelayer({ ...options, account: signer });
      }
      others.push({
        config: chainConfig,
        started,
        payments,
        settlers: otherSettlers,
        services: {
          deployment: { chainId: otherId, escrow: otherDeployment.escrow, tokens: otherDeployment.tokens },
          relayers: { payments, settlers: otherSettlers },
          priceSources: [
            createFeedPriceSource({ client: otherClient, feeds: otherDeployment.feeds, name: "chain-feeds" }),
          ],
          readPermitNonce: (token, owner) =>
            otherClient.readContract({ address: token, abi: permitNoncesAbi, functionName: "nonces", args: [owner] }),
          readTokenBalance: (token, owner) =>
            otherClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [owner] }),
          siweClient: otherClient,
          faucet:
            config.env === "development" && chainConfig.isLocal && started.tokenOwner !== undefined
              ? createDevFaucet({
                  publicClient: otherClient,
                  wallet: started.tokenOwner,
                  tokens: otherDeployment.tokens,
                  clock,
                })
              : undefined,
        },
      });
    }

    const bus = createEventBus({ database, logger });
    closers.push(() => bus.close());
    const hub = createSseHub<Principal>({ db, bus, canSee: (user, event) => canSeeEvent(user, event), logger });
    closers.push(() => hub.close());
    const cipher = createRecordCipher({ masterKey: config.masterKey });
    const mailer = createMailer({ db, smtpUrl: config.smtpUrl, from: "Entrada <no-reply@entrada.local>", logger });
    closers.push(async () => mailer.close());
    // Endpoints are URLs from API clients: the outbound client checks the address it connects to.
    const webhookPolicy = outboundPolicies(config).webhooks;
    const webhookHttp = createOutboundHttp(webhookPolicy);
    closers.push(() => webhookHttp.close());
    const webhooks = createWebhookDeliverer({
      fetch: webhookHttp.fetch,
      db,
      logger,
      clock,
      secretOf: (endpoint) => openWebhookSecret(cipher, endpoint.secretCiphertext),
      // Events about an application carry the absolute links a back office fetches and decides with.
      apiBaseUrl: `${config.publicUrl}/api/v1`,
      // An endpoint receives what its authority's officers (or its organisation's admins) may see.
      canSee: (scope, event) =>
        canSeeEvent(
          scope.authorityId !== undefined
            ? { id: "webhook", via: "api_key", roles: ["officer"], authorityId: scope.authorityId }
            : { id: "webhook", via: "api_key", roles: ["org_admin"], organisationId: scope.organisationId },
          event,
        ),
    });

    const statuses = await createStatusCache({ db, bus });
    closers.push(() => statuses.close());

    // The embedded chain may listen on another port than CHAIN_RPC_URL names (port 0): browsers
    // follow it when PUBLIC_RPC_URL defaulted to the chain's URL.
    const followed = (chainConfig: ChainConfig, url: string): ChainConfig =>
      chainConfig.publicRpcUrl === chainConfig.rpcUrl && url !== chainConfig.rpcUrl
        ? { ...chainConfig, publicRpcUrl: url }
        : chainConfig;
    const appConfig: Config = {
      ...config,
      chain: followed(config.chain, chainUrl),
      chains: config.chains.map((chainConfig, i) =>
        i === 0 ? followed(chainConfig, chainUrl) : followed(chainConfig, others[i - 1]!.started.chainUrl),
      ),
    };
    const faucet: DevFaucet | undefined =
      config.env === "development" && config.chain.isLocal && tokenOwner !== undefined
        ? createDevFaucet({ publicClient: client, wallet: tokenOwner, tokens: deployment.tokens, clock })
        : undefined;

    const escrowDeployment = { chainId, escrow: deployment.escrow, tokens: deployment.tokens };
    // Every background loop runs under the supervisor; /health/ready and /metrics read its states.
    const metrics = createMetrics({ clock, processMetrics: true });
    const supervisor = createSupervisor({
      logger,
      clock,
      onFatal: async (error, loop) => {
        await close();
        await parameters.onFatal?.(error, loop);
      },
    });
    metrics.watchLoops(supervisor.states);
    // One catalogue for the API and the home page's server-written eligibility form.
    const catalogue = seedCatalogue();
    const app = await buildApp({
      config: appConfig,
      catalogue,
      db,
      mailer,
      deployment: escrowDeployment,
      priceSources,
      quoteSigner: signers.quoteSigner,
      issuerKey: signers.credentialIssuer,
      relayers: { payments: paymentRelayer, settlers },
      otherChains: others.map((other) => other.services),
      clock,
      logger,
      siweClient: client,
      metrics,
      loops: supervisor.states,
      readPermitNonce: (token, owner) =>
        client.readContract({ address: token, abi: permitNoncesAbi, functionName: "nonces", args: [owner] }),
      readTokenBalance: (token, owner) =>
        client.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [owner] }),
      faucet,
      sse: async (scope) => scope.register(sseRoutes, { hub }),
      plugins: [
        statusRoutes({ statuses }),
        webhookRoutes({ db, cipher, webhooks, urlPolicy: webhookPolicy }),
        devPages({ db, config }),
        webAppRoutes({
          distDir: config.webDistDir,
          placeholder: placeholderPage({ config, deployment: escrowDeployment, chainUrl }),
          homePage: createHomePage({ distDir: config.webDistDir, catalogue, clock }),
        }),
      ],
    });
    closers.push(() => app.close());

    // Closers run in reverse: the loops stop (their ticks in flight end) before the app closes.
    closers.push(() => supervisor.stop());

    const handler = createChainEventHandler({
      deployment: escrowDeployment,
      confirmations: config.chain.confirmations,
      clock,
      logger,
    });
    const indexer = createIndexer({
      db,
      client,
      chainId,
      escrow: deployment.escrow,
      startBlock: BigInt(deployment.startBlock),
      confirmations: config.chain.confirmations,
      ...(parameters.maxReorgDepth === undefined ? {} : { maxReorgDepth: parameters.maxReorgDepth }),
      handler,
    });
    supervisor.start(
      createIndexerLoop({
        indexer,
        db,
        client,
        chainId,
        escrow: deployment.escrow,
        startBlock: BigInt(deployment.startBlock),
        intervalMs: intervals.indexer,
        metrics,
      }),
    );

    // An application's `issued` change gets its e-visa before the traveller is told (createEvisaService).
    const evisas = createEvisaService({
      db,
      cipher,
      authorityKeys: createAuthorityKeys({ db, cipher, clock }),
      publicUrl: config.publicUrl,
      clock,
    });
    const worker = createOutboxWorker({
      db,
      mailer,
      webhooks,
      users: createUserLookup({ db }),
      logger,
      workerId: `worker-${randomUUID()}`,
      appUrl: config.publicUrl,
      bus,
      handlers: [(message) => evisas.handleOutboxEvent(message)],
      // The "issued" e-mail carries the e-visa PDF, rendered from the e-visa record as it is sent.
      evisaPdf: evisaPdfForHolder(evisas),
    });
    supervisor.start(
      createOutboxLoop({
        worker,
        db,
        intervalMs: intervals.outbox,
        metrics,
        clock,
        onHandled: () => supervisor.wake("webhooks"),
      }),
    );
    // An event written by any process wakes the outbox loop at once, as the worker's own run does.
    const unsubscribe = await bus.subscribe(() => supervisor.wake("outbox"));
    closers.push(async () => unsubscribe());
    // One line per payment seen, decision and settlement: what development's readable log shows.
    const stopNotableEvents = await logNotableEvents({ db, bus, logger });
    closers.push(async () => stopNotableEvents());

    for (const other of others) {
      const { client: otherClient, deployment: otherDeployment } = other.started;
      const otherId = other.config.id;
      const otherIndexer = createIndexer({
        db,
        client: otherClient,
        chainId: otherId,
        escrow: otherDeployment.escrow,
        startBlock: BigInt(otherDeployment.startBlock),
        confirmations: other.config.confirmations,
        ...(parameters.maxReorgDepth === undefined ? {} : { maxReorgDepth: parameters.maxReorgDepth }),
        handler: createChainEventHandler({
          deployment: other.services.deployment,
          confirmations: other.config.confirmations,
          clock,
          logger,
        }),
      });
      supervisor.start(
        createIndexerLoop({
          indexer: otherIndexer,
          db,
          client: otherClient,
          chainId: otherId,
          escrow: otherDeployment.escrow,
          startBlock: BigInt(otherDeployment.startBlock),
          intervalMs: intervals.indexer,
          metrics,
        }),
      );
      supervisor.start(
        createRelayerLoop({
          name: `relayer:${otherId}`,
          relayers: Object.fromEntries([
            [`payments@${otherId}`, other.payments],
            ...Object.entries(other.settlers).map(
              ([slug, relayer]) => [`settler:${slug}@${otherId}`, relayer] as const,
            ),
          ]),
          db,
          client: otherClient,
          chainId: otherId,
          intervalMs: intervals.relayer,
          metrics,
        }),
      );
    }

    // Settlements and claims happen on the chain of the application's paid quote.
    const deploymentsById = new Map([
      [chainId, escrowDeployment],
      ...others.map((other) => [other.config.id, other.services.deployment] as const),
    ]);
    const relayersById = new Map([
      [chainId, { payments: paymentRelayer, settlers }],
      ...others.map((other) => [other.config.id, other.services.relayers] as const),
    ]);
    const expiry = createExpiryJob({
      db,
      deployment: (id) => {
        const found = deploymentsById.get(id);
        if (found === undefined) throw new Error(`chain ${id} is not served by this Entrada`);
        return found;
      },
      clock,
      claimByRelayer: true,
    });
    // Read before each settlement is sent: whether the token's issuer holds it (paused, blacklisted).
    const clientsById = new Map([
      [chainId, client],
      ...others.map((other) => [other.config.id, other.started.client] as const),
    ]);
    const settlements = createSettlementWorker({
      db,
      relayers: (id) => relayersById.get(id),
      readChain: (id) => clientsById.get(id),
      clock,
      logger,
    });
    const relayers = Object.fromEntries([
      ["payments", paymentRelayer],
      ...Object.entries(settlers).map(([slug, relayer]) => [`settler:${slug}`, relayer] as const),
    ]);
    supervisor.start(createRelayerLoop({ relayers, db, client, chainId, intervalMs: intervals.relayer, metrics }));
    supervisor.start(createWebhookLoop({ webhooks, intervalMs: intervals.webhooks, metrics }));
    supervisor.start({ name: "expiry", intervalMs: intervals.expiry, tick: () => expiry.expireOverdue() });
    supervisor.start({
      name: "settlements",
      intervalMs: intervals.relayer,
      tick: () => settlements.runDue(),
      async measure() {
        const backlog = await countSettlementBacklog(db, { now: clock() });
        metrics.setSettlements(backlog);
        return {
          queued: backlog.queued,
          sent: backlog.sent,
          blocked: backlog.blocked,
          heldByIssuer: backlog.heldByIssuer,
          oldestOpenAgeSeconds: backlog.oldestOpenAgeSeconds ?? 0,
        };
      },
    });

    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
    const otherChains = others.map(({ started }) => ({
      chainUrl: started.chainUrl,
      deployment: started.deployment,
      client: started.client,
    }));
    return { url, chainUrl, deployment, app, database, client, otherChains, close };
  } catch (error) {
    await close();
    throw error;
  }
}
