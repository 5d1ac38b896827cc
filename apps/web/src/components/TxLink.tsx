import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useClientConfig, useServedChain } from "../api/ClientConfigContext.tsx";

/** Shortens a transaction hash for display: 0x1234ab…cdef. */
export const shortHash = (hash: string) => `${hash.slice(0, 8)}…${hash.slice(-6)}`;

/**
 * A link to a transaction on `chainId` (default: the default chain): that chain's block explorer when
 * it has one, else the app's own transaction page (`/tx/:hash`, with `?chain=` for another chain than
 * the default), which reads it from the chain.
 *
 * @example
 * <TxLink hash={entry.txHash} chainId={1337} />
 */
export function TxLink({ hash, chainId }: { hash: string; chainId?: number | undefined }) {
  const { t } = useTranslation();
  const defaultChainId = useClientConfig().chain.id;
  const chain = useServedChain(chainId);
  // The visible short hash starts the accessible name; the full hash follows for screen readers.
  const content = (
    <>
      {shortHash(hash)}
      <span className="visually-hidden"> {t("txLinkLabel", { hash })}</span>
    </>
  );
  if (chain.explorerUrl) {
    return (
      <a className="mono" href={`${chain.explorerUrl.replace(/\/$/, "")}/tx/${hash}`} target="_blank" rel="noreferrer">
        {content}
      </a>
    );
  }
  return (
    <Link className="mono" to={chain.id === defaultChainId ? `/tx/${hash}` : `/tx/${hash}?chain=${chain.id}`}>
      {content}
    </Link>
  );
}
