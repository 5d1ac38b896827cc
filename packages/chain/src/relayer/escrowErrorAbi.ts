import { DevUSDT, VisaFeeEscrow } from "@entrada/contracts";

/**
 * Every custom error a call to the escrow can revert with, the tokens' included: what the relayer
 * decodes reverts with by default. Circle's USDC reverts with reason strings (`Error(string)`, for
 * example "FiatTokenV2: authorization is used or canceled"), which, like `Panic(uint256)`, need no
 * ABI.
 *
 * @example
 * decodeErrorResult({ abi: escrowErrorAbi, data }) // { errorName: "EscrowAlreadyPaid", args: ["0x…"] }
 */
export const escrowErrorAbi = [
  ...VisaFeeEscrow.abi.filter((item) => item.type === "error"),
  ...DevUSDT.abi.filter((item) => item.type === "error"),
] as const;
