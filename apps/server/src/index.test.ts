import { expect, test } from "vitest";
import * as exports from "./index.ts";

test("exports", () => {
  expect(Object.keys(exports).sort()).toMatchInlineSnapshot(`
    [
      "ApiError",
      "ConfigError",
      "apiErrorCodes",
      "apiPrefix",
      "buildApp",
      "can",
      "canSeeEvent",
      "createChainEventHandler",
      "createExpiryJob",
      "environmentVariables",
      "loadConfig",
      "localChainId",
      "outboxChannel",
      "outboxTopics",
      "policyActions",
      "seedOfficerQueue",
      "startEntrada",
    ]
  `);
});
