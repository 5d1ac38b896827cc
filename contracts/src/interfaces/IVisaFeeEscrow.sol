// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title Entrada visa fee escrow
/// @notice Holds e-visa fees paid in stablecoins until the authority decides. The authority of record
/// is paid when it issues the visa (`releaseEscrowByAuthority`); the payer gets the full amount back
/// when the authority rejects (`refundPaymentFee`) or misses its decision deadline (`claimExpired`).
/// There is no other way out for escrowed funds.
/// @dev The settlement functions carry names whose selectors sort first (0x011ee697, 0x0152434d,
/// 0x01c7a48a): the IR compiler's dispatch tests selectors in ascending order, so the calls made
/// most often pay the fewest comparisons (about 800 gas less than as `release` and `refund`).
/// @dev An application's escrow record is the EIP-712 quote that paid it. The contract keeps only
/// the quote's digest (one storage slot), and settlement calls pass the quote back in calldata,
/// packed ({EscrowRecord}). The `EscrowPaid` event carries every field, so an indexer can rebuild
/// each record from logs alone.
interface IVisaFeeEscrow {
    /// @notice Where an application's escrow stands.
    enum EscrowStatus {
        None,
        Open,
        Released,
        Refunded,
        Claimed
    }

    /// @notice A price quote for one application, signed by the quote signer (EIP-712).
    /// @param applicationId Opaque id of the application (nothing personal goes on chain).
    /// @param authorityId The authority that decides the application and is paid on release.
    /// @param token The stablecoin the fee is paid in.
    /// @param payer Who pays, and who is refunded.
    /// @param amount Everything the payer pays, in token minor units, platform fee included.
    /// @param platformFee The part of `amount` that goes to the treasury on release.
    /// @param decisionDeadline Unix time after which the authority can no longer be paid and the payer
    /// may claim the amount back.
    /// @param expiresAt Unix time from which the quote can no longer be paid (exclusive, like
    /// EIP-3009's `validBefore`).
    struct Quote {
        bytes32 applicationId;
        bytes32 authorityId;
        address token;
        address payer;
        uint256 amount;
        uint256 platformFee;
        uint64 decisionDeadline;
        uint64 expiresAt;
    }

    /// @notice An open escrow as settlement takes it back: the fields of the quote that paid it,
    /// packed into five words where the ABI would pad the quote's eight fields to eight (calldata is
    /// paid per byte, and most of a padded quote is zeros). `quoteDigest` of the unpacked quote must
    /// be the digest on record.
    /// @param applicationId As in the quote.
    /// @param authorityId As in the quote.
    /// @param tokenAndDecisionDeadline `token` in bits 0–159, `decisionDeadline` in bits 160–223;
    /// bits 224–255 zero (a record with any of them set stands for no quote that was paid).
    /// @param payerAndExpiresAt `payer` in bits 0–159, `expiresAt` in bits 160–223; bits 224–255 zero.
    /// @param amountAndPlatformFee `amount` in bits 128–255, `platformFee` in bits 0–127 (both are
    /// below 2^128: checked at payment).
    struct EscrowRecord {
        bytes32 applicationId;
        bytes32 authorityId;
        uint256 tokenAndDecisionDeadline;
        uint256 payerAndExpiresAt;
        uint256 amountAndPlatformFee;
    }

    /// @notice One application of `releaseEscrowMany`: its {EscrowRecord} without the authority and token
    /// that all of them share, and with the decision deadline in a word of its own.
    /// @param payerAndExpiresAt As in {EscrowRecord}.
    /// @param amountAndPlatformFee As in {EscrowRecord}.
    struct Settlement {
        bytes32 applicationId;
        uint256 payerAndExpiresAt;
        uint256 amountAndPlatformFee;
        uint64 decisionDeadline;
    }

    /// @notice A quote for many applications of one authority, paid in one token by one payer.
    /// @param batchId Opaque id of the batch. Application `i` of the batch has the id
    /// `batchItemId(batchId, i)`.
    /// @param fees The authority's fee for each application, in token minor units.
    /// @param platformFeeBps Platform fee per application in basis points of its fee (rounded down);
    /// the payer pays `fees[i] + fees[i] * platformFeeBps / 10_000` for application `i`.
    struct BatchQuote {
        bytes32 batchId;
        bytes32 authorityId;
        address token;
        address payer;
        uint256[] fees;
        uint16 platformFeeBps;
        uint64 decisionDeadline;
        uint64 expiresAt;
    }

    /// @notice The shared fields of a paid batch, passed back to settle its applications.
    struct BatchRecord {
        bytes32 batchId;
        bytes32 authorityId;
        address token;
        address payer;
        uint16 platformFeeBps;
        uint64 decisionDeadline;
    }

    /// @notice An ERC-2098 compact ECDSA signature (64 bytes: cheaper calldata than 65).
    /// @param r The signature's r.
    /// @param yParityAndS s, with the y parity in the top bit.
    struct CompactSignature {
        bytes32 r;
        bytes32 yParityAndS;
    }

