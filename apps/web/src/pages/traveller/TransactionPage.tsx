import { DevUSDTAbi, FiatTokenV2_2Abi, VisaFeeEscrowAbi } from "@entrada/contracts/abis";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { decodeEventLog, formatUnits, type Hex, hexToString, isAddressEqual, type Log } from "viem";
import { useBlockNumber, useTransaction, useTransactionReceipt } from "wagmi";
import { useClientConfig } from "../../api/ClientConfigContext.tsx";
import type { ClientConfig, StablecoinSymbol } from "../../api/types.ts";
import { ErrorNotice } from "../../components/ErrorNotice.tsx";
import { formatDateTime, formatMoney } from "../../format/formatMoney.ts";

/** Events the page explains in words, each under `txEvent.<name>`; others show their name only. */
export const explainedEvents = [
  "EscrowPaid",
  "BatchPaid",
  "EscrowReleased",
  "EscrowRefunded",
  "EscrowClaimed",
  "Transfer",
  "Approval",
  "AuthorizationUsed",
] as const;

/** A log of the transaction, decoded when it is the escrow's or a token's. */
type DecodedLog = {
  index: number;
  address: Hex;
  /** Which contract emitted it: the escrow, a token, or another. */
  source: "escrow" | StablecoinSymbol | null;
  eventName: string | null;
  args: [string, unknown][];
};

/** The token a contract address is, if it is one of the deployment's. */
function tokenAt(config: ClientConfig, address: string): StablecoinSymbol | null {
  const symbols = Object.keys(config.tokens) as StablecoinSymbol[];
  return symbols.find((symbol) => isAddressEqual(config.tokens[symbol].address, address as Hex)) ?? null;
}

/** Decodes the escrow's events (VisaFeeEscrow ABI) and the tokens' (ERC-20) of a receipt's logs. */
function decodeLogs(config: ClientConfig, logs: readonly Log[]): DecodedLog[] {
  return logs.map((log, index) => {
    const source = isAddressEqual(log.address, config.escrow) ? "escrow" : tokenAt(config, log.address);
    let eventName: string | null = null;
    let args: [string, unknown][] = [];
    if (source) {
      try {
        const decoded = decodeEventLog({
          abi: source === "escrow" ? VisaFeeEscrowAbi : source === "USDC" ? FiatTokenV2_2Abi : DevUSDTAbi,
          data: log.data,
          topics: log.topics as [Hex, ...Hex[]],
        });
        eventName = decoded.eventName;
        args = Object.entries((decoded.args ?? {}) as Record<string, unknown>);
      } catch {
        eventName = null;
      }
    }
    return { index: log.logIndex ?? index, address: log.address, source, eventName, args };
  });
}

/** Arguments that are amounts of the quote's token. */
const amountArgs = new Set(["amount", "platformFee", "value", "total"]);

/** Arguments that are unix times. */
const timeArgs = new Set(["decisionDeadline", "expiresAt"]);

/**
 * A transaction as the chain tells it (`/tx/:hash`, used when the deployment has no block explorer):
 * status, block, confirmations (live), from and to (the escrow and tokens named), gas, and the
 * escrow's and tokens' events decoded.
 */
