import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

/** Shortens an address or hash for reading: 0x70997970…dc79C8 keeps enough to compare by eye. */
export const shortHex = (value: string) => (value.length > 18 ? `${value.slice(0, 10)}…${value.slice(-6)}` : value);

/**
 * An address or hash as a traveller reads it: shortened, with the whole value on hover and for
 * screen readers, a button that copies it whole, and a link to the block explorer when there is one.
 *
 * @example
 * <CopyableHex value={transaction.from} label={t("tx.from")} href={`${explorer}/address/${transaction.from}`} />
 */
export function CopyableHex({ value, label, href }: { value: string; label: string; href?: string | undefined }) {
  const { t } = useTranslation("traveller");
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2_000);
    return () => clearTimeout(timer);
  }, [copied]);
  const text = (
    <span className="mono" title={value}>
      {shortHex(value)}
    </span>
  );
  return (
    <span className="copyable" data-value={value}>
      {href ? (
        <a href={href} target="_blank" rel="noreferrer">
          {text}
        </a>
      ) : (
        text
      )}{" "}
      <button
        type="button"
        className="button button-quiet"
        aria-label={t("tx.copyLabel", { what: label })}
        onClick={() =>
          void navigator.clipboard?.writeText(value).then(
            () => setCopied(true),
            () => undefined,
          )
        }
      >
        {copied ? t("tx.copied") : t("tx.copy")}
      </button>
    </span>
  );
}
