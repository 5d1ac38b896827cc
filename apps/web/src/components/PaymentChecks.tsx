import { useTranslation } from "react-i18next";
import { ApiError } from "../api/ApiError.ts";
import type { QuoteDetails } from "../api/travellerTypes.ts";
import { formatMoney } from "../format/formatMoney.ts";
import { ErrorNotice, type ErrorNoticeProps } from "./ErrorNotice.tsx";
import type { UsePaymentReadinessReturnType } from "./usePaymentReadiness.ts";

/** A balance in a token's minor units as money, for messages. */
const tokenMoney = (amount: bigint, currency: string, decimals = 6) => {
  const digits = amount.toString().padStart(decimals + 1, "0");
  return { amount: amount.toString(), currency, formatted: `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}` };
};

/** Parameters of {@link PaymentChecks}. */
export type PaymentChecksProps = {
  quote: QuoteDetails;
  readiness: UsePaymentReadinessReturnType;
  /** The ways forward the notices offer (re-quote, faucet, retry, switch network, sign in). */
  remedies: NonNullable<ErrorNoticeProps["actions"]> & { switchChain(): void };
  /** Connects the wallet. */
  onConnect(): void;
  /** Asks for a new quote in the chosen token, for the connected wallet when it is not the payer. */
  onRequote(): void;
  /** Why switching the network failed, if it did. */
  switchChainError: Error | null;
  /** Why the faucet failed, if it did, with {@link onFund} to try again. */
  faucetError: Error | null;
  onFund(): void;
};

/**
 * What stands between the traveller and the pay button, each with its way forward: no wallet, the
 * wrong network, a wallet that is not the quote's payer, a wallet the token's issuer blacklisted or
 * a token it paused (the payment would be refused), too few tokens (with the balance and the faucet
 * on the local chain), no gas, a failed faucet, an expired quote.
 *
 * @example
 * <PaymentChecks quote={quote} readiness={readiness} remedies={remedies} onConnect={connect} onRequote={newQuote} … />
 */
export function PaymentChecks(props: PaymentChecksProps) {
  const { quote, readiness, remedies, onConnect, onRequote, switchChainError, faucetError, onFund } = props;
  const { t, i18n } = useTranslation("traveller");
  const language = i18n.resolvedLanguage ?? "en";
  const { isConnected, connectionStatus, address, payer, wrongChain, wrongPayer, short, noGas, expired } = readiness;
  const { total, balance, decimals, blacklisted, tokenPaused } = readiness;
  // To the cent, unless the cent would make a short balance look like enough (20.34 of 20.34).
  const precision =
    total !== undefined &&
    balance !== undefined &&
    formatMoney(tokenMoney(balance, quote.token, decimals), "en") ===
      formatMoney(tokenMoney(total, quote.token, decimals), "en")
      ? "exact"
      : "display";
  return (
    <>
      {!isConnected ? (
        <div className="notice notice-warn">
          <p>{t("pay.connect")}</p>
          <button
            type="button"
            className="button"
            data-testid="connect-wallet"
            disabled={connectionStatus === "connecting" || connectionStatus === "reconnecting"}
            onClick={onConnect}
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
      {switchChainError ? <ErrorNotice error={switchChainError} /> : null}
      {blacklisted ? (
        <div className="notice notice-error" role="alert" data-testid="payer-blacklisted">
          <p>
            <strong>{t("pay.blacklistedTitle")}</strong>
          </p>
          <p>{t("pay.blacklisted", { token: quote.token })}</p>
        </div>
      ) : null}
      {tokenPaused ? (
        <div className="notice notice-error" role="alert" data-testid="token-paused">
          <p>
            <strong>{t("pay.tokenPausedTitle")}</strong>
          </p>
          <p>{t("pay.tokenPaused", { token: quote.token })}</p>
        </div>
      ) : null}
      {wrongPayer && payer && address ? (
        <div className="notice notice-warn" data-testid="payer-mismatch">
          <p>{t("pay.wrongPayer", { payer, address })}</p>
          <button type="button" className="button" onClick={onRequote}>
            {t("pay.requoteForWallet")}
          </button>
        </div>
      ) : null}
      {short && total !== undefined && balance !== undefined && !wrongPayer ? (
        <div data-testid="balance-short">
          <ErrorNotice
            error={
              new ApiError({
                status: 402,
                code: "ENTRADA_INSUFFICIENT_BALANCE",
                message: "balance too low",
                details: { token: quote.token, balance: balance.toString(), needed: total.toString() },
              })
            }
            actions={remedies}
          />
          <p className="hint">
            {t("pay.balance", {
              balance: formatMoney(tokenMoney(balance, quote.token, decimals), language, { precision }),
              needed: formatMoney(tokenMoney(total, quote.token, decimals), language, { precision }),
            })}
          </p>
        </div>
      ) : null}
      {noGas && !short && !wrongPayer ? (
        <ErrorNotice error={{ name: "InsufficientFundsError" }} actions={remedies} />
      ) : null}
      {faucetError ? <ErrorNotice error={faucetError} actions={{ retry: onFund }} /> : null}
      {expired ? (
        <ErrorNotice
          error={new ApiError({ status: 409, code: "ENTRADA_QUOTE_EXPIRED", message: "quote expired" })}
          actions={{ requote: onRequote }}
        />
      ) : null}
    </>
  );
}
