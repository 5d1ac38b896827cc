import { DevUSDTAbi, FiatTokenV2_2Abi, VisaFeeEscrowAbi } from "@entrada/contracts/abis";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { decodeEventLog, type Hex, hexToString, isAddress, isAddressEqual, type Log } from "viem";
import { useBlockNumber, useTransaction, useTransactionReceipt } from "wagmi";
import { useClientConfig, useServedChain } from "../../api/ClientConfigContext.tsx";
import type { ClientConfig, StablecoinSymbol } from "../../api/types.ts";
import { useApplications } from "../../api/useApplications.ts";
import { useCatalogue } from "../../api/useCatalogue.ts";
import { useSession } from "../../api/useSession.ts";
import { CopyableHex, shortHex } from "../../components/CopyableHex.tsx";
import { ErrorNotice } from "../../components/ErrorNotice.tsx";
import { MoneyAmount } from "../../components/MoneyAmount.tsx";
import { formatDateTime, formatNumber, formatPercentBps } from "../../format/formatMoney.ts";
import { moneyFromMinorUnits } from "../../format/moneyFromMinorUnits.ts";
import { useCatalogueName } from "../../i18n/useCatalogueName.ts";

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

/** Every argument of the events above, each labelled under `txArg.<name>` in the traveller's words. */
export const eventArgs = [
  "applicationId",
  "authorityId",
  "batchId",
  "payer",
  "token",
  "amount",
  "fees",
  "platformFee",
  "platformFeeBps",
  "total",
  "decisionDeadline",
  "expiresAt",
  "from",
  "to",
  "value",
  "owner",
  "spender",
  "authorizer",
  "nonce",
] as const;

type EventArg = (typeof eventArgs)[number];

const isEventArg = (name: string): name is EventArg => (eventArgs as readonly string[]).includes(name);

/** Arguments that are amounts of the quote's token. */
const amountArgs = new Set(["amount", "platformFee", "value", "total", "fees"]);

/** Arguments that are unix times. */
const timeArgs = new Set(["decisionDeadline", "expiresAt"]);

/**
 * A transaction as the chain tells it (`/tx/:hash`, used when the deployment has no block explorer),
 * in the traveller's words: status, block, confirmations (live), who sent it and to what (the escrow
 * and tokens named, addresses shortened with copy), the fee paid for gas, and what it did — the
 * escrow's and tokens' events with labelled fields, amounts as money, authorities and applications
 * by name and reference.
 */
