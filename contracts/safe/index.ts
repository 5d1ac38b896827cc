// Safe (Gnosis Safe) 1.4.1 on the local chain: the contracts a Safe account needs, deployed from Safe's
// published build. Public networks have Safe's canonical deployments; see docs/contracts.md, "Custody".

export {
  type DeploySafeSingletonsParameters,
  deploySafeSingletons,
  type SafeSingletons,
  safeAbi,
} from "./deploySafeSingletons.ts";
