import { VisaFeeEscrowAbi } from "@entrada/contracts/abis";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { type Address, encodeFunctionData, erc20Abi, type Hex, parseSignature } from "viem";
import { usePublicClient, useSendTransaction, useSignTypedData, useWriteContract } from "wagmi";
import { typedDataFromObject } from "../wallet/builtInWallet.ts";
import { api } from "./api.ts";
import type { EscrowQuoteJson, PaymentDetails } from "./travellerTypes.ts";

/** The three ways to pay a quote into the escrow (docs/api.md, "Quotes and payment"). */
export const paymentMethods = ["authorization", "permit", "pay"] as const;

/** A way to pay: gasless EIP-3009 (relayed), EIP-2612 permit + `payWithPermit`, or approve + `pay`. */
export type PaymentMethod = (typeof paymentMethods)[number];

/** Where a payment stands while the wallet and the chain work; the page says each aloud. */
export const paymentPhases = [
  "idle",
  "signing",
  "submitting",
  "resettingAllowance",
  "approving",
  "approvalMining",
  "sending",
] as const;

/** One of {@link paymentPhases}. */
export type PaymentPhase = (typeof paymentPhases)[number];

/** A transaction the chain mined but refused (status `reverted`): nothing was paid. */
export class TransactionRevertedError extends Error {
  override readonly name = "TransactionRevertedError";
  readonly hash: Hex;
  constructor(hash: Hex) {
    super(`Transaction ${hash} reverted.`);
    this.hash = hash;
  }
}

/** Parameters of a payment: the method, the payment details of the open quote, the paying wallet. */
export type PayParameters = { method: PaymentMethod; details: PaymentDetails; account: Address };

/** Which methods a quote's token supports: USDC all three, USDT (no signatures) approve + pay only. */
export function methodsFor(details: Pick<PaymentDetails, "permit" | "authorization">): PaymentMethod[] {
  return paymentMethods.filter((method) => method === "pay" || details[method] !== null);
}

/** The escrow's `Quote` struct with bigints, as `payWithPermit` takes it. */
export function toEscrowQuote(json: EscrowQuoteJson) {
  return {
    applicationId: json.applicationId,
    authorityId: json.authorityId,
    token: json.token,
    payer: json.payer,
    amount: BigInt(json.amount),
    platformFee: BigInt(json.platformFee),
    decisionDeadline: BigInt(json.decisionDeadline),
    expiresAt: BigInt(json.expiresAt),
  };
}

/**
 * Pays an application's open quote with the connected wallet, one of three ways, and returns the
 * payment's transaction hash (the relayer's, for a gasless payment). `phase` says what it waits for
 * (the signature, the approval, the sending), for the page to show. The application itself moves on
 * when the indexer sees the payment at the chain's confirmation depth, not here.
 *
 * @example
 * const payment = usePayment(applicationId, details.chainId);
 * const txHash = await payment.mutateAsync({ method: "authorization", details, account });
 */
export function usePayment(applicationId: string, chainId?: number) {
  const [phase, setPhase] = useState<PaymentPhase>("idle");
  // The quote's chain: the wallet sends there (wagmi refuses if the wallet is on another chain).
  const on = chainId === undefined ? {} : { chainId };
  const publicClient = usePublicClient(on);
  const signTypedData = useSignTypedData();
  const sendTransaction = useSendTransaction();
  const writeContract = useWriteContract();

  async function mined(hash: Hex): Promise<void> {
    if (!publicClient) throw new Error("no chain client");
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new TransactionRevertedError(hash);
  }

  async function payWithAuthorization({ details }: PayParameters): Promise<Hex> {
    if (!details.authorization) throw new Error("this quote cannot be paid gaslessly");
    setPhase("signing");
    const signature = await signTypedData.mutateAsync(typedDataFromObject(details.authorization.typedData) as never);
    setPhase("submitting");
    const { txHash } = await api<{ txHash: Hex; status: string; quoteId: string }>(
      "POST",
      `/applications/${applicationId}/payment/authorization`,
      { body: { signature }, idempotencyKey: `authorization-${details.quote.id}` },
    );
    return txHash;
  }

  async function payWithPermit({ details, account }: PayParameters): Promise<Hex> {
    if (!details.permit) throw new Error("this quote cannot be paid with a permit");
    if (!publicClient) throw new Error("no chain client");
    const typedData = details.permit.typedData;
    let message = typedData.message;
    if (message.nonce === null || message.nonce === undefined) {
      // The server could not read the permit nonce: the token itself knows it.
      const nonce = await publicClient.readContract({
        address: details.quote.tokenAddress,
        abi: [
          {
            type: "function",
            name: "nonces",
            stateMutability: "view",
            inputs: [{ name: "owner", type: "address" }],
            outputs: [{ name: "", type: "uint256" }],
          },
        ] as const,
        functionName: "nonces",
        args: [account],
      });
      message = { ...message, nonce: nonce.toString() };
    }
    setPhase("signing");
    const signature = await signTypedData.mutateAsync(typedDataFromObject({ ...typedData, message }) as never);
    const { r, s, v, yParity } = parseSignature(signature);
    setPhase("sending");
    return writeContract.mutateAsync({
      ...on,
      address: details.permit.to,
      abi: VisaFeeEscrowAbi,
      functionName: "payWithPermit",
      args: [
        toEscrowQuote(details.quote.escrowQuote),
        details.quoteSignature,
        BigInt(details.permit.permitDeadline),
        v === undefined ? 27 + (yParity ?? 0) : Number(v),
        r,
        s,
      ],
    });
  }

  async function payWithApproval({ details, account }: PayParameters): Promise<Hex> {
    if (!publicClient) throw new Error("no chain client");
    const total = BigInt(details.quote.escrowQuote.amount);
    const allowance = await publicClient.readContract({
      address: details.quote.tokenAddress,
      abi: erc20Abi,
      functionName: "allowance",
      args: [account, details.escrow],
    });
    // A reload between approve and pay finds the allowance already there: no second approval.
    if (allowance < total) {
      if (allowance > 0n && details.pay.approveResetRequired) {
        // USDT refuses to change a non-zero allowance: set it to 0 first.
        setPhase("resettingAllowance");
        const reset = await sendTransaction.mutateAsync({
          ...on,
          to: details.quote.tokenAddress,
          data: encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [details.escrow, 0n] }),
        });
        setPhase("approvalMining");
        await mined(reset);
      }
      setPhase("approving");
      const approval = await sendTransaction.mutateAsync({ ...on, ...details.pay.approve });
      setPhase("approvalMining");
      await mined(approval);
    }
    setPhase("sending");
    return sendTransaction.mutateAsync({ ...on, ...details.pay.pay });
  }

  const mutation = useMutation({
    mutationFn: async (parameters: PayParameters): Promise<Hex> => {
      try {
        if (parameters.method === "authorization") return await payWithAuthorization(parameters);
        if (parameters.method === "permit") return await payWithPermit(parameters);
        return await payWithApproval(parameters);
      } finally {
        setPhase("idle");
      }
    },
  });
  return Object.assign(mutation, { phase });
}
