// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";

/// @title DevPriceFeed
/// @notice A Chainlink-compatible price feed for development chains whose owner sets the answer.
/// Production reads Chainlink's own feeds through the same interface.
contract DevPriceFeed is AggregatorV3Interface, Ownable {
    struct Round {
        int256 answer;
        uint64 updatedAt;
    }

    /// @notice A round does not exist.
    error FeedRoundNotFound(uint80 roundId);
    /// @notice An answer must be positive.
    error FeedInvalidAnswer(int256 answer);
    /// @notice An update time must be after 0 and fit in 64 bits (0 means "no such round").
    error FeedInvalidUpdateTime(uint256 updatedAt);

    /// @notice The owner posted a new answer (Chainlink's event name and shape).
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    uint8 private immutable _decimals;
    string private _description;
    uint80 private _latestRound;
    mapping(uint80 roundId => Round) private _rounds;

    /// @param owner_ May post answers.
    /// @param decimals_ Decimals of the answer (Chainlink uses 8 for USD pairs).
    /// @param description_ For example "GBP / USD".
    /// @param initialAnswer The first answer.
    constructor(address owner_, uint8 decimals_, string memory description_, int256 initialAnswer) Ownable(owner_) {
        _decimals = decimals_;
        _description = description_;
        _post(initialAnswer, block.timestamp);
    }

    /// @notice Posts a new answer, updated now.
    function updateAnswer(int256 answer) external onlyOwner {
        _post(answer, block.timestamp);
    }

    /// @notice Posts a new answer with a chosen update time (to rehearse stale feeds).
    function updateAnswerAt(int256 answer, uint256 updatedAt) external onlyOwner {
        _post(answer, updatedAt);
    }

    /// @inheritdoc AggregatorV3Interface
    function decimals() external view returns (uint8) {
        return _decimals;
    }

    /// @inheritdoc AggregatorV3Interface
    function description() external view returns (string memory) {
        return _description;
    }

    /// @inheritdoc AggregatorV3Interface
    function version() external pure returns (uint256) {
        return 1;
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80 roundId) external view returns (uint80, int256, uint256, uint256, uint80) {
        Round memory round = _rounds[roundId];
        if (round.updatedAt == 0) revert FeedRoundNotFound(roundId);
        return (roundId, round.answer, round.updatedAt, round.updatedAt, roundId);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        uint80 roundId = _latestRound;
        Round memory round = _rounds[roundId];
        return (roundId, round.answer, round.updatedAt, round.updatedAt, roundId);
    }

    function _post(int256 answer, uint256 updatedAt) private {
        if (answer <= 0) revert FeedInvalidAnswer(answer);
        if (updatedAt == 0 || updatedAt > type(uint64).max) revert FeedInvalidUpdateTime(updatedAt);
        uint80 roundId = ++_latestRound;
        // Fits: checked above.
        _rounds[roundId] = Round({answer: answer, updatedAt: uint64(updatedAt)});
        emit AnswerUpdated(answer, roundId, updatedAt);
    }
}
