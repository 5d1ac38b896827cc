import { Link } from "react-router";
import { useClientConfig } from "../../api/ClientConfigContext.tsx";

/** A transaction hash shortened for display: 0x1234ab…9f0e. */
export const shortHash = (hash: string) => `${hash.slice(0, 8)}…${hash.slice(-4)}`;

/**
 * A link to a transaction: the chain's explorer when the deployment has one, else the app's own
 * transaction page (the local chain has no explorer). It shows the short hash (the full one in its
 * title); the text before it says what the transaction is.
 */
export function TxLink({ hash }: { hash: `0x${string}` }) {
  const { chain } = useClientConfig();
  if (chain.explorerUrl) {
    return (
      <a
        className="mono"
        href={`${chain.explorerUrl.replace(/\/$/, "")}/tx/${hash}`}
        target="_blank"
        rel="noreferrer"
        title={hash}
        data-tx={hash}
      >
        {shortHash(hash)}
      </a>
    );
  }
  return (
    <Link className="mono" to={`/tx/${hash}`} title={hash} data-tx={hash}>
      {shortHash(hash)}
    </Link>
  );
}
