import { permitTypes, receiveWithAuthorizationTypes, usdcDomain, VisaFeeEscrow } from "@entrada/contracts";
import { CodedError, IllegalTransitionError, isQuoteExpired, QuoteExpiredError } from "@entrada/core";
import { type Database, quotes } from "@entrada/db";
import { and, desc, eq } from "drizzle-orm";
import {
  type Address,
  encodeFunctionData,
  erc20Abi,
  getAddress,
  type Hex,
  isAddressEqual,
  parseSignature,
  recoverTypedDataAddress,
  serializeSignature,
  signatureToCompactSignature,
  type TypedDataDomain,
} from "viem";
import type { Principal } from "../auth/Principal.ts";
import { type Chains, deploymentOn } from "../chain/ChainServices.ts";
import type { EscrowDeployment } from "../chain/EscrowDeployment.ts";
import type { Relayer } from "../chain/Relayer.ts";
import {
  AuthorizationInvalidError,
  InsufficientBalanceError,
  NoOpenQuoteError,
  PaymentMethodUnsupportedError,
  RelayerFailedError,
} from "../errors/payment.ts";
import { type EscrowQuote, type QuoteRow, type QuoteView, toEscrowQuote, toQuoteView } from "../views/quoteView.ts";
import { loadApplication } from "./applicationAccess.ts";

/** Parameters of {@link createPaymentService}. */
export type CreatePaymentServiceParameters = {
  db: Database;
  deployment: EscrowDeployment;
  /** Pays the gas of gasless payments. */
  relayer: Relayer;
  clock: () => Date;
  /**
   * Reads a token's EIP-2612 `nonces(owner)`, to fill the permit a payer signs. Without it the permit's
   * nonce is `null` and the client reads it from the token itself.
   */
  readPermitNonce?: ((token: Address, owner: Address) => Promise<bigint>) | undefined;
  /**
   * Reads a token's `balanceOf(owner)`, to refuse a gasless payment the payer cannot cover before the
   * relayer spends gas on it. Without it the payment is relayed unchecked (the relayer's pre-flight
   * call still refuses one that would revert).
   */
  readTokenBalance?: ((token: Address, owner: Address) => Promise<bigint>) | undefined;
  /**
   * The services of each chain served: a quote is paid on its own chain (`quotes.chain_id`). Without
   * it, `deployment`, `relayer` and the reads above serve the one chain.
   */
  chains?: Chains | undefined;
};

/** A transaction to send: the target and its calldata. */
export type Call = { to: Address; data: Hex };

/** EIP-712 typed data as JSON (uints as decimal strings), ready for `eth_signTypedData_v4`. */
export type TypedDataJson = {
  domain: { name?: string; version?: string; chainId?: number; verifyingContract?: string };
  types: Record<string, { name: string; type: string }[]>;
  primaryType: string;
  message: Record<string, string | null>;
};

/** Everything a wallet needs to pay the current quote, one way or another. */
export type PaymentInstructions = {
  quote: QuoteView;
  chainId: number;
  escrow: Address;
  /** The quote signer's signature in the ERC-2098 compact form the escrow takes. */
  quoteSignature: { r: Hex; yParityAndS: Hex };
  /** Approve then pay, from the payer's wallet (it pays gas). */
  pay: {
    approve: Call;
    /** USDT refuses to change a non-zero allowance: approve 0 first if one is left. */
    approveResetRequired: boolean;
    pay: Call;
  };
  /** Sign an EIP-2612 permit, then send `payWithPermit(quote, quoteSignature, permitDeadline, v, r, s)`; USDC only. */
  permit: { typedData: TypedDataJson; permitDeadline: string; to: Address; functionName: "payWithPermit" } | null;
  /** Sign this EIP-3009 authorization and post it: Entrada's relayer pays the gas; USDC only. */
  authorization: { typedData: TypedDataJson; submitTo: string } | null;
};

/** A signature as posted: 65 bytes, or split. */
export type AuthorizationSignature = { signature: Hex } | { v: number; r: Hex; s: Hex };

/** What {@link createPaymentService} returns. */
export type PaymentService = {
  /** The payment instructions of the application's open quote. */
  instructions(principal: Principal | null, applicationId: string): Promise<PaymentInstructions>;
  /**
   * Checks the payer's EIP-3009 signature for the open (unexpired) quote and the payer's balance, and
   * has the relayer submit `payWithAuthorization`, idempotently per quote digest. The application
   * moves on when the indexer sees the payment, not here.
   */
  submitAuthorization(
    principal: Principal | null,
    applicationId: string,
    signature: AuthorizationSignature,
  ): Promise<{ txHash: Hex; status: string; quoteId: string }>;
};

