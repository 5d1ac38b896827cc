import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useClientConfig } from "../api/ClientConfigContext.tsx";

/** Shortens a transaction hash for display: 0x1234ab…cdef. */
export const shortHash = (hash: string) => `${hash.slice(0, 8)}…${hash.slice(-6)}`;

/**
 * A link to a transaction: the chain's block explorer when the deployment has one, else the app's
 * own transaction page (`/tx/:hash`), which reads it from the chain.
 *
 * @example
 * <TxLink hash={entry.txHash} />
 */
export function TxLink({ hash }: { hash: string }) {
  const { t } = useTranslation();
  const { chain } = useClientConfig();
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
    <Link className="mono" to={`/tx/${hash}`}>
      {content}
    </Link>
  );
}
