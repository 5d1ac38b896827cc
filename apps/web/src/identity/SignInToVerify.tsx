import { useTranslation } from "react-i18next";
import { useConnectors } from "wagmi";
import { ErrorNotice } from "../components/ErrorNotice.tsx";
import { PendingStatus } from "../components/PendingStatus.tsx";
import { useSignIn } from "../wallet/useSignIn.ts";
import { builtInWalletId, signInConnectors, walletName } from "../wallet/walletName.ts";

/**
 * For a traveller who is not signed in: verifying once, and reusing the verified identity, need an
 * account, so one button per available wallet signs in here (the built-in wallet on the local
 * chain). Typing the passport details stays possible without.
 *
 * @example
 * {me ? null : <SignInToVerify />}
 * <SignInToVerify headingLevel={2} /> // on a page of its own
 */
export function SignInToVerify({ headingLevel = 3 }: { headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const { t } = useTranslation("identity");
  const signIn = useSignIn();
  // An injected connector is listed even without a browser wallet: offer it only when there is one.
  const connectors = useConnectors().filter(
    (connector) => connector.id !== "injected" || (typeof window !== "undefined" && "ethereum" in window),
  );
  return (
    <section
      className="card stack identity-card"
      aria-labelledby="identity-sign-in-title"
      data-testid="identity-sign-in"
    >
      <Heading id="identity-sign-in-title">{t("signIn.title")}</Heading>
      <p>{t("signIn.intro")}</p>
      <div className="row">
        {signInConnectors(connectors).map((connector) => (
          <button
            key={connector.uid}
            type="button"
            className="button button-quiet"
            disabled={signIn.isPending}
            data-testid={`identity-sign-in-${connector.id}`}
            onClick={() => signIn.mutate(connector.id)}
          >
            {connector.id === builtInWalletId
              ? t("signIn.builtIn")
              : t("signIn.with", { wallet: walletName(connector, t) })}
          </button>
        ))}
      </div>
      <PendingStatus pending={signIn.isPending} text={t("signIn.pending")} />
      {signIn.error ? <ErrorNotice error={signIn.error} actions={{ retry: () => signIn.reset() }} /> : null}
    </section>
  );
}
