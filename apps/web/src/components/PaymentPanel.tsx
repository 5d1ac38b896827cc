import { statesAfterPayment } from "@entrada/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Address, erc20Abi, isAddressEqual } from "viem";
import { useBalance, useConnect, useConnection, useReadContract, useSwitchChain } from "wagmi";
import { ApiError } from "../api/ApiError.ts";
import { api } from "../api/api.ts";
import { useClientConfig } from "../api/ClientConfigContext.tsx";
import { newIdempotencyKey } from "../api/newIdempotencyKey.ts";
import type { ApplicationDetails, QuoteDetails } from "../api/travellerTypes.ts";
import type { ApplicationState, StablecoinSymbol } from "../api/types.ts";
import { useFaucet } from "../api/useFaucet.ts";
import { useLiveConfirmations } from "../api/useLiveConfirmations.ts";
import { methodsFor, type PaymentMethod, TransactionRevertedError, usePayment } from "../api/usePayment.ts";
import { usePaymentDetails } from "../api/usePaymentDetails.ts";
import { useTransactionConfirmations } from "../api/useTransactionConfirmations.ts";
import { formatMoney } from "../format/formatMoney.ts";
import { useSignIn } from "../wallet/useSignIn.ts";
import { ErrorNotice } from "./ErrorNotice.tsx";
import { useSecondsLeft } from "./QuoteCountdown.tsx";
import { QuoteSummary } from "./QuoteSummary.tsx";
import { clearSentPayment, loadSentPayment, type SentPayment, saveSentPayment } from "./sentPayment.ts";
import { TxLink } from "./TxLink.tsx";

/** States in which the fee is in the escrow (or already settled): nothing more to pay. */
export const paidStates: ReadonlySet<ApplicationState> = new Set(statesAfterPayment);

/** Parameters of {@link PaymentPanel}. */
export type PaymentPanelProps = {
  application: ApplicationDetails;
  /** Called once when the application is paid (the indexer saw the payment at the confirmation depth). */
  onPaid?: () => void;
  /** Called when a payment was sent (its transaction hash is known). */
  onSent?: (payment: SentPayment) => void;
};

const tokens: StablecoinSymbol[] = ["USDC", "USDT"];

/** A balance in a token's minor units as money, for messages. */
const tokenMoney = (amount: bigint, currency: string, decimals = 6) => {
  const digits = amount.toString().padStart(decimals + 1, "0");
  return { amount: amount.toString(), currency, formatted: `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}` };
};

/**
 * Paying an application's fee into the escrow, from choosing the stablecoin to "Paid": the quote
 * (itemised, with its countdown and a new quote on expiry), the way to pay (gasless, permit, approve +
 * pay), the wallet checks before anything is signed (connected, right network, right payer, enough
 * tokens and gas, with the faucet on the local chain), and the progress at every wait — the
 * signature, the sending, the block the payment is seen in and its confirmations. Survives a reload:
 * a sent payment is followed again.
 *
 * @example
 * <PaymentPanel application={application} onPaid={() => setStep("confirmation")} />
 */
