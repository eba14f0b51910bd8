// Bundles the CLI with esbuild: one entry (dist/main.js) plus lazily loaded chunks, so that
// heavy modules (mathjs) are parsed only by the commands that need them.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

// `--readable`: names kept and not minified, for reading CPU profiles (`node --cpu-prof`).
const readable = process.argv.includes('--readable');
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

/**
 * cli-table3 colours its borders and headers through @colors/colors only when given style names;
 * capplan passes none (colours come from its own palette), so the package is left out of the
 * bundle: an empty module stands in for it, and cli-table3's try/catch would fall back anyway.
 */
const noColorsPlugin = {
  name: 'no-colors',
  setup(b) {
    b.onResolve({ filter: /^@colors\/colors/ }, (args) => ({ path: args.path, namespace: 'capplan-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'capplan-stub' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

/**
 * cli-table3 measures every cell several times with string-width 4, which compiles its ANSI and
 * emoji regular expressions on each call (~40 % of a plan's rendering, measured with
 * --cpu-prof). In the bundle its `string-width` is capplan's measure.ts: the same widths,
 * plain ASCII counted directly and everything else measured once by the real string-width.
 */
const measurePlugin = {
  name: 'measure',
  setup(b) {
    const measure = fileURLToPath(new URL('../src/render/measure.ts', import.meta.url));
    b.onResolve({ filter: /^string-width$/ }, (args) => (args.importer === measure ? undefined : { path: 'string-width', namespace: 'capplan-measure' }));
    // cli-table3 require()s a function; the shim hands it measureWidth.
    b.onLoad({ filter: /.*/, namespace: 'capplan-measure' }, () => ({
      contents: `const { measureWidth } = require(${JSON.stringify(measure)}); module.exports = measureWidth; module.exports.default = measureWidth;`,
      loader: 'js',
      resolveDir: dirname(measure),
    }));
  },
};

await rm(new URL('../dist/', import.meta.url), { recursive: true, force: true });
const result = await build({
  metafile: true,
  // The simulator's worker threads load their own entry (it shares the simulator's chunk).
  entryPoints: { main: 'src/cli/run.ts', 'simulate-worker': 'src/cli/simulate-worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: !readable,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // CJS dependencies (commander, yaml) call require(); ESM output needs one defined.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  // The bug-report line names package.json's `bugs` URL when it has one, and no URL otherwise.
  define: { __CAPPLAN_VERSION__: JSON.stringify(pkg.version), __CAPPLAN_BUGS_URL__: JSON.stringify((typeof pkg.bugs === 'string' ? pkg.bugs : pkg.bugs?.url) ?? null) },
  // jsonc-parser's `main` is a UMD wrapper whose require() calls esbuild cannot follow; its ESM build bundles.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  logLevel: 'warning',
  plugins: [jsonParsePlugin, noColorsPlugin, measurePlugin],
});

/*
 * The bundle contains other people's code; their licences travel with it. One file lists each
 * bundled npm package with its licence text, then the Apache License 2.0 that the price
 * catalog's data sources use (see NOTICE.md).
 */
const packages = new Set();
for (const output of Object.values(result.metafile.outputs)) {
  for (const input of Object.keys(output.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) packages.add(m[1]);
  }
}
const sections = [];
for (const name of [...packages].sort()) {
  const dir = new URL(`../node_modules/${name}/`, import.meta.url);
  const meta = JSON.parse(await readFile(new URL('package.json', dir), 'utf8'));
  const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'license.md', 'LICENCE'].find((f) => existsSync(new URL(f, dir)));
  const text = file ? (await readFile(new URL(file, dir), 'utf8')).trim() : `(no licence file; package.json says ${meta.license})`;
  sections.push(`${name} ${meta.version} (${meta.license})\n\n${text}`);
}
const apache = await readFile(new URL('../data/reference/pricing/licenses/Apache-2.0.txt', import.meta.url), 'utf8');
sections.push(`Price catalog data (Apache-2.0 sources, see NOTICE.md)\n\n${apache.trim()}`);
await writeFile(new URL('../dist/THIRD-PARTY-LICENSES.txt', import.meta.url), `${sections.join(`\n\n${'-'.repeat(78)}\n\n`)}\n`);
