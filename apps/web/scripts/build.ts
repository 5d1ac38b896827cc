/**
 * Builds the web app into `dist/` with Vite, which the API server serves. Skipped when nothing that
 * goes into the bundle (the app, or the workspace code it imports) changed since the last build (a content hash is kept in `dist/.build-hash`),
 * so `npm start` and `npm test` cost a second, not a bundle, when the app is unchanged.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "dist");
const hashFile = join(outDir, ".build-hash");

function listFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) =>
    /\.test\.tsx?$/.test(entry.name) ? [] : listFiles(join(path, entry.name)),
  );
}

// The bundle also takes code from workspace packages (core, the identity browser entry, the contract
// ABIs): a change there must rebuild it too.
const repository = join(root, "..", "..");
const inputs = [
  ...["src", "public", "build", "index.html", "vite.config.ts", "package.json", "scripts/build.ts"].map((name) =>
    join(root, name),
  ),
  ...["packages/core/src", "packages/identity/src", "contracts/abis.ts", "contracts/generated"].map((name) =>
    join(repository, name),
  ),
]
  .flatMap((path) => listFiles(path))
  .sort();
const hash = createHash("sha256");
for (const file of inputs) hash.update(relative(repository, file)).update("\0").update(readFileSync(file)).update("\0");
const digest = hash.digest("hex");

if (existsSync(hashFile) && readFileSync(hashFile, "utf8") === digest && existsSync(join(outDir, "index.html"))) {
  console.log("web: up to date");
} else {
  const started = Date.now();
  await build({ root, configFile: join(root, "vite.config.ts"), logLevel: "warn" });
  writeFileSync(hashFile, digest);
  console.log(`web: built into dist/ in ${Date.now() - started} ms`);
}
