import { type SafeTransactionProposal, safeContractNetworks } from "@entrada/chain";
import { VisaFeeEscrow } from "@entrada/contracts";
import Safe, { type Eip1193Provider, getCreateCallContract } from "@safe-global/protocol-kit";
import {
  type Address,
  encodeDeployData,
  encodeFunctionData,
  encodePacked,
  getAddress,
  getContractAddress,
  type Hex,
  isHex,
  keccak256,
  parseAbi,
} from "viem";
import { readSafeSingletons } from "../applyAdminCall.ts";
import { CliError } from "../cliErrorCodes.ts";
import { type CliChain, type CliIo, confirm } from "../cliRuntime.ts";

/** The escrow's constructor arguments, in order. */
export type EscrowConstructorArguments = {
  admin: Address;
  guardian: Address;
  quoteSigner: Address;
  treasury: Address;
  feeCapBps: number;
  pinnedTokens: readonly Address[];
};

/** Parameters of {@link deployEscrowFromSafe}. */
export type DeployEscrowFromSafeParameters = {
  chain: CliChain;
  io: CliIo;
  rpcUrl: string;
  dataDir: string;
  safe: Address;
  escrow: EscrowConstructorArguments;
  /** Owners' private keys (`SAFE_OWNER_KEYS`), at least the threshold; none: the transaction is printed. */
  ownerKeys: readonly Hex[];
  /** Sends the signed Safe transaction and pays its gas (`DEPLOYER_KEY`); need not be an owner. */
  executor: ReturnType<CliChain["wallet"]> | undefined;
};

/** What {@link deployEscrowFromSafe} did: deployed the escrow, or printed the Safe transaction that will. */
export type DeployEscrowFromSafeReturnType =
  | { action: "deployed"; escrow: Address; startBlock: bigint; safeTxHash: Hex }
  | { action: "proposed"; escrow: Address; proposal: SafeTransactionProposal };

// Safe 1.4.1's CreateCall library (contracts/libraries/CreateCall.sol).
const createCallAbi = parseAbi([
  "function performCreate2(uint256 value, bytes deploymentData, bytes32 salt) returns (address newContract)",
]);

/**
 * Deploys VisaFeeEscrow from a Safe: one Safe transaction delegatecalls Safe's CreateCall library
 * (`performCreate2`), so the Safe itself creates the escrow with CREATE2 and its address is known
 * before any owner signs (the Safe, the salt — from the Safe's nonce — and the init code fix it).
 * The escrow's constructor sees the Safe as its deployer; no externally owned account ever holds a
 * role. With the owners' keys (at least the threshold) the transaction is signed and sent by
 * `executor`; without them it is returned for the owners to sign and execute in their wallets, as
 * `entrada authority … --safe` does.
 *
 * CreateCall is Safe's canonical deployment on public networks, or the one `entrada deploy` recorded
 * for the chain (`deployments/<chainId>.safe.json`).
 *
 * @example
 * const result = await deployEscrowFromSafe({ chain, io, rpcUrl, dataDir, safe, escrow, ownerKeys, executor });
 */
