import type { Relayer } from "@entrada/chain";
import { type Database, relayerTransactions, toCount } from "@entrada/db";
import { and, eq, sql } from "drizzle-orm";
import type { Chain, PublicClient, Transport } from "viem";
import type { Metrics } from "../createMetrics.ts";
import type { SupervisedLoop } from "../createSupervisor.ts";

/** Parameters of {@link createRelayerLoop}. */
export type CreateRelayerLoopParameters = {
  /** Each relayer account by its role: `payments`, `settler:gb-eta`, … */
  relayers: Readonly<Record<string, Pick<Relayer, "address" | "tick">>>;
  db: Database;
  client: PublicClient<Transport, Chain>;
  chainId: number;
  intervalMs: number;
  /** How often pending transactions are counted and balances read, in ms. Default 15 s: a balance is an RPC call per account. */
  measureEveryMs?: number | undefined;
  metrics: Metrics;
  /** The loop's name (default `relayer`; `relayer:<chainId>` for each further chain served). */
  name?: string | undefined;
};

/**
 * The relayers' watcher as a supervised loop (`relayer`): each tick settles and bumps every
 * account's pending transactions (`tick`, idempotent: a failed pass is simply run again). Its lag
 * is the number of transactions still pending (`pending`); per account, the pending count and the
 * native balance that pays the gas are the `entrada_relayer_*` metrics, read every `measureEveryMs`,
 * never per scrape.
 *
 * @example
 * supervisor.start(createRelayerLoop({ relayers: { payments: paymentRelayer }, db, client, chainId, intervalMs: 1_000, metrics }));
 */
export function createRelayerLoop(parameters: CreateRelayerLoopParameters): SupervisedLoop {
  const { relayers, db, client, chainId, intervalMs, metrics } = parameters;
  const accounts = Object.entries(relayers);
  return {
    name: parameters.name ?? "relayer",
    intervalMs,
    measureEveryMs: parameters.measureEveryMs ?? 15_000,
    async tick() {
      await Promise.all(accounts.map(([, relayer]) => relayer.tick()));
    },
    async measure() {
      const rows = await db
        .select({ from: relayerTransactions.from, pending: sql<number>`count(*)`.mapWith(toCount) })
        .from(relayerTransactions)
        .where(and(eq(relayerTransactions.chainId, chainId), eq(relayerTransactions.status, "pending")))
        .groupBy(relayerTransactions.from);
      const pendingOf = new Map(rows.map((row) => [row.from.toLowerCase(), row.pending]));
      const balances = await Promise.all(
        accounts.map(([, relayer]) => client.getBalance({ address: relayer.address })),
      );
      let pending = 0;
      for (const [index, [name, relayer]] of accounts.entries()) {
        const count = pendingOf.get(relayer.address.toLowerCase()) ?? 0;
        pending += count;
        metrics.setRelayer({
          chainId,
          relayer: name,
          account: relayer.address,
          pending: count,
          balanceWei: balances[index],
        });
      }
      return { pending };
    },
  };
}
