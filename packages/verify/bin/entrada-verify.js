#!/usr/bin/env node
// `npx entrada-verify <seal> --keys <url-or-file>`: verify an e-visa's seal. The sources are TypeScript,
// run through tsx as `npx entrada` runs the server's CLI; the command is in src/cli.ts.
import { register } from "tsx/esm/api";

register();
const { runVerifyCli } = await import("../src/cli.ts");
process.exitCode = await runVerifyCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  stdin: async () => {
    let text = "";
    for await (const chunk of process.stdin) text += chunk;
    return text;
  },
});
