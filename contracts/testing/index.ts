// Test support for the contracts, shared by contract tests, the gas benchmark and later packages.
export {
  type BatchQuote,
  type BatchRecord,
  createEscrowFixture,
  type EscrowFixture,
  escrowCallAbi,
  type FixtureAuthority,
  fixtureFeeBps,
  type Quote,
} from "./escrowFixture.ts";
export { type DecodedRevert, decodeRevert, expectRevert } from "./expectRevert.ts";
