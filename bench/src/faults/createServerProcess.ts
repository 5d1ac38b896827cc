import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type LoggedProcess, spawnLogged } from "./spawnLogged.ts";

/** A server process that ended without the suite asking. */
export type UnexpectedExit = { code: number | NodeJS.Signals; at: number; logPath: string };

/** One Entrada server process that the suite can kill and start again on the same port and data. */
export type ServerProcess = {
  name: string;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** The process now running, if any. */
  readonly current: LoggedProcess | undefined;
  /** Processes started so far. */
  readonly starts: number;
  /** Exits the suite did not cause (a crash, a fatal stop), oldest first. */
  readonly unexpectedExits: readonly UnexpectedExit[];
  /**
   * Whether an unexpected exit is followed by a new start a second later, as a process manager
   * (systemd, Kubernetes) does. Default true.
   */
  supervised: boolean;
  /** Starts the process and waits until it listens. */
  start(): Promise<void>;
  /** Sends `signal` (SIGKILL: no clean-up at all) and waits for the exit; returns the exit code or signal. */
  kill(signal?: NodeJS.Signals): Promise<number | NodeJS.Signals>;
};

/** Parameters of {@link createServerProcess}. */
export type CreateServerProcessParameters = {
  name: string;
  root: string;
  port: number;
  /** The server's environment (DATABASE_URL, CHAIN_RPC_URL, …); PORT and the chain mode are added. */
  env: Record<string, string>;
  logDir: string;
};

/**
 * Whether server.ts embeds a chain despite `ENTRADA_EMBEDDED_CHAIN=false` (a start-up that does not
 * honour it yet): learnt from the first start, which then fails to listen on the proxy's port.
 */
let serverEmbedsAnyway = false;

/** How long the stand-in process manager waits before starting a server that exited on its own. */
const restartDelayMs = 1_000;

/**
 * An Entrada server as a child process: `apps/server/src/server.ts` via tsx with
 * `ENTRADA_EMBEDDED_CHAIN=false`, so that it uses the external node at `CHAIN_RPC_URL`. Should that
 * start-up embed a chain anyway (it then fails to listen on `CHAIN_RPC_URL`'s port, which the RPC
 * proxy holds), `externalChainServer.ts` — server.ts with `embeddedChain: false` — runs from then on.
 * Each start logs to `<logDir>/server-<name>-<n>.log`. Like a process manager, it starts a server
 * that exited on its own again (unless `supervised` is false) and keeps a record of such exits.
 *
 * @example
 * const server = createServerProcess({ name: "a", root, port, env, logDir });
 * await server.start();
 * await server.kill("SIGKILL");
 * await server.start(); // same port, same database
 */
export function createServerProcess(parameters: CreateServerProcessParameters): ServerProcess {
  const { name, root, port, logDir } = parameters;
  const rpcPort = new URL(parameters.env.CHAIN_RPC_URL ?? "http://127.0.0.1:8545").port;
  let current: LoggedProcess | undefined;
  let starting: Promise<void> | undefined;
  let starts = 0;
  /** Processes the suite itself stopped: their exit is expected. */
  const stopped = new WeakSet<LoggedProcess>();
  const unexpectedExits: UnexpectedExit[] = [];
  const running = () => current !== undefined && current.child.exitCode === null && current.child.signalCode === null;

  async function spawnOnce(): Promise<void> {
    starts += 1;
    const script = serverEmbedsAnyway
      ? fileURLToPath(new URL("./externalChainServer.ts", import.meta.url))
      : join(root, "apps/server/src/server.ts");
    const started = spawnLogged({
      script,
      cwd: root,
      env: {
        ...process.env,
        ...parameters.env,
        HOST: "127.0.0.1",
        PORT: String(port),
        ENTRADA_EMBEDDED_CHAIN: "false",
      },
      logPath: join(logDir, `server-${name}-${starts}.log`),
    });
    current = started;
    try {
      await started.waitFor(/Entrada is running at/, 120_000);
    } catch (error) {
      const embedded = new RegExp(`EADDRINUSE.*:${rpcPort}\\b`).test(started.output());
      if (serverEmbedsAnyway || !embedded) throw error;
      stopped.add(started);
      serverEmbedsAnyway = true;
      return spawnOnce();
    }
    void started.exited.then((code) => {
      if (stopped.has(started)) return;
      unexpectedExits.push({ code, at: Date.now(), logPath: started.logPath });
      if (!server.supervised) return;
      setTimeout(() => {
        if (!running() && starting === undefined && server.supervised) server.start().catch(() => {});
      }, restartDelayMs);
    });
  }

  const server: ServerProcess = {
    name,
    url: `http://127.0.0.1:${port}`,
    supervised: true,
    get current() {
      return current;
    },
    get starts() {
      return starts;
    },
    get unexpectedExits() {
      return unexpectedExits;
    },
    async start() {
      if (starting !== undefined) return starting;
      if (running()) throw new Error(`server ${name} is running already`);
      starting = spawnOnce().finally(() => {
        starting = undefined;
      });
      return starting;
    },
    async kill(signal = "SIGKILL") {
      if (current === undefined) throw new Error(`server ${name} was never started`);
      stopped.add(current);
      if (running()) current.child.kill(signal);
      return current.exited;
    },
  };
  return server;
}
