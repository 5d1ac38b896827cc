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
      "RemoteSignerMismatchError",
      "RemoteSignerRefusedError",
      "RemoteSignerUnavailableError",
      "ReorgTooDeepError",
      "UnknownChainError",
      "aggregatorV3Abi",
      "assertKeyAllowedOnChain",
      "bumpFees",
      "chainErrorCodes",
      "chainProfile",
      "chainRegistry",
      "createChainClients",
      "createFeedPriceSource",
      "createIndexer",
      "createLocalChainClients",
      "createLocalEs256Signer",
      "createLocalSigner",
      "createRelayer",
      "createRemoteEs256Signer",
      "createRemoteSigner",
      "decodeRevertReason",
      "deploySafe",
      "devChainIds",
      "escrowErrorAbi",
      "eventArgsFromJson",
      "eventArgsToJson",
      "isDevAccount",
      "proposeSafeTransaction",
      "remoteKeyIdPattern",
      "requireChainProfile",
      "safeContractNetworks",
      "toPricePair",
    ]
  `);
});
