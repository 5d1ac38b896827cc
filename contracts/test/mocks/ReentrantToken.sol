// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice A malicious token that calls back into a target (the escrow) in the middle of every
/// transfer, to prove that the escrow cannot be re-entered. A failing call-back reverts the transfer
/// with the call-back's own error.
contract ReentrantToken is ERC20 {
    address private _target;
    bytes private _callback;

    constructor() ERC20("Reentrant", "RE") {}

    function mint(address to, uint256 value) external {
        _mint(to, value);
    }

    /// @notice Arms the attack: the next transfers call `target` with `callback`.
    function arm(address target, bytes calldata callback) external {
        _target = target;
        _callback = callback;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address target = _target;
        if (target != address(0)) {
            _target = address(0);
            (bool ok, bytes memory reason) = target.call(_callback);
            if (!ok) {
                assembly ("memory-safe") {
                    revert(add(reason, 32), mload(reason))
                }
            }
        }
    }
}
