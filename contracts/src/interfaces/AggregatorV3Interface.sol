// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Chainlink's price feed interface
/// @notice Declared here (same functions, same meaning) so that the dev feeds need no Chainlink package.
// solhint-disable-next-line interface-starts-with-i
interface AggregatorV3Interface {
    /// @notice Decimals of `answer`.
    function decimals() external view returns (uint8);

    /// @notice What the feed prices, for example "GBP / USD".
    function description() external view returns (string memory);

    /// @notice The feed's implementation version.
    function version() external view returns (uint256);

    /// @notice A past round.
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80 roundId_, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice The latest round.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
