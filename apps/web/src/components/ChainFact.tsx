import { useTranslation } from "react-i18next";
import { servedChains, useClientConfig } from "../api/ClientConfigContext.tsx";
import { useChainName } from "../wallet/useChainName.ts";

/**
 * The network a quote is on, as a term and its description for a `<dl className="facts">`, named in
 * the page's language: shown only when the server serves more than one chain (with one there is
 * nothing to tell apart).
 *
 * @example
 * <dl className="facts"><ChainFact chainId={quote.chainId} />…</dl>
 */
export function ChainFact({ chainId }: { chainId: number }) {
  const { t } = useTranslation();
  const chains = servedChains(useClientConfig());
  const chainName = useChainName();
  if (chains.length < 2) return null;
  // A chain no longer served (the configuration changed since) keeps the app's name for it, else its id.
  const chain = chains.find((candidate) => candidate.id === chainId) ?? { id: chainId, name: String(chainId) };
  return (
    <>
      <dt>{t("common:network")}</dt>
      <dd data-testid="quote-chain" data-chain-id={chainId}>
        {chainName(chain)}
      </dd>
    </>
  );
}
