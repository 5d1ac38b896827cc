import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "./api.ts";
import type { FaucetDrip } from "./travellerTypes.ts";

/**
 * The development faucet (`POST /dev/faucet`, local chain only): 1,000 dev USDC, 1,000 dev USDT and
 * a little ETH for gas to `address`, mined before it answers. Refreshes every balance read through
 * wagmi afterwards.
 *
 * @example
 * const faucet = useFaucet();
 * faucet.mutate(address);
 */
export function useFaucet() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (address: string) => api<FaucetDrip>("POST", "/dev/faucet", { body: { address } }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["readContract"] }),
        queryClient.invalidateQueries({ queryKey: ["readContracts"] }),
        queryClient.invalidateQueries({ queryKey: ["balance"] }),
      ]);
    },
  });
}
