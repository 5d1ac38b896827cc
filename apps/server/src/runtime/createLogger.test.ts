import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, test } from "vitest";
import { createLogger, logFilePath, logFormatFor } from "./createLogger.ts";

/** A logger writing into an array of parsed lines. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger({ level: "info", destination }), lines };
}

test("identity fields, credentials and error parameters never reach the log", () => {
  const { logger, lines } = capture();
  const failed = Object.assign(new Error("Failed query: insert into applicants\nparams: ERIKSSON,L898902C3"), {
    params: ["ERIKSSON", "L898902C3"],
  });
  logger.error({ err: failed }, "request failed");
  logger.info(
    {
      body: { passport: { surname: "ERIKSSON" }, mrz: ["P<UTOERIKSSON"], holderJwk: { d: "secret" } },
      req: { headers: { cookie: "entrada_session=abc", authorization: "Bearer ek_1" } },
    },
    "a careless line",
  );
  const text = JSON.stringify(lines);
  expect(text).not.toMatch(/ERIKSSON|L898902C3|secret|entrada_session=abc|ek_1/);
  expect(lines[0]).toMatchObject({
    msg: "request failed",
    err: { type: "Error", message: expect.stringContaining("[redacted]") },
  });
  expect(lines[1]).toMatchObject({ body: { passport: "[redacted]", mrz: "[redacted]", holderJwk: "[redacted]" } });
});

test("errors keep their type, stack, code and causes; a thrown non-Error says what it was", () => {
  const { logger, lines } = capture();
  const cause = Object.assign(new Error("connect ECONNREFUSED 10.0.0.7:5432"), { code: "ECONNREFUSED" });
  logger.error({ err: new Error("Failed query: select 1", { cause }) }, "tick failed");
  logger.error({ err: { code: -32000, message: "nonce too low" } }, "relay failed");
  expect(lines[0]).toMatchObject({
    err: {
      type: "Error",
      message: "Failed query: select 1",
      stack: expect.stringContaining("createLogger.test.ts"),
      cause: { type: "Error", code: "ECONNREFUSED", stack: expect.any(String) },
    },
  });
  expect(lines[1]).toMatchObject({
    err: {
      type: "NonErrorThrownError",
      message: 'An object was thrown instead of an Error: Object { code: -32000, message: "nonce too low" }',
    },
  });
});

describe("the log format", () => {
  test("production and tests write JSON; development writes readable lines; LOG_FORMAT decides when set", () => {
    expect(logFormatFor({ NODE_ENV: "production" })).toBe("json");
    expect(logFormatFor({ NODE_ENV: "test" })).toBe("json");
    expect(logFormatFor({ NODE_ENV: "development" })).toBe("readable");
    expect(logFormatFor({})).toBe("readable");
    expect(logFormatFor({ NODE_ENV: "development", LOG_FORMAT: "json" })).toBe("json");
    expect(logFormatFor({ NODE_ENV: "production", LOG_FORMAT: "readable" })).toBe("readable");
    expect(logFormatFor({ NODE_ENV: "production", LOG_FORMAT: "yaml" })).toBe("json");
    expect(logFilePath("./.entrada")).toBe(join(".entrada", "logs", "entrada.log"));
  });

  test("readable: one line per notable event on the terminal, every JSON line (requests too) in the file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "entrada-log-"));
    try {
      const file = logFilePath(dir);
      const terminal: string[] = [];
      const destination = new Writable({
        write(chunk, _encoding, done) {
          terminal.push(String(chunk));
          done();
        },
      });
      const logger = createLogger({ level: "info", format: "readable", file, destination });
      const request = logger.child({ reqId: "req-1" });
      request.info(
        { req: { method: "GET", url: "/api/v1/health", headers: { authorization: "Bearer ek_1" } } },
        "incoming request",
      );
      request.info({ res: { statusCode: 200 }, responseTime: 1.2 }, "request completed");
      logger.info({ event: "started", url: "http://127.0.0.1:3000" }, "Entrada is running at http://127.0.0.1:3000");
      logger.info(
        { event: "application.paid", reference: "ENT-7K3Q-9XPA" },
        "payment seen: ENT-7K3Q-9XPA is paid into the escrow",
      );
      logger.info({ notificationId: "n1", template: "application_approved" }, "e-mail kept in the development mailbox");
      logger.info({ workerId: "w1" }, "outbox worker started");
      logger.warn(
        { err: Object.assign(new Error("signer down"), { code: "ENTRADA_REMOTE_SIGNER_UNAVAILABLE" }) },
        "settlement blocked",
      );
      logger.debug({ detail: 1 }, "below the level");
      const lines = terminal.join("").trimEnd().split("\n");
      expect(lines.map((line) => line.replace(/^\d\d:\d\d:\d\d {2}/, ""))).toEqual([
        "Entrada is running at http://127.0.0.1:3000",
        "payment seen: ENT-7K3Q-9XPA is paid into the escrow",
        "e-mail kept in the development mailbox (application_approved)",
        `warning: settlement blocked (ENTRADA_REMOTE_SIGNER_UNAVAILABLE) — details in ${file}`,
      ]);
      expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d {2}Entrada/);
      // The file has every line at the level, as JSON, redacted as the JSON log is.
      const recorded = (await readFile(file, "utf8"))
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line));
      expect(recorded.map((line) => line.msg)).toEqual([
        "incoming request",
        "request completed",
        "Entrada is running at http://127.0.0.1:3000",
        "payment seen: ENT-7K3Q-9XPA is paid into the escrow",
        "e-mail kept in the development mailbox",
        "outbox worker started",
        "settlement blocked",
      ]);
      expect(recorded[0]).toMatchObject({ reqId: "req-1", req: { headers: { authorization: "[redacted]" } } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("json: every line as JSON on the destination, requests included", () => {
    const { logger, lines } = capture();
    logger.info({ req: { method: "GET" } }, "incoming request");
    logger.info({ event: "started" }, "Entrada is running at http://127.0.0.1:3000");
    expect(lines.map((line) => line.msg)).toEqual(["incoming request", "Entrada is running at http://127.0.0.1:3000"]);
  });
});
