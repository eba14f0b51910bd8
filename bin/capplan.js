#!/usr/bin/env node
// capplan launcher: checks the Node version, then runs the bundled CLI (dist/main.cjs) with its
// compiled code cached between runs. Node 22.1 and later have a compile cache of their own
// (module.enableCompileCache); on older Node the launcher keeps a V8 code cache per command
// (docs/development.md, "Start-up"). Any trouble with a cache only costs speed: the bundle then
// loads as it would without one.
// A CommonJS script (bin/package.json says so): Node starts one a few milliseconds sooner than an
// ES module.
const { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { homedir } = require('node:os');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const [major, minor] = process.versions.node.split('.').map(Number);
const bundle = join(__dirname, '..', 'dist', 'main.cjs');
/** Commands with a cache of their own; other first arguments (options, typos) share one. Kept equal to the registered commands (test/cli/launcher.test.ts). */
const COMMANDS = new Set(['catalog', 'check', 'completion', 'diff', 'emit', 'fit', 'init', 'observe', 'plan', 'report', 'runway', 'simulate', 'size', 'sweep', 'validate']);
/** The caches of runs that read no profile, load test or recording: a few MiB allocated in all (shortRunFlags). */
const SMALL_RUNS = new Set(['catalog', 'completion', 'init', 'main', 'size']);

if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`capplan needs Node.js 20.19 or newer (this is ${process.versions.node}).\n`);
  process.exitCode = 2;
} else if (typeof Module.enableCompileCache === 'function') {
  try {
    Module.enableCompileCache();
  } catch {
    // A cache that cannot be written (read-only home, no tmp) only costs speed.
  }
  require(bundle);
} else {
  if (major < 22 && !process.env.CAPPLAN_V8_DEFAULTS) shortRunFlags(cacheCommand());
  if (process.env.NODE_DISABLE_COMPILE_CACHE || !runCached()) require(bundle);
}

/**
 * V8 flags for a short run, set on Node < 22 before the bundle is compiled (so the code cache is
 * made and checked under the same flags); CAPPLAN_V8_DEFAULTS=1 keeps V8's defaults, to compare.
 *
 * Node 20's V8 (11.3) sends a function to its optimising compiler (TurboFan) after a fixed
 * "interrupt budget" of executed bytecode, 66 KiB. A capplan run is short and runs much of its
 * code a few hundred times (the YAML lexer per token, zod per field): TurboFan then compiles code
 * that is thrown away when the process ends, on the same two cores. Eight times the budget keeps
 * that code in the interpreter and Sparkplug until it is really hot. Measured (CPU user+sys,
 * docs/development.md, "Speed"): plan of the largest bundled profile 267 -> 219 ms, of 1,000
 * synthetic components 1.31 -> 1.00 s, of 5,000 x 20 27.6 -> 26.8 s. Node 22 has another tier
 * (Maglev) and other thresholds, so the flags are set only before 22.
 *
 * `command` is the run's cache (cacheCommand): the flags, which V8's code cache checks, are the same for every run that reads it.
 *
 * The young generation starts at 1 MiB and V8 doubles it after a scavenge that keeps much alive:
 * a plan's schemas, catalog and parsed profile survive ten scavenges on the way, the survivors
 * fill the old generation, and V8 starts incremental marking that ends in a full mark-compact
 * after the plan is written (concurrent marking on the second core, then ~4 ms on the main
 * thread). Growing it eightfold (round four: plan of the largest bundled profile 209 -> 194 ms of
 * CPU, no mark-compact) took it to 8 MiB; sixteenfold takes it to its maximum, 16 MiB, in one
 * step (which only a flag at Node's start can change: --max-semi-space-size set here is ignored):
 * that plan then has three scavenges instead of four, 122 -> 117 ms of CPU without the
 * certificates, 1,000 components 593 -> 560 ms, 5,000 x 20 peak RSS 243 -> 252 MiB (round ten,
 * docs/development.md). A command that reads no profile (SMALL_RUNS: `size`, `catalog`, `init`,
 * `completion`, help and version) allocates a few MiB in all and ends after its second
 * scavenge, which is where the growth happens: setting up two 16 MiB semi-spaces made that
 * scavenge ~2.9 instead of ~1.3 ms (`--trace-gc`, nine runs each: `size` 3.8 -> 2.0 ms of
 * collection, `--help` 3.9 -> 2.4 ms, two scavenges either way). Those grow fourfold; a plan of
 * the largest bundled profile, so grown, took five scavenges instead of two (3.5 -> 8.6 ms), and
 * 1,000 components ten to twelve instead of nine (round twenty-five).
 *
 * After a mark-compact V8 lets the old generation grow to 4× what survived (its largest factor,
 * chosen whenever collecting is slow beside allocating, as in a plan of thousands of components):
 * a 5,000-component, 20-phase plan with ~65 MB live peaked at 373 MiB. 150 % growth (a factor of
 * 2.5) brings it to ~285 MiB, 1,000 × 20 from 182 to 157 MiB; CPU of those and of the bundled
 * plans within noise (round five). Short runs never reach a mark-compact, so they do not see it.
 *
 * V8 also collects in tasks of its own: a scavenge when the young generation is 80 % full, and
 * steps of incremental marking, run when the main thread waits for the event loop. A run waits
 * there once, after its output is written, and the collection then only delays the exit: a plan of
 * the largest bundled profile ended with a 2.7 ms scavenge, one of 1,000 components with a scavenge
 * and a mark-compact (6.5 ms). Without the tasks, collections come when allocation asks for them,
 * as they do anyway while a run computes: that plan executes 12 M fewer instructions of ~428 M
 * (callgrind, three runs each, `npm run bench -- --only instructions`); 5,000 x 20 within noise
 * in time and peak memory (round ten, docs/development.md).
 *
 * V8 drops the bytecode of functions unused over a few mark-compacts (bytecode flushing). The
 * code cache is written when a command's first successful run ends, and holds only the functions
 * that still have bytecode then: after a first plan of 5,000 components x 20 phases (many
 * mark-compacts) the plan cache held 809 KB instead of 1.19 MB, and every later plan of the
 * largest bundled profile took 329 instead of 250 ms of CPU, compiling the rest itself. A run is
 * short, so its bytecode is kept (peak RSS of that large plan 273 -> 276 MiB).
 */