    /// @notice A member authority.
    /// @param payout Receives the authority's fees on release.
    /// @param active Only active authorities can be paid new fees or receive releases.
    /// @param settler The authority's key that releases and refunds.
    struct Authority {
        address payout;
        bool active;
        address settler;
    }

    /// @notice An application's fee was paid into escrow. Its fields are the quote's, in the quote's
    /// order. Only the id is a topic: a topic costs 375 gas where a data word costs 256, and
    /// Entrada's indexer reads every log of the escrow rather than filtering by topic.
    event EscrowPaid(
        bytes32 indexed applicationId,
        bytes32 authorityId,
        address token,
        address payer,
        uint256 amount,
        uint256 platformFee,
        uint64 decisionDeadline,
        uint64 expiresAt
    );

    /// @notice A batch was paid into escrow; application `i` has id `batchItemId(batchId, i)`.
    event BatchPaid(
        bytes32 indexed batchId,
        bytes32 indexed authorityId,
        address indexed payer,
        address token,
        uint256[] fees,
        uint16 platformFeeBps,
        uint64 decisionDeadline,
        uint256 total
    );

    /// @notice An application's fee went to the payout address of its authority of record
    /// (`amount − platformFee` of its `EscrowPaid`, or its fee of `BatchPaid`), and the platform fee
    /// accrued to the treasury. Only the id: every amount is in the application's payment event,
    /// which a settlement can never change (the escrow settles exactly the record that was paid).
    /// The id is data, not a topic (as for every settlement event): 119 gas less.
    event EscrowReleased(bytes32 applicationId);

    /// @notice An application's full amount (`amount` of its `EscrowPaid`; fee plus platform fee of
    /// `BatchPaid`) went back to its payer because the authority rejected it.
    event EscrowRefunded(bytes32 applicationId);

    /// @notice An application's full amount went back to its payer after the decision deadline passed.
    event EscrowClaimed(bytes32 applicationId);

    /// @notice Governance registered or changed an authority.
    event AuthoritySet(bytes32 indexed authorityId, address payout, address settler, bool active);

    /// @notice Governance added a token to, or removed it from, the allow-list.
    event TokenAllowed(address indexed token, bool allowed);

    /// @notice Governance changed the treasury.
    event TreasurySet(address treasury);

    /// @notice Governance changed the quote signer.
    event QuoteSignerSet(address quoteSigner);

    /// @notice Governance changed the platform fee cap.
    event FeeCapSet(uint16 feeCapBps);

    /// @notice The guardian paused or resumed new payments. Settlement is never paused.
    event PausedSet(bool paused);

    /// @notice Accrued platform fees were paid to the treasury.
    event FeesWithdrawn(address indexed token, address indexed treasury, uint256 amount);

    /// @notice New payments are paused.
    error EscrowPaused();
    /// @notice The quote expired at `expiresAt`.
    error EscrowQuoteExpired(bytes32 applicationId, uint64 expiresAt);
    /// @notice The quote was signed by `signer`, who is not the quote signer.
    error EscrowInvalidQuoteSigner(address signer);
    /// @notice The quote names `payer` but `caller` tried to pay it.
    error EscrowWrongPayer(bytes32 applicationId, address payer, address caller);
    /// @notice The application (or batch) was paid before.
    error EscrowAlreadyPaid(bytes32 applicationId);
    /// @notice The application has no open escrow matching the given record.
    error EscrowNotOpen(bytes32 applicationId);
    /// @notice `caller` is not the settler of `authorityId`.
    error EscrowUnauthorizedSettler(bytes32 authorityId, address caller);
    /// @notice The authority is not registered or not active.
    error EscrowAuthorityInactive(bytes32 authorityId);
    /// @notice The token is not on the allow-list.
    error EscrowTokenNotAllowed(address token);
    /// @notice The amount is zero, the platform fee is larger than the amount, or a value does not fit.
    error EscrowInvalidAmount(uint256 amount, uint256 platformFee);
    /// @notice The platform fee is above the governance cap for this amount.
    error EscrowFeeAboveCap(uint256 platformFee, uint256 cap);
    /// @notice The decision deadline is not after the quote's expiry.
    error EscrowInvalidDeadline(uint64 decisionDeadline, uint64 expiresAt);
    /// @notice The decision deadline has not passed yet: the payer cannot claim.
    error EscrowDeadlineNotPassed(bytes32 applicationId, uint64 decisionDeadline);
    /// @notice The decision deadline has passed: the authority can no longer be paid.
    error EscrowDeadlinePassed(bytes32 applicationId, uint64 decisionDeadline);
    /// @notice The token moved `received` instead of `expected` (fee-on-transfer tokens are refused).
    error EscrowTransferMismatch(address token, uint256 expected, uint256 received);
    /// @notice The batch has no applications.
    error EscrowEmptyBatch();
    /// @notice `index` is not an application of the batch.
    error EscrowBatchIndexOutOfRange(bytes32 batchId, uint256 index);
    /// @notice `caller` is not the treasury.
    error EscrowNotTreasury(address caller);
    /// @notice An address parameter was zero.
    error EscrowZeroAddress();
    /// @notice More than four tokens were pinned at deployment.
    error EscrowTooManyPinnedTokens(uint256 count);
    /// @notice A token was pinned twice at deployment.
    error EscrowDuplicatePinnedToken(address token);
    /// @notice The fee cap is above 100 %.
    error EscrowInvalidFeeCap(uint16 feeCapBps);

