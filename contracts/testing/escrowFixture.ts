import {
  type Abi,
  type Address,
  type CompactSignature,
  type HDAccount,
  type Hex,
  keccak256,
  maxUint256,
  parseSignature,
  signatureToCompactSignature,
  type TransactionReceipt,
  toHex,
} from "viem";
import { authorityId, type Deployment, deployEntrada } from "../deploy.ts";
import { devAccount } from "../devAccounts.ts";
import { DevUSDT } from "../generated/DevUSDT.ts";
import { FiatTokenV2_2 } from "../generated/FiatTokenV2_2.ts";
import { VisaFeeEscrow } from "../generated/VisaFeeEscrow.ts";
import { createLocalChain, type LocalChain } from "../localChain.ts";
import {
  batchQuoteTypes,
  escrowDomain,
  permitTypes,
  quoteTypes,
  receiveWithAuthorizationTypes,
  usdcDomain,
} from "../typedData.ts";

/** A single-application quote, as the escrow takes it. */
export type Quote = {
  applicationId: Hex;
  authorityId: Hex;
  token: Address;
  payer: Address;
  amount: bigint;
  platformFee: bigint;
  decisionDeadline: bigint;
  expiresAt: bigint;
};

/** A batch quote, as the escrow takes it. */
export type BatchQuote = {
  batchId: Hex;
  authorityId: Hex;
  token: Address;
  payer: Address;
  fees: readonly bigint[];
  platformFeeBps: number;
  decisionDeadline: bigint;
  expiresAt: bigint;
};

/** The shared fields of a paid batch. */
export type BatchRecord = Omit<BatchQuote, "fees" | "expiresAt">;

/** An authority of the fixture with its keys. */
export type FixtureAuthority = { id: Hex; payout: HDAccount; settler: HDAccount };

/**
 * Every error the escrow's calls can surface, including those bubbled up from the tokens (Circle's
 * USDC reverts with `Error(string)`, which needs no ABI).
 */
export const escrowCallAbi = [...VisaFeeEscrow.abi, ...DevUSDT.abi.filter((item) => item.type === "error")] as const;

/** Platform fee in bps used by the fixture's quotes (Entrada's default). */
export const fixtureFeeBps = 10n;

/**
 * A deployed escrow on the in-process local chain with named development accounts:
 * 0 deployer and admin (and USDC's issuer: master minter, minter, pauser, blacklister, owner),
 * 1 quote signer, 2 treasury, 3 guardian, 4 relayer, 5 stranger, 6–11 three authorities (payout,
 * settler), 12–39 payers funded with 1,000,000 USDC and USDT. USDC is Circle's FiatTokenV2_2 behind
 * its proxy, whose admin is `devUsdcProxyAdmin()`.
 */
export type EscrowFixture = Awaited<ReturnType<typeof createEscrowFixture>>;

