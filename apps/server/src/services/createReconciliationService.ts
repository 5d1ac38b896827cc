import { Readable } from "node:stream";
import { currencies, formatMoney } from "@entrada/core";
import { applications, chainEvents, type Database, type Hex, payments, quotes } from "@entrada/db";
import { stringify } from "csv-stringify";
import { and, asc, eq, gt, gte, inArray, lt, or, sql } from "drizzle-orm";
import type { Principal } from "../auth/Principal.ts";
import type { EscrowDeployment } from "../chain/EscrowDeployment.ts";
import { authorize } from "../policy.ts";
import { neutraliseCsvCell } from "../views/neutraliseCsvCell.ts";

/** Parameters of {@link createReconciliationService}. */
export type CreateReconciliationServiceParameters = {
  db: Database;
  /** Every chain served: settlements are read from each one's escrow, tokens named by symbol. */
  deployments: readonly EscrowDeployment[];
  /** Rows read per query (keyset pages). Default 500. */
  pageSize?: number | undefined;
};

/** A settlement of the reconciliation: what one escrow event moved, as finance reads it. */
export type ReconciliationRow = {
  /** The block's time (UTC, ISO 8601). */
  settledAt: string;
  applicationId: string;
  reference: string;
  /** `released` to the authority, or `refunded` to the payer (a rejection, or a claim after the deadline). */
  kind: "released" | "refunded";
  /** The escrow event: `EscrowReleased`, `EscrowRefunded` or `EscrowClaimed`. */
  event: string;
  chainId: number;
  /** `USDC`, `USDT`; empty for a token the deployment no longer lists. */
  tokenSymbol: string;
  tokenAddress: Hex;
  /**
   * What the settlement's token transfer moved, in minor units: to the authority's payout on
   * release (the payment less the platform fee), back to the payer in full on refund.
   */
  amountMinor: bigint;
  /** The platform fee the release accrued to the treasury; `null` on a refund (nothing is kept). */
  platformFeeMinor: bigint | null;
  txHash: Hex;
  blockNumber: bigint;
  logIndex: number;
};

/** The CSV's columns, in order. */
export const reconciliationColumns = [
  "settled_at",
  "application_id",
  "reference",
  "kind",
  "event",
  "chain_id",
  "token_symbol",
  "token_address",
  "amount",
  "amount_minor",
  "platform_fee",
  "platform_fee_minor",
  "tx_hash",
  "block_number",
  "log_index",
] as const;

/** What {@link createReconciliationService} returns. */
export type ReconciliationService = {
  /**
   * The settlements of the caller's authority whose block time falls on the days `from`–`to`
   * (inclusive, UTC), oldest first, read in keyset pages. Officers of the authority and its API keys
   * (`officer.stats`); throws before the first row otherwise.
   */
  rows(principal: Principal | null, range: { from: string; to: string }): Promise<AsyncIterable<ReconciliationRow>>;
  /** The same as an RFC 4180 CSV stream (UTF-8, CRLF, a header row), and its file name. */
  csv(principal: Principal | null, range: { from: string; to: string }): Promise<{ filename: string; body: Readable }>;
};

/**
 * csv-stringify's options for RFC 4180: CRLF between records, and a field with a line break quoted
 * (csv-stringify quotes a field that holds the record delimiter, CRLF, but not a bare LF or CR).
 */
export const rfc4180Options = { record_delimiter: "windows", quoted_match: /[\r\n]/ } as const;

const settlementEvents = ["EscrowReleased", "EscrowRefunded", "EscrowClaimed"] as const;

/**
 * The authority's reconciliation (issue 12 item 9): one row per escrow settlement the indexer stored
 * from the chain (`chain_events`, not removed by a reorg: only logs at the confirmation depth are
 * stored), with the amounts of its token transfer, so that finance can match each row to a transfer
 * on the chain by its transaction hash. Amounts come from the paid record, which the escrow settles
 * exactly: the payment (`payments.amount`, the `EscrowPaid` amount) and its quote's platform fee.
 *
 * @example
 * const reconciliation = createReconciliationService({ db, deployments });
 * const { filename, body } = await reconciliation.csv(officer, { from: "2026-12-01", to: "2026-12-31" });
 */
