import { useTranslation } from "react-i18next";
import { servedChains, useClientConfig } from "../api/ClientConfigContext.tsx";
import { useChainName } from "../wallet/useChainName.ts";

/** Parameters of {@link ChainChoice}. */
export type ChainChoiceProps = {
  /** Names the radio group; unique on the page (one per application). */
  name: string;
  chainId: number;
  onChange(chainId: number): void;
  /** While a payment or a quote is under way. */
  disabled: boolean;
};

/**
 * The choice of network the traveller's stablecoin is on, as radio buttons named in the page's
 * language: shown only when the server serves more than one chain (with one there is nothing to pick).
 *
 * @example
 * <ChainChoice name={`chain-${id}`} chainId={chainId} onChange={setChainId} disabled={busy} />
 */
export function ChainChoice({ name, chainId, onChange, disabled }: ChainChoiceProps) {
  const { t } = useTranslation("traveller");
  const chains = servedChains(useClientConfig());
  const chainName = useChainName();
  if (chains.length < 2) return null;
  return (
    <fieldset disabled={disabled} data-testid="chain-choice">
      <legend>{t("pay.chainLegend")}</legend>
      <div className="row">
        {chains.map((chain) => (
          <label key={chain.id} className="row" style={{ fontWeight: 400 }}>
            <input
              type="radio"
              name={name}
              value={chain.id}
              data-testid={`chain-${chain.id}`}
              checked={chainId === chain.id}
              onChange={() => onChange(chain.id)}
              style={{ width: "auto", minHeight: 0, margin: 0 }}
            />
            {chainName(chain)}
          </label>
        ))}
      </div>
      <p className="hint">{t("pay.chainHint")}</p>
    </fieldset>
  );
}
