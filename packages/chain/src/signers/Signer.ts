import type { LocalAccount } from "viem";

/**
 * What signs for Entrada (the relayer, the settlers, the quote signer): viem's `LocalAccount` shape,
 * `address`, `signTransaction`, `signTypedData` and `signMessage`, so that the relayer, the quote
 * service and anything written against a viem account use a key in a file and a key in a remote
 * signer (a KMS, Web3Signer) the same way. Made by {@link createLocalSigner} or
 * {@link createRemoteSigner}.
 *
 * @example
 * const signer: Signer = createLocalSigner({ privateKey: process.env.RELAYER_KEY as Hex });
 * createRelayer({ db, client, chainId, account: signer, bumpAfterMs: 30_000 });
 */
export type Signer = LocalAccount;
