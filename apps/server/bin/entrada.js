#!/usr/bin/env node
// `npx entrada`: Entrada's operator CLI. The sources are TypeScript, run through tsx as `npm start`
// runs the server; the commands are in src/cli/entrada.ts.
import { register } from "tsx/esm/api";

register();
const { runCli } = await import("../src/cli/entrada.ts");
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
