import { createSocket } from "node:dgram";
import { promises as dns } from "node:dns";
import { once } from "node:events";
import { isIPv4, isIPv6 } from "node:net";
import * as packet from "dns-packet";

/** A question the stand-in was asked. */
export type DnsQuery = { name: string; type: string };

/** A DNS server on 127.0.0.1 for tests, and a resolver pointed at it. */
export type DnsStandIn = {
  /** `127.0.0.1:<port>`, for `Resolver#setServers`. */
  server: string;
  /** A resolver that asks only this server. */
  resolver: dns.Resolver;
  /** Every question, in order. */
  queries: DnsQuery[];
  /** Replaces the answer for `name` (to play a name whose answer changes: DNS rebinding). */
  set(name: string, addresses: readonly string[]): void;
  close(): Promise<void>;
};

/**
 * A tiny authoritative DNS server over UDP on 127.0.0.1 that answers A and AAAA questions from a
 * table (`{ "evil.test": ["127.0.0.1"] }`; IPv4 addresses answer A, IPv6 AAAA), NXDOMAIN for names
 * it does not know and an empty answer for a known name without addresses of the asked family. It
 * stands in for the attacker's DNS, which is the point: a test never asks a real resolver, and no
 * request goes anywhere but 127.0.0.1.
 *
 * @example
 * const dnsStandIn = await startDnsStandIn({ "evil.test": ["127.0.0.1"] });
 * await dnsStandIn.resolver.resolve4("evil.test"); // ["127.0.0.1"]
 * await dnsStandIn.close();
 */
export async function startDnsStandIn(records: Readonly<Record<string, readonly string[]>>): Promise<DnsStandIn> {
  const table = new Map(Object.entries(records).map(([name, addresses]) => [normalise(name), [...addresses]]));
  const queries: DnsQuery[] = [];
  const socket = createSocket("udp4");
  socket.on("message", (message, remote) => {
    let query: packet.DecodedPacket;
    try {
      query = packet.decode(message);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (question === undefined) return;
    const name = normalise(question.name);
    queries.push({ name, type: question.type });
    const addresses = table.get(name);
    const wanted = question.type === "A" ? isIPv4 : question.type === "AAAA" ? isIPv6 : () => false;
    const answers: packet.Answer[] = (addresses ?? [])
      .filter((address) => wanted(address))
      .map((address) => ({ type: question.type as "A" | "AAAA", name: question.name, ttl: 0, data: address }));
    const nxdomain = 3;
    const response = packet.encode({
      type: "response",
      id: query.id ?? 0,
      flags: packet.AUTHORITATIVE_ANSWER | packet.RECURSION_DESIRED | (addresses === undefined ? nxdomain : 0),
      questions: [question],
      answers,
    });
    socket.send(response, remote.port, remote.address);
  });
  socket.bind(0, "127.0.0.1");
  await once(socket, "listening");
  const server = `127.0.0.1:${socket.address().port}`;
  // One try with a short timeout: a lost answer fails a test quickly rather than hanging it.
  const resolver = new dns.Resolver({ timeout: 1_000, tries: 1 });
  resolver.setServers([server]);
  return {
    server,
    resolver,
    queries,
    set(name, addresses) {
      table.set(normalise(name), [...addresses]);
    },
    async close() {
      resolver.cancel();
      socket.close();
      await once(socket, "close");
    },
  };
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}
