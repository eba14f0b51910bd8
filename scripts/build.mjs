// Bundles the CLI with esbuild: dist/main.cjs (every command), dist/mathjs.cjs (loaded only for
// expressions and unusual units), dist/simulate-worker.cjs (the simulator's threads), and
// dist/build.json (the bundle's hash, which keys bin/capplan.js's code cache).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
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

/**
 * chalk detects colour support when it loads (its vendored supports-color reads the environment
 * and requires node:tty, which brings node:net and node:stream: ~4 ms of every start). capplan
 * never uses that answer: src/cli/colors.ts decides the level and always passes it to `new
 * Chalk({ level })`. In the bundle chalk's `#supports-color` says "no colour" for chalk's own
 * default instances, which capplan does not use.
 */
const noColorDetection = {
  name: 'no-color-detection',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, (args) => (/node_modules[\\/]chalk[\\/]/.test(args.importer) ? { path: 'supports-color', namespace: 'capplan-stub-colors' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'capplan-stub-colors' }, () => ({ contents: 'export default { stdout: false, stderr: false };', loader: 'js' }));
  },
};

/**
 * commander requires node:child_process at load (~2 ms of every start) for executable
 * subcommands, which capplan has none of: in the bundle its child_process is a stand-in that
 * loads the real module only if something calls into it.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) => (/node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'capplan-lazy' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'capplan-lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => process.getBuiltinModule('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

/**
 * yaml's parser reads process.env.LOG_TOKENS once per token (its composer reads LOG_STREAM once
 * per document), to print them for yaml's own debugging. process.env is a slow host lookup: on a
 * 1,000-component profile (~100,000 tokens) it was a quarter of the parse (--cpu-prof: the
 * parser's `next` the largest self time). In the bundle these switches are off; capplan never
 * wants yaml printing to its stdout anyway. The build fails if yaml's text changes under it.
 */
const yamlNoEnvLogs = {
  name: 'yaml-no-env-logs',
  setup(b) {
    b.onLoad({ filter: /node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const out = text.replace(/\bnode_process\.env\.LOG_(TOKENS|STREAM)\b/g, 'false');
      if (out === text) throw new Error(`yaml-no-env-logs: no LOG_TOKENS/LOG_STREAM switch in ${args.path}; check the plugin against this yaml version`);
      return { contents: out, loader: 'js' };
    });
  },
};

/**
 * The bundle is pure ASCII: V8 then holds its source as a one-byte string and Node decodes it on
 * the fast path (reading dist/main.cjs 3.4 -> 2.1 ms, measured). esbuild escapes non-ASCII
 * characters in strings, templates and names (its default `charset: 'ascii'`) but leaves regular
 * expression literals as written, so this plugin writes each non-ASCII code unit in a regular
 * expression literal of capplan's own TypeScript as a \uXXXX escape, which matches the same
 * character with or without the u flag (a surrogate pair is one code point under u). The regular
 * expressions' `.source` changes; capplan reads none. `assertAscii` below fails the build on any
 * non-ASCII byte left (another literal kind, a dependency's regular expression).
 */
const asciiRegexps = {
  name: 'ascii-regexps',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!/\/[^\n]*[^\x00-\x7f]/.test(text)) return undefined;
      const out = escapeRegexpLiterals(text, args.path, (await import('typescript')).default);
      return out === text ? undefined : { contents: out, loader: 'ts' };
    });
  },
};

