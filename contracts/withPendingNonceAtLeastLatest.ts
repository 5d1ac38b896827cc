/** Anything with an EIP-1193 `request`, such as Hardhat's in-process provider. */
export type JsonRpcRequester = { request(args: { method: string; params?: unknown }): Promise<unknown> };

/**
 * The provider with `eth_getTransactionCount(address, "pending")` never below `"latest"`. Wallets take
 * their next nonce from `pending` (ethers v6, injected wallets); EDR was seen answering 0 there while
 * `latest` answered 1 after a mined transaction, and the wallet's second transaction then failed with
 * "nonce has already been used". On an automining chain nothing waits in the mempool for long, so the
 * larger of the two is the next usable nonce. Everything else (requests, WebSocket notifications) goes
 * to the provider unchanged.
 *
 * @example
 * const served = withPendingNonceAtLeastLatest(hre.network.provider);
 */
export function withPendingNonceAtLeastLatest<P extends JsonRpcRequester>(provider: P): P {
  const request = async (args: { method: string; params?: unknown }): Promise<unknown> => {
    const params = args.params;
    if (args.method !== "eth_getTransactionCount" || !Array.isArray(params) || params[1] !== "pending") {
      return provider.request(args);
    }
    const [pending, latest] = await Promise.all([
      provider.request(args),
      provider.request({ method: args.method, params: [params[0], "latest"] }),
    ]);
    return BigInt(pending as string) >= BigInt(latest as string) ? pending : latest;
  };
  return new Proxy(provider, {
    get(target, property) {
      if (property === "request") return request;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
