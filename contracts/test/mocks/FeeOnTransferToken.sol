// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice A token that burns 1 % of every transfer, which the escrow must refuse.
contract FeeOnTransferToken is ERC20 {
    constructor() ERC20("Fee on transfer", "FOT") {}

    function mint(address to, uint256 value) external {
        _mint(to, value);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) return super._update(from, to, value);
        uint256 burned = value / 100;
        super._update(from, address(0), burned);
        super._update(from, to, value - burned);
    }
}
