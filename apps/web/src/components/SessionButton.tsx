import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useConnectors } from "wagmi";
import { useSession } from "../api/useSession.ts";
import { useSignIn } from "../wallet/useSignIn.ts";
import { builtInWalletId, signInConnectors, walletName } from "../wallet/walletName.ts";
import { ErrorNotice } from "./ErrorNotice.tsx";

/** Shortens an address for display: 0x09DB…d55f. */
export const shortAddress = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

/**
 * The header's sign-in: one button per available wallet (the built-in one on the local chain, and
 * an injected one when the browser has it); once signed in, who and a sign-out.
 */
export function SessionButton() {
  const { t } = useTranslation();
  const { me, signOut } = useSession();
  const connectors = useConnectors();
  const signIn = useSignIn();
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
  return (
    <div className="session">
      {signInConnectors(connectors).map((connector) => (
        <button
          key={connector.uid}
          type="button"
          className="button"
          disabled={signIn.isPending}
          data-testid={`sign-in-${connector.id}`}
          onClick={() => signIn.mutate(connector.id)}
        >
          {signIn.isPending && signIn.variables === connector.id
            ? t("session.signingIn")
            : connector.id === builtInWalletId
              ? t("session.signInBuiltIn")
              : t("session.signInWith", { wallet: walletName(connector, t) })}
        </button>
      ))}
      {signIn.error ? <ErrorNotice error={signIn.error} actions={{ retry: () => signIn.reset() }} /> : null}
    </div>
  );
}
