import { createContext, useContext } from "react";
import type { ClientConfig } from "./types.ts";

/** The deployment as the server describes it (`GET /client-config`), loaded once before the app renders. */
export const ClientConfigContext = createContext<ClientConfig | null>(null);

/** The deployment: chain, escrow, tokens and which development features are on. */
export function useClientConfig(): ClientConfig {
  const config = useContext(ClientConfigContext);
  if (!config) throw new Error("useClientConfig outside <ClientConfigContext.Provider>");
  return config;
}
