import { describe, expect, it } from "vitest";
import { withPendingNonceAtLeastLatest } from "./withPendingNonceAtLeastLatest.ts";

// A node that answers fixed transaction counts: the stale `pending` once seen from EDR is not
// reproducible on demand, so the rule is checked against a node that has it.
function nodeAnswering(counts: { pending: string; latest: string }) {
  const calls: string[] = [];
  const listeners: string[] = [];
  return {
    calls,
    listeners,
    async request({ method, params }: { method: string; params?: unknown }): Promise<unknown> {
      calls.push(method);
      if (method === "eth_getTransactionCount") return counts[(params as [string, "pending" | "latest"])[1]];
      return "0x7a69";
    },
    addListener(event: string) {
      listeners.push(event);
    },
  };
}

const address = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955";

describe("withPendingNonceAtLeastLatest", () => {
  it("answers pending with latest when the node's pending is behind", async () => {
    const served = withPendingNonceAtLeastLatest(nodeAnswering({ pending: "0x0", latest: "0x1" }));
    await expect(served.request({ method: "eth_getTransactionCount", params: [address, "pending"] })).resolves.toBe(
      "0x1",
    );
  });

  it("keeps the node's pending when it is ahead (a transaction waiting to be mined)", async () => {
    const served = withPendingNonceAtLeastLatest(nodeAnswering({ pending: "0x3", latest: "0x2" }));
    await expect(served.request({ method: "eth_getTransactionCount", params: [address, "pending"] })).resolves.toBe(
      "0x3",
    );
  });

  it("passes latest, other methods and listeners through unchanged", async () => {
    const node = nodeAnswering({ pending: "0x0", latest: "0x1" });
    const served = withPendingNonceAtLeastLatest(node);
    await expect(served.request({ method: "eth_getTransactionCount", params: [address, "latest"] })).resolves.toBe(
      "0x1",
    );
    await expect(served.request({ method: "eth_chainId" })).resolves.toBe("0x7a69");
    served.addListener("notification");
    expect(node.calls).toEqual(["eth_getTransactionCount", "eth_chainId"]);
    expect(node.listeners).toEqual(["notification"]);
  });
});
