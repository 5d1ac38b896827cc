import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/** Parameters of {@link startStandInBackOffice}. */
export type StartStandInBackOfficeParameters = {
  /** Where it listens on 127.0.0.1: fixed, so that it comes back at the registered URL after a stop. */
  port: number;
  apiKey: string;
  webhookSecret: string;
  /** Its memory of handled events, kept across restarts. */
  stateFile: string;
  /** The server's clock minus the wall clock, in ms: it checks signatures at the server's time. */
  nowOffsetMs?: number | undefined;
};

/** What the stand-in did: the events it handled, and every webhook it answered. */
export type BackOfficeState = {
  handled: { eventId: string; applicationId: string; reference: string | undefined; documents: number }[];
  received: { eventId: string; type: string; status: number; note: string }[];
};

/** A running stand-in back office process. */
export type StandInBackOffice = {
  /** `http://127.0.0.1:<port>`; webhooks go to `/webhooks`. */
  url: string;
  state(): Promise<BackOfficeState>;
  /** Stops the process (SIGTERM) and waits until it has exited. */
  stop(): Promise<void>;
};

const script = fileURLToPath(new URL("./standInBackOffice.ts", import.meta.url));

/**
 * A port free on 127.0.0.1 now, for a server that must come back at the same address.
 *
 * @example
 * const port = await freePort();
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== "object" || address === null) throw new Error("freePort: no address");
  return address.port;
}

/**
 * Starts standInBackOffice.ts as a separate Node process (with tsx, as the repository runs its
 * TypeScript) and resolves once it listens.
 *
 * @example
 * const backOffice = await startStandInBackOffice({ port, apiKey, webhookSecret, stateFile });
 * await backOffice.stop();
 */
export async function startStandInBackOffice(parameters: StartStandInBackOfficeParameters): Promise<StandInBackOffice> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", script], {
    env: {
      PATH: process.env.PATH ?? "",
      BACK_OFFICE_PORT: String(parameters.port),
      BACK_OFFICE_API_KEY: parameters.apiKey,
      BACK_OFFICE_WEBHOOK_SECRET: parameters.webhookSecret,
      BACK_OFFICE_STATE_FILE: parameters.stateFile,
      BACK_OFFICE_NOW_OFFSET_MS: String(parameters.nowOffsetMs ?? 0),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      const line = stdout.split("\n").find((candidate) => candidate.startsWith("{"));
      if (line !== undefined) resolve((JSON.parse(line) as { listening: string }).listening);
    });
    child.once("exit", (code) => reject(new Error(`the back office exited (${code}) before listening: ${stderr}`)));
  });
  return {
    url,
    async state() {
      return (await (await fetch(`${url}/state`)).json()) as BackOfficeState;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
