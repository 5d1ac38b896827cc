import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type Address,
  type Hex,
  hexToBigInt,
  hexToNumber,
  isAddressEqual,
  type TransactionSerializable,
  type TypedDataDefinition,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

/** Parameters of {@link startStandInSigner}. */
export type StartStandInSignerParameters = {
  /** The key it holds. */
  privateKey: Hex;
  /** When set, requests without `Authorization: Bearer <token>` get 401. */
  bearerToken?: string | undefined;
  /** Waits this long before answering, to make a client time out. */
  delayMs?: number | undefined;
  /**
   * P-256 private JWKs it holds for JWS (ES256), by key id: what `jws_publicKey` and `jws_sign`
   * answer for, as a KMS holds the credential issuer's key.
   */
  jwsKeys?: Readonly<Record<string, JsonWebKey>> | undefined;
  /** Answers every request with this HTTP status and no signature: a signer that is failing. */
  failWith?: number | undefined;
  /** Replaces a method's result before it is sent: a misbehaving signer. */
  tamper?: ((method: string, result: unknown) => unknown) | undefined;
};

/** A running stand-in signer. */
export type StandInSigner = {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** The address of the key it holds. */
  address: Address;
  /** The JSON-RPC methods it was asked for, in order. */
  calls: string[];
  close(): Promise<void>;
};

/**
 * A stand-in for a remote signer (Web3Signer's Eth1 JSON-RPC: `eth_accounts`, `eth_sign`,
 * `eth_signTypedData`, `eth_signTransaction`; and Entrada's JWS methods `jws_publicKey` and
 * `jws_sign` for P-256 keys) on 127.0.0.1, holding one real EVM key and any P-256 keys given, for
 * tests of the remote signers and of what uses them. Signs for real, with viem and WebCrypto; it
 * only lacks a vault.
 *
 * @example
 * const signer = await startStandInSigner({ privateKey: generatePrivateKey(), bearerToken: "t" });
 * const remote = createRemoteSigner({ url: signer.url, address: signer.address, bearerToken: "t" });
 */
export async function startStandInSigner(parameters: StartStandInSignerParameters): Promise<StandInSigner> {
  const account = privateKeyToAccount(parameters.privateKey);
  const calls: string[] = [];
  const jwsKeys = new Map(
    await Promise.all(
      Object.entries(parameters.jwsKeys ?? {}).map(
        async ([keyId, jwk]) =>
          [
            keyId,
            {
              publicJwk: { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y },
              key: await globalThis.crypto.subtle.importKey("jwk", jwk, { name: "ECDSA", namedCurve: "P-256" }, false, [
                "sign",
              ]),
            },
          ] as const,
      ),
    ),
  );
  const jwsKey = (keyId: unknown) => {
    const held = typeof keyId === "string" ? jwsKeys.get(keyId) : undefined;
    if (held === undefined) throw new Error("unknown key");
    return held;
  };

  async function answer(method: string, params: unknown[]): Promise<unknown> {
    switch (method) {
      case "eth_accounts":
        return [account.address];
      case "eth_sign": {
        const [from, data] = params as [Address, Hex];
        if (!isAddressEqual(from, account.address)) throw new Error("unknown account");
        return account.signMessage({ message: { raw: data } });
      }
      case "eth_signTypedData": {
        const [from, json] = params as [Address, string];
        if (!isAddressEqual(from, account.address)) throw new Error("unknown account");
        return account.signTypedData(reviveTypedData(JSON.parse(json)));
      }
      case "eth_signTransaction": {
        const [tx] = params as [Record<string, string>];
        if (tx.from === undefined || !isAddressEqual(tx.from as Address, account.address))
          throw new Error("unknown account");
        return account.signTransaction(fromRpcTransaction(tx));
      }
      case "jws_publicKey":
        return jwsKey(params[0]).publicJwk;
      case "jws_sign": {
        const [keyId, signingInput] = params as [string, string];
        const signature = await globalThis.crypto.subtle.sign(
          { name: "ECDSA", hash: "SHA-256" },
          jwsKey(keyId).key,
          new TextEncoder().encode(signingInput),
        );
        return Buffer.from(signature).toString("base64url");
      }
      default:
        throw new Error(`method ${method} not supported`);
    }
  }

  const server = createServer(async (request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (parameters.bearerToken !== undefined && request.headers.authorization !== `Bearer ${parameters.bearerToken}`) {
      send(401, { error: "unauthorized" });
      return;
    }
    const { id, method, params } = JSON.parse(await readBody(request)) as {
      id: number;
      method: string;
      params: unknown[];
    };
    calls.push(method);
    if (parameters.failWith !== undefined) {
      send(parameters.failWith, { error: "failing" });
      return;
    }
    if (parameters.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, parameters.delayMs));
    try {
      const result = await answer(method, params);
      send(200, { jsonrpc: "2.0", id, result: parameters.tamper ? await parameters.tamper(method, result) : result });
    } catch (error) {
      send(200, { jsonrpc: "2.0", id, error: { code: -32000, message: (error as Error).message } });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    address: account.address,
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
    });
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });
}

/** A transaction from `eth_signTransaction`'s JSON (hex quantities) back to viem's shape. */
function fromRpcTransaction(tx: Record<string, string>): TransactionSerializable {
  const big = (value: string | undefined) => (value === undefined ? undefined : hexToBigInt(value as Hex));
  const base = {
    chainId: hexToNumber(tx.chainId as Hex),
    nonce: hexToNumber(tx.nonce as Hex),
    gas: big(tx.gas),
    to: tx.to as Address | undefined,
    value: big(tx.value),
    data: tx.data as Hex | undefined,
  };
  return tx.type === "0x2"
    ? {
        ...base,
        type: "eip1559",
        maxFeePerGas: big(tx.maxFeePerGas),
        maxPriorityFeePerGas: big(tx.maxPriorityFeePerGas),
      }
    : { ...base, type: "legacy", gasPrice: big(tx.gasPrice) };
}

/** `eth_signTypedData`'s JSON (integers as decimal strings) back to viem's typed data, bigints included. */
function reviveTypedData(json: {
  domain: Record<string, unknown>;
  types: Record<string, { name: string; type: string }[]>;
  primaryType: string;
  message: Record<string, unknown>;
}): TypedDataDefinition {
  const { EIP712Domain, ...types } = json.types;
  const revive = (type: string, value: unknown): unknown => {
    if (type.endsWith("[]")) return (value as unknown[]).map((item) => revive(type.slice(0, -2), item));
    if (/^u?int\d*$/.test(type)) return BigInt(value as string);
    const struct = json.types[type];
    if (struct === undefined) return value;
    const object = value as Record<string, unknown>;
    return Object.fromEntries(struct.map((field) => [field.name, revive(field.type, object[field.name])]));
  };
  const domain = { ...json.domain };
  if (domain.chainId !== undefined) domain.chainId = Number(domain.chainId);
  return {
    domain,
    types,
    primaryType: json.primaryType,
    message: revive(json.primaryType, json.message) as Record<string, unknown>,
  } as unknown as TypedDataDefinition;
}
