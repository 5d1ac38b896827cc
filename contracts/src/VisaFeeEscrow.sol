// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IERC3009} from "./interfaces/IERC3009.sol";
import {IVisaFeeEscrow} from "./interfaces/IVisaFeeEscrow.sol";

/// @title VisaFeeEscrow
/// @notice Escrow for e-visa fees. See {IVisaFeeEscrow}.
/// @dev Gas design. A single application costs one storage slot: the digest of the quote that paid
/// it, replaced by a status code when it settles (so it can never be paid again). A batch costs one
/// slot for its shared fields plus one slot per four applications: each application's fee and
/// status packed into 64 bits. Settlement takes the record back as calldata, packed into five words
/// ({EscrowRecord}), and checks it against the stored digest. Beyond the token transfer, a payment
/// reads two cold slots (the config and the authority's settler-and-flag slot) and writes the
/// record; a refund reads the settler's slot and the record; a release also reads the payout slot,
/// whose spare bits keep the authority's platform fees in the first pinned token (USDC), so the fee
/// costs no further cold slot. Settlement events carry the application id alone. A payment in the
/// first pinned token (the chain's USDC) is taken as exact, without the balance check that refuses
/// fee-on-transfer tokens: two calls to the token's proxy, about 2,900 gas (see {_pull}).
///
/// Roles. `DEFAULT_ADMIN_ROLE` (meant to be the governance timelock) registers authorities and
/// tokens and sets the treasury, quote signer and fee cap. `GUARDIAN_ROLE` pauses new payments;
/// settlement is never paused, so escrowed funds can always reach the authority or the payer. No
/// role can move escrowed funds anywhere else; the admin can rotate an authority's keys (and so
/// redirect its future releases), which is why the admin must be the governance timelock.
contract VisaFeeEscrow is IVisaFeeEscrow, AccessControl, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice May pause and resume new payments.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    bytes32 private constant _QUOTE_TYPEHASH = keccak256(
        // solhint-disable-next-line max-line-length
        "Quote(bytes32 applicationId,bytes32 authorityId,address token,address payer,uint256 amount,uint256 platformFee,uint64 decisionDeadline,uint64 expiresAt)"
    );
    bytes32 private constant _BATCH_QUOTE_TYPEHASH = keccak256(
        // solhint-disable-next-line max-line-length
        "BatchQuote(bytes32 batchId,bytes32 authorityId,address token,address payer,uint256[] fees,uint16 platformFeeBps,uint64 decisionDeadline,uint64 expiresAt)"
    );

    uint256 private constant _BPS = 10_000;
    /// @dev Batch item layout: status in bits 56..63, fee in bits 0..55.
    uint256 private constant _ITEM_BITS = 64;
    uint256 private constant _ITEM_MASK = type(uint64).max;
    uint256 private constant _FEE_MASK = type(uint56).max;
    uint256 private constant _STATUS_SHIFT = 56;

    /// @dev How many tokens can be pinned at deployment (see the constructor).
    uint256 private constant _MAX_PINNED_TOKENS = 4;

    /// @dev Bit offsets of the {Config} fields in its slot (after the 160-bit quote signer).
    uint256 private constant _FEE_CAP_SHIFT = 160;
    uint256 private constant _PAUSED_SHIFT = 176;
    uint256 private constant _PINNED_ALLOWED_SHIFT = 184;

    /// @dev Half the secp256k1 curve order: the largest `s` that EIP-2 allows.
    uint256 private constant _SECP256K1_HALF_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// @dev Read together on every payment, so packed in one slot. `pinnedAllowed` has bit `i` set
    /// while pinned token `i` is on the allow-list.
    struct Config {
        address quoteSigner;
        uint16 feeCapBps;
        bool paused;
        uint8 pinnedAllowed;
    }

    /// @dev Tokens pinned at deployment (the chain's USDC and USDT): their allow-list flags live in
    /// the config slot that every payment reads anyway, which saves a storage read per payment.
    /// Other tokens use the `_allowedTokens` mapping. Each token's flag lives in exactly one place.
    address private immutable _pinned0;
    address private immutable _pinned1;
    address private immutable _pinned2;
    address private immutable _pinned3;

    /// @dev An authority as stored: the settler and the active flag share a slot, since refunds read
    /// only the settler, payments only the flag, and releases both (then the payout, in a slot of
    /// its own). The public {Authority} keeps its field order.
    struct AuthorityRecord {
        address settler;
        bool active;
        address payout;
        uint96 fees;
    }

    Config private _config;
    address private _treasury;
    mapping(bytes32 authorityId => AuthorityRecord) private _authorities;
    mapping(address token => bool) private _allowedTokens;
    /// @dev Every authority ever registered, for {withdrawFees} of the first pinned token.
    bytes32[] private _authorityIds;
    /// @dev Platform fees accrued per token (for the first pinned token, only what did not fit in an
    /// authority's payout slot: see {_accrueFee}), plus one from the moment the token is first allowed: a
    /// counter never goes back to zero (a withdrawal leaves the one), so the first release after a
    /// withdrawal updates a non-zero slot (2,900 gas) instead of re-creating it (20,000).
    mapping(address token => uint256) private _feeCounters;
    /// @dev The quote digest while open; `uint256(EscrowStatus)` once settled.
    mapping(bytes32 applicationId => bytes32) private _escrows;
    /// @dev keccak256 of the batch's {BatchRecord}; zero until paid.
    mapping(bytes32 batchId => bytes32) private _batches;
    /// @dev Four applications per slot: application `i` is in slot `i / 4`, bits `(i % 4) * 64`.
    mapping(bytes32 batchId => mapping(uint256 slot => uint256)) private _batchItems;

    /// @param admin Receives `DEFAULT_ADMIN_ROLE` (hand it to the timelock with grant + renounce).
    /// @param guardian Receives `GUARDIAN_ROLE`.
    /// @param initialQuoteSigner Signs quotes.
    /// @param initialTreasury Receives platform fees.
    /// @param initialFeeCapBps Cap on the platform fee in basis points of the authority's fee.
    /// @param pinnedTokens Up to four tokens (the chain's stablecoins), allow-listed from the start
    /// and cheaper to pay with. Governance can remove and re-add them like any other token. The
    /// first must move exactly the amount asked (no fee on transfer, no rebasing): the chain's USDC,
    /// whose payments are not measured (see {_pull}).
    constructor(
        address admin,
        address guardian,
        address initialQuoteSigner,
        address initialTreasury,
        uint16 initialFeeCapBps,
        address[] memory pinnedTokens
    ) EIP712("Entrada VisaFeeEscrow", "1") {
        if (admin == address(0) || guardian == address(0)) revert EscrowZeroAddress();
        uint256 count = pinnedTokens.length;
        if (count > _MAX_PINNED_TOKENS) revert EscrowTooManyPinnedTokens(count);
        address[_MAX_PINNED_TOKENS] memory pinned;
        for (uint256 i; i < count; ++i) {
            if (pinnedTokens[i] == address(0)) revert EscrowZeroAddress();
            for (uint256 j; j < i; ++j) {
                if (pinned[j] == pinnedTokens[i]) revert EscrowDuplicatePinnedToken(pinnedTokens[i]);
            }
            pinned[i] = pinnedTokens[i];
            _feeCounters[pinnedTokens[i]] = 1;
            emit TokenAllowed(pinnedTokens[i], true);
        }
        (_pinned0, _pinned1, _pinned2, _pinned3) = (pinned[0], pinned[1], pinned[2], pinned[3]);
        _config.pinnedAllowed = uint8((1 << count) - 1);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GUARDIAN_ROLE, guardian);
        _setQuoteSigner(initialQuoteSigner);
        _setTreasury(initialTreasury);
        _setFeeCap(initialFeeCapBps);
    }

    // ---------------------------------------------------------------- payments

    /// @inheritdoc IVisaFeeEscrow
    function pay(Quote calldata quote, CompactSignature calldata signature) external nonReentrant {
        (, address token, address payer, uint256 amount) = _open(quote, signature, true);
        _pull(token, payer, amount);
        _emitPaid(quote);
    }

    /// @inheritdoc IVisaFeeEscrow
    function payWithPermit(
        Quote calldata quote,
        CompactSignature calldata signature,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        (, address token, address payer, uint256 amount) = _open(quote, signature, true);
        // A permit that someone submitted first (front-running) reverts here; the allowance it set
        // is still there, so the payment goes on. Without an allowance, the pull below reverts.
        try IERC20Permit(token).permit(payer, address(this), amount, permitDeadline, v, r, s) {} catch {}
        _pull(token, payer, amount);
        _emitPaid(quote);
    }

    /// @inheritdoc IVisaFeeEscrow
    function payWithAuthorization(Quote calldata quote, CompactSignature calldata signature, uint8 v, bytes32 r, bytes32 s)
        external
        nonReentrant
    {
        (bytes32 digest, address token, address payer, uint256 amount) = _open(quote, signature, false);
        bool measured = token != _pinned0;
        uint256 balanceBefore = measured ? _selfBalance(token) : 0;
        // receiveWithAuthorization (not transferWithAuthorization): the token only accepts it from
        // the payee, so nobody can front-run the signature straight to the token. The nonce is the
        // quote digest, so one authorization pays exactly one quote.
        _receiveWithAuthorization(token, payer, amount, quote.expiresAt, digest, v, r, s);
        if (measured) _checkReceived(token, balanceBefore, amount);
        _emitPaid(quote);
    }

    /// @inheritdoc IVisaFeeEscrow
    function payBatch(BatchQuote calldata quote, CompactSignature calldata signature) external nonReentrant {
        _checkPayer(quote.batchId, quote.payer);
        (address quoteSigner_, uint256 feeCap) = _checkNewPayment(
            quote.batchId, quote.authorityId, quote.token, quote.decisionDeadline, quote.expiresAt
        );
        if (quote.fees.length == 0) revert EscrowEmptyBatch();
        if (quote.platformFeeBps > feeCap) revert EscrowFeeAboveCap(quote.platformFeeBps, feeCap);
        if (_batches[quote.batchId] != 0) revert EscrowAlreadyPaid(quote.batchId);
        _checkSigner(_batchQuoteDigest(quote), signature, quoteSigner_);

        _batches[quote.batchId] = keccak256(
            abi.encode(
                quote.batchId, quote.authorityId, quote.token, quote.payer, quote.platformFeeBps, quote.decisionDeadline
            )
        );
        uint256 total = _storeBatchItems(quote.batchId, quote.fees, quote.platformFeeBps);
        _pull(quote.token, quote.payer, total);
        emit BatchPaid(
            quote.batchId,
            quote.authorityId,
            quote.payer,
            quote.token,
            quote.fees,
            quote.platformFeeBps,
            quote.decisionDeadline,
            total
        );
    }

    // ---------------------------------------------------------------- settlement

    /// @inheritdoc IVisaFeeEscrow
    function releaseEscrowByAuthority(EscrowRecord calldata record) external nonReentrant {
        bytes32 applicationId = record.applicationId;
        (address token, uint64 decisionDeadline) = _unpackAddressAndTime(record.tokenAndDecisionDeadline);
        (bytes32 payoutSlot, uint256 payoutWord) = _checkReleasable(record.authorityId);
        _checkBeforeDeadline(applicationId, decisionDeadline);
        _close(applicationId, _recordDigest(record), EscrowStatus.Released);
        (uint256 amount, uint256 platformFee) = _unpackAmounts(record.amountAndPlatformFee);
        uint256 paid;
        // The record hashes to the digest of a paid quote, whose amount > platformFee was checked at
        // payment: no underflow.
        unchecked {
            paid = amount - platformFee;
        }
        if (platformFee != 0) _accrueFee(payoutSlot, payoutWord, token, platformFee);
        address payout = address(uint160(payoutWord));
        IERC20(token).safeTransfer(payout, paid);
        emit EscrowReleased(applicationId);
    }

    /// @inheritdoc IVisaFeeEscrow
    function releaseEscrowMany(bytes32 authorityId, address token, Settlement[] calldata settlements)
        external
        nonReentrant
    {
        (bytes32 payoutSlot, uint256 payoutWord) = _checkReleasable(authorityId);
        if (settlements.length == 0) revert EscrowEmptyBatch();
        bytes32 domainSeparator = _domainSeparatorV4();
        uint256 totalPayout;
        uint256 totalFee;
        for (uint256 i; i < settlements.length; ++i) {
            Settlement calldata s = settlements[i];
            bytes32 applicationId = s.applicationId;
            _checkBeforeDeadline(applicationId, s.decisionDeadline);
            _close(applicationId, _settlementDigest(s, authorityId, token, domainSeparator), EscrowStatus.Released);
            (uint256 amount, uint256 platformFee) = _unpackAmounts(s.amountAndPlatformFee);
            uint256 paid = amount - platformFee;
            // Each amount is below 2^128 (checked at payment), so the sums cannot overflow.
            unchecked {
                totalPayout += paid;
                totalFee += platformFee;
            }
            emit EscrowReleased(applicationId);
        }
        if (totalFee != 0) _accrueFee(payoutSlot, payoutWord, token, totalFee);
        IERC20(token).safeTransfer(address(uint160(payoutWord)), totalPayout);
    }

    /// @inheritdoc IVisaFeeEscrow
    function refundPaymentFee(EscrowRecord calldata record) external nonReentrant {
        _checkSettler(record.authorityId);
        _returnToPayer(record, EscrowStatus.Refunded);
    }

    /// @inheritdoc IVisaFeeEscrow
    function claimExpired(EscrowRecord calldata record) external nonReentrant {
        (, uint64 decisionDeadline) = _unpackAddressAndTime(record.tokenAndDecisionDeadline);
        _checkAfterDeadline(record.applicationId, decisionDeadline);
        _returnToPayer(record, EscrowStatus.Claimed);
    }

    /// @inheritdoc IVisaFeeEscrow
    function releaseBatch(BatchRecord calldata batch, uint256[] calldata indexes) external nonReentrant {
        (bytes32 payoutSlot, uint256 payoutWord) = _checkReleasable(batch.authorityId);
        _checkBeforeDeadline(batch.batchId, batch.decisionDeadline);
        (uint256 fees, uint256 platformFees) = _settleBatch(batch, indexes, EscrowStatus.Released);
        if (platformFees != 0) _accrueFee(payoutSlot, payoutWord, batch.token, platformFees);
        IERC20(batch.token).safeTransfer(address(uint160(payoutWord)), fees);
    }

    /// @inheritdoc IVisaFeeEscrow
    function refundBatch(BatchRecord calldata batch, uint256[] calldata indexes) external nonReentrant {
        _checkSettler(batch.authorityId);
        (uint256 fees, uint256 platformFees) = _settleBatch(batch, indexes, EscrowStatus.Refunded);
        IERC20(batch.token).safeTransfer(batch.payer, fees + platformFees);
    }

    /// @inheritdoc IVisaFeeEscrow
    function claimExpiredBatch(BatchRecord calldata batch, uint256[] calldata indexes) external nonReentrant {
        _checkAfterDeadline(batch.batchId, batch.decisionDeadline);
        (uint256 fees, uint256 platformFees) = _settleBatch(batch, indexes, EscrowStatus.Claimed);
        IERC20(batch.token).safeTransfer(batch.payer, fees + platformFees);
    }

    /// @inheritdoc IVisaFeeEscrow
    function withdrawFees(address token) external nonReentrant {
        address to = _treasury;
        if (msg.sender != to) revert EscrowNotTreasury(msg.sender);
        uint256 counter = _feeCounters[token];
        uint256 amount;
        if (counter > 1) {
            amount = counter - 1;
            _feeCounters[token] = 1;
        }
        if (_accruesPerAuthority(token)) {
            uint256 count = _authorityIds.length;
            for (uint256 i; i < count; ++i) {
                AuthorityRecord storage stored = _authorities[_authorityIds[i]];
                uint256 fees = stored.fees;
                if (fees != 0) {
                    amount += fees;
                    stored.fees = 0;
                }
            }
        }
        IERC20(token).safeTransfer(to, amount);
        emit FeesWithdrawn(token, to, amount);
    }

    // ---------------------------------------------------------------- governance

    /// @notice Registers an authority or changes it. A deactivated authority receives no new
    /// payments and no releases; its open escrows can still be refunded or claimed.
    function setAuthority(bytes32 authorityId, address payout, address settler, bool active)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        if (payout == address(0) || settler == address(0)) revert EscrowZeroAddress();
        AuthorityRecord storage stored = _authorities[authorityId];
        // Every registered authority has a settler: a zero one means a new authority. Its accrued
        // fees stay through any later change (key rotation keeps what the treasury is owed).
        if (stored.settler == address(0)) _authorityIds.push(authorityId);
        (stored.settler, stored.active, stored.payout) = (settler, active, payout);
        emit AuthoritySet(authorityId, payout, settler, active);
    }

    /// @notice Adds a token to the allow-list or removes it. Removal stops new payments only; open
    /// escrows in the token still settle.
    function setTokenAllowed(address token, bool allowed) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (token == address(0)) revert EscrowZeroAddress();
        uint256 index = _pinnedIndex(token);
        if (index < _MAX_PINNED_TOKENS) {
            uint8 bit = uint8(1 << index);
            _config.pinnedAllowed = allowed ? _config.pinnedAllowed | bit : _config.pinnedAllowed & ~bit;
        } else {
            _allowedTokens[token] = allowed;
        }
        if (allowed && _feeCounters[token] == 0) _feeCounters[token] = 1;
        emit TokenAllowed(token, allowed);
    }

    /// @notice Changes the treasury that receives platform fees.
    function setTreasury(address newTreasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTreasury(newTreasury);
    }

    /// @notice Rotates the quote signer. Quotes signed by the previous signer can no longer be paid.
    function setQuoteSigner(address newQuoteSigner) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setQuoteSigner(newQuoteSigner);
    }

    /// @notice Changes the cap on the platform fee, in basis points of the authority's fee.
    function setFeeCap(uint16 newFeeCapBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setFeeCap(newFeeCapBps);
    }

    /// @notice Pauses or resumes new payments. Settlement is never paused.
    function setPaused(bool isPaused) external onlyRole(GUARDIAN_ROLE) {
        _config.paused = isPaused;
        emit PausedSet(isPaused);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IVisaFeeEscrow
    function quoteDigest(Quote calldata quote) external view returns (bytes32) {
        return _quoteDigest(quote);
    }

    /// @inheritdoc IVisaFeeEscrow
    function batchQuoteDigest(BatchQuote calldata quote) external view returns (bytes32) {
        return _batchQuoteDigest(quote);
    }

    /// @inheritdoc IVisaFeeEscrow
    function batchItemId(bytes32 batchId, uint256 index) public pure returns (bytes32) {
        return keccak256(abi.encode(batchId, index));
    }

    /// @inheritdoc IVisaFeeEscrow
    function escrowStatus(bytes32 applicationId) external view returns (EscrowStatus) {
        uint256 stored = uint256(_escrows[applicationId]);
        if (stored == 0) return EscrowStatus.None;
        if (stored <= uint256(type(EscrowStatus).max)) return EscrowStatus(stored);
        return EscrowStatus.Open;
    }

    /// @inheritdoc IVisaFeeEscrow
    function escrowDigest(bytes32 applicationId) external view returns (bytes32) {
        bytes32 stored = _escrows[applicationId];
        return uint256(stored) <= uint256(type(EscrowStatus).max) ? bytes32(0) : stored;
    }

    /// @inheritdoc IVisaFeeEscrow
    function batchItem(bytes32 batchId, uint256 index) external view returns (EscrowStatus status, uint256 fee) {
        uint256 item = (_batchItems[batchId][index >> 2] >> ((index & 3) * _ITEM_BITS)) & _ITEM_MASK;
        return (EscrowStatus(item >> _STATUS_SHIFT), item & _FEE_MASK);
    }

    /// @inheritdoc IVisaFeeEscrow
    function batchCommitment(bytes32 batchId) external view returns (bytes32) {
        return _batches[batchId];
    }

    /// @inheritdoc IVisaFeeEscrow
    function authority(bytes32 authorityId) external view returns (Authority memory) {
        AuthorityRecord storage stored = _authorities[authorityId];
        return Authority({payout: stored.payout, active: stored.active, settler: stored.settler});
    }

    /// @inheritdoc IVisaFeeEscrow
    function isTokenAllowed(address token) external view returns (bool) {
        return _isTokenAllowed(token, _config.pinnedAllowed);
    }

    /// @inheritdoc IVisaFeeEscrow
    function feesAccrued(address token) external view returns (uint256) {
        uint256 counter = _feeCounters[token];
        uint256 amount = counter == 0 ? 0 : counter - 1;
        if (_accruesPerAuthority(token)) {
            for (uint256 i; i < _authorityIds.length; ++i) {
                amount += _authorities[_authorityIds[i]].fees;
            }
        }
        return amount;
    }

    /// @inheritdoc IVisaFeeEscrow
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @inheritdoc IVisaFeeEscrow
    function quoteSigner() external view returns (address) {
        return _config.quoteSigner;
    }

    /// @inheritdoc IVisaFeeEscrow
    function feeCapBps() external view returns (uint16) {
        return _config.feeCapBps;
    }

    /// @inheritdoc IVisaFeeEscrow
    function paused() external view returns (bool) {
        return _config.paused;
    }

    // ---------------------------------------------------------------- internals

    function _checkPayer(bytes32 id, address payer) private view {
        if (payer != msg.sender) revert EscrowWrongPayer(id, payer, msg.sender);
    }

    /// @dev Checks shared by every new payment; returns the config so callers read it once. A quote
    /// is payable while `block.timestamp < expiresAt` (exclusive, like EIP-3009's `validBefore`, so
    /// every pay path agrees on the last second).
    function _checkNewPayment(
        bytes32 id,
        bytes32 authorityId,
        address token,
        uint64 decisionDeadline,
        uint64 expiresAt
    ) private view returns (address signer, uint256 feeCap) {
        // The config's one slot, read once and unpacked by hand: the struct copy Solidity would
        // make goes through memory.
        uint256 config;
        assembly ("memory-safe") {
            config := sload(_config.slot)
        }
        signer = address(uint160(config));
        feeCap = uint16(config >> _FEE_CAP_SHIFT);
        if (uint8(config >> _PAUSED_SHIFT) != 0) revert EscrowPaused();
        if (block.timestamp >= expiresAt) revert EscrowQuoteExpired(id, expiresAt);
        if (decisionDeadline <= expiresAt) revert EscrowInvalidDeadline(decisionDeadline, expiresAt);
        if (!_isTokenAllowed(token, uint8(config >> _PINNED_ALLOWED_SHIFT))) revert EscrowTokenNotAllowed(token);
        if (!_authorities[authorityId].active) revert EscrowAuthorityInactive(authorityId);
    }

    function _isTokenAllowed(address token, uint8 pinnedAllowed) private view returns (bool) {
        uint256 index = _pinnedIndex(token);
        if (index < _MAX_PINNED_TOKENS) return pinnedAllowed & (1 << index) != 0;
        return _allowedTokens[token];
    }

    /// @dev The index of a pinned token, or `_MAX_PINNED_TOKENS` for any other token.
    function _pinnedIndex(address token) private view returns (uint256) {
        if (token == _pinned0) return 0;
        if (token == _pinned1) return 1;
        if (token == _pinned2) return 2;
        if (token == _pinned3) return 3;
        return _MAX_PINNED_TOKENS;
    }

    /// @dev Validates a single quote and records it as paid (before any token is pulled); returns
    /// its digest and the fields the payment needs, each read from calldata once. `payerMustCall`
    /// is false for EIP-3009 payments, which anyone may relay.
    function _open(Quote calldata quote, CompactSignature calldata signature, bool payerMustCall)
        private
        returns (bytes32 digest, address token, address payer, uint256 amount)
    {
        bytes32 applicationId = quote.applicationId;
        payer = quote.payer;
        if (payerMustCall && payer != msg.sender) revert EscrowWrongPayer(applicationId, payer, msg.sender);
        token = quote.token;
        (address signer, uint256 feeCap) =
            _checkNewPayment(applicationId, quote.authorityId, token, quote.decisionDeadline, quote.expiresAt);
        amount = quote.amount;
        uint256 platformFee = quote.platformFee;
        if (amount == 0 || amount > type(uint128).max || platformFee >= amount) {
            revert EscrowInvalidAmount(amount, platformFee);
        }
        // Both below 2^128 (checked above), so neither product overflows.
        unchecked {
            if (platformFee * _BPS > (amount - platformFee) * feeCap) {
                revert EscrowFeeAboveCap(platformFee, ((amount - platformFee) * feeCap) / _BPS);
            }
        }
        bytes32 slot = _escrowSlot(applicationId);
        bytes32 stored;
        assembly ("memory-safe") {
            stored := sload(slot)
        }
        if (stored != 0) revert EscrowAlreadyPaid(applicationId);
        digest = _quoteDigest(quote);
        _checkSigner(digest, signature, signer);
        assembly ("memory-safe") {
            sstore(slot, digest)
        }
    }

    /// @dev OpenZeppelin's ECDSA checks (and errors) for an ERC-2098 signature, without its layers
    /// of internal calls on the hot path of every payment.
    function _checkSigner(bytes32 digest, CompactSignature calldata signature, address expected) private pure {
        bytes32 r = signature.r;
        bytes32 vs = signature.yParityAndS;
        bytes32 s = vs & bytes32(uint256(type(int256).max));
        // Non-malleable signatures only (EIP-2): s in the lower half of the curve order.
        if (uint256(s) > _SECP256K1_HALF_ORDER) revert ECDSA.ECDSAInvalidSignatureS(s);
        address signer = ecrecover(digest, uint8(uint256(vs >> 255)) + 27, r, s);
        if (signer == address(0)) revert ECDSA.ECDSAInvalidSignature();
        if (signer != expected) revert EscrowInvalidQuoteSigner(signer);
    }

    /// @dev Marks an open escrow settled; `digest` must be the one it was paid with.
    function _close(bytes32 applicationId, bytes32 digest, EscrowStatus outcome) private {
        bytes32 slot = _escrowSlot(applicationId);
        bytes32 stored;
        assembly ("memory-safe") {
            stored := sload(slot)
        }
        if (stored != digest) revert EscrowNotOpen(applicationId);
        assembly ("memory-safe") {
            sstore(slot, outcome)
        }
    }

    /// @dev The slot of `_escrows[applicationId]`, hashed once for the read and the write that every
    /// payment and settlement makes (Solidity would hash the key for each).
    function _escrowSlot(bytes32 applicationId) private pure returns (bytes32 slot) {
        assembly ("memory-safe") {
            mstore(0x00, applicationId)
            mstore(0x20, _escrows.slot)
            slot := keccak256(0x00, 0x40)
        }
    }

    /// @dev Records each application of a new batch as open with its fee; returns what the payer owes.
    function _storeBatchItems(bytes32 batchId, uint256[] calldata fees, uint16 platformFeeBps)
        private
        returns (uint256 total)
    {
        mapping(uint256 => uint256) storage items = _batchItems[batchId];
        uint256 open = uint256(EscrowStatus.Open) << _STATUS_SHIFT;
        uint256 count = fees.length;
        uint256 word;
        for (uint256 i; i < count; ++i) {
            uint256 fee = fees[i];
            if (fee == 0 || fee > _FEE_MASK) revert EscrowInvalidAmount(fee, 0);
            // fee < 2^56 and platformFeeBps < 2^16, so neither the product nor the sum of at most
            // 2^64 such terms can overflow.
            unchecked {
                total += fee + (fee * platformFeeBps) / _BPS;
                word |= (open | fee) << ((i & 3) * _ITEM_BITS);
            }
            if (i & 3 == 3 || i + 1 == count) {
                items[i >> 2] = word;
                word = 0;
            }
        }
    }

    /// @dev Settles the given applications of a batch; returns the sum of their authority fees and
    /// of their platform fees. Emits one event per application.
    function _settleBatch(BatchRecord calldata batch, uint256[] calldata indexes, EscrowStatus outcome)
        private
        returns (uint256 fees, uint256 platformFees)
    {
        if (_batches[batch.batchId] != keccak256(abi.encode(batch))) revert EscrowNotOpen(batch.batchId);
        if (indexes.length == 0) revert EscrowEmptyBatch();
        mapping(uint256 => uint256) storage items = _batchItems[batch.batchId];
        for (uint256 i; i < indexes.length; ++i) {
            (bytes32 applicationId, uint256 fee) = _settleBatchItem(items, batch.batchId, indexes[i], outcome);
            // fee < 2^56 and platformFeeBps < 2^16: no overflow (see _storeBatchItems).
            uint256 platformFee;
            unchecked {
                platformFee = (fee * batch.platformFeeBps) / _BPS;
                fees += fee;
                platformFees += platformFee;
            }
            if (outcome == EscrowStatus.Released) emit EscrowReleased(applicationId);
            else if (outcome == EscrowStatus.Refunded) emit EscrowRefunded(applicationId);
            else emit EscrowClaimed(applicationId);
        }
    }

    /// @dev Moves one open application of a batch to `outcome`; returns its id and authority fee.
    function _settleBatchItem(
        mapping(uint256 => uint256) storage items,
        bytes32 batchId,
        uint256 index,
        EscrowStatus outcome
    ) private returns (bytes32 applicationId, uint256 fee) {
        uint256 shift = (index & 3) * _ITEM_BITS;
        uint256 word = items[index >> 2];
        uint256 item = (word >> shift) & _ITEM_MASK;
        EscrowStatus status = EscrowStatus(item >> _STATUS_SHIFT);
        if (status == EscrowStatus.None) revert EscrowBatchIndexOutOfRange(batchId, index);
        applicationId = batchItemId(batchId, index);
        if (status != EscrowStatus.Open) revert EscrowNotOpen(applicationId);
        fee = item & _FEE_MASK;
        uint256 settled = (uint256(outcome) << _STATUS_SHIFT) | fee;
        items[index >> 2] = (word & ~(_ITEM_MASK << shift)) | (settled << shift);
    }

    /// @dev Pulls `amount` of `token` from `from` and checks that exactly that much arrived, except
    /// for the first pinned token: the chain's USDC moves exactly the amount (FiatTokenV2_2 has no
    /// transfer fee), and measuring it costs two calls through its proxy, about 2,900 gas a payment.
    /// What the check guards against in USDC, an upgrade by its issuer, it could not stop anyway: an
    /// upgraded token could as well move the escrow's balance (docs/contracts.md, trust assumptions).
    function _pull(address token, address from, uint256 amount) private {
        if (token == _pinned0) {
            IERC20(token).safeTransferFrom(from, address(this), amount);
            return;
        }
        uint256 balanceBefore = _selfBalance(token);
        IERC20(token).safeTransferFrom(from, address(this), amount);
        _checkReceived(token, balanceBefore, amount);
    }

    /// @dev `IERC3009(token).receiveWithAuthorization(payer, this, amount, 0, validBefore, nonce, v, r, s)`,
    /// encoded by hand in scratch memory: the high-level call's encoder costs about 170 gas more on
    /// the path of every gasless payment. Like the high-level call, it refuses an address without
    /// code (whose call would succeed doing nothing) and passes the token's revert reason on.
    function _receiveWithAuthorization(
        address token,
        address payer,
        uint256 amount,
        uint64 validBefore,
        bytes32 nonce,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) private {
        bytes4 selector = IERC3009.receiveWithAuthorization.selector;
        assembly ("memory-safe") {
            if iszero(extcodesize(token)) { revert(0x00, 0x00) }
            let ptr := mload(0x40)
            mstore(ptr, selector)
            mstore(add(ptr, 0x04), payer)
            mstore(add(ptr, 0x24), address())
            mstore(add(ptr, 0x44), amount)
            mstore(add(ptr, 0x64), 0) // validAfter
            mstore(add(ptr, 0x84), validBefore)
            mstore(add(ptr, 0xa4), nonce)
            mstore(add(ptr, 0xc4), v)
            mstore(add(ptr, 0xe4), r)
            mstore(add(ptr, 0x104), s)
            if iszero(call(gas(), token, 0, ptr, 0x124, 0x00, 0x00)) {
                returndatacopy(ptr, 0x00, returndatasize())
                revert(ptr, returndatasize())
            }
        }
    }

    function _checkReceived(address token, uint256 balanceBefore, uint256 expected) private view {
        uint256 received = _selfBalance(token) - balanceBefore;
        if (received != expected) revert EscrowTransferMismatch(token, expected, received);
    }

    /// @dev `IERC20(token).balanceOf(address(this))` without the high-level call's overhead, on the
    /// hot path of every payment. A failing or empty answer reverts with the token's own reason.
    function _selfBalance(address token) private view returns (uint256 amount) {
        assembly ("memory-safe") {
            mstore(0x00, 0x70a08231) // balanceOf(address)
            mstore(0x20, address())
            // Yul evaluates arguments right to left: the call runs before returndatasize is read.
            if iszero(and(gt(returndatasize(), 0x1f), staticcall(gas(), token, 0x1c, 0x24, 0x00, 0x20))) {
                returndatacopy(0x00, 0x00, returndatasize())
                revert(0x00, returndatasize())
            }
            amount := mload(0x00)
        }
    }

    /// @dev Reads only the settler's slot: refunds need nothing else of the authority.
    function _checkSettler(bytes32 authorityId) private view {
        if (msg.sender != _authorities[authorityId].settler) revert EscrowUnauthorizedSettler(authorityId, msg.sender);
    }

    /// @dev Checks that the caller may release for an active authority. Returns the authority's
    /// payout slot and its word: the payout address in bits 0–159 and, above it, the platform fees
    /// accrued in the first pinned token (see {_accrueFee}). Each of the two slots is read once.
    function _checkReleasable(bytes32 authorityId) private view returns (bytes32 payoutSlot, uint256 payoutWord) {
        uint256 settlerWord;
        // The layout of {AuthorityRecord}: settler and active in the first slot, payout and fees in
        // the second.
        assembly ("memory-safe") {
            mstore(0x00, authorityId)
            mstore(0x20, _authorities.slot)
            let slot := keccak256(0x00, 0x40)
            settlerWord := sload(slot)
            payoutSlot := add(slot, 1)
            payoutWord := sload(payoutSlot)
        }
        if (msg.sender != address(uint160(settlerWord))) revert EscrowUnauthorizedSettler(authorityId, msg.sender);
        if (uint8(settlerWord >> 160) == 0) revert EscrowAuthorityInactive(authorityId);
    }

    /// @dev Whether `token`'s platform fees accrue in the authorities' payout slots: the first pinned
    /// token's do (the chain's USDC, most of the releases), every other token's in its fee counter.
    function _accruesPerAuthority(address token) private view returns (bool) {
        return token == _pinned0 && token != address(0);
    }

    /// @dev Adds a release's platform fee to what the treasury may withdraw. For the first pinned
    /// token it goes into the 96 spare bits of the authority's payout slot, which the release has
    /// just read (a warm slot: 2,100 gas less than the token's fee counter); what would not fit
    /// there goes to the token's counter, so no unit is ever dropped.
    function _accrueFee(bytes32 payoutSlot, uint256 payoutWord, address token, uint256 fee) private {
        if (token == _pinned0) {
            // Both terms are far below 2^255 (fees below 2^96, a release's fees a sum of amounts
            // below 2^128 each), so the sum cannot overflow.
            uint256 accrued;
            unchecked {
                accrued = (payoutWord >> 160) + fee;
            }
            if (accrued <= type(uint96).max) {
                assembly ("memory-safe") {
                    sstore(payoutSlot, or(and(payoutWord, 0xffffffffffffffffffffffffffffffffffffffff), shl(160, accrued)))
                }
                return;
            }
        }
        _feeCounters[token] += fee;
    }

    /// @dev Closes an open escrow with `outcome` (refunded or claimed) and sends its whole amount
    /// back to its payer.
    function _returnToPayer(EscrowRecord calldata record, EscrowStatus outcome) private {
        bytes32 applicationId = record.applicationId;
        _close(applicationId, _recordDigest(record), outcome);
        (address token,) = _unpackAddressAndTime(record.tokenAndDecisionDeadline);
        (address payer,) = _unpackAddressAndTime(record.payerAndExpiresAt);
        (uint256 amount,) = _unpackAmounts(record.amountAndPlatformFee);
        IERC20(token).safeTransfer(payer, amount);
        if (outcome == EscrowStatus.Refunded) emit EscrowRefunded(applicationId);
        else emit EscrowClaimed(applicationId);
    }

    /// @dev An address in bits 0–159 and a time in bits 160–223 of a packed record word. Spare top
    /// bits are dropped here but not in the digest, so a record with any set settles nothing.
    function _unpackAddressAndTime(uint256 word) private pure returns (address account, uint64 time) {
        return (address(uint160(word)), uint64(word >> 160));
    }

    /// @dev The amount in bits 128–255 and the platform fee in bits 0–127 of a packed record word.
    function _unpackAmounts(uint256 word) private pure returns (uint256 amount, uint256 platformFee) {
        return (word >> 128, uint128(word));
    }

    function _checkBeforeDeadline(bytes32 id, uint64 decisionDeadline) private view {
        if (block.timestamp > decisionDeadline) revert EscrowDeadlinePassed(id, decisionDeadline);
    }

    function _checkAfterDeadline(bytes32 id, uint64 decisionDeadline) private view {
        if (block.timestamp <= decisionDeadline) revert EscrowDeadlineNotPassed(id, decisionDeadline);
    }

    function _quoteDigest(Quote calldata quote) private view returns (bytes32) {
        bytes32 typehash = _QUOTE_TYPEHASH;
        bytes32 structHash;
        // hashStruct(quote) = keccak256(typehash ‖ the 8 static fields, ABI-encoded as in calldata).
        // Hashing raw calldata is safe: at payment every field is also read through Solidity, whose
        // decoder reverts on non-canonical values, so stored digests are always of canonical
        // encodings, and a non-canonical encoding at settlement hashes to something else.
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, typehash)
            calldatacopy(add(ptr, 0x20), quote, 0x100)
            structHash := keccak256(ptr, 0x120)
        }
        return _hashTypedDataV4(structHash);
    }

    /// @dev The digest of the quote that a packed {EscrowRecord} stands for. Each field is unpacked
    /// whole, and a word's spare top bits land in the time above it, so a record with any bit
    /// changed (spare bits included) stands for another quote and hashes to another digest: the
    /// one encoding of a paid quote is the only record that settles it.
    function _recordDigest(EscrowRecord calldata record) private view returns (bytes32) {
        bytes32 typehash = _QUOTE_TYPEHASH;
        bytes32 structHash;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            let tokenWord := calldataload(add(record, 0x40))
            let payerWord := calldataload(add(record, 0x60))
            let amounts := calldataload(add(record, 0x80))
            mstore(ptr, typehash)
            calldatacopy(add(ptr, 0x20), record, 0x40) // applicationId, authorityId
            mstore(add(ptr, 0x60), and(tokenWord, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(add(ptr, 0x80), and(payerWord, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(add(ptr, 0xa0), shr(128, amounts))
            mstore(add(ptr, 0xc0), and(amounts, 0xffffffffffffffffffffffffffffffff))
            mstore(add(ptr, 0xe0), shr(160, tokenWord)) // decisionDeadline
            mstore(add(ptr, 0x100), shr(160, payerWord)) // expiresAt
            structHash := keccak256(ptr, 0x120)
        }
        return _hashTypedDataV4(structHash);
    }

    /// @dev The digest of the quote that paid a `releaseEscrowMany` item: the item's fields with the shared
    /// authority and token put back in their places. Same argument as {_recordDigest}.
    function _settlementDigest(Settlement calldata s, bytes32 authorityId, address token, bytes32 domainSeparator)
        private
        pure
        returns (bytes32 digest)
    {
        bytes32 typehash = _QUOTE_TYPEHASH;
        bytes32 structHash;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            let payerWord := calldataload(add(s, 0x20))
            let amounts := calldataload(add(s, 0x40))
            mstore(ptr, typehash)
            mstore(add(ptr, 0x20), calldataload(s)) // applicationId
            mstore(add(ptr, 0x40), authorityId)
            mstore(add(ptr, 0x60), token)
            mstore(add(ptr, 0x80), and(payerWord, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(add(ptr, 0xa0), shr(128, amounts))
            mstore(add(ptr, 0xc0), and(amounts, 0xffffffffffffffffffffffffffffffff))
            mstore(add(ptr, 0xe0), calldataload(add(s, 0x60))) // decisionDeadline, checked by the decoder
            mstore(add(ptr, 0x100), shr(160, payerWord)) // expiresAt
            structHash := keccak256(ptr, 0x120)
        }
        // MessageHashUtils.toTypedDataHash, with the domain separator the caller read once for all
        // of its items.
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, hex"1901")
            mstore(add(ptr, 0x02), domainSeparator)
            mstore(add(ptr, 0x22), structHash)
            digest := keccak256(ptr, 0x42)
        }
    }

    function _batchQuoteDigest(BatchQuote calldata quote) private view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    _BATCH_QUOTE_TYPEHASH,
                    quote.batchId,
                    quote.authorityId,
                    quote.token,
                    quote.payer,
                    keccak256(abi.encodePacked(quote.fees)),
                    quote.platformFeeBps,
                    quote.decisionDeadline,
                    quote.expiresAt
                )
            )
        );
    }

    function _emitPaid(Quote calldata quote) private {
        bytes32 topic = EscrowPaid.selector;
        // emit EscrowPaid(applicationId, authorityId, token, payer, amount, platformFee,
        // decisionDeadline, expiresAt): the event's fields are the quote's, in its order, so the
        // already validated quote is copied from calldata in one piece.
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, add(quote, 0x20), 0xe0)
            log2(ptr, 0xe0, topic, calldataload(quote))
        }
    }

    function _setQuoteSigner(address newQuoteSigner) private {
        if (newQuoteSigner == address(0)) revert EscrowZeroAddress();
        _config.quoteSigner = newQuoteSigner;
        emit QuoteSignerSet(newQuoteSigner);
    }

    function _setTreasury(address newTreasury) private {
        if (newTreasury == address(0)) revert EscrowZeroAddress();
        _treasury = newTreasury;
        emit TreasurySet(newTreasury);
    }

    function _setFeeCap(uint16 newFeeCapBps) private {
        if (newFeeCapBps > _BPS) revert EscrowInvalidFeeCap(newFeeCapBps);
        _config.feeCapBps = newFeeCapBps;
        emit FeeCapSet(newFeeCapBps);
    }
}
