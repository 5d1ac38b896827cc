import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type Address, formatUnits } from "viem";
import { useConnect, useConnection } from "wagmi";
import { servedChains, useClientConfig } from "../../api/ClientConfigContext.tsx";
import type { ServedChain, StablecoinSymbol } from "../../api/types.ts";
import { useTokenBalances } from "../../api/useTokenBalances.ts";
import { ErrorNotice } from "../../components/ErrorNotice.tsx";
import { FaucetButton } from "../../components/FaucetButton.tsx";
import { formatMoney } from "../../format/formatMoney.ts";
import { intlLocale, toLanguage } from "../../i18n/languages.ts";
import { loadBuiltInAccount } from "../../wallet/builtInWallet.ts";
import { useChainName } from "../../wallet/useChainName.ts";

/** A token amount in minor units as the API's money, for {@link formatMoney}. */
const asMoney = (amount: bigint, currency: string, decimals: number) => ({
  amount: amount.toString(),
  currency,
  formatted: formatUnits(amount, decimals),
});

/**
 * The wallet page: on the local chain, the built-in wallet (its address, live ETH/USDC/USDT balances
 * on every chain served, each local chain's faucet, and the warning that its key lives in this
 * browser, for testing only); everywhere, how to use one's own wallet instead.
 */
export function WalletPage() {
  const { t } = useTranslation("traveller");
  const config = useClientConfig();
  const chains = servedChains(config);
  const chainName = useChainName();
  const { address: connected, connector } = useConnection();
  const { connect, connectors, error: connectError, isPending } = useConnect();
  const [builtIn] = useState(() => (config.chain.isLocal ? loadBuiltInAccount().address : undefined));
  const usingBuiltIn = connector?.id === "entrada-builtin";
  const shown = connected ?? builtIn;
  const localChains = chains.filter((chain) => chain.isLocal);

  return (
    <div className="stack">
      <h1>{t("wallet.title")}</h1>
      {config.chain.isLocal ? (
        <div className="notice notice-warn" data-testid="wallet-warning">
          <p>
            <strong>{t("wallet.warningTitle")}</strong>
          </p>
          <p>{t("wallet.warning")}</p>
        </div>
      ) : (
        <p className="notice notice-warn">{t("wallet.notLocal")}</p>
      )}

      {shown ? (
        <section className="card stack" aria-labelledby="wallet-account">
          <h2 id="wallet-account" style={{ marginTop: 0 }}>
            {connected && !usingBuiltIn ? t("wallet.yourWallet") : t("wallet.builtIn")}
          </h2>
          <dl className="facts">
            <dt>{t("wallet.address")}</dt>
            <dd className="mono" data-testid="wallet-address">
              {shown}
            </dd>
            <dt>{t("wallet.status")}</dt>
            <dd>{connected ? t("wallet.connected") : t("wallet.notConnected")}</dd>
          </dl>
          {chains.map((chain) => (
            <ChainBalances
              key={chain.id}
              chain={chain}
              address={shown}
              heading={chains.length > 1 ? t("wallet.balancesOn", { chain: chainName(chain) }) : t("wallet.balances")}
            />
          ))}
          {config.chain.isLocal && !connected ? (
            <button
              type="button"
              className="button button-quiet"
              data-testid="use-built-in"
              disabled={isPending}
              onClick={() => {
                const builtInConnector = connectors.find((item) => item.id === "entrada-builtin");
                if (builtInConnector) connect({ connector: builtInConnector });
              }}
            >
              {t("wallet.useBuiltIn")}
            </button>
          ) : null}
          {connectError ? <ErrorNotice error={connectError} /> : null}
        </section>
      ) : (
        <p>{t("wallet.noWallet")}</p>
      )}

      <section aria-labelledby="wallet-other">
        <h2 id="wallet-other">{t("wallet.otherTitle")}</h2>
        <p>{t("wallet.other")}</p>
        {localChains.length === 1 ? (
          <p className="hint">{t("wallet.otherLocal", { chainId: localChains[0]!.id, rpc: localChains[0]!.rpcUrl })}</p>
        ) : localChains.length > 1 ? (
          <div className="hint">
            <p>{t("wallet.otherLocalChains")}</p>
            <ul>
              {localChains.map((chain) => (
                <li key={chain.id}>
                  {t("wallet.otherLocalChain", { chain: chainName(chain), chainId: chain.id, rpc: chain.rpcUrl })}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>
    </div>
  );
}

/**
 * One chain's balances of `address` (ETH for gas, then each stablecoin), read live from that chain,
 * and its faucet when it has one.
 */
function ChainBalances({ chain, address, heading }: { chain: ServedChain; address: Address; heading: string }) {
  const { t, i18n } = useTranslation("traveller");
  const language = i18n.resolvedLanguage ?? "en";
  const balances = useTokenBalances(address, chain.id);
  const symbols = Object.keys(chain.tokens) as StablecoinSymbol[];
  const headingId = `wallet-balances-${chain.id}`;
  const eth =
    balances.eth === undefined
      ? "…"
      : `${new Intl.NumberFormat(intlLocale[toLanguage(language)], { maximumFractionDigits: 6 }).format(
          formatUnits(balances.eth, 18) as Intl.StringNumericLiteral,
        )} ETH`;
  return (
    <section className="stack" aria-labelledby={headingId} data-testid={`wallet-chain-${chain.id}`}>
      <h3 id={headingId}>{heading}</h3>
      <dl className="facts" aria-live="polite">
        <dt>{t("wallet.gas")}</dt>
        <dd data-testid="balance-ETH">{eth}</dd>
        {symbols.map((symbol) => {
          const value = balances.tokens[symbol];
          return (
            <div key={symbol} style={{ display: "contents" }}>
              <dt>{symbol}</dt>
              <dd data-testid={`balance-${symbol}`}>
                {value === undefined
                  ? "…"
                  : formatMoney(asMoney(value, symbol, chain.tokens[symbol].decimals), language)}
              </dd>
            </div>
          );
        })}
      </dl>
      {balances.error ? (
        <ErrorNotice error={balances.error} actions={{ retry: () => void balances.refetch() }} />
      ) : null}
      <FaucetButton address={address} chainId={chain.id} onFunded={() => void balances.refetch()} />
    </section>
  );
}
