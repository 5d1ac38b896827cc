import {
  type Address,
  createPublicClient,
  createWalletClient,
  type EIP1193RequestFn,
  fromHex,
  getAddress,
  type Hex,
  http,
  numberToHex,
  SwitchChainError,
  type TypedDataDefinition,
} from "viem";
import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import { createConnector } from "wagmi";

/** Where the built-in wallet keeps its key: this browser's localStorage, on the local chain only. */
export const builtInWalletStorageKey = "entrada.builtInWallet.key";
const connectedFlagKey = "entrada.builtInWallet.connected";

/** The built-in wallet's account: its key is made on first use and kept in this browser. */
export function loadBuiltInAccount(storage: Storage = localStorage): PrivateKeyAccount {
  let key = storage.getItem(builtInWalletStorageKey) as Hex | null;
  if (!key || !/^0x[0-9a-f]{64}$/i.test(key)) {
    key = generatePrivateKey();
    storage.setItem(builtInWalletStorageKey, key);
  }
  return privateKeyToAccount(key);
}

/**
 * JSON typed data as a wallet receives it (`eth_signTypedData_v4`) has its integers as strings or
 * numbers; viem signs bigints. Converts every `uint*`/`int*` field of the message, recursively.
 */
export function typedDataFromJson(json: string): TypedDataDefinition {
  return typedDataFromObject(JSON.parse(json) as TypedDataObject);
}

/** EIP-712 typed data as parsed JSON: integers as decimal strings or numbers. */
export type TypedDataObject = {
  domain: Record<string, unknown>;
  types: Record<string, { name: string; type: string }[]>;
  primaryType: string;
  message: Record<string, unknown>;
};

/**
 * Typed data as the API sends it (uints as decimal strings) made ready for viem and wagmi's
 * `signTypedData`: every `uint*`/`int*` field a bigint, the domain's `chainId` a number.
 *
 * @example
 * await signTypedDataAsync(typedDataFromObject(payment.authorization.typedData));
 */
export function typedDataFromObject(data: TypedDataObject): TypedDataDefinition {
  const { EIP712Domain: _domainType, ...types } = data.types;
  const convert = (type: string, value: unknown): unknown => {
    if (type.endsWith("]")) return (value as unknown[]).map((item) => convert(type.replace(/\[\d*\]$/, ""), item));
    if (/^u?int\d*$/.test(type)) return BigInt(value as string | number);
    const fields = types[type];
    if (!fields) return value;
    const record = value as Record<string, unknown>;
    return Object.fromEntries(fields.map((field) => [field.name, convert(field.type, record[field.name])]));
  };
  const domain = { ...data.domain };
  if (domain.chainId !== undefined) domain.chainId = Number(domain.chainId);
  return {
    domain,
    types,
    primaryType: data.primaryType,
    message: convert(data.primaryType, data.message) as Record<string, unknown>,
  } as unknown as TypedDataDefinition;
}

/**
 * A wagmi connector for a wallet that lives in the page: a private key in localStorage that signs
 * locally and sends through the chain's RPC. It exists so that a newcomer can try all of Entrada on
 * the local chain in a plain browser; it is offered only there, never with real money. With several
 * local chains served it starts on the first and switches to any other (`switchChain`).
 *
 * @example
 * createConfig({ chains: [chain], connectors: [builtInWallet(), injected()], transports })
 */
export function builtInWallet() {
  type Provider = { request: EIP1193RequestFn };
  /** One provider per chain served, made when first asked for. */
  const providers = new Map<number, Provider>();

  return createConnector<Provider>((config) => {
    // Every chain served is local where the built-in wallet is offered; it starts on the default one.
    let chain = config.chains[0];

    const makeProvider = (on: typeof chain): Provider => {
      const rpcUrl = on.rpcUrls.default.http[0]!;
      const account = loadBuiltInAccount();
      const publicClient = createPublicClient({ chain: on, transport: http(rpcUrl) });
      const walletClient = createWalletClient({ account, chain: on, transport: http(rpcUrl) });
      const request = (async ({ method, params }: { method: string; params?: unknown }) => {
        const args = (params ?? []) as unknown[];
        switch (method) {
          case "eth_chainId":
            return numberToHex(on.id);
          case "eth_accounts":
          case "eth_requestAccounts":
            return [account.address];
          case "personal_sign":
            return account.signMessage({ message: { raw: args[0] as Hex } });
          case "eth_signTypedData_v4":
            return account.signTypedData(typedDataFromJson(args[1] as string));
          case "eth_sendTransaction": {
            const tx = args[0] as { to: Address; data?: Hex; value?: Hex; gas?: Hex };
            return walletClient.sendTransaction({
              to: tx.to,
              ...(tx.data ? { data: tx.data } : {}),
              ...(tx.value ? { value: fromHex(tx.value, "bigint") } : {}),
              ...(tx.gas ? { gas: fromHex(tx.gas, "bigint") } : {}),
            });
          }
          case "wallet_switchEthereumChain": {
            const wanted = fromHex((args[0] as { chainId: Hex }).chainId, "number");
            if (!config.chains.some((candidate) => candidate.id === wanted)) {
              throw new SwitchChainError(new Error(`Chain ${wanted} is not served here.`));
            }
            return null;
          }
          default:
            return publicClient.request({ method, params } as never);
        }
      }) as EIP1193RequestFn;
      return { request };
    };

    return {
      id: "entrada-builtin",
      name: "Built-in wallet",
      type: "builtin",
      async connect() {
        localStorage.setItem(connectedFlagKey, "1");
        const accounts = await this.getAccounts();
        return { accounts, chainId: chain.id } as never;
      },
      async disconnect() {
        localStorage.removeItem(connectedFlagKey);
      },
      async getAccounts() {
        return [getAddress(loadBuiltInAccount().address)];
      },
      async getChainId() {
        return chain.id;
      },
      async getProvider(parameters) {
        const on = config.chains.find((candidate) => candidate.id === parameters?.chainId) ?? chain;
        let provider = providers.get(on.id);
        if (provider === undefined) {
          provider = makeProvider(on);
          providers.set(on.id, provider);
        }
        return provider;
      },
      async switchChain({ chainId }) {
        const wanted = config.chains.find((candidate) => candidate.id === chainId);
        if (wanted === undefined) throw new SwitchChainError(new Error(`Chain ${chainId} is not served here.`));
        chain = wanted;
        config.emitter.emit("change", { chainId });
        return wanted;
      },
      async isAuthorized() {
        return localStorage.getItem(connectedFlagKey) === "1";
      },
      onAccountsChanged(accounts) {
        config.emitter.emit("change", { accounts: accounts.map((account) => getAddress(account)) });
      },
      onChainChanged(chainId) {
        config.emitter.emit("change", { chainId: Number(chainId) });
      },
      onDisconnect() {
        config.emitter.emit("disconnect");
      },
    };
  });
}
