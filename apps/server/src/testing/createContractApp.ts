import type { TestDatabase } from "@entrada/db/testing";
import pino from "pino";
import type { Principal } from "../auth/Principal.ts";
import { createRecordCipher } from "../crypto/createRecordCipher.ts";
import { createOutboundHttp } from "../http/outbound/createOutboundHttp.ts";
import { createEventBus } from "../messaging/createEventBus.ts";
import { createSseHub } from "../messaging/createSseHub.ts";
import { createWebhookDeliverer } from "../messaging/createWebhookDeliverer.ts";
import { sseRoutes } from "../messaging/sseRoutes.ts";
import { canSeeEvent } from "../policy.ts";
import { statusRoutes } from "../routes/statusRoutes.ts";
import { devPages } from "../runtime/devPages.ts";
import { webAppRoutes } from "../runtime/webAppRoutes.ts";
import { openWebhookSecret, webhookRoutes } from "../runtime/webhookRoutes.ts";
import type { DevFaucet } from "../services/createDevFaucet.ts";
import { createStatusCache } from "../services/createStatusCache.ts";
import { createTestApp, type TestApp, testConfig } from "./createTestApp.ts";

/** Parameters of {@link createContractApp}. */
export type CreateContractAppParameters = {
  database: TestDatabase;
  /** Environment on top of the tests' (`testConfig`); default development, where every route exists. */
  env?: Record<string, string> | undefined;
  /**
   * The development faucet, for a document that lists its route. The contract tests never call it
   * (it needs a chain; devFaucetRoutes.test.ts drives it on one).
   */
  faucet?: DevFaucet | undefined;
};

/** The app with every route the start-up registers, and what closes it. */
export type ContractApp = TestApp & { close(): Promise<void> };

/**
 * The whole API as `startEntrada` serves it, on a test database and without a chain: the routes of
 * `buildApp` plus the plugins the start-up adds (the live stream, the status route, webhook
 * endpoints, the development pages and the web app), so that the OpenAPI document and the contract
 * tests see every operation. Development by default, where the development routes exist too.
 *
 * @example
 * const contract = await createContractApp({ database });
 * const document = contract.app.swagger();
 */
export async function createContractApp({ database, env, faucet }: CreateContractAppParameters): Promise<ContractApp> {
  const logger = pino({ level: "silent" });
  const config = testConfig({ NODE_ENV: "development", ...env });
  const db = database.db;
  const cipher = createRecordCipher({ masterKey: config.masterKey });
  const bus = createEventBus({ database, logger });
  const hub = createSseHub<Principal>({ db, bus, canSee: (user, event) => canSeeEvent(user, event), logger });
  const statuses = await createStatusCache({ db, bus });
  // The contract tests deliver nothing: no event reaches an endpoint, and no request leaves.
  const outbound = createOutboundHttp({ target: "webhooks" });
  const webhooks = createWebhookDeliverer({
    db,
    fetch: outbound.fetch,
    logger,
    secretOf: (endpoint) => openWebhookSecret(cipher, endpoint.secretCiphertext),
  });
  const test = await createTestApp({
    db,
    config,
    faucet,
    sse: async (scope) => scope.register(sseRoutes, { hub }),
    plugins: [
      statusRoutes({ statuses }),
      webhookRoutes({ db, cipher, webhooks }),
      devPages({ db, config }),
      // No build: `/` shows the placeholder, and every other path is the API's 404.
      webAppRoutes({ distDir: config.dataDir, placeholder: "<h1>Entrada</h1>" }),
    ],
  });
  await test.app.ready();
  return {
    ...test,
    async close() {
      test.app.server.closeAllConnections();
      await test.app.close();
      await statuses.close();
      await hub.close();
      await bus.close();
      await outbound.close();
    },
  };
}
