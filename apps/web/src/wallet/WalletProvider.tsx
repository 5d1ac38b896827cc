import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { WagmiContext } from "wagmi";
import { useClientConfig } from "../api/ClientConfigContext.tsx";
import { ErrorNotice } from "../components/ErrorNotice.tsx";
import type { EntradaWagmiConfig } from "./createWagmiConfig.ts";

type WalletLoader = {
  /** wagmi's config once the wallet code has loaded, else undefined. */
  config: EntradaWagmiConfig | undefined;
  /** Why the wallet code could not be loaded (a dropped connection), until a retry. */
  error: unknown;
  /** Starts loading the wallet code (once; again after a failure). */
  load: () => void;
};

const WalletLoaderContext = createContext<WalletLoader | null>(null);

/**
 * wagmi's context for the whole app, filled in only when a part that needs a wallet first shows:
 * viem, wagmi and the built-in wallet are their own chunk, which the home page's eligibility form
 * never waits for. The context is always rendered (empty at first) so that nothing below it is
 * mounted again when the wallet arrives.
 */
export function WalletProvider({ children }: { children: ReactNode }) {
  const clientConfig = useClientConfig();
  const [config, setConfig] = useState<EntradaWagmiConfig>();
  const [error, setError] = useState<unknown>();
  const loading = useRef<Promise<void> | undefined>(undefined);
  const load = useCallback(() => {
    loading.current ??= import("./startWallet.ts").then(
      ({ startWallet }) => {
        setError(undefined);
        setConfig(startWallet(clientConfig));
      },
      (failure: unknown) => {
        loading.current = undefined;
        setError(failure);
      },
    );
  }, [clientConfig]);
  const value = useMemo(() => ({ config, error, load }), [config, error, load]);
  return (
    <WalletLoaderContext.Provider value={value}>
      <WagmiContext.Provider value={config}>{children}</WagmiContext.Provider>
    </WalletLoaderContext.Provider>
  );
}

/** Parameters of {@link RequireWallet}. */
export type RequireWalletProps = {
  children: ReactNode;
  /** Shown while the wallet code loads. Default: a "Loading…" status line. */
  fallback?: ReactNode;
  /** "now" (a page that needs the wallet) or "idle" (the header's sign-in: once the page has settled). */
  when?: "now" | "idle";
};

/**
 * Renders `children`, which use wagmi's hooks, once the wallet code has loaded (starting it if
 * needed). Outside a {@link WalletProvider} (a test that gives its own WagmiProvider) it renders them at once.
 */
export function RequireWallet({ children, fallback, when = "now" }: RequireWalletProps) {
  const wallet = useContext(WalletLoaderContext);
  const load = wallet?.load;
  const needed = wallet !== null && wallet.config === undefined && wallet.error === undefined;
  useEffect(() => {
    if (!load || !needed) return;
    if (when === "now") {
      load();
      return;
    }
    // After the first visit's own work (its translations, its first answers): a sign-in button is
    // not what a traveller reaches for in the first second, the eligibility form is.
    const timer = window.setTimeout(load, 1_500);
    return () => window.clearTimeout(timer);
  }, [load, needed, when]);
  if (!wallet || wallet.config) return children;
  if (wallet.error !== undefined) return <ErrorNotice error={wallet.error} actions={{ retry: wallet.load }} />;
  return fallback === undefined ? <WalletLoading /> : fallback;
}

function WalletLoading() {
  const { t } = useTranslation();
  return (
    <p className="progress" role="status">
      {t("loading")}
    </p>
  );
}
