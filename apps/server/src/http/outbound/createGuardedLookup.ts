import { promises as dns, type LookupAddress, type LookupOptions } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { OutboundAddressRefusedError } from "../../errors/outbound.ts";
import { type AddressKind, classifyAddress } from "./classifyAddress.ts";

/** Special-purpose addresses a use of the outbound client may reach besides public ones. */
export type OutboundAllowance = "loopback" | "private";

/**
 * Resolves a host name to its addresses. `dns.promises.Resolver` fits (`resolve4`, `resolve6`),
 * so tests point one at a local DNS stand-in with `setServers`.
 */
export type HostResolver = {
  resolve4(hostname: string): Promise<string[]>;
  resolve6(hostname: string): Promise<string[]>;
};

/** Parameters of {@link createGuardedLookup}. */
export type CreateGuardedLookupParameters = {
  /** Names the use (`webhooks`, `kyc-provider`, `ipfs`) in errors. */
  target: string;
  /** Kinds besides `public` that may be reached. Default: none. */
  allow?: readonly OutboundAllowance[] | undefined;
  /** Default: the system's resolver (`getaddrinfo`, so `/etc/hosts` counts, as it does for every other program). */
  resolver?: HostResolver | undefined;
};

/** Resolves a host and checks every address; the addresses to connect to, in order. */
export type ResolveChecked = (hostname: string) => Promise<LookupAddress[]>;

/** What {@link createGuardedLookup} returns. */
export type GuardedLookup = {
  /** For `net.connect`/`tls.connect`'s `lookup` option. */
  lookup: LookupFunction;
  /** The same resolution and check, as a promise. */
  resolve: ResolveChecked;
  /** Throws {@link OutboundAddressRefusedError} when `address` may not be reached. */
  check(host: string, address: string): void;
};

/**
 * The DNS step of outbound requests: resolves a host name, refuses the whole name when ANY of its
 * addresses is one the policy may not reach (a name that answers both a public and a private
 * address could be steered to the private one), and hands the checked addresses to the socket, which
 * connects to them without resolving again. So a name whose answer changes between a check and the
 * connection (DNS rebinding) gains nothing: there is no second answer.
 *
 * @example
 * const { lookup } = createGuardedLookup({ target: "webhooks" });
 * net.connect({ host: "hooks.example", port: 443, lookup });
 */
export function createGuardedLookup(parameters: CreateGuardedLookupParameters): GuardedLookup {
  const { target, resolver } = parameters;
  const allowed = new Set<AddressKind>(["public", ...(parameters.allow ?? [])]);

  function check(host: string, address: string): void {
    const { kind, range } = classifyAddress(address);
    if (!allowed.has(kind)) throw new OutboundAddressRefusedError({ target, host, address, range });
  }

  async function resolve(hostname: string): Promise<LookupAddress[]> {
    // "localhost." is "localhost": resolvers differ on the root's trailing dot, so it goes.
    const name = hostname.endsWith(".") ? hostname.slice(0, -1) : hostname;
    let addresses: LookupAddress[];
    if (isIP(name) !== 0) addresses = [{ address: name, family: isIP(name) }];
    else if (resolver === undefined) addresses = await dns.lookup(name, { all: true, verbatim: true });
    else addresses = await resolveWith(resolver, name);
    for (const { address } of addresses) check(hostname, address);
    return addresses;
  }

  const lookup = ((hostname: string, options: LookupOptions, callback: LookupCallback) => {
    resolve(hostname).then(
      (addresses) => {
        const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : options.family;
        const usable = family === 4 || family === 6 ? addresses.filter((entry) => entry.family === family) : addresses;
        if (usable.length === 0) {
          callback(Object.assign(new Error(`no IPv${family} address for ${hostname}`), { code: "ENOTFOUND" }), "", 0);
        } else if (options.all === true) callback(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 0),
    );
  }) as LookupFunction;

  return { lookup, resolve, check };
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** Both families from a resolver; a name without addresses of one family is fine, without any is not. */
async function resolveWith(resolver: HostResolver, hostname: string): Promise<LookupAddress[]> {
  const [v4, v6] = await Promise.allSettled([resolver.resolve4(hostname), resolver.resolve6(hostname)]);
  const addresses = [
    ...(v4.status === "fulfilled" ? v4.value.map((address) => ({ address, family: 4 })) : []),
    ...(v6.status === "fulfilled" ? v6.value.map((address) => ({ address, family: 6 })) : []),
  ];
  if (addresses.length > 0) return addresses;
  const failure = [v4, v6].find((result) => result.status === "rejected") as PromiseRejectedResult | undefined;
  throw failure?.reason ?? Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" });
}