/** Deploys the {@link EscrowFixture}. Take a snapshot after it to reset between tests. */
export async function createEscrowFixture() {
  const chain: LocalChain = await createLocalChain();
  const deployer = devAccount(0);
  const quoteSigner = devAccount(1);
  const treasury = devAccount(2);
  const guardian = devAccount(3);
  const relayer = devAccount(4);
  const stranger = devAccount(5);
  const authorities: FixtureAuthority[] = ["th-evisa", "gb-eta", "ke-eta"].map((slug, i) => ({
    id: authorityId(slug),
    payout: devAccount(6 + 2 * i),
    settler: devAccount(7 + 2 * i),
  }));
  const payers = Array.from({ length: 28 }, (_, i) => devAccount(12 + i));
  const funding = 1_000_000_000_000n; // 1,000,000 tokens of 6 decimals

  const deployment: Deployment = await deployEntrada({
    publicClient: chain.publicClient,
    deployer: chain.wallet(deployer),
    quoteSigner: quoteSigner.address,
    treasury: treasury.address,
    guardian: guardian.address,
    authorities: authorities.map((a) => ({ id: a.id, payout: a.payout.address, settler: a.settler.address })),
    balances: payers.map((p) => ({ to: p.address, usdc: funding, usdt: funding })),
  });
  const escrow = deployment.escrow;
  const tokens = deployment.tokens;
  const domain = escrowDomain(chain.chain.id, escrow);

  /** Sends a contract call from `account` and returns its receipt (blocks are mined at once). */
  async function send(
    account: HDAccount,
    request: { address: Address; abi: Abi; functionName: string; args?: readonly unknown[] },
  ): Promise<TransactionReceipt> {
    const hash = await chain.wallet(account).writeContract(request as never);
    return chain.publicClient.getTransactionReceipt({ hash });
  }

  /** Calls the escrow from `account`. */
  function call(account: HDAccount, functionName: string, args: readonly unknown[]): Promise<TransactionReceipt> {
    return send(account, { address: escrow, abi: escrowCallAbi as unknown as Abi, functionName, args });
  }

  async function now(): Promise<bigint> {
    return (await chain.publicClient.getBlock()).timestamp;
  }

  let nextId = 0;
  /** A fresh opaque id (what the platform would assign). */
  function newId(label = "application"): Hex {
    nextId += 1;
    return keccak256(toHex(`${label}-${nextId}`));
  }

  /** A valid quote for `payer`, fee 10 bps, payable for 15 minutes, decided within 7 days. */
  async function makeQuote(overrides: Partial<Quote> & { payer: Address }): Promise<Quote> {
    const t = await now();
    const fee = overrides.amount === undefined ? 40_000_000n : (overrides.amount * 10_000n) / (10_000n + fixtureFeeBps);
    const amount = overrides.amount ?? fee + (fee * fixtureFeeBps) / 10_000n;
    return {
      applicationId: newId(),
      authorityId: authorities[0]!.id,
      token: tokens.USDC,
      amount,
      platformFee: amount - fee,
      decisionDeadline: t + 7n * 86_400n,
      expiresAt: t + 900n,
      ...overrides,
    };
  }

  /** The quote signer's EIP-712 signature of `quote`, in the ERC-2098 form the escrow takes. */
  async function signQuote(
    quote: Quote,
    signer: HDAccount = quoteSigner,
    signDomain = domain,
  ): Promise<CompactSignature> {
    const signature = await signer.signTypedData({
      domain: signDomain,
      types: quoteTypes,
      primaryType: "Quote",
      message: quote,
    });
    return signatureToCompactSignature(parseSignature(signature));
  }

  async function signBatchQuote(quote: BatchQuote, signer: HDAccount = quoteSigner): Promise<CompactSignature> {
    const signature = await signer.signTypedData({
      domain,
      types: batchQuoteTypes,
      primaryType: "BatchQuote",
      message: { ...quote, fees: [...quote.fees] },
    });
    return signatureToCompactSignature(parseSignature(signature));
  }

  async function quoteDigest(quote: Quote): Promise<Hex> {
    return chain.publicClient.readContract({
      address: escrow,
      abi: VisaFeeEscrow.abi,
      functionName: "quoteDigest",
      args: [quote],
    });
  }

  /** The payer's EIP-3009 ReceiveWithAuthorization for `quote`, split into v, r, s. */
  async function signAuthorization(quote: Quote, payer: HDAccount, nonce?: Hex) {
    const signature = await payer.signTypedData({
      domain: usdcDomain(chain.chain.id, quote.token),
      types: receiveWithAuthorizationTypes,
      primaryType: "ReceiveWithAuthorization",
      message: {
        from: quote.payer,
        to: escrow,
        value: quote.amount,
        validAfter: 0n,
        validBefore: quote.expiresAt,
        nonce: nonce ?? (await quoteDigest(quote)),
      },
    });
    const { v, r, s } = parseSignature(signature);
    return { v: Number(v), r, s };
  }

  /** The payer's EIP-2612 permit of `value` to the escrow, split into v, r, s. */
  async function signPermit(token: Address, payer: HDAccount, value: bigint, deadline: bigint) {
    const nonce = await chain.publicClient.readContract({
      address: token,
      abi: FiatTokenV2_2.abi,
      functionName: "nonces",
      args: [payer.address],
    });
    const signature = await payer.signTypedData({
      domain: usdcDomain(chain.chain.id, token),
      types: permitTypes,
      primaryType: "Permit",
      message: { owner: payer.address, spender: escrow, value, nonce, deadline },
    });
    const { v, r, s } = parseSignature(signature);
    return { v: Number(v), r, s };
  }

  /** Approves the escrow for `value` of `token` (resetting a USDT allowance to zero first). */
  async function approve(token: Address, payer: HDAccount, value: bigint = maxUint256): Promise<void> {
    const abi = token === tokens.USDT ? DevUSDT.abi : FiatTokenV2_2.abi;
    const current = await chain.publicClient.readContract({
      address: token,
      abi,
      functionName: "allowance",
      args: [payer.address, escrow],
    });
    if (token === tokens.USDT && current !== 0n && value !== 0n) {
      await send(payer, { address: token, abi, functionName: "approve", args: [escrow, 0n] });
    }
    await send(payer, { address: token, abi, functionName: "approve", args: [escrow, value] });
  }

  async function balanceOf(token: Address, owner: Address): Promise<bigint> {
    return chain.publicClient.readContract({
      address: token,
      abi: FiatTokenV2_2.abi,
      functionName: "balanceOf",
      args: [owner],
    });
  }

  async function increaseTime(seconds: bigint): Promise<void> {
    await chain.testClient.increaseTime({ seconds: Number(seconds) });
    await chain.testClient.mine({ blocks: 1 });
  }

  return {
    chain,
    deployment,
    escrow,
    tokens,
    domain,
    accounts: { deployer, quoteSigner, treasury, guardian, relayer, stranger, payers },
    authorities,
    send,
    call,
    now,
    newId,
    makeQuote,
    signQuote,
    signBatchQuote,
    quoteDigest,
    signAuthorization,
    signPermit,
    approve,
    balanceOf,
    increaseTime,
  };
}
