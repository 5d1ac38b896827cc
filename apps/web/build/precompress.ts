import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { Plugin } from "vite";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** What is worth compressing: text. Images (PNG) and source maps (fetched only by DevTools) are not. */
const compressible = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt)$/;
/** Below this a compressed copy saves less than its headers cost. */
const minimumBytes = 1024;

/** Options of {@link precompress}. */
export type PrecompressOptions = {
  /** Files smaller than this many bytes are left alone. Default 1 KiB. */
  minimumBytes?: number;
};

/**
 * A Vite plugin that writes a brotli (`.br`, quality 11) and a gzip (`.gz`, level 9) copy beside each
 * text file of the build, once, when the bundle is written. The server sends whichever the browser
 * accepts (`@fastify/static`'s `preCompressed`), so no request pays for compression, and the strongest
 * settings cost only build time. A copy that is not smaller than the file is not written.
 *
 * @example
 * export default defineConfig({ plugins: [react(), precompress()] });
 */
export function precompress(options: PrecompressOptions = {}): Plugin {
  const threshold = options.minimumBytes ?? minimumBytes;
  let outDir = "dist";
  return {
    name: "entrada:precompress",
    apply: "build",
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    async closeBundle() {
      const files = (await readdir(outDir, { recursive: true })).map((name) => join(outDir, String(name)));
      await Promise.all(
        files
          .filter((file) => compressible.test(file))
          .map(async (file) => {
            if ((await stat(file)).size < threshold) return;
            const content = await readFile(file);
            const [br, gz] = await Promise.all([
              brotli(content, {
                params: {
                  [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
                  [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
                },
              }),
              gzipAsync(content, { level: constants.Z_BEST_COMPRESSION }),
            ]);
            if (br.length < content.length) await writeFile(`${file}.br`, br);
            if (gz.length < content.length) await writeFile(`${file}.gz`, gz);
          }),
      );
    },
  };
}