export function PaymentPanel({ application, onPaid, onSent }: PaymentPanelProps) {
  const { t, i18n } = useTranslation("traveller");
  const language = i18n.resolvedLanguage ?? "en";
  const config = useClientConfig();
  const queryClient = useQueryClient();
  const headingId = useId();
  const id = application.id;
  const state = application.state;
  const paid = paidStates.has(state);
  const required = config.chain.confirmations;

  const { address, isConnected, chainId, status: connectionStatus } = useConnection();
  const { connectAsync, connectors } = useConnect();
  const switchChain = useSwitchChain();
  const signIn = useSignIn();
  const faucet = useFaucet();

  const [sent, setSent] = useState<SentPayment | null>(() => loadSentPayment(id));
  const [token, setToken] = useState<StablecoinSymbol>(application.quote?.token ?? "USDC");
  const [method, setMethod] = useState<PaymentMethod>("authorization");

  // Once a payment is sent its instructions are spent: no more reads (they would answer 409 once paid).
  const details = usePaymentDetails(id, state === "payment_pending" && !sent);
  const quote: QuoteDetails | undefined = details.data?.quote;
  const payment = usePayment(id);
  const chainProgress = useTransactionConfirmations(sent?.txHash);
  const liveConfirmations = useLiveConfirmations(id);
  const secondsLeft = useSecondsLeft(quote?.expiresAt);

  // A quote in another token than the one chosen is changed by asking for a new quote.
  const quoteId = quote?.id;
  const quoteToken = quote?.token;
  useEffect(() => {
    if (quoteId && quoteToken) setToken(quoteToken);
  }, [quoteId, quoteToken]);
  // USDT has no permit nor EIP-3009: approve + pay is its only way.
  const available = details.data ? methodsFor(details.data) : (["pay"] as PaymentMethod[]);
  const chosenMethod: PaymentMethod = available.includes(method) ? method : (available[0] ?? "pay");

  const balance = useReadContract({
    address: quote?.tokenAddress,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [address ?? "0x0000000000000000000000000000000000000000"],
    query: { enabled: Boolean(quote && address), refetchInterval: 4_000 },
  });
  const gas = useBalance({
    ...(address ? { address } : {}),
    query: { enabled: Boolean(address) && chosenMethod !== "authorization", refetchInterval: 4_000 },
  });

  const requote = useMutation({
    mutationFn: (parameters: { token: StablecoinSymbol; payer?: Address }) =>
      api<QuoteDetails>("POST", `/applications/${id}/quote`, {
        body: parameters.payer ? { token: parameters.token, payer: parameters.payer } : { token: parameters.token },
        idempotencyKey: newIdempotencyKey(),
      }),
    onSuccess: async () => {
      payment.reset();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["application", id] }),
        queryClient.invalidateQueries({ queryKey: ["history", id] }),
        queryClient.invalidateQueries({ queryKey: ["applications"] }),
      ]);
    },
  });

  // Paid: forget the sent payment and move on, once.
  const told = useRef(false);
  const onPaidRef = useRef(onPaid);
  onPaidRef.current = onPaid;
  useEffect(() => {
    if (!paid || told.current) return;
    told.current = true;
    clearSentPayment(id);
    onPaidRef.current?.();
  }, [paid, id]);

  // A payment the chain refused is over: let the traveller try again.
  const reverted = chainProgress.receipt?.status === "reverted";
  useEffect(() => {
    if (reverted) clearSentPayment(id);
  }, [reverted, id]);

  const payer = quote?.payer ?? null;
  const wrongChain = isConnected && chainId !== config.chain.id;
  const wrongPayer = Boolean(isConnected && address && payer && !isAddressEqual(address, payer as Address));
  const total = quote ? BigInt(quote.escrowQuote.amount) : undefined;
  const decimals = quote ? (config.tokens[quote.token]?.decimals ?? 6) : 6;
  const short = total !== undefined && balance.data !== undefined && balance.data < total;
  const noGas = chosenMethod !== "authorization" && gas.data !== undefined && gas.data.value === 0n;
  const expired = Boolean(quote) && secondsLeft === 0;
  const following = Boolean(sent) && !reverted;

  const refreshBalances = () => {
    void balance.refetch();
    void gas.refetch();
  };
  const fund = () => {
    if (address) faucet.mutate(address, { onSuccess: refreshBalances });
  };
  const newQuote = (chosen: StablecoinSymbol = token) => {
    setSent(null);
    clearSentPayment(id);
    requote.mutate({ token: chosen, ...(wrongPayer && address ? { payer: address } : {}) });
  };
  const connect = async () => {
    const connector = connectors[0];
    if (connector) await connectAsync({ connector }).catch(() => undefined);
  };
  const pay = () => {
    if (!details.data || !address) return;
    payment.mutate(
      { method: chosenMethod, details: details.data, account: address },
      {
        onSuccess: (txHash) => {
          const record: SentPayment = {
            txHash,
            quoteId: details.data!.quote.id,
            method: chosenMethod,
            sentAt: new Date().toISOString(),
          };
          saveSentPayment(id, record);
          setSent(record);
          onSent?.(record);
        },
      },
    );
  };
  const remedies = {
    requote: () => newQuote(),
    retry: () => {
      payment.reset();
      setSent(null);
      void details.refetch();
    },
    signIn: () => signIn.mutate(undefined),
    switchChain: () => switchChain.mutate({ chainId: config.chain.id }),
    ...(config.features.faucet && address ? { faucet: fund } : {}),
  };

  // What is happening now, said aloud (role="status").
  const count = Math.min(required, Math.max(chainProgress.confirmations, liveConfirmations ?? 0));
  let progress = "";
  if (paid) progress = t("progress.paid");
  else if (payment.isPending && payment.phase === "idle") progress = t("progress.preparing");
  else if (payment.isPending) progress = t(`progress.${payment.phase}`);
  else if (following && chainProgress.receipt)
    progress = t("progress.confirming", { block: Number(chainProgress.receipt.blockNumber), count, required });
  else if (following) progress = t("progress.sent");
  else if (requote.isPending) progress = t("progress.quoting");
  else if (faucet.isPending) progress = t("progress.funding");
  else if (details.isLoading) progress = t("progress.loadingQuote");

  const busy = payment.isPending || requote.isPending || following;

  return (
    <section className="card stack" aria-labelledby={headingId} data-testid="payment-panel">
      <h3 id={headingId} style={{ marginTop: 0 }}>
        {t("pay.title")}
      </h3>

      {paid ? null : (
        <fieldset disabled={busy}>
          <legend>{t("pay.tokenLegend")}</legend>
          <div className="row">
            {tokens.map((symbol) => (
              <label key={symbol} className="row" style={{ fontWeight: 400 }}>
                <input
                  type="radio"
                  name={`token-${id}`}
                  value={symbol}
                  data-testid={`token-${symbol}`}
                  checked={token === symbol}
                  onChange={() => setToken(symbol)}
                  style={{ width: "auto", minHeight: 0, margin: 0 }}
                />
                {symbol}
              </label>
            ))}
          </div>
          <p className="hint">{t("pay.tokenHint")}</p>
        </fieldset>
      )}

      {state === "submitted" && !paid ? (
        <div className="stack">
          <p>{t("pay.quoteIntro")}</p>
          <button
            type="button"
            className="button"
            data-testid="get-quote"
            disabled={requote.isPending}
            onClick={() => newQuote()}
          >
            {t("pay.getQuote", { token })}
          </button>
        </div>
      ) : null}

      {state === "payment_pending" && details.error && !following ? (
        <ErrorNotice error={details.error} actions={{ ...remedies, requote: () => newQuote() }} />
      ) : null}

      {state === "payment_pending" && quote && !paid ? (
        <div className="stack">
          {quote.token !== token && !following ? (
            <div className="notice notice-warn">
              <p>{t("pay.otherToken", { quoted: quote.token, chosen: token })}</p>
              <button
                type="button"
                className="button"
                data-testid="requote-token"
                disabled={requote.isPending}
                onClick={() => newQuote(token)}
              >
                {t("pay.getQuote", { token })}
              </button>
            </div>
          ) : null}

          <QuoteSummary quote={quote} countdown={!following} />

          <fieldset disabled={busy}>
            <legend>{t("pay.methodLegend")}</legend>
            {(["authorization", "permit", "pay"] as const).map((option) => {
              const enabled = available.includes(option);
              return (
                <div key={option} className="field">
                  <label className="row" style={{ alignItems: "flex-start", flexWrap: "nowrap" }}>
                    <input
                      type="radio"
                      name={`method-${id}`}
                      value={option}
                      data-testid={`method-${option}`}
                      checked={chosenMethod === option}
                      disabled={!enabled}
                      onChange={() => setMethod(option)}
                      aria-describedby={`${id}-method-${option}-hint`}
                      style={{ width: "auto", minHeight: 0, margin: "0.3rem 0 0" }}
                    />
                    <span>
                      {t(`method.${option}`)}
                      <span className="hint" id={`${id}-method-${option}-hint`} style={{ display: "block" }}>
                        {enabled ? t(`methodHint.${option}`) : t("pay.methodUnavailable", { token: quote.token })}
                      </span>
                    </span>
                  </label>
                </div>
              );
            })}
          </fieldset>

          {!following ? (
            <>
              {!isConnected ? (
                <div className="notice notice-warn">
                  <p>{t("pay.connect")}</p>
                  <button
                    type="button"
                    className="button"
                    data-testid="connect-wallet"
                    disabled={connectionStatus === "connecting" || connectionStatus === "reconnecting"}
                    onClick={() => void connect()}
                  >
                    {t("pay.connectButton")}
                  </button>
                </div>
              ) : null}
              {wrongChain ? (
                <ErrorNotice
                  error={Object.assign(new Error("wrong chain"), { name: "ChainMismatchError" })}
                  actions={{ switchChain: remedies.switchChain }}
                />
              ) : null}
              {switchChain.error ? <ErrorNotice error={switchChain.error} /> : null}
              {wrongPayer && payer && address ? (
                <div className="notice notice-warn" data-testid="payer-mismatch">
                  <p>{t("pay.wrongPayer", { payer, address })}</p>
                  <button type="button" className="button" onClick={() => newQuote()}>
                    {t("pay.requoteForWallet")}
                  </button>
                </div>
              ) : null}
              {short && total !== undefined && balance.data !== undefined && !wrongPayer ? (
                <div data-testid="balance-short">
                  <ErrorNotice
                    error={
                      new ApiError({
                        status: 402,
                        code: "ENTRADA_INSUFFICIENT_BALANCE",
                        message: "balance too low",
                        details: { token: quote.token, balance: balance.data.toString(), needed: total.toString() },
                      })
                    }
                    actions={remedies}
                  />
                  <p className="hint">
                    {t("pay.balance", {
                      balance: formatMoney(tokenMoney(balance.data, quote.token, decimals), language),
                      needed: formatMoney(tokenMoney(total, quote.token, decimals), language),
                    })}
                  </p>
                </div>
              ) : null}
              {noGas && !short && !wrongPayer ? (
                <ErrorNotice error={{ name: "InsufficientFundsError" }} actions={remedies} />
              ) : null}
              {faucet.error ? <ErrorNotice error={faucet.error} actions={{ retry: fund }} /> : null}
              {expired ? (
                <ErrorNotice
                  error={new ApiError({ status: 409, code: "ENTRADA_QUOTE_EXPIRED", message: "quote expired" })}
                  actions={{ requote: () => newQuote() }}
                />
              ) : null}
              <button
                type="button"
                className="button"
                data-testid="pay-button"
                disabled={
                  busy ||
                  !isConnected ||
                  wrongChain ||
                  wrongPayer ||
                  short ||
                  noGas ||
                  expired ||
                  !details.data ||
                  quote.token !== token
                }
                onClick={pay}
              >
                {t("pay.payButton", { amount: formatMoney(quote.total, language) })}
              </button>
              {!isConnected || short || noGas || expired ? null : (
                <p className="hint">{t(`payHint.${chosenMethod}`)}</p>
              )}
            </>
          ) : null}
        </div>
      ) : null}

      {requote.error ? <ErrorNotice error={requote.error} actions={{ ...remedies, retry: () => newQuote() }} /> : null}
      {payment.error ? <ErrorNotice error={payment.error} actions={remedies} /> : null}
      {reverted && sent ? <ErrorNotice error={new TransactionRevertedError(sent.txHash)} actions={remedies} /> : null}

      <p
        role="status"
        data-testid="payment-progress"
        className={paid ? "notice notice-ok" : progress ? "progress" : "visually-hidden"}
      >
        {progress}
      </p>
      {sent && !reverted ? (
        <p className="muted">
          {t("pay.transaction")} <TxLink hash={sent.txHash} />
        </p>
      ) : null}
    </section>
  );
}
