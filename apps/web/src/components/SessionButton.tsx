import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useSession } from "../api/useSession.ts";
import { RequireWallet } from "../wallet/WalletProvider.tsx";

// The sign-in buttons need the wallet code (wagmi, viem): their own chunk, loaded once the page settled
// (or, on a phone, once the menu that holds them is opened).
const SignInButtons = lazy(() => import("./SignInButtons.tsx"));

/** Shortens an address for display: 0x09DB…d55f. */
export const shortAddress = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

/** Parameters of {@link SessionButton}. */
export type SessionButtonProps = {
  /**
   * When the sign-in buttons, and the wallet code they need, come: "idle" (in view: once the page has
   * settled), "now" (the phone's menu was just opened on them), "later" (folded away in the phone's
   * closed menu: nothing is fetched, a phone that never signs in never downloads the wallet).
   */
  signIn?: "idle" | "now" | "later";
};

/**
 * The header's sign-in: one button per available wallet (the built-in one on the local chain, and
 * an injected one when the browser has it); once signed in, who and a sign-out.
 */
export function SessionButton({ signIn = "idle" }: SessionButtonProps) {
  const { t } = useTranslation();
  const { me, signOut } = useSession();
  if (me) {
    const who = me.walletAddress
      ? shortAddress(me.walletAddress)
      : me.roles.includes("officer")
        ? t("role.officer")
        : t("role.traveller");
    return (
      <div className="session">
        <Link
          to={me.roles.includes("officer") ? "/officer" : "/wallet"}
          className="session-who"
          data-testid="session-who"
        >
          {who}
        </Link>
        <button type="button" className="button button-quiet" onClick={() => void signOut()}>
          {t("session.signOut")}
        </button>
      </div>
    );
  }
  if (signIn === "later") return null;
  return (
    <Suspense fallback={null}>
      <RequireWallet fallback={null} when={signIn}>
        <SignInButtons />
      </RequireWallet>
    </Suspense>
  );
}
