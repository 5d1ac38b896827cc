import { useTranslation } from "react-i18next";
import { useConnectors } from "wagmi";
import { useSignIn } from "../wallet/useSignIn.ts";
import { builtInWalletId, signInConnectors, walletName } from "../wallet/walletName.ts";
import { ErrorNotice } from "./ErrorNotice.tsx";

/** One sign-in button per available wallet (the built-in one on the local chain, and injected ones). */
export default function SignInButtons() {
  const { t } = useTranslation();
  const connectors = useConnectors();
  const signIn = useSignIn();
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
