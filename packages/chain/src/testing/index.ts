// Test helpers of @entrada/chain, for this package's tests and for the server's: stand-ins of the
// outside services the chain package talks to. Not for production code.

export { type StandInSigner, type StartStandInSignerParameters, startStandInSigner } from "./startStandInSigner.ts";
