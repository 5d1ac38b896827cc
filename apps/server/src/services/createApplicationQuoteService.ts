import { authorityId as escrowAuthorityId, escrowDomain, quoteTypes } from "@entrada/contracts";
import {
  type Catalogue,
  IllegalTransitionError,
  type QuotePricingRecord,
  type QuoteService,
  resolveProductFee,
  type TokenSymbol,
} from "@entrada/core";
import { applicants, type Database, quotes } from "@entrada/db";
import { and, eq, ne } from "drizzle-orm";
import { type Address, getAddress, type Hex, hashTypedData, type LocalAccount } from "viem";
import type { Principal } from "../auth/Principal.ts";
import type { EscrowDeployment } from "../chain/EscrowDeployment.ts";
import type { RecordCipher } from "../crypto/createRecordCipher.ts";
import { ChainNotServedError, PayerRequiredError } from "../errors/payment.ts";
import { type QuoteView, toQuoteView } from "../views/quoteView.ts";
import { applicantActor } from "./actors.ts";
import { loadApplication, lockApplication } from "./applicationAccess.ts";
import { openApplicant } from "./openApplicant.ts";
import { recordTransition } from "./recordTransition.ts";

/** Parameters of {@link createApplicationQuoteService}. */
export type CreateApplicationQuoteServiceParameters = {
  db: Database;
  catalogue: Catalogue;
  /** Core's quote service, reading the price sources. */
  quoteService: QuoteService;
  /** Signs quotes: its address must be the escrow's `quoteSigner`. */
  quoteSigner: LocalAccount;
  /** The escrow and tokens of the first chain served: quotes name it unless asked for another. */
  deployment: EscrowDeployment;
  /**
   * Every other chain served, by chain id: its escrow and tokens, and core's quote service reading
   * that chain's price sources.
   */
  otherChains?: ReadonlyMap<number, { deployment: EscrowDeployment; quoteService: QuoteService }> | undefined;
  cipher: RecordCipher;
  clock: () => Date;
};

/** What {@link createApplicationQuoteService} returns. */
export type ApplicationQuoteService = {
  /**
   * Locks a price for a submitted application in `token`, payable by `payer` (default: the caller's
   * wallet), signs it as the escrow's EIP-712 `Quote`, and moves the application to
   * `payment_pending`. A new quote for an application already pending payment supersedes the open one.
   */
  quote(
    principal: Principal | null,
    applicationId: string,
    parameters: { token: TokenSymbol; payer?: Address | undefined; chainId?: number | undefined },
  ): Promise<QuoteView>;
};

/**
 * Quotes an application: the product fee for the applicant (per-nationality fees and age waivers of
 * the catalogue), converted by core's quote service from fresh prices, signed with the quote-signer key
 * over the escrow's EIP-712 domain. The row keeps every signed field, the signature and the digest.
 *
 * @example
 * const quote = await quotes.quote(user, applicationId, { token: "USDC" });
 * quote.digest // the escrow's quoteDigest(quote) and the EIP-3009 nonce of a gasless payment
 */
