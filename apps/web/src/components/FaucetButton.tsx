import { useTranslation } from "react-i18next";
import { useServedChain } from "../api/ClientConfigContext.tsx";
import { useFaucet } from "../api/useFaucet.ts";
import { ErrorNotice } from "./ErrorNotice.tsx";
import { FaucetResult } from "./FaucetResult.tsx";

/**
 * The development faucet as a button (local chain only; nothing elsewhere): funds `address` with
 * test USDC, USDT and ETH, says so while it works and, when done, what the wallet now holds; explains
 * a refusal. On `chainId` when given (the chain the traveller picked), else on the default chain;
 * nothing on a chain without a faucet.
 *
 * @example
 * <FaucetButton address={address} chainId={1337} onFunded={() => void refetch()} />
 */
export function FaucetButton({
  address,
  chainId,
  onFunded,
}: {
  address: string | undefined;
  chainId?: number | undefined;
  onFunded?: () => void;
}) {
  const { t } = useTranslation("traveller");
  const chain = useServedChain(chainId);
  const faucet = useFaucet(chainId);
  if (!chain.faucet || !address) return null;
  return (
    <div className="stack">
      <button
        type="button"
        className="button"
        data-testid="faucet-button"
        disabled={faucet.isPending}
        onClick={() => faucet.mutate(address, { onSuccess: () => onFunded?.() })}
      >
        {faucet.isPending ? t("faucet.pending") : t("faucet.button")}
      </button>
      <p role="status" data-testid="faucet-status" className={faucet.isPending ? "progress" : "visually-hidden"}>
        {faucet.isPending ? t("faucet.pending") : ""}
      </p>
      {faucet.data && !faucet.isPending ? <FaucetResult drip={faucet.data} chainId={chainId} /> : null}
      {faucet.error ? <ErrorNotice error={faucet.error} actions={{ retry: () => faucet.mutate(address) }} /> : null}
    </div>
  );
}
