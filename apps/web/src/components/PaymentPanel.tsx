import { statesAfterPayment } from "@entrada/core";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useConnect, useSwitchChain } from "wagmi";
import { servedChains, useClientConfig, useServedChain } from "../api/ClientConfigContext.tsx";
import type { ApplicationDetails, QuoteDetails } from "../api/travellerTypes.ts";
import type { ApplicationState, StablecoinSymbol } from "../api/types.ts";
import { useFaucet } from "../api/useFaucet.ts";
import { useLiveConfirmations } from "../api/useLiveConfirmations.ts";
import { methodsFor, type PaymentMethod, TransactionRevertedError, usePayment } from "../api/usePayment.ts";
import { usePaymentDetails } from "../api/usePaymentDetails.ts";
import { useRequote } from "../api/useRequote.ts";
import { useTransactionConfirmations } from "../api/useTransactionConfirmations.ts";
import { formatMoney } from "../format/formatMoney.ts";
import { useChainName } from "../wallet/useChainName.ts";
import { useSignIn } from "../wallet/useSignIn.ts";
import { ChainChoice } from "./ChainChoice.tsx";
import { ErrorNotice } from "./ErrorNotice.tsx";
import { FaucetResult } from "./FaucetResult.tsx";
import { MethodChoice } from "./MethodChoice.tsx";
import { PaymentChecks } from "./PaymentChecks.tsx";
import { PaymentStatus } from "./PaymentStatus.tsx";
import { QuoteSummary } from "./QuoteSummary.tsx";
import { clearSentPayment, loadSentPayment, type SentPayment, saveSentPayment } from "./sentPayment.ts";
import { TokenChoice } from "./TokenChoice.tsx";
import { usePaymentReadiness } from "./usePaymentReadiness.ts";

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

/**
 * Paying an application's fee into the escrow, from choosing the stablecoin to "Paid": the quote
 * (itemised, with its countdown and a new quote on expiry), the way to pay (gasless, permit, approve +
 * pay), the wallet checks before anything is signed (connected, right network, right payer, enough
 * tokens and gas, with the faucet on the local chain: {@link usePaymentReadiness}), and the progress
 * at every wait — the signature, the sending, the block the payment is seen in and its
 * confirmations. Survives a reload: a sent payment is followed again.
 *
 * @example
 * <PaymentPanel application={application} onPaid={() => setStep("confirmation")} />
 */
