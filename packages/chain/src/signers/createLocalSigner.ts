import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { Signer } from "./Signer.ts";

/** Parameters of {@link createLocalSigner}. */
export type CreateLocalSignerParameters = {
  /** 0x and 64 hex digits. Kept inside viem's account; never logged, never returned. */
  privateKey: Hex;
};

/**
 * A {@link Signer} holding its private key in this process: development, tests, and operators who keep
 * the key in the process's environment. Production keys belong in a remote signer
 * ({@link createRemoteSigner}).
 *
 * @example
 * const quoteSigner = createLocalSigner({ privateKey: "0x59c6…690d" });
 * await quoteSigner.signTypedData(quoteTypedData);
 */
export function createLocalSigner({ privateKey }: CreateLocalSignerParameters): Signer {
  return privateKeyToAccount(privateKey);
}
