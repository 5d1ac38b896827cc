import { useTranslation } from "react-i18next";

/**
 * The chains whose names the app has in every language (common:chainName.<id>): the local chains of
 * `ENTRADA_CHAINS` and the networks of the server's chain registry.
 */
export const namedChainIds = [31337, 1337, 1, 11155111, 8453, 84532, 137, 80002, 42161, 421614] as const;

/**
 * A chain's name for people, in the page's language: the app's own name for a chain it knows, else
 * the name the server gives it (a chain an operator added).
 *
 * @example
 * const chainName = useChainName();
 * chainName({ id: 1337, name: "Entrada local chain 1337" }) // "Second local test chain"
 */
export function useChainName(): (chain: { id: number; name: string }) => string {
  const { t } = useTranslation();
  return (chain) =>
    (namedChainIds as readonly number[]).includes(chain.id) ? t(`common:chainName.${chain.id}`) : chain.name;
}