export function createApplicationQuoteService({
  db,
  catalogue,
  quoteService,
  quoteSigner,
  deployment: firstDeployment,
  otherChains,
  cipher,
  clock,
}: CreateApplicationQuoteServiceParameters): ApplicationQuoteService {
  /** The deployment and prices of `chainId`: the chain id of the quote's EIP-712 domain. */
  function on(chainId: number | undefined) {
    if (chainId === undefined || chainId === firstDeployment.chainId) {
      return { deployment: firstDeployment, quoteService };
    }
    const other = otherChains?.get(chainId);
    if (other === undefined) throw new ChainNotServedError({ chainId });
    return other;
  }

  return {
    async quote(principal, applicationId, { token, payer: requestedPayer, chainId }) {
      const { deployment, quoteService: prices } = on(chainId);
      const domain = escrowDomain(deployment.chainId, deployment.escrow);
      // Checks before prices are read: who, which state, which payer.
      const current = await loadApplication(db, principal, applicationId, "application.quote");
      const caller = principal!; // loadApplication refuses an anonymous caller
      assertQuotable(current.state);
      const payer =
        requestedPayer ?? (caller.walletAddress === undefined ? undefined : getAddress(caller.walletAddress));
      if (payer === undefined) throw new PayerRequiredError();

      const product = catalogue.product(current.productId);
      const [applicantRow] = await db.select().from(applicants).where(eq(applicants.id, current.applicantId));
      const applicant = openApplicant(cipher, applicantRow!);
      const now = clock();
      const { fee } = resolveProductFee(product, {
        nationality: applicant.nationality,
        birthDate: applicant.dateOfBirth,
        today: now.toISOString().slice(0, 10),
      });
      // The authority decides within the product's longest processing time after the quote expires.
      const priced = await prices.quote({
        visaFee: fee,
        token,
        decisionWindow: product.processingHours.max * 3600,
      });
      const message = {
        applicationId: current.onchainId,
        authorityId: escrowAuthorityId(current.authorityId),
        token: deployment.tokens[priced.token],
        payer,
        amount: priced.total.amount,
        platformFee: priced.platformFee.amount,
        decisionDeadline: BigInt(priced.decisionDeadline),
        expiresAt: BigInt(priced.expiresAt),
      };
      const typedData = { domain, types: quoteTypes, primaryType: "Quote", message } as const;
      const signature = await quoteSigner.signTypedData(typedData);
      const digest = hashTypedData(typedData);
      const pricing: QuotePricingRecord = {
        token: priced.token,
        legs: priced.legs.map((leg) => ({
          pair: leg.pair,
          answer: leg.answer.toString(),
          decimals: leg.decimals,
          updatedAt: leg.updatedAt,
          source: leg.source,
        })),
        rate: { numerator: priced.rate.numerator.toString(), denominator: priced.rate.denominator.toString() },
        feeBps: priced.feeBps,
        platformFeeBps: priced.platformFeeBps,
        discounts: priced.discounts.map((discount) => ({ ...discount })),
        authorityId: message.authorityId,
        applicationId: message.applicationId,
      };

      const row = await db.transaction(async (tx) => {
        // The caller was checked on this row above; the lock only makes the state checks and writes atomic.
        const application = await lockApplication(tx, applicationId);
        assertQuotable(application.state);
        if (application.state === "submitted") {
          await recordTransition(tx, {
            application,
            event: "start_payment",
            actor: applicantActor(caller, application),
            at: now,
          });
        }
        // The same terms in the same second sign to the same digest: that quote is the answer again.
        const [same] = await tx
          .select()
          .from(quotes)
          .where(eq(quotes.digest, lower(digest)));
        await tx
          .update(quotes)
          .set({ status: "superseded" })
          .where(
            and(
              eq(quotes.applicationId, applicationId),
              eq(quotes.status, "open"),
              same === undefined ? undefined : ne(quotes.id, same.id),
            ),
          );
        if (same !== undefined) {
          const [reopened] = await tx.update(quotes).set({ status: "open" }).where(eq(quotes.id, same.id)).returning();
          return reopened!;
        }
        const [inserted] = await tx
          .insert(quotes)
          .values({
            applicationId,
            chainId: deployment.chainId,
            token: lower(message.token),
            payer: lower(payer),
            visaFeeMinor: fee.amount,
            visaFeeCurrency: fee.currency,
            tokenAmount: priced.tokenAmount.amount,
            platformFee: priced.platformFee.amount,
            total: priced.total.amount,
            rateLegs: pricing,
            expiresAt: new Date(priced.expiresAt * 1000),
            decisionDeadline: new Date(priced.decisionDeadline * 1000),
            digest: lower(digest),
            signature: lower(signature),
          })
          .returning();
        return inserted!;
      });
      return toQuoteView(row);
    },
  };
}

function assertQuotable(state: string): void {
  if (state !== "submitted" && state !== "payment_pending") {
    throw new IllegalTransitionError({ state, event: "start_payment" });
  }
}

function lower(value: Hex): Hex {
  return value.toLowerCase() as Hex;
}
