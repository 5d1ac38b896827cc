// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title DevUSDT
/// @notice A USDT-like token for development chains. Like Tether's USDT on Ethereum: 6 decimals,
/// `transfer`, `transferFrom` and `approve` return nothing, and a non-zero allowance must be set to
/// zero before it can be changed to another non-zero value. Code that handles this token handles
/// the real one.
/// @dev Deliberately not ERC-20 compliant, so it does not inherit OpenZeppelin's ERC20.
contract DevUSDT is Ownable {
    /// @notice ERC-20 Transfer event.
    event Transfer(address indexed from, address indexed to, uint256 value);
    /// @notice ERC-20 Approval event.
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// @notice The sender's balance is too low.
    error UsdtInsufficientBalance(address sender, uint256 balance, uint256 needed);
    /// @notice The spender's allowance is too low.
    error UsdtInsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    /// @notice A non-zero allowance must be reset to zero first (USDT's approve race protection).
    error UsdtAllowanceNotZero(address spender, uint256 allowance);
    /// @notice Transfers to the zero address are refused.
    error UsdtInvalidReceiver(address receiver);

    // solhint-disable const-name-snakecase
    /// @notice Token name.
    string public constant name = "Tether USD";
    /// @notice Token symbol.
    string public constant symbol = "USDT";
    /// @notice USDT has 6 decimals.
    uint8 public constant decimals = 6;
    // solhint-enable const-name-snakecase

    /// @notice Tokens in existence.
    uint256 public totalSupply;
    /// @notice Balance of each account.
    mapping(address account => uint256) public balanceOf;
    /// @notice Allowance of each spender per owner.
    mapping(address owner => mapping(address spender => uint256)) public allowance;

    /// @param owner_ May mint (the development faucet).
    constructor(address owner_) Ownable(owner_) {}

    /// @notice Mints development tokens.
    function mint(address to, uint256 value) external onlyOwner {
        if (to == address(0)) revert UsdtInvalidReceiver(to);
        totalSupply += value;
        balanceOf[to] += value;
        emit Transfer(address(0), to, value);
    }

    /// @notice Moves `value` to `to`. Returns nothing, like USDT.
    function transfer(address to, uint256 value) external {
        _move(msg.sender, to, value);
    }

    /// @notice Moves `value` from `from` to `to` using the caller's allowance. Returns nothing.
    function transferFrom(address from, address to, uint256 value) external {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            if (allowed < value) revert UsdtInsufficientAllowance(msg.sender, allowed, value);
            unchecked {
                // allowed >= value, checked above.
                allowance[from][msg.sender] = allowed - value;
            }
        }
        _move(from, to, value);
    }

    /// @notice Sets the allowance of `spender`. Returns nothing; a non-zero allowance must first be
    /// set to zero.
    function approve(address spender, uint256 value) external {
        uint256 current = allowance[msg.sender][spender];
        if (value != 0 && current != 0) revert UsdtAllowanceNotZero(spender, current);
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
    }

    function _move(address from, address to, uint256 value) private {
        if (to == address(0)) revert UsdtInvalidReceiver(to);
        uint256 balance = balanceOf[from];
        if (balance < value) revert UsdtInsufficientBalance(from, balance, value);
        unchecked {
            // balance >= value, and the sum of balances is totalSupply, which cannot overflow.
            balanceOf[from] = balance - value;
            balanceOf[to] += value;
        }
        emit Transfer(from, to, value);
    }
}