function shortRunFlags(command) {
  try {
    const v8 = v8Flags();
    v8.setFlagsFromString('--interrupt-budget=540672');
    if (SMALL_RUNS.has(command)) v8.setFlagsFromString('--semi-space-growth-factor=4');
    else v8.setFlagsFromString('--semi-space-growth-factor=16');
    v8.setFlagsFromString('--heap-growing-percent=150');
    v8.setFlagsFromString('--no-flush-bytecode');
    v8.setFlagsFromString('--no-minor-gc-task');
    v8.setFlagsFromString('--no-incremental-marking-task');
  } catch {
    // Only speed is at stake.
  }
}

/**
 * The setter of V8's flags. `node:v8` would also load Node's stream modules (its heap snapshot
 * streams), which nothing else in a run needs: ~3 ms of the start. Its binding alone sets the
 * same flags; reading it is deprecated (DEP0111), so the warning is held back for that one read.
 */
function v8Flags() {
  const quiet = process.noDeprecation;
  process.noDeprecation = true;
  try {
    const binding = process.binding('v8');
    if (typeof binding.setFlagsFromString === 'function') return binding;
  } catch {
    // Not there in this Node: the public module sets the same flags.
  } finally {
    process.noDeprecation = quiet;
  }
  return require('node:v8');
}

/**
 * Runs the bundle as a script compiled with the V8 code cache of this command, and writes the
 * cache at the end of a run that succeeded when there was none (or V8 refused it). The cache's name holds what it depends
 * on: the bundle's hash (dist/build.json), size and time, the Node version and architecture, the
 * installation and the command; V8 refuses data from another V8 or other flags itself. False when the script
 * could not be prepared (then nothing has run).
 */
