import { DevUSDC, DevUSDT, VisaFeeEscrow } from "@entrada/contracts";

/**
 * Every custom error a call to the escrow can revert with, the tokens' included (an EIP-3009
 * authorization already used reverts in the token): what the relayer decodes reverts with by default.
 * `Error(string)` and `Panic(uint256)` need no ABI.
 *
 * @example
 * decodeErrorResult({ abi: escrowErrorAbi, data }) // { errorName: "EscrowAlreadyPaid", args: ["0x…"] }
 */
export const escrowErrorAbi = [
  ...VisaFeeEscrow.abi.filter((item) => item.type === "error"),
  ...DevUSDC.abi.filter((item) => item.type === "error"),
  ...DevUSDT.abi.filter((item) => item.type === "error"),
] as const;