export function TransactionPage() {
  const { t, i18n } = useTranslation("traveller");
  const language = i18n.resolvedLanguage ?? "en";
  // `?chain=<id>` for a transaction on another chain than the default: its escrow, tokens and explorer.
  const [search] = useSearchParams();
  const served = useServedChain(Number(search.get("chain")) || undefined);
  const { escrow, tokens, faucet: _faucet, ...chain } = served;
  const config: ClientConfig = { ...useClientConfig(), chain, escrow, tokens };
  const on = { chainId: chain.id };
  const nameOf = useCatalogueName();
  const catalogue = useCatalogue();
  const { me } = useSession();
  const mine = useApplications(Boolean(me));
  const { hash } = useParams();
  const valid = Boolean(hash && /^0x[0-9a-fA-F]{64}$/.test(hash));
  const txHash = valid ? (hash as Hex) : undefined;
  const transaction = useTransaction({
    ...on,
    ...(txHash ? { hash: txHash } : {}),
    query: {
      enabled: valid,
      retry: 2,
      refetchInterval: (query) => (query.state.data?.blockNumber ? false : 2_000),
    },
  });
  const mined = Boolean(transaction.data?.blockNumber);
  const receipt = useTransactionReceipt({ ...on, ...(txHash ? { hash: txHash } : {}), query: { enabled: mined } });
  const { data: head } = useBlockNumber({ ...on, watch: true, query: { enabled: mined } });

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

  const explorer = config.chain.explorerUrl?.replace(/\/$/, "");
  const addressLink = (address: string) => (explorer ? `${explorer}/address/${address}` : undefined);
  const name = (address: string | null | undefined) => {
    if (!address) return t("tx.contractCreation");
    if (isAddressEqual(address as Hex, config.escrow)) return t("tx.escrow");
    const token = tokenAt(config, address);
    return token ? t("tx.token", { token }) : null;
  };
  /** An address with its name when it is the escrow or a token, shortened, copyable. */
  const address = (value: string, label: string) => (
    <>
      {name(value) ? <span>{name(value)} </span> : null}
      <CopyableHex value={value} label={label} href={addressLink(value)} />
    </>
  );
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
  const applications = (mine.data?.pages ?? []).flatMap((page) => page.items);
  const tokenOfEscrowLog = (log: DecodedLog) => {
    const token = log.args.find(([key]) => key === "token")?.[1];
    return typeof token === "string" ? tokenAt(config, token) : null;
  };
  const money = (log: DecodedLog, value: bigint) => {
    const token = log.source === "escrow" ? tokenOfEscrowLog(log) : log.source;
    if (!token) return formatNumber(value, language);
    return <MoneyAmount money={moneyFromMinorUnits(value, token, config.tokens[token].decimals)} />;
  };
  const display = (log: DecodedLog, key: EventArg, value: unknown) => {
    const label = t(`txArg.${key}`);
    if (amountArgs.has(key)) {
      if (typeof value === "bigint") return money(log, value);
      if (Array.isArray(value)) {
        return value.map((fee, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the fees of a batch are positional.
          <span key={index}>
            {index > 0 ? ", " : null}
            {typeof fee === "bigint" ? money(log, fee) : String(fee)}
          </span>
        ));
      }
    }
    if (typeof value === "bigint" && timeArgs.has(key)) return formatDateTime(new Date(Number(value) * 1000), language);
    if (key === "platformFeeBps" && typeof value === "number") return formatPercentBps(value, language);
    if (key === "token" && typeof value === "string") return tokenAt(config, value) ?? address(value, label);
    if (key === "authorityId" && typeof value === "string" && /^0x[0-9a-f]{64}$/i.test(value)) {
      // The escrow knows an authority by its slug, right-padded into bytes32.
      const slug = hexToString(value as Hex, { size: 32 }).replace(/\0+$/, "");
      const authority = catalogue.data?.authority.get(slug);
      if (authority) return nameOf(authority);
    }
    if (key === "applicationId" && typeof value === "string") {
      const application = applications.find((item) => item.onchainId.toLowerCase() === value.toLowerCase());
      if (application) return <Link to={`/applications/${application.id}`}>{application.reference}</Link>;
    }
    if (typeof value === "string" && isAddress(value)) return address(value, label);
    if (typeof value === "string" && /^0x[0-9a-f]+$/i.test(value)) return <CopyableHex value={value} label={label} />;
    return typeof value === "bigint" ? formatNumber(value, language) : String(value);
  };

  return (
    <div className="stack">
      <h1>{t("tx.title")}</h1>
      <p data-testid="tx-hash">
        <CopyableHex
          value={hash ?? ""}
          label={t("tx.hash")}
          href={explorer && hash ? `${explorer}/tx/${hash}` : undefined}
        />
      </p>
      {explorer && hash ? (
        <p>
          <a href={`${explorer}/tx/${hash}`} target="_blank" rel="noreferrer" data-testid="tx-explorer">
            {t("tx.explorer")}
          </a>
        </p>
      ) : null}
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
            <dd>{block ? formatNumber(block, language) : t("tx.notMined")}</dd>
            <dt>{t("tx.confirmations")}</dt>
            <dd>
              <span role="status" data-testid="tx-confirmations">
                {mined
                  ? t("tx.confirmationsValue", { count: confirmations, required: config.chain.confirmations })
                  : "—"}
              </span>
            </dd>
            <dt>{t("tx.from")}</dt>
            <dd>{address(transaction.data.from, t("tx.from"))}</dd>
            <dt>{t("tx.to")}</dt>
            <dd>{transaction.data.to ? address(transaction.data.to, t("tx.to")) : t("tx.contractCreation")}</dd>
            {receipt.data ? (
              <>
                <dt>{t("tx.gasUsed")}</dt>
                <dd>{formatNumber(receipt.data.gasUsed, language)}</dd>
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
            {logs.map((log) => {
              const explained =
                log.eventName && (explainedEvents as readonly string[]).includes(log.eventName)
                  ? (log.eventName as (typeof explainedEvents)[number])
                  : null;
              return (
                <li key={log.index} className="card stack" data-testid={`tx-event-${log.eventName ?? "unknown"}`}>
                  <h3 style={{ margin: 0 }}>
                    {explained ? t(`txEventTitle.${explained}`) : t("tx.unknownEvent")}
                    <span className="muted" style={{ fontWeight: 400 }}>
                      {" "}
                      ·{" "}
                      {log.source === "escrow"
                        ? t("tx.escrow")
                        : log.source
                          ? t("tx.token", { token: log.source })
                          : shortHex(log.address)}
                    </span>
                  </h3>
                  {explained ? <p style={{ margin: 0 }}>{t(`txEvent.${explained}`)}</p> : null}
                  {explained && log.args.length > 0 ? (
                    <dl className="facts">
                      {log.args
                        .filter(([key]) => isEventArg(key))
                        .map(([key, value]) => (
                          <div key={key} style={{ display: "contents" }}>
                            <dt>{t(`txArg.${key as EventArg}`)}</dt>
                            <dd data-arg={key}>{display(log, key as EventArg, value)}</dd>
                          </div>
                        ))}
                    </dl>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
