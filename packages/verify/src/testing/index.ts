export { createTestAuthority, type TestAuthority, testSeal, testVisa } from "./sealFixtures.ts";