/** The text with every non-ASCII UTF-16 code unit inside a regular expression literal written as \uXXXX (TypeScript's parser finds the literals). */
function escapeRegexpLiterals(text, path, ts) {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const spans = [];
  const visit = (node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) spans.push([node.getStart(file), node.end]);
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    const literal = text.slice(start, end);
    out += text.slice(at, start);
    out += literal.replace(/(\\*)([^\x00-\x7f])/g, (m, slashes, ch) => {
      // `\×` (an identity escape) would become `\\u00D7`: not the same pattern; write it plainly in the source.
      if (slashes.length % 2 === 1) throw new Error(`ascii-regexps: ${path}: escaped non-ASCII character in ${literal}; drop the backslash`);
      return `${slashes}\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    });
    at = end;
  }
  return out + text.slice(at);
}

/** Fails the build when an output file holds a byte above 0x7F (see asciiRegexps). */
async function assertAscii(path) {
  const bytes = await readFile(new URL(`../${path}`, import.meta.url));
  const i = bytes.findIndex((x) => x > 0x7f);
  if (i >= 0) {
    const line = bytes.subarray(0, i).toString('latin1').split('\n').length;
    throw new Error(`${path} is not pure ASCII: a non-ASCII byte on line ${line} near ${JSON.stringify(bytes.subarray(Math.max(0, i - 40), i + 20).toString('utf8'))} (see asciiRegexps in scripts/build.mjs)`);
  }
}

await rm(new URL('../dist/', import.meta.url), { recursive: true, force: true });
const define = { __CAPPLAN_VERSION__: JSON.stringify(pkg.version), __CAPPLAN_BUGS_URL__: JSON.stringify((typeof pkg.bugs === 'string' ? pkg.bugs : pkg.bugs?.url) ?? null) };
const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: !readable,
  legalComments: 'none',
  logLevel: 'warning',
  // jsonc-parser's `main` is a UMD wrapper whose require() calls esbuild cannot follow; its ESM build bundles.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

/**
 * mathjs (a reduced instance: the parser, units and the allowed arithmetic) is a file of its own,
 * loaded only when a profile holds an expression or an unusual unit: in dist/main.cjs every
 * import of src/units/mathjs-factories.ts (or of 'mathjs' itself) is a require of ./mathjs.cjs.
 */
const mathjsAlone = {
  name: 'mathjs-alone',
  setup(b) {
    b.onResolve({ filter: /^(mathjs|\.\/mathjs-factories\.js)$/ }, () => ({ path: './mathjs.cjs', external: true }));
  },
};

/*
 * The CLI is one CommonJS file (dist/main.cjs) with every command in it, each module initialised
 * only when a command first imports it. One file loads faster than ~30 linked ESM chunks, and a
 * script (unlike an ES module) can be compiled with a V8 code cache: bin/capplan.js keeps one per
 * command for Node < 22 (Node 22's own compile cache does the same for it). The code CommonJS
 * cannot express is defined away: import.meta.url is the file's URL, set from __filename.
 */
const result = await build({
  ...common,
  metafile: true,
  entryPoints: { main: 'src/cli/run.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  banner: { js: "var __capplan_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  define: { ...define, 'import.meta.url': '__capplan_import_meta_url' },
  plugins: [jsonParsePlugin, noColorsPlugin, measurePlugin, mathjsAlone, lazyChildProcess, yamlNoEnvLogs, noColorDetection, asciiRegexps],
});
const maths = await build({
  ...common,
  metafile: true,
  stdin: { contents: `export * from ${JSON.stringify(fileURLToPath(new URL('../src/units/mathjs-factories.ts', import.meta.url)))};`, resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'ts' },
  outfile: 'dist/mathjs.cjs',
  plugins: [asciiRegexps],
});
// The simulator's worker threads load their own entry (the simulator is bundled in it again).
const worker = await build({
  ...common,
  metafile: true,
  entryPoints: { 'simulate-worker': 'src/cli/simulate-worker.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  define,
  plugins: [asciiRegexps],
});
// The readable build keeps comments, which may be in any language.
if (!readable) for (const path of ['dist/main.cjs', 'dist/mathjs.cjs', 'dist/simulate-worker.cjs']) await assertAscii(path);

/*
 * What bin/capplan.js keys its code cache by: a hash of the bundle's bytes (with the Node version
 * and the file's size and time, so that no cache outlives the code it was made from).
 */
const bundleBytes = await readFile(new URL('../dist/main.cjs', import.meta.url));
await writeFile(new URL('../dist/build.json', import.meta.url), `${JSON.stringify({ version: pkg.version, sha256: createHash('sha256').update(bundleBytes).digest('hex') })}\n`);

/*
 * The bundle contains other people's code; their licences travel with it. One file lists each
 * bundled npm package with its licence text, then the Apache License 2.0 that the price
 * catalog's data sources use (see NOTICE.md).
 */
const packages = new Set();
for (const output of [result, maths, worker].flatMap((r) => Object.values(r.metafile.outputs))) {
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