function runCached() {
  let fn;
  let script;
  let file;
  let cached;
  try {
    const { sha256 } = JSON.parse(readFileSync(join(__dirname, '..', 'dist', 'build.json'), 'utf8'));
    const stat = statSync(bundle);
    // Help and the version read `capplan --help`'s cache and write none (helpOrVersion).
    const help = helpOrVersion();
    const command = cacheCommand();
    const prefix = `${sha256.slice(0, 16)}-${stat.size}-${Math.trunc(stat.mtimeMs)}-node${process.versions.node}-${process.arch}`;
    // The installation's own tag: several installations (a global one, a project's, checkouts
    // side by side) share the cache directory without dropping each other's caches.
    const suffix = `-${installTag(bundle)}-${command}.v8`;
    file = join(cacheDir(), `${prefix}${suffix}`);
    try {
      cached = readFileSync(file);
    } catch {
      cached = undefined;
    }
    script = new vm.Script(wrappedBundle(), { filename: bundle, cachedData: cached });
    fn = script.runInThisContext();
    // Only a run that did its work (exit 0, or 1 for a gate) writes the cache, which then holds
    // the code that work ran: the cache is written once, and a first run that stopped at a usage
    // error or a bad profile would leave the next hundred runs compiling the rest themselves.
    if (!help && (cached === undefined || script.cachedDataRejected)) process.once('exit', (code) => code <= 1 && writeCache(file, script, suffix));
  } catch {
    return false;
  }
  const exports = {};
  fn.call(exports, exports, Module.createRequire(bundle), { exports, filename: bundle, id: bundle }, bundle, dirname(bundle));
  return true;
}

/**
 * The bundle's source inside Node's module wrapper (what `Module.wrap` returns), read into one
 * buffer between the wrapper's two parts. `Module.wrap(text)` joins three strings, and V8 then
 * copies the joined 1.2 MB into one flat string before compiling: ~340 pages of memory touched
 * for the first time on every run (page faults, measured with /usr/bin/time: 8,070 -> 7,734 for a
 * plan of the largest bundled profile). The bundle is pure ASCII (scripts/build.mjs fails on any
 * other byte), so latin1 reads the same string without UTF-8 decoding: 1.1 MB in ~0.4 instead of
 * ~3.7 ms.
 */
function wrappedBundle() {
  const [head, tail] = Module.wrapper;
  const fd = openSync(bundle, 'r');
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.allocUnsafeSlow(head.length + size + tail.length);
    let at = buffer.latin1Write(head, 0);
    for (let n; at < head.length + size && (n = readSync(fd, buffer, at, head.length + size - at, null)) > 0;) at += n;
    at += buffer.latin1Write(tail, at);
    return buffer.latin1Slice(0, at);
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether the run prints a command's help or the version. A command's help runs commander and
 * nothing of the command: it reads the cache of `capplan --help` (which registers every command)
 * and writes none. Nor does `capplan --version`, which registers no command: its cache would
 * leave `--help` to compile the commands' registration on every run.
 */
function helpOrVersion() {
  return (COMMANDS.has(process.argv[2]) && process.argv.slice(3).some((a) => a === '--help' || a === '-h')) || process.argv[2] === '--version' || process.argv[2] === '-V';
}

/** The command whose code cache the run reads: its first argument when that names a command (not for help), else `main`. */
function cacheCommand() {
  return COMMANDS.has(process.argv[2]) && !helpOrVersion() ? process.argv[2] : 'main';
}

/** Eight hex digits naming the bundle's path (32-bit FNV-1a of its UTF-16 code units). */
function installTag(path) {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** Where the caches live: $NODE_COMPILE_CACHE/capplan when set, else the user's cache directory. */
function cacheDir() {
  if (process.env.NODE_COMPILE_CACHE) return join(process.env.NODE_COMPILE_CACHE, 'capplan');
  if (process.platform === 'win32') return join(process.env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local'), 'capplan', 'cache');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'capplan');
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'capplan');
}

/** Caches of other installations not written for this long are dropped when a cache is written. */
const STALE_MS = 30 * 24 * 3600 * 1000;

/**
 * Writes the script's code cache atomically (a private directory, a temporary file renamed),
 * dropping this command's caches of other builds, and any cache file (or temporary file left by
 * a killed write) that no installation has written for 30 days: each `npx capplan@VERSION` is an
 * installation of its own, whose caches (~1 MB a command) no later build replaces. Only a write
 * looks, so a run that reads its cache pays nothing; a cache dropped while still in use is
 * written again by its next run. Silent on failure.
 */
function writeCache(file, script, suffix) {
  try {
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    renameSync(tmp, file);
    const now = Date.now();
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (path === file || !(name.endsWith('.v8') || name.endsWith('.tmp'))) continue;
      try {
        if (name.endsWith(suffix) || now - statSync(path).mtimeMs > STALE_MS) unlinkSync(path);
      } catch {
        // Gone already (another run dropped it), or not ours to drop.
      }
    }
  } catch {
    // No cache this time: the next run compiles again.
  }
}
