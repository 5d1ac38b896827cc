/**
 * The contracts' ABIs without bytecode or any Node.js code: what a browser bundle imports
 * (`@entrada/contracts/abis`).
 */
export { DevUSDTAbi } from "./generated/DevUSDT.ts";
export { FiatTokenV2_2Abi } from "./generated/FiatTokenV2_2.ts";
export { VisaFeeEscrowAbi } from "./generated/VisaFeeEscrow.ts";
