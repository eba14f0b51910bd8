// Bundles the CLI with esbuild: one entry (dist/main.js) plus lazily loaded chunks, so that
// heavy modules (mathjs) are parsed only by the commands that need them.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * Large JSON data (the price catalog) ships as JSON.parse('...'): V8 parses a JSON string faster
 * than the same data as a JavaScript object literal.
 */
const jsonParsePlugin = {
  name: 'json-parse',
  setup(b) {
    b.onLoad({ filter: /catalog-data\.json$/ }, async (args) => {
      const text = JSON.stringify(JSON.parse(await readFile(args.path, 'utf8')));
      return { contents: `export default JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
    });
  },
};

await rm(new URL('../dist/', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/cli/run.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // CJS dependencies (commander, yaml) call require(); ESM output needs one defined.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  define: { __CAPPLAN_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
  plugins: [jsonParsePlugin],
});
