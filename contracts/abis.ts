/**
 * The contracts' ABIs without bytecode or any Node.js code: what a browser bundle imports
 * (`@entrada/contracts/abis`).
 */
export { DevUSDCAbi } from "./generated/DevUSDC.ts";
export { DevUSDTAbi } from "./generated/DevUSDT.ts";
export { VisaFeeEscrowAbi } from "./generated/VisaFeeEscrow.ts";