export function createReconciliationService({
  db,
  deployments,
  pageSize = 500,
}: CreateReconciliationServiceParameters): ReconciliationService {
  // `<chain id>:<token address>` → symbol: the same address may be another token on another chain.
  const tokenSymbols = new Map(
    deployments.flatMap((deployment) =>
      Object.entries(deployment.tokens).map(([symbol, address]) => [
        `${deployment.chainId}:${address.toLowerCase()}`,
        symbol,
      ]),
    ),
  );
  const escrows = or(
    ...deployments.map((deployment) =>
      and(eq(chainEvents.chainId, deployment.chainId), eq(chainEvents.address, deployment.escrow.toLowerCase() as Hex)),
    ),
  );

  async function rows(principal: Principal | null, { from, to }: { from: string; to: string }) {
    const authorityId = principal?.authorityId ?? null;
    authorize(principal, "officer.stats", { authorityId: authorityId ?? "" });
    const start = new Date(`${from}T00:00:00.000Z`);
    const end = new Date(Date.parse(`${to}T00:00:00.000Z`) + 86_400_000);

    async function* read(): AsyncGenerator<ReconciliationRow> {
      let after: { at: Date; id: number } | undefined;
      for (;;) {
        const page = await db
          .select({
            id: chainEvents.id,
            at: chainEvents.blockTimestamp,
            eventName: chainEvents.eventName,
            chainId: chainEvents.chainId,
            txHash: chainEvents.txHash,
            blockNumber: chainEvents.blockNumber,
            logIndex: chainEvents.logIndex,
            applicationId: applications.id,
            reference: applications.reference,
            token: payments.token,
            paid: payments.amount,
            platformFee: quotes.platformFee,
          })
          .from(chainEvents)
          // The settlement events' `applicationId` is the on-chain id (bytes32), stored lower-case.
          .innerJoin(applications, eq(applications.onchainId, sql<Hex>`lower(${chainEvents.args}->>'applicationId')`))
          // The escrow settles at most one payment per application and chain.
          .innerJoin(
            payments,
            and(
              eq(payments.applicationId, applications.id),
              eq(payments.chainId, chainEvents.chainId),
              eq(payments.status, "confirmed"),
            ),
          )
          .innerJoin(quotes, eq(quotes.id, payments.quoteId))
          .where(
            and(
              inArray(chainEvents.eventName, [...settlementEvents]),
              eq(chainEvents.removed, false),
              escrows,
              eq(applications.authorityId, authorityId!),
              gte(chainEvents.blockTimestamp, start),
              lt(chainEvents.blockTimestamp, end),
              after === undefined
                ? undefined
                : or(
                    gt(chainEvents.blockTimestamp, after.at),
                    and(eq(chainEvents.blockTimestamp, after.at), gt(chainEvents.id, after.id)),
                  ),
            ),
          )
          .orderBy(asc(chainEvents.blockTimestamp), asc(chainEvents.id))
          .limit(pageSize);
        for (const row of page) {
          const released = row.eventName === "EscrowReleased";
          yield {
            settledAt: row.at.toISOString(),
            applicationId: row.applicationId,
            reference: row.reference,
            kind: released ? "released" : "refunded",
            event: row.eventName,
            chainId: row.chainId,
            tokenSymbol: tokenSymbols.get(`${row.chainId}:${row.token.toLowerCase()}`) ?? "",
            tokenAddress: row.token,
            amountMinor: released ? row.paid - row.platformFee : row.paid,
            platformFeeMinor: released ? row.platformFee : null,
            txHash: row.txHash,
            blockNumber: row.blockNumber,
            logIndex: row.logIndex,
          };
        }
        if (page.length < pageSize) return;
        const last = page[page.length - 1]!;
        after = { at: last.at, id: last.id };
      }
    }
    return { authorityId: authorityId!, rows: read() };
  }

  /** A decimal with the token's decimals; empty for a token the deployment no longer names. */
  function decimal(amount: bigint | null, symbol: string): string {
    if (amount === null || !Object.hasOwn(currencies, symbol)) return "";
    return formatMoney({ amount, currency: symbol });
  }

  return {
    async rows(principal, range) {
      return (await rows(principal, range)).rows;
    },

    async csv(principal, range) {
      const { authorityId, rows: settlements } = await rows(principal, range);
      const records = Readable.from(
        (async function* () {
          for await (const row of settlements) {
            yield [
              row.settledAt,
              row.applicationId,
              row.reference,
              row.kind,
              row.event,
              String(row.chainId),
              row.tokenSymbol,
              row.tokenAddress,
              decimal(row.amountMinor, row.tokenSymbol),
              row.amountMinor.toString(),
              decimal(row.platformFeeMinor, row.tokenSymbol),
              row.platformFeeMinor?.toString() ?? "",
              row.txHash,
              row.blockNumber.toString(),
              String(row.logIndex),
            ].map(neutraliseCsvCell);
          }
        })(),
      );
      const csv = stringify({ ...rfc4180Options, header: true, columns: [...reconciliationColumns] });
      records.on("error", (error) => csv.destroy(error));
      return {
        filename: `entrada-reconciliation-${authorityId}-${range.from}-${range.to}.csv`,
        body: records.pipe(csv),
      };
    },
  };
}