export function PaymentPanel({ application, onPaid, onSent }: PaymentPanelProps) {
  const { t, i18n } = useTranslation("traveller");
  const language = i18n.resolvedLanguage ?? "en";
  const config = useClientConfig();
  const headingId = useId();
  const id = application.id;
  const state = application.state;
  const paid = paidStates.has(state);

  const { connectAsync, connectors } = useConnect();
  const switchChain = useSwitchChain();
  const signIn = useSignIn();
  // The chain the traveller's stablecoin is on: the quote is asked, and paid, there.
  const [chainId, setChainId] = useState<number>(application.quote?.chainId ?? config.chain.id);
  const faucet = useFaucet(chainId);
  const chainName = useChainName();

  const [sent, setSent] = useState<SentPayment | null>(() => loadSentPayment(id));
  const [token, setToken] = useState<StablecoinSymbol>(application.quote?.token ?? "USDC");
  const [method, setMethod] = useState<PaymentMethod>("authorization");

  // Once a payment is sent its instructions are spent: no more reads (they would answer 409 once paid).
  const details = usePaymentDetails(id, state === "payment_pending" && !sent);
  const quote: QuoteDetails | undefined = details.data?.quote;
  const quoteChainId = details.data?.chainId;
  const quoteChain = useServedChain(quoteChainId ?? chainId);
  const pickedChain = useServedChain(chainId);
  const payment = usePayment(id, quoteChainId);
  const chainProgress = useTransactionConfirmations(sent?.txHash, sent?.chainId);
  const liveConfirmations = useLiveConfirmations(id);

  // A quote in another token than the one chosen is changed by asking for a new quote.
  const quoteId = quote?.id;
  const quoteToken = quote?.token;
  useEffect(() => {
    if (quoteId && quoteToken) setToken(quoteToken);
  }, [quoteId, quoteToken]);
  // Likewise its chain: a quote on another chain than the one picked is replaced by a new quote.
  useEffect(() => {
    if (quoteId && quoteChainId) setChainId(quoteChainId);
  }, [quoteId, quoteChainId]);
  // USDT has no permit nor EIP-3009: approve + pay is its only way.
  const available = details.data ? methodsFor(details.data) : (["pay"] as PaymentMethod[]);
  const chosenMethod: PaymentMethod = available.includes(method) ? method : (available[0] ?? "pay");
  const readiness = usePaymentReadiness({ quote, method: chosenMethod, chainId: quoteChainId });
  const { address, isConnected, wrongPayer } = readiness;

  const requote = useRequote(id, () => payment.reset());

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
  const following = Boolean(sent) && !reverted;

  const fund = () => {
    if (address) faucet.mutate(address, { onSuccess: readiness.refreshBalances });
  };
  const newQuote = (chosen: StablecoinSymbol = token) => {
    setSent(null);
    clearSentPayment(id);
    requote.mutate({
      token: chosen,
      // With one chain served the server's default is the only one: the quote need not name it.
      ...(servedChains(config).length > 1 ? { chainId } : {}),
      ...(wrongPayer && address ? { payer: address } : {}),
    });
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
            chainId: details.data!.chainId,
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
    switchChain: () => switchChain.mutate({ chainId: quoteChain.id }),
    ...(pickedChain.faucet && address ? { faucet: fund } : {}),
  };

  const required = quoteChain.confirmations;
  const otherChain = quote !== undefined && quoteChainId !== undefined && quoteChainId !== chainId;
  const busy = payment.isPending || requote.isPending || following;
  const blocked =
    readiness.wrongChain ||
    wrongPayer ||
    readiness.short ||
    readiness.noGas ||
    readiness.expired ||
    readiness.blacklisted ||
    readiness.tokenPaused;

  return (
    <section className="card stack" aria-labelledby={headingId} data-testid="payment-panel">
      <h3 id={headingId} style={{ marginTop: 0 }}>
        {t("pay.title")}
      </h3>

      {paid ? null : <ChainChoice name={`chain-${id}`} chainId={chainId} onChange={setChainId} disabled={busy} />}
      {paid ? null : <TokenChoice name={`token-${id}`} token={token} onChange={setToken} disabled={busy} />}

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
          {otherChain && !following ? (
            <div className="notice notice-warn">
              <p>{t("pay.otherChain", { quoted: chainName(quoteChain), chosen: chainName(pickedChain) })}</p>
              <button
                type="button"
                className="button"
                data-testid="requote-chain"
                disabled={requote.isPending}
                onClick={() => newQuote(token)}
              >
                {t("pay.getQuoteOn", { chain: chainName(pickedChain) })}
              </button>
            </div>
          ) : quote.token !== token && !following ? (
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

          <MethodChoice
            applicationId={id}
            chosen={chosenMethod}
            available={available}
            token={quote.token}
            onChange={setMethod}
            disabled={busy}
          />

          {!following ? (
            <>
              <PaymentChecks
                quote={quote}
                readiness={readiness}
                remedies={remedies}
                onConnect={() => void connect()}
                onRequote={() => newQuote()}
                switchChainError={switchChain.error}
                faucetError={faucet.error}
                onFund={fund}
              />
              <button
                type="button"
                className="button"
                data-testid="pay-button"
                title={formatMoney(quote.total, language, { precision: "exact" })}
                disabled={busy || !isConnected || blocked || !details.data || quote.token !== token || otherChain}
                onClick={pay}
              >
                {t("pay.payButton", { amount: formatMoney(quote.total, language) })}
              </button>
              {!isConnected || blocked ? null : <p className="hint">{t(`payHint.${chosenMethod}`)}</p>}
            </>
          ) : null}
        </div>
      ) : null}

      {faucet.data && !faucet.isPending && !paid ? <FaucetResult drip={faucet.data} /> : null}
      {requote.error ? <ErrorNotice error={requote.error} actions={{ ...remedies, retry: () => newQuote() }} /> : null}
      {payment.error ? <ErrorNotice error={payment.error} actions={remedies} /> : null}
      {reverted && sent ? <ErrorNotice error={new TransactionRevertedError(sent.txHash)} actions={remedies} /> : null}

      <PaymentStatus
        activity={{
          paid,
          paying: payment.isPending ? { phase: payment.phase } : null,
          following: following
            ? { block: chainProgress.receipt ? Number(chainProgress.receipt.blockNumber) : null }
            : null,
          confirmations: {
            count: Math.min(required, Math.max(chainProgress.confirmations, liveConfirmations ?? 0)),
            required,
          },
          quoting: requote.isPending,
          funding: faucet.isPending,
          loadingQuote: details.isLoading,
        }}
        sent={sent && !reverted ? sent : null}
      />
    </section>
  );
}
