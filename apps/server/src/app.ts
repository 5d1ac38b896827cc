import { join } from "node:path";
import { type Catalogue, createQuoteService, defaultFeeBps, type PriceSource, seedCatalogue } from "@entrada/core";
import type { Database } from "@entrada/db";
import {
  createCredentialIssuer,
  createDevKycProvider,
  createDocumentStore,
  createHttpKycProvider,
  createSanctionsScreener,
  type DocumentStore,
  type IssuerKey,
  type IssuerSigningKey,
  type KycProvider,
  loadSanctionsList,
  type SanctionsScreener,
  sampleSanctionsListPaths,
} from "@entrada/identity";
import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyServerOptions,
} from "fastify";
import type { Address, Client, LocalAccount } from "viem";
import { type ChainServices, createChains } from "./chain/ChainServices.ts";
import type { EscrowDeployment } from "./chain/EscrowDeployment.ts";
import type { Relayers } from "./chain/Relayer.ts";
import type { Config } from "./config.ts";
import { createRecordCipher } from "./crypto/createRecordCipher.ts";
import { deriveKey } from "./crypto/deriveKey.ts";
import { resolveIssuerKey } from "./crypto/resolveIssuerKey.ts";
import { NotFoundError, RateLimitedError } from "./errors/http.ts";
import { createAuthenticateHook } from "./http/authenticate.ts";
import { compressJson } from "./http/compressJson.ts";
import { bodyLimitBytes, errorHandler } from "./http/errorHandler.ts";
import { createIdempotencyHooks } from "./http/idempotency.ts";
import { allowStyleSources } from "./http/inlineStyleSources.ts";
import { createMethodNotAllowed } from "./http/methodNotAllowed.ts";
import { openApiOptions } from "./http/openApiOptions.ts";
import { createOutboundHttp, type OutboundHttp, type OutboundPolicy } from "./http/outbound/createOutboundHttp.ts";
import { outboundPolicies } from "./http/outbound/outboundPolicies.ts";
import { requestIdHeader, requestIdOf } from "./http/requestId.ts";
import { securityHeaders } from "./http/securityHeaders.ts";
import { createZodSerializerCompiler, zodValidatorCompiler } from "./http/zodTypeProvider.ts";
import { createSettlementWorker } from "./jobs/createSettlementWorker.ts";
import { createMailer, type Mailer } from "./messaging/createMailer.ts";
import { apiKeyRoutes } from "./routes/apiKeyRoutes.ts";
import { applicationRoutes } from "./routes/applicationRoutes.ts";
import { authRoutes } from "./routes/authRoutes.ts";
import { catalogueRoutes } from "./routes/catalogueRoutes.ts";
import { clientConfigRoutes, type ServedChain, toClientConfig } from "./routes/clientConfigRoutes.ts";
import { credentialRoutes } from "./routes/credentialRoutes.ts";
import { devFaucetRoutes } from "./routes/devFaucetRoutes.ts";
import { devMailboxRoutes } from "./routes/devMailboxRoutes.ts";
import { didRoutes } from "./routes/didRoutes.ts";
import { documentRoutes } from "./routes/documentRoutes.ts";
import { evisaPublicRoutes, evisaRoutes } from "./routes/evisaRoutes.ts";
import { evisaTrustRoutes } from "./routes/evisaTrustRoutes.ts";
import { healthRoutes } from "./routes/healthRoutes.ts";
import { identityRoutes } from "./routes/identityRoutes.ts";
import { metricsRoutes } from "./routes/metricsRoutes.ts";
import { officerRoutes } from "./routes/officerRoutes.ts";
import { paymentRoutes } from "./routes/paymentRoutes.ts";
import { privacyRoutes } from "./routes/privacyRoutes.ts";
import { profileRoutes } from "./routes/profileRoutes.ts";
import { reconciliationRoutes } from "./routes/reconciliationRoutes.ts";
import { wellKnownRoutes } from "./routes/wellKnownRoutes.ts";
import { createMetrics, type Metrics } from "./runtime/createMetrics.ts";
import type { LoopState } from "./runtime/createSupervisor.ts";
import { createApiKeyService } from "./services/createApiKeyService.ts";
import { createApplicationQuoteService } from "./services/createApplicationQuoteService.ts";
import { createApplicationService } from "./services/createApplicationService.ts";
import { createAuthorityKeys } from "./services/createAuthorityKeys.ts";
import { createAuthService } from "./services/createAuthService.ts";
import { createContactEmailService } from "./services/createContactEmailService.ts";
import { createCredentialService } from "./services/createCredentialService.ts";
import { createDecisionService } from "./services/createDecisionService.ts";
import type { DevFaucet } from "./services/createDevFaucet.ts";
import { createDocumentService } from "./services/createDocumentService.ts";
import { createEvisaService } from "./services/createEvisaService.ts";
import { createEvisaTrustService } from "./services/createEvisaTrustService.ts";
import { createOfficerQueueService } from "./services/createOfficerQueueService.ts";
import { createOfficerStatsService } from "./services/createOfficerStatsService.ts";
import { createPaymentService } from "./services/createPaymentService.ts";
import { createPresentationService } from "./services/createPresentationService.ts";
import { createPrivacyService } from "./services/createPrivacyService.ts";
import { createReconciliationService } from "./services/createReconciliationService.ts";
import { createVerificationService } from "./services/createVerificationService.ts";
import { syncCatalogue } from "./services/syncCatalogue.ts";

