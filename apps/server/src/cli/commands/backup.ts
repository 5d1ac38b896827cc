import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, open, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { dirname, join, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { gunzipSync, gzipSync } from "node:zlib";
import type { Config } from "../../config.ts";
import { CliError } from "../cliErrorCodes.ts";
import { type CliIo, loadCliConfig } from "../cliRuntime.ts";

export const backupUsage = `Usage: npx entrada backup <file>
       npx entrada restore <file> [--force]

backup copies the embedded data folder (ENTRADA_DATA_DIR: the PGlite database, the deployments, the
documents, the development keys) into one file, each file with its SHA-256. restore puts it back into
ENTRADA_DATA_DIR, checking every file first. Both refuse while Entrada runs on the folder (its port
answers, or its database is open): stop it first. With DATABASE_URL the database is PostgreSQL's:
back it up with pg_dump; the folder's other files are still copied.

Options:
  --force     restore over a folder that holds data (it is moved aside to <folder>.before-restore-<time>)
  -h, --help  this text`;

/** The archive's format name; a file without it is not a backup. */
const format = "entrada-backup/1";

type Entry = { path: string; size: number; mode: number; sha256: string };
type Header = { format: typeof format; createdAt: string; embeddedDatabase: boolean; files: Entry[] };

/** `npx entrada backup <file>`. */
export async function backupCommand(args: readonly string[], io: CliIo, now = new Date()): Promise<void> {
  const { file } = parse(args, io, "backup");
  if (file === undefined) return;
  const config = loadCliConfig(io);
  const dataDir = resolve(config.dataDir);
  await refuseWhileRunning(config, dataDir);
  if (!existsSync(dataDir)) throw new CliError("ENTRADA_CLI_USAGE", `The data folder ${dataDir} does not exist.`);
  const paths = await listFiles(dataDir);
  const entries: Entry[] = [];
  const contents: Buffer[] = [];
  for (const path of paths) {
    const bytes = await readFile(join(dataDir, path));
    const { mode } = await stat(join(dataDir, path));
    entries.push({ path, size: bytes.length, mode: mode & 0o777, sha256: sha256(bytes) });
    contents.push(bytes);
  }
  const header: Header = {
    format,
    createdAt: now.toISOString(),
    embeddedDatabase: config.databaseUrl === undefined,
    files: entries,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), "utf8");
  const length = Buffer.alloc(8);
  length.writeBigUInt64BE(BigInt(headerBytes.length));
  const archive = gzipSync(Buffer.concat([length, headerBytes, ...contents]));
  // The archive holds the keys of the data folder: only its owner reads it.
  const handle = await open(file, "wx", 0o600).catch((cause: NodeJS.ErrnoException) => {
    throw new CliError(
      "ENTRADA_CLI_USAGE",
      `Cannot create ${file}: ${cause.code === "EEXIST" ? "it exists" : cause.code}.`,
    );
  });
  await handle.writeFile(archive);
  await handle.close();
  if (config.databaseUrl !== undefined) io.err("DATABASE_URL is set: the database is not in this backup; use pg_dump.");
  const bytes = entries.reduce((total, entry) => total + entry.size, 0);
  io.err(`Backed up ${entries.length} files (${bytes} bytes) of ${dataDir} into ${file}.`);
  io.out(
    JSON.stringify({ file, files: entries.length, bytes, archiveBytes: archive.length, createdAt: header.createdAt }),
  );
}