/**
 * Payments into the escrow: the instructions for each way to pay a quote (`pay`, `payWithPermit`,
 * gasless `payWithAuthorization`), and the relay of gasless payments.
 *
 * @example
 * const { authorization } = await payments.instructions(user, id);
 * const signature = await wallet.signTypedData(authorization.typedData);
 * await payments.submitAuthorization(user, id, { signature }); // { txHash, status }
 */
export function createPaymentService({
  db,
  deployment: oneDeployment,
  relayer: oneRelayer,
  clock,
  readPermitNonce: oneReadPermitNonce,
  readTokenBalance: oneReadTokenBalance,
  chains,
}: CreatePaymentServiceParameters): PaymentService {
  /** The escrow, payment relayer and reads of the chain a quote names. */
  function on(chainId: number) {
    if (chains === undefined) {
      return {
        deployment: deploymentOn(oneDeployment, chainId),
        relayer: oneRelayer,
        readPermitNonce: oneReadPermitNonce,
        readTokenBalance: oneReadTokenBalance,
      };
    }
    const chain = chains.get(chainId);
    return {
      deployment: chain.deployment,
      relayer: chain.relayers.payments,
      readPermitNonce: chain.readPermitNonce,
      readTokenBalance: chain.readTokenBalance,
    };
  }

  /** The application (after the policy check) and its open, unexpired quote. */
  async function openQuote(principal: Principal | null, applicationId: string): Promise<QuoteRow> {
    const application = await loadApplication(db, principal, applicationId, "application.pay");
    if (application.state !== "payment_pending") {
      throw new IllegalTransitionError({ state: application.state, event: "confirm_payment" });
    }
    const [quote] = await db
      .select()
      .from(quotes)
      .where(and(eq(quotes.applicationId, applicationId), eq(quotes.status, "open")))
      .orderBy(desc(quotes.createdAt))
      .limit(1);
    if (quote === undefined) throw new NoOpenQuoteError({ applicationId });
    const now = clock();
    const expiresAt = Math.floor(quote.expiresAt.getTime() / 1000);
    if (isQuoteExpired({ expiresAt }, now)) {
      throw new QuoteExpiredError({ expiresAt, now: Math.floor(now.getTime() / 1000) });
    }
    return quote;
  }

  function authorizationTypedData(deployment: EscrowDeployment, quote: EscrowQuote, digest: Hex) {
    return {
      domain: usdcDomain(deployment.chainId, getAddress(quote.token)),
      types: receiveWithAuthorizationTypes,
      primaryType: "ReceiveWithAuthorization",
      message: {
        from: getAddress(quote.payer),
        to: deployment.escrow,
        value: quote.amount,
        validAfter: 0n,
        validBefore: quote.expiresAt,
        nonce: digest,
      },
    } as const;
  }

  /**
   * Refuses a payment the payer's balance cannot cover, before any gas is spent. Once the relayer has
   * sent this quote's payment the balance is already spent on it, so a retry is not checked: the
   * relayer answers with the transaction it sent.
   */
  async function assertBalance(chainId: number, digest: Hex, quote: EscrowQuote, symbol: string): Promise<void> {
    const { relayer, readTokenBalance } = on(chainId);
    if (readTokenBalance === undefined) return;
    if ((await relayer.get(digest)) !== undefined) return;
    const balance = await readTokenBalance(getAddress(quote.token), getAddress(quote.payer));
    if (balance < quote.amount) throw new InsufficientBalanceError({ token: symbol, balance, needed: quote.amount });
  }

  return {
    async instructions(principal, applicationId) {
      const row = await openQuote(principal, applicationId);
      const { deployment, readPermitNonce } = on(row.chainId);
      const quote = toEscrowQuote(row);
      const symbol = row.rateLegs.token;
      const compact = signatureToCompactSignature(parseSignature(row.signature));
      const token = getAddress(quote.token);
      const payer = getAddress(quote.payer);
      const usdc = symbol === "USDC";
      const authorization = authorizationTypedData(deployment, quote, row.digest);
      const permitNonce = usdc && readPermitNonce !== undefined ? await readPermitNonce(token, payer) : undefined;
      return {
        quote: toQuoteView(row),
        chainId: deployment.chainId,
        escrow: deployment.escrow,
        quoteSignature: compact,
        pay: {
          approve: {
            to: token,
            data: encodeFunctionData({
              abi: erc20Abi,
              functionName: "approve",
              args: [deployment.escrow, quote.amount],
            }),
          },
          approveResetRequired: symbol === "USDT",
          pay: {
            to: deployment.escrow,
            data: encodeFunctionData({ abi: VisaFeeEscrow.abi, functionName: "pay", args: [quote, compact] }),
          },
        },
        permit: usdc
          ? {
              typedData: toTypedDataJson({
                domain: usdcDomain(deployment.chainId, token),
                types: permitTypes,
                primaryType: "Permit",
                message: {
                  owner: payer,
                  spender: deployment.escrow,
                  value: quote.amount,
                  nonce: permitNonce ?? null,
                  deadline: quote.expiresAt,
                },
              }),
              permitDeadline: quote.expiresAt.toString(),
              to: deployment.escrow,
              functionName: "payWithPermit",
            }
          : null,
        authorization: usdc
          ? {
              typedData: toTypedDataJson(authorization),
              submitTo: `/api/v1/applications/${applicationId}/payment/authorization`,
            }
          : null,
      };
    },

    async submitAuthorization(principal, applicationId, posted) {
      const row = await openQuote(principal, applicationId);
      const symbol = row.rateLegs.token;
      if (symbol !== "USDC") throw new PaymentMethodUnsupportedError({ method: "authorization", token: symbol });
      const { deployment, relayer } = on(row.chainId);
      const quote = toEscrowQuote(row);
      let split: { v: number; r: Hex; s: Hex };
      try {
        if ("signature" in posted) {
          const parsed = parseSignature(posted.signature);
          split = { v: Number(parsed.v ?? BigInt(27 + (parsed.yParity ?? 0))), r: parsed.r, s: parsed.s };
        } else {
          split = { v: posted.v < 27 ? posted.v + 27 : posted.v, r: posted.r, s: posted.s };
        }
        if (split.v !== 27 && split.v !== 28) throw new Error(`v must be 27 or 28, got ${split.v}`);
      } catch (error) {
        throw new AuthorizationInvalidError({ reason: "malformed", cause: error });
      }
      let signer: Address;
      try {
        signer = await recoverTypedDataAddress({
          ...authorizationTypedData(deployment, quote, row.digest),
          signature: serializeSignature({ r: split.r, s: split.s, v: BigInt(split.v) }),
        });
      } catch (error) {
        throw new AuthorizationInvalidError({ reason: "malformed", cause: error });
      }
      // Checked here so that a bad signature costs no gas: the token would refuse it on chain.
      if (!isAddressEqual(signer, quote.payer)) throw new AuthorizationInvalidError({ reason: "signer" });
      await assertBalance(row.chainId, row.digest, quote, symbol);
      const compact = signatureToCompactSignature(parseSignature(row.signature));
      const data = encodeFunctionData({
        abi: VisaFeeEscrow.abi,
        functionName: "payWithAuthorization",
        args: [quote, compact, split.v, split.r, split.s],
      });
      try {
        const sent = await relayer.send({ key: row.digest, to: deployment.escrow, data });
        return { txHash: sent.hash, status: sent.status, quoteId: row.id };
      } catch (error) {
        // The relayer's coded errors say what the client can do (a call that would revert is not
        // worth retrying); only an unexplained failure becomes "retry shortly".
        if (error instanceof CodedError) throw error;
        throw new RelayerFailedError({ key: row.digest, cause: error });
      }
    },
  };
}

/** Typed data with bigints as decimal strings, for JSON. */
function toTypedDataJson(typedData: {
  domain: TypedDataDomain;
  types: Record<string, readonly { name: string; type: string }[]>;
  primaryType: string;
  message: Record<string, bigint | string | null>;
}): TypedDataJson {
  const { name, version, chainId, verifyingContract } = typedData.domain;
  return {
    domain: {
      ...(name === undefined ? {} : { name }),
      ...(version === undefined ? {} : { version }),
      ...(chainId === undefined ? {} : { chainId: Number(chainId) }),
      ...(verifyingContract === undefined ? {} : { verifyingContract }),
    },
    types: Object.fromEntries(
      Object.entries(typedData.types).map(([type, fields]) => [type, fields.map((field) => ({ ...field }))]),
    ),
    primaryType: typedData.primaryType,
    message: Object.fromEntries(
      Object.entries(typedData.message).map(([key, value]) => [
        key,
        typeof value === "bigint" ? value.toString() : value,
      ]),
    ),
  };
}
