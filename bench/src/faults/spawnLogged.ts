import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";

/** A child process whose output goes to a log file, with a way to wait for a line of it. */
export type LoggedProcess = {
  child: ChildProcess;
  /** Where stdout and stderr go, interleaved. */
  logPath: string;
  /** Everything written so far (kept in memory too, to look for lines). */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects when the process exits first or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | NodeJS.Signals>;
};

/** Parameters of {@link spawnLogged}. */
export type SpawnLoggedParameters = {
  /** `tsx` runs this TypeScript file. */
  script: string;
  args?: readonly string[];
  env: Record<string, string | undefined>;
  cwd: string;
  logPath: string;
};

/**
 * Starts `node --import tsx <script>` as a child process (one process: a SIGKILL of it kills all of
 * it), appending its stdout and stderr to `logPath`.
 *
 * @example
 * const node = spawnLogged({ script: "contracts/scripts/node.ts", env, cwd: root, logPath: "/tmp/chain.log" });
 * await node.waitFor(/Local chain \(id \d+\) at (\S+)/, 60_000);
 */
export function spawnLogged(parameters: SpawnLoggedParameters): LoggedProcess {
  const log = createWriteStream(parameters.logPath, { flags: "a" });
  const child = spawn(process.execPath, ["--import", "tsx", parameters.script, ...(parameters.args ?? [])], {
    cwd: parameters.cwd,
    env: parameters.env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    // Kept bounded: a long-running server logs a lot, and only recent lines are looked for.
    text = (text + chunk.toString("utf8")).slice(-2_000_000);
    for (const listener of listeners) listener();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<number | NodeJS.Signals>((resolve) => {
    child.once("exit", (code, signal) => {
      log.end();
      resolve(code ?? signal ?? -1);
    });
  });

  return {
    child,
    logPath: parameters.logPath,
    output: () => text,
    exited,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(text);
          if (match === null) return;
          done();
          resolve(match);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${pattern} in ${parameters.logPath} within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then((code) => {
          if (!listeners.has(check)) return;
          done();
          reject(
            new Error(`${parameters.script} exited (${code}) before printing ${pattern}; see ${parameters.logPath}`),
          );
        });
        check();
      });
    },
  };
}