/** Everything the API needs, passed in: start-up (server.ts) builds the real parts, tests local ones. */
export type AppDependencies = {
  config: Config;
  /** The migrated database (PGlite or PostgreSQL). The caller owns and closes it. */
  db: Database;
  /** The escrow and tokens quotes are signed for. */
  deployment: EscrowDeployment;
  /** Price sources in order of preference (the chain's feeds first, then fallbacks). */
  priceSources: readonly PriceSource[];
  /** Signs quotes; its address must be the escrow's `quoteSigner`. */
  quoteSigner: LocalAccount;
  /** The payment relayer and one settler relayer per authority (packages/chain). */
  relayers: Relayers;
  /**
   * The other chains served beside `deployment`'s (`ENTRADA_CHAINS`, `CHAINS`), each with its own
   * escrow, tokens, relayers, price sources and reads: a quote names its chain, and its payment and
   * settlement happen there. Default: none.
   */
  otherChains?: readonly ChainServices[] | undefined;
  /** Default: the seed catalogue of @entrada/core. Written to the database at start-up. */
  catalogue?: Catalogue | undefined;
  /** Now. Default the system clock. */
  clock?: (() => Date) | undefined;
  /** Fastify's logger option, or a pino instance. Default off. */
  logger?: FastifyServerOptions["logger"] | FastifyBaseLogger | undefined;
  /** A client of the chain, to verify sign-ins of contract wallets; EOAs are verified without it. */
  siweClient?: Client | undefined;
  /** Reads a token's EIP-2612 nonce, to fill the permit in payment instructions. */
  readPermitNonce?: ((token: Address, owner: Address) => Promise<bigint>) | undefined;
  /**
   * Reads a token balance, so that a gasless payment the payer cannot cover is refused before the
   * relayer spends gas on it (`ENTRADA_INSUFFICIENT_BALANCE`). Without it the check is skipped.
   */
  readTokenBalance?: ((token: Address, owner: Address) => Promise<bigint>) | undefined;
  /**
   * The development faucet (`POST /api/v1/dev/faucet`); its route exists only when this is given and
   * the server runs in development on the local chain.
   */
  faucet?: DevFaucet | undefined;
  /**
   * The messaging seam: the SSE hub's routes (apps/server/src/messaging), e.g.
   * `async (app) => app.register(sseRoutes, { hub })`. Registered at the root after authentication,
   * so `request.user` is set; its routes name their full path (`/api/v1/events/stream`), and
   * `canSeeEvent` of ./policy.ts decides what each subscriber sees.
   */
  sse?: FastifyPluginAsync | undefined;
  /**
   * More route plugins (webhook endpoints, the dev mailbox, …), registered like `sse`, each in its own
   * scope with Fastify's default (JSON Schema) validation.
   */
  plugins?: readonly FastifyPluginAsync[] | undefined;
  /**
   * The credential issuer's key: a local key, or one that only signs (the runtime passes
   * `createSigners`' `credentialIssuer`, local or in the remote signer). Default: a local
   * `IDENTITY_ISSUER_KEY`, else a development or test key (`resolveIssuerKey`).
   */
  issuerKey?: IssuerKey | IssuerSigningKey | undefined;
  /** The sanctions screener. Default: the list of `SANCTIONS_SDN_PATH`/`SANCTIONS_ALT_PATH`, else the sample list. */
  sanctions?: SanctionsScreener | undefined;
  /** The liveness/face-match provider. Default: `KYC_PROVIDER_URL` over HTTP, else the development provider. */
  kycProvider?: KycProvider | undefined;
  /** Where identity documents go. Default: Kubo at `IPFS_API_URL`, else `ENTRADA_DATA_DIR/documents`. */
  documentStore?: DocumentStore | undefined;
  /**
   * The Prometheus registry and its feeds (`/metrics`), shared with the runtime's loops. Default: one
   * of the app's own (each app its own registry: tests build many in one process).
   */
  metrics?: Metrics | undefined;
  /**
   * Sends the e-mails the API sends itself (address verification codes); the outbox worker's mailer.
   * Default: one of `SMTP_URL`, else the development mailbox.
   */
  mailer?: Mailer | undefined;
  /** The background loops' conditions for `GET /api/v1/health/ready` (the supervisor's `states`). Default none. */
  loops?: (() => readonly LoopState[]) | undefined;
};

