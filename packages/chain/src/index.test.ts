// Through the package's exports map, as other packages import it.
import * as exports from "@entrada/chain";
import { expect, test } from "vitest";

test("exports", () => {
  expect(Object.keys(exports).sort()).toMatchInlineSnapshot(`
    [
      "ChainChangedDuringSyncError",
      "ChainError",
      "ChainIdMismatchError",
      "DevKeyOnLiveChainError",
      "IndexerCursorMovedError",
      "InvalidFeedConfigError",
      "RelayedCallRevertedError",
      "RelayerKeyConflictError",
      "ReorgTooDeepError",
      "aggregatorV3Abi",
      "assertKeyAllowedOnChain",
      "bumpFees",
      "chainErrorCodes",
      "createChainClients",
      "createFeedPriceSource",
      "createIndexer",
      "createLocalChainClients",
      "createRelayer",
      "decodeRevertReason",
      "devChainIds",
      "escrowErrorAbi",
      "eventArgsFromJson",
      "eventArgsToJson",
      "isDevAccount",
      "toPricePair",
    ]
  `);
});