/** `npx entrada restore <file> [--force]`. */
export async function restoreCommand(args: readonly string[], io: CliIo, now = new Date()): Promise<void> {
  const { file, force } = parse(args, io, "restore");
  if (file === undefined) return;
  const config = loadCliConfig(io);
  const dataDir = resolve(config.dataDir);
  await refuseWhileRunning(config, dataDir);
  const { header, contents } = readArchive(
    await readFile(file).catch(() => {
      throw new CliError("ENTRADA_CLI_BACKUP_INVALID", `Cannot read ${file}.`);
    }),
  );
  // Every file checked before anything is written: a damaged backup restores nothing.
  let offset = 0;
  const files: { entry: Entry; bytes: Buffer }[] = [];
  for (const entry of header.files) {
    const bytes = contents.subarray(offset, offset + entry.size);
    offset += entry.size;
    const target = resolve(dataDir, entry.path);
    if (bytes.length !== entry.size || sha256(bytes) !== entry.sha256 || !target.startsWith(dataDir + sep)) {
      throw new CliError("ENTRADA_CLI_BACKUP_INVALID", `${entry.path} in ${file} does not match its checksum.`, {
        details: { path: entry.path },
      });
    }
    files.push({ entry, bytes });
  }
  if (offset !== contents.length)
    throw new CliError("ENTRADA_CLI_BACKUP_INVALID", `${file} has bytes no file accounts for.`);

  let movedAside: string | undefined;
  if (existsSync(dataDir) && (await readdir(dataDir)).length > 0) {
    if (!force) {
      throw new CliError(
        "ENTRADA_CLI_TARGET_NOT_EMPTY",
        `${dataDir} holds data; restore into an empty folder or pass --force.`,
        {
          details: { dataDir },
        },
      );
    }
    movedAside = `${dataDir}.before-restore-${now.toISOString().replace(/[:.]/g, "-")}`;
    await rename(dataDir, movedAside);
    io.err(`The data that was in ${dataDir} is now in ${movedAside}.`);
  }
  for (const { entry, bytes } of files) {
    const target = join(dataDir, entry.path);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    await writeFile(target, bytes);
    await chmod(target, entry.mode);
  }
  io.err(`Restored ${files.length} files into ${dataDir} from the backup of ${header.createdAt}.`);
  io.out(
    JSON.stringify({
      dataDir,
      files: files.length,
      createdAt: header.createdAt,
      ...(movedAside ? { movedAside } : {}),
    }),
  );
}

function parse(args: readonly string[], io: CliIo, command: string): { file: string | undefined; force: boolean } {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { force: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    io.out(backupUsage);
    return { file: undefined, force: false };
  }
  if (positionals.length !== 1) throw new CliError("ENTRADA_CLI_USAGE", `${command} takes one <file>.`);
  if (command === "backup" && values.force) throw new CliError("ENTRADA_CLI_USAGE", "--force is for restore.");
  return { file: positionals[0]!, force: values.force === true };
}

/** Refuses while Entrada serves from this folder: its port answers, or its PGlite database is open. */
async function refuseWhileRunning(config: Config, dataDir: string): Promise<void> {
  if (config.databaseUrl === undefined && existsSync(join(dataDir, "db", "postmaster.pid"))) {
    throw new CliError(
      "ENTRADA_CLI_SERVER_RUNNING",
      `The database in ${dataDir} is open (db/postmaster.pid): stop Entrada first. A server that crashed leaves the file; remove it only when no Entrada runs.`,
      { details: { dataDir } },
    );
  }
  const answers = await new Promise<boolean>((done) => {
    const socket = connect({ host: config.host, port: config.port });
    socket.setTimeout(1_000);
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      done(false);
    });
    socket.once("error", () => done(false));
  });
  if (answers) {
    throw new CliError(
      "ENTRADA_CLI_SERVER_RUNNING",
      `Something answers on ${config.host}:${config.port}, where Entrada listens: stop it first.`,
      { details: { host: config.host, port: config.port } },
    );
  }
}

/** Every regular file under `root`, relative, sorted; PGlite's lock file excepted. */
async function listFiles(root: string, dir = root): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await listFiles(root, path)));
    else if (entry.isFile() && relative(root, path) !== join("db", "postmaster.pid")) found.push(relative(root, path));
  }
  return found.sort();
}

function readArchive(compressed: Buffer): { header: Header; contents: Buffer } {
  let bytes: Buffer;
  try {
    bytes = gunzipSync(compressed);
  } catch {
    throw new CliError("ENTRADA_CLI_BACKUP_INVALID", "The file is not an Entrada backup (not gzip).");
  }
  if (bytes.length < 8) throw new CliError("ENTRADA_CLI_BACKUP_INVALID", "The file is not an Entrada backup.");
  const length = Number(bytes.readBigUInt64BE(0));
  let header: Header;
  try {
    header = JSON.parse(bytes.subarray(8, 8 + length).toString("utf8")) as Header;
  } catch {
    throw new CliError("ENTRADA_CLI_BACKUP_INVALID", "The file is not an Entrada backup (no header).");
  }
  if (header?.format !== format || !Array.isArray(header.files)) {
    throw new CliError("ENTRADA_CLI_BACKUP_INVALID", `The file is not an ${format} backup.`);
  }
  return { header, contents: bytes.subarray(8 + length) };
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}