/** The API version prefix of every route. */
export const apiPrefix = "/api/v1";

/**
 * Builds the Fastify app of the API: security headers, rate limit, cookies, the OpenAPI document
 * (`/docs/json`, UI at `/docs`), authentication (session cookie or API key), idempotency keys, the
 * error handler, and the routes under `/api/v1`. It writes the catalogue to the database first; it
 * does not listen (server.ts does) — tests call `app.inject()`.
 *
 * @example
 * const app = await buildApp({ config, db, deployment, priceSources, quoteSigner, relayers });
 * const response = await app.inject({ method: "GET", url: "/api/v1/health" });
 */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const { config, db, deployment, relayers } = deps;
  if (deployment.chainId !== config.chain.id) {
    throw new Error(`buildApp: the deployment is on chain ${deployment.chainId}, the config on ${config.chain.id}`);
  }
  const clock = deps.clock ?? (() => new Date());
  const catalogue = deps.catalogue ?? seedCatalogue();
  await syncCatalogue(db, catalogue);

  // The platform fee rate every quote carries: core's default until quotes read governance's FeePolicy.
  const platformFeeBps = defaultFeeBps;
  const devConveniences = config.env === "development" && config.chain.isLocal;
  const faucet = devConveniences ? deps.faucet : undefined;

  const cipher = createRecordCipher({ masterKey: config.masterKey });
  // Every authority of the catalogue signs its e-visas with its own key: made once, kept across restarts.
  const authorityKeys = createAuthorityKeys({ db, cipher, clock });
  for (const authority of catalogue.authorities) await authorityKeys.ensure(authority.id);
  // What e-visa verifiers need: the authorities' seal keys (the trust list) and a verification API.
  const evisaTrust = createEvisaTrustService({ db, catalogue, authorityKeys, clock });
  // Sign-ins name a chain: any chain served, each verified on its own client (contract wallets).
  const siweClients = new Map<number, Client>();
  if (deps.siweClient !== undefined) siweClients.set(config.chain.id, deps.siweClient);
  for (const other of deps.otherChains ?? []) {
    if (other.siweClient !== undefined) siweClients.set(other.deployment.chainId, other.siweClient);
  }
  const auth = createAuthService({ db, config, clock, siweClient: (chainId) => siweClients.get(chainId) });
  const apiKeys = createApiKeyService({ db, clock });

  // Identity: the issuer (Entrada's public URL), the KYC pipeline's parts, and the document store.
  const issuer = createCredentialIssuer({
    issuer: config.publicUrl,
    key: deps.issuerKey ?? (await resolveIssuerKey(config)),
    clock,
  });
  const sanctions =
    deps.sanctions ??
    createSanctionsScreener({
      entries: await loadSanctionsList(config.identity.sanctions ?? sampleSanctionsListPaths),
    });
  // The provider and the IPFS node are reached through the outbound client, each with its policy.
  const outboundClients: OutboundHttp[] = [];
  const outboundFetch = (policy: OutboundPolicy) => {
    const client = createOutboundHttp(policy);
    outboundClients.push(client);
    return client.fetch;
  };
  const kycProvider =
    deps.kycProvider ??
    (config.identity.kycProvider === undefined
      ? createDevKycProvider()
      : createHttpKycProvider({
          ...config.identity.kycProvider,
          name: "kyc-provider",
          clock,
          fetch: outboundFetch(outboundPolicies(config).kycProvider),
        }));
  const documentStore =
    deps.documentStore ??
    createDocumentStore({
      // Its own key, derived from the master key: documents and database records never share one.
      masterKey: deriveKey(config.masterKey, "entrada/documents/v1"),
      ...(config.identity.ipfsApiUrl === undefined
        ? { dir: join(config.dataDir, "documents") }
        : { kubo: { url: config.identity.ipfsApiUrl, fetch: outboundFetch(outboundPolicies(config).ipfs) } }),
    });
  const documents = createDocumentService({ db, store: documentStore, clock });
  const verifications = createVerificationService({
    db,
    cipher,
    sanctions,
    provider: kycProvider,
    fingerprintKey: config.identity.fingerprintKey,
    documents,
    clock,
  });
  const credentials = createCredentialService({
    db,
    issuer,
    openVerification: verifications.open,
    apiUrl: `${config.publicUrl}${apiPrefix}`,
    clock,
    // The app and its mailer are made further down; these run only once a request is served.
    mailer: { send: (mail) => mailer.send(mail) },
    identityPageUrl: `${config.publicUrl}/identity`,
    logger: {
      info: (details, message) => app.log.info(details, message),
      warn: (details, message) => app.log.warn(details, message),
    },
  });
  const presentations = createPresentationService({
    db,
    cipher,
    catalogue,
    credentials,
    audience: config.publicUrl,
    clock,
  });
  // E-visas are issued by the outbox worker (the runtime's own service); the app's serves and revokes them.
  const evisas = createEvisaService({
    db,
    cipher,
    authorityKeys,
    publicUrl: config.publicUrl,
    clock,
  });
  const privacy = createPrivacyService({ db, cipher, verifications, credentials, documents, auth, clock });

  const applications = createApplicationService({ db, catalogue, cipher, clock, presentations, documents });
  const metrics = deps.metrics ?? createMetrics({ clock });
  const quoteService = createQuoteService({
    // Observed: the age of each price round a quote reads is a metric (quote staleness).
    sources: deps.priceSources.map((source) => metrics.observePriceSource(source)),
    clock,
    lockSeconds: config.quotes.lockSeconds,
    maxStalenessSeconds: config.quotes.maxStalenessSeconds,
    feeBps: platformFeeBps,
    // Replaced per quote by the product's processing time; this is the fallback.
    decisionWindow: 30 * 86_400,
  });
  const chains = createChains([
    {
      deployment,
      relayers,
      priceSources: deps.priceSources,
      readPermitNonce: deps.readPermitNonce,
      readTokenBalance: deps.readTokenBalance,
    },
    ...(deps.otherChains ?? []),
  ]);
  const quotes = createApplicationQuoteService({
    db,
    catalogue,
    quoteService,
    quoteSigner: deps.quoteSigner,
    deployment,
    otherChains: new Map(
      chains.all.slice(1).map((chain) => [
        chain.deployment.chainId,
        {
          deployment: chain.deployment,
          quoteService: createQuoteService({
            sources: chain.priceSources.map((source) => metrics.observePriceSource(source)),
            clock,
            lockSeconds: config.quotes.lockSeconds,
            maxStalenessSeconds: config.quotes.maxStalenessSeconds,
            feeBps: platformFeeBps,
            decisionWindow: 30 * 86_400,
          }),
        },
      ]),
    ),
    cipher,
    clock,
  });
  const payments = createPaymentService({
    db,
    deployment,
    relayer: relayers.payments,
    clock,
    readPermitNonce: deps.readPermitNonce,
    readTokenBalance: deps.readTokenBalance,
    chains,
  });
  const stats = createOfficerStatsService({ db, deployments: chains.all.map((chain) => chain.deployment), clock });
  const queue = createOfficerQueueService({ db, cipher, clock });
  const reconciliation = createReconciliationService({ db, deployments: chains.all.map((chain) => chain.deployment) });
  // The faucet of each chain that has one: only in development, and only on local chains.
  const faucets = new Map<number, DevFaucet>();
  if (faucet !== undefined) faucets.set(config.chain.id, faucet);
  const served = chains.all.map((chain): ServedChain => {
    const chainId = chain.deployment.chainId;
    const chainConfig = config.chains.find((candidate) => candidate.id === chainId);
    if (chainConfig === undefined) throw new Error(`buildApp: chain ${chainId} is served but not in config.chains`);
    if (chain !== chains.primary && devConveniences && chainConfig.isLocal && chain.faucet) {
      faucets.set(chainId, chain.faucet);
    }
    // `config.chain` may differ from its entry in `chains` (the embedded chain's actual URL).
    return {
      chain: chain === chains.primary ? config.chain : chainConfig,
      deployment: chain.deployment,
      faucet: faucets.has(chainId),
    };
  });
  const clientConfig = toClientConfig({
    env: config.env,
    chains: served,
    platformFeeBps,
    // The same conditions as the routes themselves: dev-login and the faucet below, the mailbox in devPages.
    features: { devLogin: devConveniences, faucet: faucets.size > 0, mailbox: devConveniences },
  });
  const idempotency = createIdempotencyHooks({ db });

  const logger = deps.logger ?? false;
  const app = Fastify({
    ...(typeof logger === "object" && logger !== null && "child" in logger ? { loggerInstance: logger } : { logger }),
    bodyLimit: bodyLimitBytes,
    // A proxy's X-Request-Id when sane, else ours: one id through the proxy's logs and ours.
    genReqId: requestIdOf,
  });
  // Decisions record their settlement as a job; this worker makes its first attempt at once (the
  // runtime's loop sends the rest) and logs blocked settlements through the app's logger.
  const settlements = createSettlementWorker({
    db,
    relayers: (chainId) => chains.find(chainId)?.relayers,
    clock,
    logger: app.log,
  });
  const mailer =
    deps.mailer ??
    createMailer({ db, smtpUrl: config.smtpUrl, from: "Entrada <no-reply@entrada.local>", logger: app.log });
  const contactEmail = createContactEmailService({
    db,
    mailer,
    secret: config.sessionSecret,
    clock,
  });
  const decisions = createDecisionService({
    db,
    deployment: (chainId) => chains.get(chainId).deployment,
    applications,
    settlements,
    clock,
    logger: app.log,
  });
  // JSON only: a cross-site form can post text/plain without a preflight; it gets a 415 here.
  app.removeContentTypeParser("text/plain");
  app.setErrorHandler(errorHandler);
  app.addHook("onClose", async () => {
    await Promise.all(outboundClients.map((client) => client.close()));
  });
  app.setNotFoundHandler((request, reply) => errorHandler(new NotFoundError({ resource: "route" }), request, reply));
  // First of all hooks, so that every answer (a 401, a 429, a 404) names its request.
  app.addHook("onRequest", async (request, reply) => {
    reply.header(requestIdHeader, request.id);
  });
  // 405 with `Allow` for a known path asked with another method; unknown paths stay 404.
  const methodNotAllowed = createMethodNotAllowed();
  app.addHook("onRoute", methodNotAllowed.onRoute);
  app.addHook("onRequest", methodNotAllowed.onRequest);
  app.addHook("onResponse", async (request, reply) => {
    metrics.observeRequest({
      method: request.method,
      // The pattern, never the URL: ids in paths would make a series per request.
      route: request.routeOptions.url ?? "unmatched",
      statusCode: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
    });
  });

  await app.register(securityHeaders, {
    rpcUrls: served.map(({ chain }) => chain.publicRpcUrl),
    upgradeInsecureRequests: new URL(config.publicUrl).protocol === "https:",
  });
  await app.register(rateLimit, {
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.windowMs,
    errorResponseBuilder: (_request, context) =>
      new RateLimitedError({ retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)) }),
  });
  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(
    swagger,
    openApiOptions({ publicUrl: config.publicUrl, metricsToken: config.metricsToken !== undefined }),
  );
  // swagger-ui sets inline styles the app-wide CSP refuses, so /docs alone widens the app's policy with
  // 'unsafe-inline' for styles (`transformStaticCSP`, in swagger-ui's own scope). Not `staticCSP`: its
  // policy would replace the app's (upgrade-insecure-requests even over http, styles from any https:).
  // Scripts stay the app's only: the UI's are files under /docs/static.
  await app.register(swaggerUi, {
    routePrefix: "/docs",
    transformStaticCSP: (csp) => allowStyleSources(csp, ["'unsafe-inline'"]),
  });

  app.decorateRequest("user", null);
  app.addHook("onRequest", createAuthenticateHook({ auth, apiKeys }));
  app.addHook("preHandler", idempotency.preHandler);
  app.addHook("onSend", idempotency.onSend);
  // JSON answers compressed as the client accepts (the catalogue: 21 KB, 3 KB in brotli), after the
  // idempotency hook has kept the JSON itself.
  app.addHook("onSend", compressJson);

  await app.register(
    async (api) => {
      api.setValidatorCompiler(zodValidatorCompiler);
      // Outside production every response is checked against its documented schema.
      api.setSerializerCompiler(createZodSerializerCompiler({ check: config.env !== "production" }));
      await api.register(healthRoutes, {
        db,
        chainId: config.chain.id,
        chainIds: config.chains.map((chain) => chain.id),
        loops: deps.loops,
      });
      await api.register(clientConfigRoutes, { clientConfig });
      await api.register(authRoutes, { auth, config });
      await api.register(profileRoutes, { db, contactEmail });
      await api.register(apiKeyRoutes, { apiKeys, knownAuthority: (id) => catalogue.authority(id) });
      await api.register(catalogueRoutes, { catalogue, clock });
      await api.register(evisaTrustRoutes, { trust: evisaTrust });
      await api.register(applicationRoutes, { applications });
      await api.register(paymentRoutes, { quotes, payments });
      await api.register(officerRoutes, { applications, decisions, stats, queue });
      await api.register(reconciliationRoutes, { reconciliation });
      await api.register(evisaRoutes, { evisas, apiPrefix });
      await api.register(identityRoutes, { verifications, credentials, clock });
      await api.register(credentialRoutes, { credentials, presentations });
      await api.register(documentRoutes, { documents });
      await api.register(privacyRoutes, { privacy });
      if (faucets.size > 0) await api.register(devFaucetRoutes, { faucets, defaultChainId: config.chain.id });
      if (config.env === "development" && config.chain.isLocal) await api.register(devMailboxRoutes, { db });
    },
    { prefix: apiPrefix },
  );
  await app.register(wellKnownRoutes({ issuer }));
  await app.register(didRoutes({ issuer, authorityKeys }));
  await app.register(evisaPublicRoutes({ evisas }));
  await app.register(metricsRoutes({ metrics, token: config.metricsToken, env: config.env }));
  if (deps.sse !== undefined) await app.register(deps.sse);
  for (const plugin of deps.plugins ?? []) await app.register(plugin);
  return app;
}