export async function deployEscrowFromSafe(
  parameters: DeployEscrowFromSafeParameters,
): Promise<DeployEscrowFromSafeReturnType> {
  const { chain, io, safe, escrow, ownerKeys } = parameters;
  if ((await chain.publicClient.getCode({ address: safe })) === undefined) {
    throw new CliError(
      "ENTRADA_CLI_CONFIG_INVALID",
      `--from-safe: there is no Safe at ${safe} on chain ${chain.chainId}.`,
    );
  }
  const singletons = await readSafeSingletons(parameters.dataDir, chain.chainId);
  const contractNetworks = singletons && safeContractNetworks(singletons);
  const provider = parameters.rpcUrl as Eip1193Provider | string;
  let kit = await Safe.init({ provider, safeAddress: safe, ...(contractNetworks ? { contractNetworks } : {}) });
  const createCall = await getCreateCallContract({
    safeProvider: kit.getSafeProvider(),
    safeVersion: "1.4.1",
    ...(contractNetworks === undefined ? {} : { customContracts: contractNetworks[String(chain.chainId)]! }),
  });
  const createCallAddress = getAddress(createCall.getAddress());
  if ((await chain.publicClient.getCode({ address: createCallAddress })) === undefined) {
    throw new CliError(
      "ENTRADA_CLI_CHAIN_UNAVAILABLE",
      `Safe's CreateCall is not deployed at ${createCallAddress} on chain ${chain.chainId}.`,
    );
  }

  const initCode = encodeDeployData({
    abi: VisaFeeEscrow.abi,
    bytecode: VisaFeeEscrow.bytecode,
    args: [
      escrow.admin,
      escrow.guardian,
      escrow.quoteSigner,
      escrow.treasury,
      escrow.feeCapBps,
      [...escrow.pinnedTokens],
    ],
  } as never);
  const nonce = await kit.getNonce();
  // One salt per Safe transaction: a second deployment from the same Safe gets its own address.
  const salt = keccak256(encodePacked(["string", "uint256"], ["entrada.VisaFeeEscrow", BigInt(nonce)]));
  // The delegatecall runs CREATE2 in the Safe's own context: the Safe is the creator.
  const address = getContractAddress({ opcode: "CREATE2", from: safe, salt, bytecode: initCode });
  let transaction = await kit.createTransaction({
    transactions: [
      {
        to: createCallAddress,
        value: "0",
        data: encodeFunctionData({ abi: createCallAbi, functionName: "performCreate2", args: [0n, initCode, salt] }),
        // 1: delegatecall (Safe's OperationType.DelegateCall).
        operation: 1,
      },
    ],
    options: { nonce },
  });
  const safeTxHash = (await kit.getTransactionHash(transaction)) as Hex;

  if (ownerKeys.length === 0) {
    const { data } = transaction;
    return {
      action: "proposed",
      escrow: address,
      proposal: {
        chainId: chain.chainId,
        safe,
        safeTxHash,
        transaction: {
          to: getAddress(data.to),
          value: String(data.value),
          data: data.data as Hex,
          operation: Number(data.operation),
          safeTxGas: String(data.safeTxGas),
          baseGas: String(data.baseGas),
          gasPrice: String(data.gasPrice),
          gasToken: getAddress(data.gasToken),
          refundReceiver: getAddress(data.refundReceiver),
          nonce: Number(data.nonce),
        },
      },
    };
  }

  // Every key must be an owner's, and enough of them to meet the threshold, before anything is sent.
  const owners = new Set((await kit.getOwners()).map((owner) => getAddress(owner)));
  const threshold = await kit.getThreshold();
  for (const key of ownerKeys) {
    kit = await kit.connect({ signer: key });
    const signer = await kit.getSafeProvider().getSignerAddress();
    if (signer === undefined || !owners.has(getAddress(signer))) {
      throw new CliError(
        "ENTRADA_CLI_CONFIG_INVALID",
        `SAFE_OWNER_KEYS: ${signer} is not an owner of the Safe ${safe}.`,
        {
          details: { safe, signer: signer ?? null },
        },
      );
    }
    transaction = await kit.signTransaction(transaction);
  }
  if (transaction.signatures.size < threshold) {
    throw new CliError(
      "ENTRADA_CLI_CONFIG_INVALID",
      `SAFE_OWNER_KEYS: the Safe ${safe} needs ${threshold} owners' signatures, ${transaction.signatures.size} given.`,
      { details: { safe, threshold, given: transaction.signatures.size } },
    );
  }
  if (parameters.executor === undefined) {
    throw new CliError("ENTRADA_CLI_CONFIG_INVALID", "DEPLOYER_KEY is required to send the signed Safe transaction.");
  }
  io.err(`Executing Safe transaction ${safeTxHash} (${transaction.signatures.size} of ${owners.size} owners signed)…`);
  const data = await kit.getEncodedTransaction(transaction);
  if (!isHex(data)) throw new CliError("ENTRADA_CLI_FAILED", "protocol-kit encoded no execTransaction call.");
  const executor = parameters.executor;
  const hash = await executor
    .sendTransaction({ to: safe, data, account: executor.account, chain: chain.chain } as never)
    .catch((cause: unknown) => {
      throw new CliError("ENTRADA_CLI_CHAIN_UNAVAILABLE", `The Safe ${safe} did not execute the deployment.`, {
        cause,
      });
    });
  const startBlock = await confirm(chain.publicClient, hash, "The Safe's deployment of the escrow");
  if ((await chain.publicClient.getCode({ address })) === undefined) {
    throw new CliError("ENTRADA_CLI_CHAIN_UNAVAILABLE", `The Safe's transaction made no contract at ${address}.`, {
      details: { hash, escrow: address },
    });
  }
  return { action: "deployed", escrow: address, startBlock, safeTxHash };
}
