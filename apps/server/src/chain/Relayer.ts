import type { Relayer as ChainRelayer, RelayerTransaction, RelayRequest } from "@entrada/chain";

/** What to send, under its idempotency key: @entrada/chain's `RelayRequest`. */
export type RelayerSendParameters = RelayRequest;

/** The key's record, as {@link Relayer.send} and {@link Relayer.get} answer it: @entrada/chain's `RelayerTransaction`. */
export type RelayerSendReturnType = RelayerTransaction;

/**
 * The part of @entrada/chain's relayer (`createRelayer`) that the services use: `send` once per key
 * (payments use the quote digest; settlements `release:<digest>`, `refund:<digest>`, `claim:<digest>`)
 * and `get` the record of a key. Its `tick` is run by the relayer loop, which holds the whole relayer;
 * tests pass a recording relayer (testing/createRecordingRelayer.ts).
 *
 * @example
 * const { hash } = await relayers.payments.send({ key: quote.digest, to: escrow, data });
 * const sent = await relayers.payments.get(quote.digest); // undefined until the first send
 */
export type Relayer = Pick<ChainRelayer, "send" | "get">;

/**
 * The relayers the server uses: one that pays gas for gasless payments and claims, and one per
 * authority whose settler key releases and refunds its escrows.
 */
export type Relayers = {
  readonly payments: Relayer;
  /** By authority slug; an authority without one cannot be settled from this server. */
  readonly settlers: Readonly<Record<string, Relayer>>;
};
