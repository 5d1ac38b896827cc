import type { Address, Hex } from "viem";

/** Parameters of {@link Relayer.send}. */
export type RelayerSendParameters = {
  /**
   * Idempotency key: a second `send` with the same key returns the first transaction, never a new
   * one. Payments use the quote digest; settlements `release:<digest>`, `refund:<digest>`, `claim:<digest>`.
   */
  key: string;
  to: Address;
  data: Hex;
};

/** What {@link Relayer.send} returns. */
export type RelayerSendReturnType = {
  key: string;
  /** Hash of the (latest) transaction sent for the key. */
  hash: Hex;
  nonce?: number | undefined;
  status: string;
};

/**
 * Submits transactions from one key (the relayer's, or an authority's settler), idempotently per
 * `key`, with nonce management and gas bumping. Built by packages/chain; the server needs only this.
 *
 * @example
 * const { hash } = await relayers.payments.send({ key: quote.digest, to: escrow, data });
 */
export type Relayer = {
  send(parameters: RelayerSendParameters): Promise<RelayerSendReturnType>;
};

/**
 * The relayers the server uses: one that pays gas for gasless payments and claims, and one per
 * authority whose settler key releases and refunds its escrows.
 */
export type Relayers = {
  readonly payments: Relayer;
  /** By authority slug; an authority without one cannot be settled from this server. */
  readonly settlers: Readonly<Record<string, Relayer>>;
};