    /// @notice Pays `quote` from the caller's allowance.
    /// @param quote The quote, whose payer must be the caller.
    /// @param signature The quote signer's EIP-712 signature of `quote`, in ERC-2098 compact form.
    function pay(Quote calldata quote, CompactSignature calldata signature) external;

    /// @notice Pays `quote` after setting the allowance with an EIP-2612 permit. A permit that was
    /// already used (for example front-run) is ignored, so the payment still goes through.
    function payWithPermit(
        Quote calldata quote,
        CompactSignature calldata signature,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice Pays `quote` with the payer's EIP-3009 `ReceiveWithAuthorization`; anyone (a relayer)
    /// may submit it, so the payer needs no gas. The authorization must be for `quote.amount` to this
    /// contract, valid from 0 until `quote.expiresAt`, with the quote's digest (`quoteDigest`) as nonce.
    function payWithAuthorization(Quote calldata quote, CompactSignature calldata signature, uint8 v, bytes32 r, bytes32 s)
        external;

    /// @notice Pays every application of a batch with one transfer from the caller, who must be its payer.
    function payBatch(BatchQuote calldata quote, CompactSignature calldata signature) external;

    /// @notice Pays the authority of record; the platform fee accrues to the treasury. Settler only,
    /// before the decision deadline, while the authority is active.
    /// @param record The open escrow, packed from the quote that paid it.
    function releaseEscrowByAuthority(EscrowRecord calldata record) external;

    /// @notice Releases many applications of one authority and token with one transfer.
    function releaseEscrowMany(bytes32 authorityId, address token, Settlement[] calldata settlements) external;

    /// @notice Returns the full amount to the payer (the authority rejected). Settler only.
    /// @param record The open escrow, packed from the quote that paid it.
    function refundPaymentFee(EscrowRecord calldata record) external;

    /// @notice Returns the full amount to the payer once the decision deadline has passed. Anyone may
    /// call it (a relayer can claim for a payer without gas); the funds only ever go to the payer.
    /// @param record The open escrow, packed from the quote that paid it.
    function claimExpired(EscrowRecord calldata record) external;

    /// @notice `releaseEscrowByAuthority` for applications `indexes` of a paid batch, with one transfer.
    function releaseBatch(BatchRecord calldata batch, uint256[] calldata indexes) external;

    /// @notice `refundPaymentFee` for applications `indexes` of a paid batch, with one transfer.
    function refundBatch(BatchRecord calldata batch, uint256[] calldata indexes) external;

    /// @notice `claimExpired` for applications `indexes` of a paid batch, with one transfer.
    function claimExpiredBatch(BatchRecord calldata batch, uint256[] calldata indexes) external;

    /// @notice Sends the platform fees accrued in `token` to the treasury. Treasury only.
    function withdrawFees(address token) external;

    /// @notice The EIP-712 digest of `quote`: what the quote signer signs, and the EIP-3009 nonce.
    function quoteDigest(Quote calldata quote) external view returns (bytes32);

    /// @notice The EIP-712 digest of a batch quote.
    function batchQuoteDigest(BatchQuote calldata quote) external view returns (bytes32);

    /// @notice The application id of application `index` of batch `batchId`.
    function batchItemId(bytes32 batchId, uint256 index) external pure returns (bytes32);

    /// @notice Where an application paid with a single quote stands.
    function escrowStatus(bytes32 applicationId) external view returns (EscrowStatus);

    /// @notice The digest of the quote that paid an open application, or zero.
    function escrowDigest(bytes32 applicationId) external view returns (bytes32);

    /// @notice Where application `index` of a batch stands, and its authority fee.
    function batchItem(bytes32 batchId, uint256 index) external view returns (EscrowStatus status, uint256 fee);

    /// @notice Whether the batch was paid, and the commitment to its shared fields.
    function batchCommitment(bytes32 batchId) external view returns (bytes32);

    /// @notice A registered authority.
    function authority(bytes32 authorityId) external view returns (Authority memory);

    /// @notice Whether `token` may be used for new payments.
    function isTokenAllowed(address token) external view returns (bool);

    /// @notice Platform fees accrued in `token` and not yet withdrawn.
    function feesAccrued(address token) external view returns (uint256);

    /// @notice The treasury that receives platform fees.
    function treasury() external view returns (address);

    /// @notice The address whose signature makes a quote payable.
    function quoteSigner() external view returns (address);

    /// @notice The cap on the platform fee, in basis points of the authority's fee.
    function feeCapBps() external view returns (uint16);

    /// @notice Whether new payments are paused.
    function paused() external view returns (bool);
}
