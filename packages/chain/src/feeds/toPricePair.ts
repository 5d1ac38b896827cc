import type { PricePair } from "@entrada/core";
import { InvalidFeedConfigError } from "../errors.ts";

/**
 * A feed's pair as core's price sources name it: Chainlink and the dev feeds describe themselves as
 * `"GBP / USD"`, core asks for `"GBP/USD"`. Codes are upper-cased; anything but two codes of 2–10
 * letters or digits around one slash is refused.
 *
 * @example
 * toPricePair("GBP / USD") // "GBP/USD"
 * toPricePair("usdc/usd") // "USDC/USD"
 */
export function toPricePair(name: string): PricePair {
  const match = /^\s*([A-Za-z0-9]{2,10})\s*\/\s*([A-Za-z0-9]{2,10})\s*$/.exec(name);
  if (!match) throw new InvalidFeedConfigError({ pair: name, reason: 'expected two codes around a slash, "GBP/USD"' });
  return `${match[1]!.toUpperCase()}/${match[2]!.toUpperCase()}`;
}
