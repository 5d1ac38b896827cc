/** The id of Entrada's built-in wallet connector (wallet/builtInWallet.ts). */
export const builtInWalletId = "entrada-builtin";

/** wagmi's generic `injected()` connector: `window.ethereum`, whatever wallet put it there. */
const genericInjectedId = "injected";

/** What the sign-in buttons need of a wagmi connector. */
export type WalletConnector = { id: string; name: string; type: string };

/**
 * The wallet a sign-in button names: the browser wallet's own name when it announced itself
 * (EIP-6963: "MetaMask", "Rabby Wallet"), else "Browser wallet" in the page's language rather than
 * wagmi's "Injected".
 *
 * @example
 * walletName({ id: "injected", name: "Injected", type: "injected" }, t) // "浏览器钱包" on a Chinese page
 */
export function walletName(connector: WalletConnector, t: (key: string) => string): string {
  if (connector.id === builtInWalletId) return t("common:session.builtInWallet");
  if (connector.id === genericInjectedId || connector.name.trim() === "" || connector.name === "Injected") {
    return t("common:session.browserWallet");
  }
  return connector.name;
}

/**
 * The connectors worth a button: the generic injected one only when no browser wallet announced
 * itself by EIP-6963, since it is then the same wallet under a vaguer name.
 *
 * @example
 * signInConnectors([builtIn, injected, metaMask]) // [builtIn, metaMask]
 */
export function signInConnectors<Connector extends WalletConnector>(connectors: readonly Connector[]): Connector[] {
  const announced = connectors.some((c) => c.type === "injected" && c.id !== genericInjectedId);
  return connectors.filter((c) => !(announced && c.id === genericInjectedId));
}
