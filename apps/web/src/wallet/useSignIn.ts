import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { getAddress } from "viem";
import { createSiweMessage } from "viem/siwe";
import { useAccount, useConnect, useSignMessage } from "wagmi";
import { api } from "../api/api.ts";
import type { Me } from "../api/types.ts";
import { sessionKey } from "../api/useSession.ts";

type Nonce = { nonce: string; domain: string; uri: string; chainId: number; version: "1" };

/**
 * Sign-In with Ethereum (EIP-4361): a nonce from the server, the wallet signs the message for this
 * origin and chain, the server checks it and sets the session cookie. Connects the wallet first when
 * needed (the given connector, else the first one: the built-in wallet on the local chain).
 */
export function useSignIn() {
  const queryClient = useQueryClient();
  const { t, i18n } = useTranslation();
  const { address, isConnected } = useAccount();
  const { connectAsync, connectors } = useConnect();
  const { signMessageAsync } = useSignMessage();
  return useMutation({
    mutationFn: async (connectorId?: string) => {
      let account = address;
      if (!isConnected || !account || connectorId) {
        const connector = connectors.find((c) => c.id === connectorId) ?? connectors[0];
        if (!connector) throw new Error("no wallet");
        const connected = await connectAsync({ connector });
        account = connected.accounts[0];
      }
      if (!account) throw new Error("no account");
      const nonce = await api<Nonce>("POST", "/auth/nonce");
      const message = createSiweMessage({
        address: getAddress(account),
        chainId: nonce.chainId,
        domain: nonce.domain,
        nonce: nonce.nonce,
        uri: nonce.uri,
        version: nonce.version,
        statement: t("wallet.siweStatement"),
      });
      const signature = await signMessageAsync({ message, account });
      const { user } = await api<{ user: Me }>("POST", "/auth/siwe", { body: { message, signature } });
      // The e-mails follow the language the traveller uses here.
      await api("PATCH", "/me/profile", { body: { locale: i18n.resolvedLanguage ?? "en" } }).catch(() => undefined);
      queryClient.setQueryData(sessionKey, user);
      return user;
    },
  });
}