export function TransactionPage() {
  const { t, i18n } = useTranslation("traveller");
  const language = i18n.resolvedLanguage ?? "en";
  const config = useClientConfig();
  const { hash } = useParams();
  const valid = Boolean(hash && /^0x[0-9a-fA-F]{64}$/.test(hash));
  const txHash = valid ? (hash as Hex) : undefined;
  const transaction = useTransaction({
    ...(txHash ? { hash: txHash } : {}),
    query: {
      enabled: valid,
      retry: 2,
      refetchInterval: (query) => (query.state.data?.blockNumber ? false : 2_000),
    },
  });
  const mined = Boolean(transaction.data?.blockNumber);
  const receipt = useTransactionReceipt({ ...(txHash ? { hash: txHash } : {}), query: { enabled: mined } });
  const { data: head } = useBlockNumber({ watch: true, query: { enabled: mined } });

  if (!valid) {
    return (
      <div className="stack">
        <h1>{t("tx.title")}</h1>
        <p className="notice notice-error" role="alert">
          {t("tx.invalid")}
        </p>
      </div>
    );
  }

  const name = (address: string | null | undefined) => {
    if (!address) return t("tx.contractCreation");
    if (isAddressEqual(address as Hex, config.escrow)) return t("tx.escrow");
    const token = tokenAt(config, address);
    return token ? t("tx.token", { token }) : null;
  };
  const status = !mined
    ? "pending"
    : receipt.data?.status === "reverted"
      ? "reverted"
      : receipt.data
        ? "success"
        : "pending";
  const block = transaction.data?.blockNumber;
  const confirmations = block !== undefined && block !== null && head !== undefined ? Number(head - block) + 1 : 0;
  const logs = receipt.data ? decodeLogs(config, receipt.data.logs) : [];
  const display = (log: DecodedLog, key: string, value: unknown) => {
    if (typeof value === "bigint" && amountArgs.has(key) && log.source) {
      const token = log.source === "escrow" ? tokenOfEscrowLog(log) : log.source;
      if (token) {
        return formatMoney(
          { amount: value.toString(), currency: token, formatted: formatUnits(value, config.tokens[token].decimals) },
          language,
        );
      }
    }
    if (typeof value === "bigint" && timeArgs.has(key)) return formatDateTime(new Date(Number(value) * 1000), language);
    if (key === "authorityId" && typeof value === "string" && /^0x[0-9a-f]{64}$/i.test(value)) {
      // The escrow knows an authority by its slug, right-padded into bytes32.
      const slug = hexToString(value as Hex, { size: 32 }).replace(/\0+$/, "");
      if (/^[a-z0-9-]+$/.test(slug)) return `${slug} (${value})`;
    }
    return typeof value === "bigint" ? value.toString() : String(value);
  };
  const tokenOfEscrowLog = (log: DecodedLog) => {
    const token = log.args.find(([key]) => key === "token")?.[1];
    return typeof token === "string" ? tokenAt(config, token) : null;
  };

  return (
    <div className="stack">
      <h1>{t("tx.title")}</h1>
      <p className="mono" data-testid="tx-hash">
        {hash}
      </p>
      {transaction.error ? (
        <>
          <p className="notice notice-warn">{t("tx.notFound", { chainId: config.chain.id })}</p>
          <ErrorNotice error={transaction.error} actions={{ retry: () => void transaction.refetch() }} />
        </>
      ) : null}
      {transaction.isLoading ? (
        <p className="progress" role="status">
          {t("tx.loading")}
        </p>
      ) : null}
      {transaction.data ? (
        <section className="card" aria-labelledby="tx-facts">
          <h2 id="tx-facts" style={{ marginTop: 0 }}>
            {t("tx.facts")}
          </h2>
          <dl className="facts">
            <dt>{t("tx.status")}</dt>
            <dd data-testid="tx-status" data-status={status}>
              <span
                className={`badge ${status === "success" ? "badge-ok" : status === "reverted" ? "badge-bad" : "badge-warn"}`}
              >
                {t(`txStatus.${status}`)}
              </span>
            </dd>
            <dt>{t("tx.block")}</dt>
            <dd>{block ? block.toString() : t("tx.notMined")}</dd>
            <dt>{t("tx.confirmations")}</dt>
            <dd>
              <span role="status" data-testid="tx-confirmations">
                {mined
                  ? t("tx.confirmationsValue", { count: confirmations, required: config.chain.confirmations })
                  : "—"}
              </span>
            </dd>
            <dt>{t("tx.from")}</dt>
            <dd className="mono">{transaction.data.from}</dd>
            <dt>{t("tx.to")}</dt>
            <dd>
              <span className="mono">{transaction.data.to ?? ""}</span>
              {name(transaction.data.to) ? <span> ({name(transaction.data.to)})</span> : null}
            </dd>
            {receipt.data ? (
              <>
                <dt>{t("tx.gasUsed")}</dt>
                <dd>{receipt.data.gasUsed.toString()}</dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}
      {receipt.data ? (
        <section aria-labelledby="tx-events">
          <h2 id="tx-events">{t("tx.events")}</h2>
          {logs.length === 0 ? <p>{t("tx.noEvents")}</p> : null}
          <ol style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {logs.map((log) => (
              <li key={log.index} className="card stack" data-testid={`tx-event-${log.eventName ?? "unknown"}`}>
                <h3 style={{ margin: 0 }}>
                  <span className="mono">{log.eventName ?? t("tx.unknownEvent")}</span>
                  <span className="muted" style={{ fontWeight: 400 }}>
                    {" "}
                    ·{" "}
                    {log.source === "escrow"
                      ? t("tx.escrow")
                      : log.source
                        ? t("tx.token", { token: log.source })
                        : log.address}
                  </span>
                </h3>
                {log.eventName && (explainedEvents as readonly string[]).includes(log.eventName) ? (
                  <p style={{ margin: 0 }}>{t(`txEvent.${log.eventName as (typeof explainedEvents)[number]}`)}</p>
                ) : null}
                {log.args.length > 0 ? (
                  <dl className="facts">
                    {log.args.map(([key, value]) => (
                      <div key={key} style={{ display: "contents" }}>
                        <dt className="mono">{key}</dt>
                        <dd className="mono">{display(log, key, value)}</dd>
                      </div>
                    ))}
                  </dl>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
