import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "./api.ts";
import type { FaucetDrip } from "./travellerTypes.ts";

/**
 * The development faucet (`POST /dev/faucet`, local chains only): 1,000 dev USDC, 1,000 dev USDT and
 * a little ETH for gas to `address` on `chainId` (default: the default chain), mined before it
 * answers. Refreshes every balance read through wagmi afterwards.
 *
 * @example
 * const faucet = useFaucet(1337);
 * faucet.mutate(address);
 */
export function useFaucet(chainId?: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (address: string) =>
      api<FaucetDrip>("POST", "/dev/faucet", { body: chainId === undefined ? { address } : { address, chainId } }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["readContract"] }),
        queryClient.invalidateQueries({ queryKey: ["readContracts"] }),
        queryClient.invalidateQueries({ queryKey: ["balance"] }),
      ]);
    },
  });
}
