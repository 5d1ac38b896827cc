import { Writable } from "node:stream";
import { expect, test } from "vitest";
import { createLogger } from "./createLogger.ts";

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
