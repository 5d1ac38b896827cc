import { parseArgs } from "node:util";
import { chainProfile } from "@entrada/chain";
import { readDeployment, VisaFeeEscrow } from "@entrada/contracts";
import { seedProducts } from "@entrada/core";
import { type Address, formatEther } from "viem";
import { type Config, type KeySpec, keyAddress } from "../../config.ts";
import { createSigners } from "../../runtime/createSigners.ts";
import { CliError } from "../cliErrorCodes.ts";
import { type CliIo, connectCliChain, loadCliConfig, redactUrl } from "../cliRuntime.ts";

export const configCheckUsage = `Usage: npx entrada config check [--online] [--json]

Loads the configuration as the server would (every variable checked, problems named), and prints what
it would use: the database, the chain and its registry profile (tokens, feeds, the pairs the catalogue
needs that have no feed there, confirmations), the deployment, which address signs for what and
whether the key is local or in the remote signer. Never a secret: keys, tokens and the passwords or
paths of URLs are not printed.

Options:
  --online    also ask the chain: its id, the escrow's code, quote signer, treasury and pause, and
              the gas balances of the relayer and settlers; and the remote signer for its keys
  --json      print JSON instead of text
  -h, --help  this text`;

/** `npx entrada config check`: see {@link configCheckUsage}. */
export async function configCheckCommand(args: readonly string[], io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { online: { type: "boolean" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    io.out(configCheckUsage);
    return;
  }
  if (positionals.length > 0) throw new CliError("ENTRADA_CLI_USAGE", "config check takes options only.");
  const config = loadCliConfig(io);
  const report: Report = await describe(config);
  if (values.online) report.online = await checkOnline(config, io, report);
  if (values.json) {
    io.out(JSON.stringify(report, null, 2));
    return;
  }
  for (const line of toText(report)) io.out(line);
}

type Report = Awaited<ReturnType<typeof describe>> & { online?: Record<string, unknown> };

async function describe(config: Config) {
  const profile = chainProfile(config.chain.id);
  const deployment = await readDeployment(config.dataDir, config.chain.id);
  const tokens = deployment?.tokens ?? profile?.tokens ?? {};
  const feeds: Record<string, string> = deployment?.feeds ?? profile?.feeds ?? {};
  // What quotes need: a USD price of each token, and of each currency the catalogue charges in.
  const needed = [
    ...Object.keys(tokens).map((symbol) => `${symbol} / USD`),
    ...new Set(seedProducts.map((product) => product.fee.currency).filter((code) => code !== "USD")),
  ].map((pair) => (pair.includes("/") ? pair : `${pair} / USD`));
  const key = (spec: KeySpec) => ({ address: keyAddress(spec), kind: spec.startsWith("remote:") ? "remote" : "local" });
  return {
    environment: config.env,
    listen: `${config.host}:${config.port}`,
    publicUrl: config.publicUrl,
    dataDir: config.dataDir,
    database:
      config.databaseUrl === undefined
        ? `PGlite in ${config.dataDir}/db`
        : `PostgreSQL at ${hostOf(config.databaseUrl)}`,
    chain: {
      id: config.chain.id,
      name: config.chain.name,
      kind: profile?.kind ?? "unknown",
      rpc: redactUrl(config.chain.rpcUrl),
      publicRpc: redactUrl(config.chain.publicRpcUrl),
      explorer: config.chain.explorerUrl,
      confirmations: config.chain.confirmations,
      finalizedTag: profile?.finalizedTag ?? false,
      p256Precompile: profile?.p256Precompile ?? false,
      embedded: config.chain.embedded,
    },
    deployment: deployment
      ? { escrow: config.chain.escrowAddress ?? deployment.escrow, startBlock: deployment.startBlock }
      : null,
    tokens,
    feeds,
    // The local chain's feeds come with its deployment; before it, nothing is missing yet.
    pairsWithoutFeed:
      profile?.kind === "local" && !deployment ? [] : needed.filter((pair) => feeds[pair] === undefined),
    keys: {
      quoteSigner: key(config.keys.quoteSigner),
      relayer: key(config.keys.relayer),
      settlers: Object.fromEntries(Object.entries(config.keys.settlers).map(([slug, spec]) => [slug, key(spec)])),
    },
    signer: config.signer
      ? {
          url: redactUrl(config.signer.url),
          token: config.signer.bearerToken !== undefined,
          timeoutMs: config.signer.timeoutMs,
        }
      : null,
    mail: config.smtpUrl === undefined ? "development mailbox" : `SMTP at ${hostOf(config.smtpUrl)}`,
    kycProvider: config.identity.kycProvider
      ? hostOf(config.identity.kycProvider.url)
      : "development provider (passes everyone)",
    documents: config.identity.ipfsApiUrl
      ? `IPFS at ${hostOf(config.identity.ipfsApiUrl)}`
      : `folder ${config.dataDir}/documents`,
    metrics: config.metricsToken === undefined ? "no token" : "bearer token set",
  };
}

async function checkOnline(config: Config, io: CliIo, report: Report): Promise<Record<string, unknown>> {
  const chain = await connectCliChain(config, io);
  const online: Record<string, unknown> = {
    chainId: chain.chainId,
    head: (await chain.publicClient.getBlockNumber()).toString(),
  };
  const escrow = report.deployment?.escrow as Address | undefined;
  if (escrow !== undefined) {
    const code = await chain.publicClient.getCode({ address: escrow });
    online.escrowDeployed = code !== undefined;
    if (code !== undefined) {
      const read = (functionName: "quoteSigner" | "treasury" | "paused") =>
        chain.publicClient.readContract({ address: escrow, abi: VisaFeeEscrow.abi, functionName });
      const [quoteSigner, treasury, paused] = await Promise.all([
        read("quoteSigner"),
        read("treasury"),
        read("paused"),
      ]);
      online.quoteSignerMatches = quoteSigner === report.keys.quoteSigner.address;
      online.treasury = treasury;
      online.paused = paused;
    }
  }
  if (config.signer !== undefined) {
    // Each remote key asked for once, as start-up does; a wrong token or address fails here.
    const signers = await createSigners({ config, logger: { info() {} } });
    await signers.close();
    online.remoteSigner = "holds every remote key";
  }
  const balance = async (address: Address) => formatEther(await chain.publicClient.getBalance({ address }));
  online.gas = {
    relayer: await balance(report.keys.relayer.address),
    ...Object.fromEntries(
      await Promise.all(
        Object.entries(report.keys.settlers).map(async ([slug, key]) => [
          `settler:${slug}`,
          await balance(key.address),
        ]),
      ),
    ),
  };
  return online;
}

function toText(report: Report): string[] {
  const lines = [
    `environment   ${report.environment}, listening on ${report.listen}, reached at ${report.publicUrl}`,
    `database      ${report.database}`,
    `chain         ${report.chain.id} ${report.chain.name} (${report.chain.kind}) via ${report.chain.rpc}`,
    `              ${report.chain.confirmations} confirmation(s)${report.chain.finalizedTag ? ", finalized tag preferred" : ""}; P-256 precompile ${report.chain.p256Precompile ? "yes" : "no"}; explorer ${report.chain.explorer ?? "none"}`,
    `deployment    ${report.deployment ? `escrow ${report.deployment.escrow} from block ${report.deployment.startBlock}` : "none yet (npx entrada deploy)"}`,
    ...Object.entries(report.tokens).map(([symbol, address]) => `token         ${symbol} ${address}`),
    ...Object.entries(report.feeds).map(([pair, address]) => `feed          ${pair} ${address}`),
    report.pairsWithoutFeed.length === 0
      ? "feeds         every pair the catalogue needs has a feed"
      : `no feed       ${report.pairsWithoutFeed.join(", ")}: quotes in these need another price source`,
    `quote signer  ${report.keys.quoteSigner.address} (${report.keys.quoteSigner.kind})`,
    `relayer       ${report.keys.relayer.address} (${report.keys.relayer.kind})`,
    ...Object.entries(report.keys.settlers).map(([slug, key]) => `settler       ${slug} ${key.address} (${key.kind})`),
    `signer        ${report.signer ? `${report.signer.url}, token ${report.signer.token ? "set" : "not set"}` : "none (every key is local)"}`,
    `mail          ${report.mail}`,
    `kyc           ${report.kycProvider}`,
    `documents     ${report.documents}`,
    `metrics       ${report.metrics}`,
  ];
  if (report.online) lines.push(`online        ${JSON.stringify(report.online)}`);
  return lines;
}

/** The host of a URL, without its user, password, path or query. */
function hostOf(url: string): string {
  return new URL(url).host;
}
