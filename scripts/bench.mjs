// `npm run bench`: capplan's speed targets (issue 18), each printed beside its bar with the
// measured value and their ratio. The machine is shared, so commands run interleaved (one of
// each per round, drift hits all alike), warm-up rounds are dropped, and the figures are medians
// with their spread; start-up is compared with `node -e 0` run in the same round (paired).
//
// Sections (all by default; `--only a,b` picks some):
//   startup  node -e 0, --help, size, validate and plan of the largest bundled profile
//   scale    plan of synthetic profiles (scripts/synthetic-profile.mjs), 10 … 5,000 components
//            × 1 and 20 phases: wall time, peak memory and CPU time (scale, emit and fit run
//            under scripts/bench/peak-rss.cjs, which adds ~2 ms; their bars are on wall time,
//            the CPU time beside it says how much of the wall time was waiting on a busy machine)
//   emit     emit k8s of 1,000 synthetic components
//   fit      fit of a 100,000-row load-test CSV
//   kernels  in-process: bin-packing 200,000 pods, Erlang B/C of huge pools, former timed tests
//   explore  sweep, runway and plan --uncertain on the largest bundled profile
//   commands every command that reads a profile (validate, plan --json/--explain/markdown, emit,
//            check, diff, runway, sweep, report, simulate) on 1,000 and 5,000 synthetic
//            components: the growth exponent of each, barred at 1.25 (linear is 1, start-up pulls
//            it under): a lookup by scan in a per-component loop shows up here as 1.5–2
//   simulate 10^6 simulated requests (CPU time)
//   instructions (only when named) the start-up commands' instructions under Valgrind's callgrind,
//            with and without NODE_EXTRA_CA_CERTS: a count the machine's load does not move
//            (scripts/bench/instructions.mjs), to tell whether a change to start-up paid
//
// Usage: node scripts/bench.mjs [--runs N] [--warmup N] [--scale-runs N] [--sim-runs N]
//                              [--only LIST] [--json]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticProfile } from './synthetic-profile.mjs';
import { fitRowsCsv } from './bench/fit-rows.mjs';
import { countInstructions, hasValgrind } from './bench/instructions.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'capplan.js');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const runs = Number(opt('--runs', 21));
const warmup = Number(opt('--warmup', 3));
const scaleRuns = Number(opt('--scale-runs', 3));
const simRuns = Number(opt('--sim-runs', 3));
const asJson = args.includes('--json');
const SECTIONS = ['startup', 'scale', 'emit', 'fit', 'kernels', 'explore', 'commands', 'simulate'];
/** Sections run only when --only names them (slow, and not a bar). */
const ON_REQUEST = ['instructions'];
const only = new Set(opt('--only', SECTIONS.join(',')).split(','));
for (const s of only) {
  if (!SECTIONS.includes(s) && !ON_REQUEST.includes(s)) {
    process.stderr.write(`bench: unknown section "${s}" (sections: ${[...SECTIONS, ...ON_REQUEST].join(', ')})\n`);
    process.exit(2);
  }
}

if (!existsSync(join(root, 'dist', 'main.cjs'))) {
  process.stderr.write('bench: dist/main.cjs is missing; run `npm run build` first\n');
  process.exit(2);
}

const scratch = mkdtempSync(join(tmpdir(), 'capplan-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
const env = { ...process.env, NO_COLOR: '1' };
delete env.FORCE_COLOR;
const rssPreload = join(root, 'scripts', 'bench', 'peak-rss.cjs');
const rssFile = join(scratch, 'rss');

/** Every target: what, measured, bar, unit; printed together at the end. */
const targets = [];
const target = (name, measured, bar, unit, spread = '') => targets.push({ name, measured, bar, unit, spread, met: measured <= bar });
const report = { node: process.version, extraCaCerts: Boolean(process.env.NODE_EXTRA_CA_CERTS), loadAverageAtStart: loadavg(), sections: {} };
const lines = [];
const say = (s = '') => lines.push(s);

/** Runs one command; returns wall ms (and peak RSS bytes with `rss`). Exits the bench when the command fails. */
function once(argv, { okStatus = [0], rss = false, childEnv = env } = {}) {
  const full = rss ? ['-r', rssPreload, ...argv] : argv;
  if (rss) rmSync(rssFile, { force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, full, { env: rss ? { ...childEnv, CAPPLAN_BENCH_RSS_FILE: rssFile } : childEnv, stdio: ['ignore', 'ignore', 'pipe'], cwd: root, maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!okStatus.includes(r.status)) {
    // The bench goes on (the command's targets print as failed) and exits 1 at the end.
    process.stderr.write(`bench: node ${argv.join(' ')} exited ${r.status}\n${String(r.stderr).slice(0, 4000)}\n`);
    process.exitCode = 1;
    return { ms: Number.NaN, rssBytes: null, cpuMs: null, failed: true };
  }
  const [rssBytes, cpuUs] = rss && existsSync(rssFile) ? readFileSync(rssFile, 'utf8').split(' ').map(Number) : [null, null];
  return { ms, rssBytes, cpuMs: cpuUs === null ? null : cpuUs / 1000, failed: false };
}

const median = (xs) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** The p-quantile of xs (linear between order statistics). */
const quantile = (xs, p) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * p;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo);
};
const fmt = (x, digits = 1) => x.toFixed(digits);

/** Interleaved rounds of several commands; per command its times (warm-up dropped; a command that failed once is not run again and has no times, so its median is NaN). */
function interleaved(cases, rounds, warm, opts = {}) {
  const times = cases.map(() => []);
  const rss = cases.map(() => []);
  const cpu = cases.map(() => []);
  const failed = cases.map(() => false);
  for (let round = 0; round < warm + rounds; round++) {
    cases.forEach((c, i) => {
      if (failed[i]) return;
      const r = once(c.argv, { okStatus: c.okStatus, rss: opts.rss, childEnv: c.env ?? env });
      if (r.failed) {
        failed[i] = true;
        times[i] = [];
        rss[i] = [];
        cpu[i] = [];
        return;
      }
      if (round >= warm) {
        times[i].push(r.ms);
        if (r.rssBytes !== null) rss[i].push(r.rssBytes);
        if (r.cpuMs !== null) cpu[i].push(r.cpuMs);
      }
    });
  }
  return { times, rss, cpu };
}

/** The largest bundled profile by bytes (templates included). */
function largestProfile() {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(name)) files.push({ path, bytes: statSync(path).size });
    }
  };
  walk(join(root, 'profiles'));
  files.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  return files[0];
}
const largest = largestProfile();
const largestRel = relative(root, largest.path);

// ---------------------------------------------------------------------------------------------
if (only.has('startup')) {
  const cases = [
    { name: 'node -e 0', argv: ['-e', '0'] },
    { name: 'capplan --help', argv: [bin, '--help'], bar: 1.5 },
    { name: 'capplan size --rps 800 --service-time 20ms --workers 4 --latency-p95 100ms', argv: [bin, 'size', '--rps', '800', '--service-time', '20ms', '--workers', '4', '--latency-p95', '100ms'], bar: 1.5 },
    { name: `capplan validate ${largestRel}`, argv: [bin, 'validate', largest.path] },
    { name: `capplan plan ${largestRel} (${largest.bytes} B)`, argv: [bin, 'plan', largest.path], okStatus: [0, 1], bar: 2 },
  ];
  // NODE_EXTRA_CA_CERTS (set on the machines the bars were set on) makes Node read and parse the
  // certificates before any script runs: ~70 ms added to every start here, node -e 0's included. Adding
  // the same constant to both sides of a ratio brings it nearer 1, so the same commands also run,
  // in the same rounds, without it: the ratios a machine without the variable sees, printed beside
  // the bars (which stay on the machine's own environment, as the issue measured them).
  const caFree = process.env.NODE_EXTRA_CA_CERTS ? { ...env } : null;
  if (caFree) delete caFree.NODE_EXTRA_CA_CERTS;
  const plain = cases.length;
  if (caFree) for (const c of cases.slice(0, plain)) if (c.name === 'node -e 0' || c.bar) cases.push({ ...c, env: caFree, bar: undefined, caFree: true });
  const { times } = interleaved(cases, runs, warmup);
  // Paired: each run's ratio to the `node -e 0` of its own round (and its own environment).
  const baseOf = (i) => (cases[i].caFree ? plain : 0);
  const ratios = times.map((t, i) => t.map((ms, r) => ms / times[baseOf(i)][r]));
  say(`Start-up: ${runs} interleaved rounds after ${warmup} warm-up; ratio = median of each round's time ÷ that round's node -e 0`);
  const w = Math.max(...cases.map((c) => c.name.length));
  const rowOf = (c, i) => ({ name: c.name, medianMs: median(times[i]), p25Ms: quantile(times[i], 0.25), p75Ms: quantile(times[i], 0.75), ratio: median(ratios[i]), ratioP25: quantile(ratios[i], 0.25), ratioP75: quantile(ratios[i], 0.75) });
  const table = (from, to) => {
    say(`  ${'command'.padEnd(w)}  median ms   p25–p75 ms     × node -e 0 (p25–p75)`);
    return cases.slice(from, to).map((c, k) => {
      const row = rowOf(c, from + k);
      say(`  ${c.name.padEnd(w)}  ${fmt(row.medianMs).padStart(9)}  ${`${fmt(row.p25Ms, 0)}–${fmt(row.p75Ms, 0)}`.padStart(11)}  ${fmt(row.ratio, 2).padStart(10)} (${fmt(row.ratioP25, 2)}–${fmt(row.ratioP75, 2)})`);
      if (c.bar) target(`${c.name.replace(/ --rps.*/, '')} ÷ node -e 0`, row.ratio, c.bar, '×', `p25–p75 ${fmt(row.ratioP25, 2)}–${fmt(row.ratioP75, 2)}${caFree ? `; ${fmt(median(ratios[cases.findIndex((d) => d.caFree && d.name === c.name)]), 2)}× without NODE_EXTRA_CA_CERTS` : ''}`);
      return row;
    });
  };
  if (caFree) say('  with NODE_EXTRA_CA_CERTS as this machine sets it (the bars):');
  const rows = table(0, plain);
  let caFreeRows = null;
  if (caFree) {
    say('  without NODE_EXTRA_CA_CERTS (same rounds; no bar):');
    caFreeRows = table(plain, cases.length);
    say(`  the certificates cost every Node start here ${fmt(rows[0].medianMs - caFreeRows[0].medianMs, 0)} ms; the absolute times below include them`);
  }
  report.sections.startup = { runs, warmup, rows, ...(caFreeRows ? { withoutExtraCaCerts: caFreeRows } : {}) };
  say();
}

// ---------------------------------------------------------------------------------------------
if (only.has('scale')) {
  const sizes = [10, 100, 1000, 5000];
  const phaseCounts = [1, 20];
  const dir = join(scratch, 'scale');
  mkdirSync(dir);
  const cases = [];
  for (const phases of phaseCounts) {
    for (const components of sizes) {
      const file = join(dir, `synthetic-${components}x${phases}.yaml`);
      writeFileSync(file, syntheticProfile({ components, phases, seed: 1 }));
      cases.push({ components, phases, file, bytes: statSync(file).size, argv: [bin, 'plan', file], okStatus: [0, 1] });
    }
  }
  const { times, rss, cpu } = interleaved(cases, scaleRuns, 1, { rss: true });
  say(`Scaling: capplan plan of synthetic profiles (scripts/synthetic-profile.mjs, seed 1), text output; median of ${scaleRuns} interleaved runs after one warm-up round`);
  say('  components × phases   profile    wall ms   (min–max)       peak RSS   µs per component-phase   CPU ms');
  const rows = cases.map((c, i) => {
    const row = { components: c.components, phases: c.phases, bytes: c.bytes, medianMs: median(times[i]), minMs: Math.min(...times[i]), maxMs: Math.max(...times[i]), peakRssBytes: rss[i].length ? median(rss[i]) : null, cpuMs: median(cpu[i]) };
    const perUnitUs = (row.medianMs * 1000) / (c.components * c.phases);
    say(`  ${`${c.components.toLocaleString('en-US')} × ${c.phases}`.padEnd(20)}  ${`${fmt(c.bytes / 1024, 0)} KiB`.padStart(9)}  ${fmt(row.medianMs, 0).padStart(8)}   (${fmt(row.minMs, 0)}–${fmt(row.maxMs, 0)})`.padEnd(58) + `${row.peakRssBytes === null ? '?' : `${fmt(row.peakRssBytes / 2 ** 20, 0)} MiB`}`.padStart(9) + `   ${fmt(perUnitUs, 0).padStart(8)}` + `${fmt(row.cpuMs, 0)}`.padStart(24));
    return row;
  });
  // Growth exponent between the two largest sizes at each phase count: 1 is linear.
  for (const phases of phaseCounts) {
    const a = rows.find((r) => r.components === 1000 && r.phases === phases);
    const b = rows.find((r) => r.components === 5000 && r.phases === phases);
    say(`  time grows as components^${fmt(Math.log(b.medianMs / a.medianMs) / Math.log(5), 2)} from 1,000 to 5,000 components at ${phases} phase${phases === 1 ? '' : 's'} (start-up included)`);
  }
  // The 1,000 × 1 bar (a third of a second) is read from runs of its own, as many as the start-up
  // commands get: three runs of the series move its median by ±10 % on this shared machine, and
  // a run of 6 s just before each heats the caches of its neighbours.
  // Beside it, interleaved, the same run without NODE_EXTRA_CA_CERTS where the machine sets it
  // (as the start-up section does): the certificates are read by Node before capplan starts, so
  // the difference is the machine's, not capplan's. The bar stays on the run as the machine has it.
  const smallCase = cases.find((c) => c.components === 1000 && c.phases === 1);
  const smallRuns = Math.max(scaleRuns, Math.ceil(runs / 2));
  const caFreeEnv = process.env.NODE_EXTRA_CA_CERTS ? { ...env } : null;
  if (caFreeEnv) delete caFreeEnv.NODE_EXTRA_CA_CERTS;
  const own = interleaved(caFreeEnv ? [smallCase, { ...smallCase, env: caFreeEnv }] : [smallCase], smallRuns, 1, { rss: true });
  const small = { medianMs: median(own.times[0]), minMs: Math.min(...own.times[0]), maxMs: Math.max(...own.times[0]), cpuMs: median(own.cpu[0]) };
  const smallCaFreeMs = caFreeEnv ? median(own.times[1]) : null;
  say(`  1,000 × 1 on its own: median of ${smallRuns} runs ${fmt(small.medianMs, 0)} ms (min–max ${fmt(small.minMs, 0)}–${fmt(small.maxMs, 0)}), CPU ${fmt(small.cpuMs, 0)} ms${smallCaFreeMs === null ? '' : `; ${fmt(smallCaFreeMs, 0)} ms without NODE_EXTRA_CA_CERTS`}`);
  const big = rows.find((r) => r.components === 5000 && r.phases === 20);
  target('plan 1,000 components × 1 phase', small.medianMs / 1000, 0.3, 's', `median of ${smallRuns}, min–max ${fmt(small.minMs / 1000, 2)}–${fmt(small.maxMs / 1000, 2)}, CPU ${fmt(small.cpuMs / 1000, 2)}${smallCaFreeMs === null ? '' : `; ${fmt(smallCaFreeMs / 1000, 3)} s without NODE_EXTRA_CA_CERTS`}`);
  target('plan 5,000 components × 20 phases', big.medianMs / 1000, 3, 's', `min–max ${fmt(big.minMs / 1000, 2)}–${fmt(big.maxMs / 1000, 2)}, CPU ${fmt(big.cpuMs / 1000, 2)}`);
  if (big.peakRssBytes !== null) target('plan 5,000 × 20 peak memory', big.peakRssBytes / 2 ** 20, 300, 'MiB');
  report.sections.scale = { runs: scaleRuns, rows, ownRuns: { components: 1000, phases: 1, runs: smallRuns, ...small, withoutExtraCaCertsMs: smallCaFreeMs } };
  say();
}

// ---------------------------------------------------------------------------------------------
if (only.has('emit')) {
  const file = join(scratch, 'emit-1000.yaml');
  writeFileSync(file, syntheticProfile({ components: 1000, phases: 1, seed: 1 }));
  const out = join(scratch, 'emit-out');
  const cases = [{ argv: [bin, 'emit', 'k8s', file, '-o', out, '--force'] }];
  const { times, cpu } = interleaved(cases, Math.max(3, Math.ceil(runs / 4)), 1, { rss: true });
  const files = existsSync(out) ? readdirSync(out).length : 0;
  const t = times[0];
  say(`Emit: capplan emit k8s of 1,000 synthetic components (${files} files written), median of ${t.length} runs: ${fmt(median(t), 0)} ms (min–max ${fmt(Math.min(...t), 0)}–${fmt(Math.max(...t), 0)}), CPU ${fmt(median(cpu[0]), 0)} ms`);
  target('emit k8s of 1,000 components', median(t) / 1000, 1, 's', `min–max ${fmt(Math.min(...t) / 1000, 2)}–${fmt(Math.max(...t) / 1000, 2)}, CPU ${fmt(median(cpu[0]) / 1000, 2)}`);
  report.sections.emit = { files, times: t };
  say();
}

// ---------------------------------------------------------------------------------------------
if (only.has('fit')) {
  const file = join(scratch, 'fit-100k.csv');
  writeFileSync(file, fitRowsCsv({ rows: 100_000, seed: 1 }));
  const cases = [{ argv: [bin, 'fit', file] }];
  const { times, cpu } = interleaved(cases, Math.max(3, Math.ceil(runs / 4)), 1, { rss: true });
  const t = times[0];
  say(`Fit: capplan fit of a 100,000-row CSV (${fmt(statSync(file).size / 2 ** 20, 1)} MiB, 64 concurrency levels), median of ${t.length} runs: ${fmt(median(t), 0)} ms (min–max ${fmt(Math.min(...t), 0)}–${fmt(Math.max(...t), 0)}), CPU ${fmt(median(cpu[0]), 0)} ms`);
  target('fit of 100,000 rows', median(t) / 1000, 0.4, 's', `min–max ${fmt(Math.min(...t) / 1000, 2)}–${fmt(Math.max(...t) / 1000, 2)}, CPU ${fmt(median(cpu[0]) / 1000, 2)}`);
  report.sections.fit = { times: t };
  say();
}

// ---------------------------------------------------------------------------------------------
if (only.has('kernels')) {
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const r = spawnSync(tsx, [join(root, 'scripts', 'bench', 'kernels.ts'), '--runs', String(Math.max(5, Math.ceil(runs / 3)))], { env, cwd: root, encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0) {
    process.stderr.write(`bench: the kernels failed (status ${r.status})\n${r.stderr}\n`);
    process.exit(1);
  }
  const { rows } = JSON.parse(r.stdout);
  say('Kernels, in-process (tsx from src/; median, min–max of the runs after one warm-up)');
  for (const k of rows) {
    say(`  ${k.name}: ${fmt(k.medianMs, 3)} ms (${fmt(k.minMs, 3)}–${fmt(k.maxMs, 3)})${k.problem ? `  PROBLEM: ${k.problem}` : ''}`);
    if (k.problem) {
      process.stderr.write(`bench: ${k.name}: ${k.problem}\n`);
      process.exitCode = 1;
    }
    target(k.name, k.medianMs, k.barMs, 'ms', `min–max ${fmt(k.minMs, 3)}–${fmt(k.maxMs, 3)}`);
  }
  report.sections.kernels = { rows };
  say();
}

// ---------------------------------------------------------------------------------------------
if (only.has('explore')) {
  // A sweep's cost beyond start-up is the 10,000-point run minus the 2-point one; the runway
  // re-plans and prices 25 months; the Monte Carlo plans and prices 2,000 samples (under 2 s).
  const cases = [
    { name: `sweep ${largestRel} --steps 2 --json`, argv: [bin, 'sweep', largest.path, '--steps', '2', '--json'] },
    { name: `sweep ${largestRel} --steps 10000 --json`, argv: [bin, 'sweep', largest.path, '--steps', '10000', '--json'] },
    { name: `runway ${largestRel} --months 24`, argv: [bin, 'runway', largest.path, '--months', '24'] },
    { name: `plan ${largestRel} --uncertain (2,000 samples)`, argv: [bin, 'plan', largest.path, '--uncertain'], okStatus: [0, 1], bar: 2 },
  ];
  const { times } = interleaved(cases, Math.max(3, Math.ceil(runs / 4)), 1);
  say(`Explore commands: median of ${times[0].length} interleaved runs`);
  cases.forEach((c, i) => {
    say(`  ${c.name}: ${fmt(median(times[i]), 0)} ms (min–max ${fmt(Math.min(...times[i]), 0)}–${fmt(Math.max(...times[i]), 0)})`);
    if (c.bar) target(c.name, median(times[i]) / 1000, c.bar, 's');
  });
  say(`  a sweep's 10,000 points cost ${fmt(median(times[1]) - median(times[0]), 0)} ms beyond a 2-point sweep`);
  report.sections.explore = { rows: cases.map((c, i) => ({ name: c.name, times: times[i] })) };
  say();
}

// ---------------------------------------------------------------------------------------------
if (only.has('commands')) {
  // One run of each after a warm-up of the small size; the exponent log(t5000 / t1000) / log 5.
  // A runway of 5,000 components took 18.6 s and 640 MB, and report crashed, before the lookups
  // by name in their per-component loops became maps (docs/development.md, round twenty-one).
  const dir = join(scratch, 'commands');
  mkdirSync(dir);
  const sizes = [1000, 5000];
  const commands = [
    ['validate', (f) => ['validate', f]],
    ['plan --json', (f) => ['plan', f, '--json']],
    ['plan --explain --format markdown', (f) => ['plan', f, '--explain', '--format', 'markdown']],
    ['emit k8s', (f, n) => ['emit', 'k8s', f, '-o', join(dir, `k8s-${n}`), '--force']],
    ['emit compose', (f, n) => ['emit', 'compose', f, '-o', join(dir, `compose-${n}`), '--force']],
    ['check --baseline', (f, n) => ['check', f.replace('.yaml', '-grown.yaml'), '--baseline', join(dir, `baseline-${n}.json`)]],
    ['diff', (f) => ['diff', f, f.replace('.yaml', '-grown.yaml')]],
    ['runway --growth 5%/month', (f) => ['runway', f, '--growth', '5%/month']],
    ['sweep --to 2x', (f) => ['sweep', f, '--to', '2x']],
    ['report', (f, n) => ['report', f, '-o', join(dir, `report-${n}.html`), '--force']],
    ['simulate --requests 2000', (f) => ['simulate', f, '--requests', '2000', '--seed', '1']],
  ];
  const files = sizes.map((n) => {
    const file = join(dir, `synthetic-${n}.yaml`);
    const text = syntheticProfile({ components: n, phases: 1, seed: 1 });
    writeFileSync(file, text);
    writeFileSync(file.replace('.yaml', '-grown.yaml'), text.replace('rps: 2000/s', 'rps: 2600/s'));
    const made = once([bin, 'check', file, '--baseline', join(dir, `baseline-${n}.json`), '--update-baseline'], { okStatus: [0, 1] });
    if (made.failed) process.stderr.write(`bench: the baseline of ${n} components could not be written\n`);
    return file;
  });
  say('Commands at scale: one run each on 1,000 and 5,000 synthetic components × 1 phase (after a warm-up at 1,000); the exponent of the growth, 1 is linear');
  say('  command                              1,000 ms   5,000 ms   peak MiB at 5,000   exponent');
  const rows = [];
  for (const [name, argvOf] of commands) {
    once([bin, ...argvOf(files[0], sizes[0])], { okStatus: [0, 1] });
    const runs = sizes.map((n, i) => once([bin, ...argvOf(files[i], n)], { okStatus: [0, 1], rss: true }));
    const [a, b] = runs;
    const exponent = a.failed || b.failed ? NaN : Math.log(b.ms / a.ms) / Math.log(5);
    rows.push({ name, ms: runs.map((r) => (r.failed ? null : r.ms)), peakRssBytes: b.rssBytes, exponent });
    say(`  ${name.padEnd(35)}  ${(a.failed ? 'failed' : fmt(a.ms, 0)).padStart(8)}   ${(b.failed ? 'failed' : fmt(b.ms, 0)).padStart(8)}   ${(b.rssBytes === null ? '?' : fmt(b.rssBytes / 2 ** 20, 0)).padStart(17)}   ${Number.isNaN(exponent) ? 'failed' : fmt(exponent, 2)}`);
    target(`${name}: time grows as components^x, 1,000 → 5,000`, exponent, 1.25, '');
  }
  report.sections.commands = { sizes, rows };
  say();
}

// ---------------------------------------------------------------------------------------------
if (only.has('simulate')) {
  /** CPU (user + system) and wall seconds of one `capplan simulate` run, by bash's `time`. */
  const simulateOnce = (file) => {
    const cmd = `TIMEFORMAT='%3R %3U %3S'; time ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} simulate ${JSON.stringify(file)} --requests 1000000 --quiet --json > /dev/null`;
    const r = spawnSync('bash', ['-c', cmd], { env, cwd: root, encoding: 'utf8' });
    const m = /([\d.]+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
    if (r.status !== 0 || !m) {
      process.stderr.write(`bench: capplan simulate ${file} failed (status ${r.status})\n${r.stderr}\n`);
      process.exit(1);
    }
    return { wallS: Number(m[1]), cpuS: Number(m[2]) + Number(m[3]) };
  };
  const simCases = [
    { name: 'simulate ten-components.yaml --requests 1e6 (10 components, 1 visit each), CPU', file: join(root, 'test/fixtures/simulate/ten-components.yaml'), bar: 3 },
    { name: 'simulate templates/large.yaml --requests 1e6 (3 phases, 15.7 visits/request), CPU', file: join(root, 'profiles/templates/large.yaml') },
  ];
  say(`Simulator: best of ${simRuns} runs (CPU = user + system of the whole process, start-up and planning included)`);
  const rows = simCases.map((c) => {
    const t = Array.from({ length: simRuns }, () => simulateOnce(c.file));
    const row = { name: c.name, cpuS: Math.min(...t.map((x) => x.cpuS)), wallS: Math.min(...t.map((x) => x.wallS)) };
    say(`  ${c.name}: ${fmt(row.cpuS, 2)} s CPU, ${fmt(row.wallS, 2)} s wall`);
    if (c.bar) target(c.name, row.cpuS, c.bar, 's');
    return row;
  });
  report.sections.simulate = { runs: simRuns, rows };
  say();
}

// ---------------------------------------------------------------------------------------------
if (only.has('instructions')) {
  if (!hasValgrind()) {
    say('Instructions: skipped, valgrind is not on the PATH (apt-get install valgrind)');
  } else {
    const cases = [
      { name: 'node -e 0', argv: ['-e', '0'] },
      { name: 'capplan --help', argv: [bin, '--help'] },
      { name: 'capplan size --rps 800 --service-time 20ms --workers 4 --latency-p95 100ms', argv: [bin, 'size', '--rps', '800', '--service-time', '20ms', '--workers', '4', '--latency-p95', '100ms'] },
      { name: `capplan validate ${largestRel}`, argv: [bin, 'validate', largest.path] },
      { name: `capplan plan ${largestRel}`, argv: [bin, 'plan', largest.path], okStatus: [0, 1] },
    ];
    const envs = [['with the machine\'s environment', env]];
    if (process.env.NODE_EXTRA_CA_CERTS) {
      const caFree = { ...env };
      delete caFree.NODE_EXTRA_CA_CERTS;
      envs.push(['without NODE_EXTRA_CA_CERTS', caFree]);
    }
    say('Instructions: one run of each under valgrind --tool=callgrind (all threads), after a run that writes the code cache');
    const w = Math.max(...cases.map((c) => c.name.length));
    const rows = [];
    for (const [label, childEnv] of envs) {
      say(`  ${label}:`);
      say(`  ${'command'.padEnd(w)}  instructions   × node -e 0`);
      let base = null;
      for (const c of cases) {
        once(c.argv, { okStatus: c.okStatus, childEnv });
        const n = countInstructions(c.argv, { env: childEnv, cwd: root, scratch, okStatus: c.okStatus ?? [0] });
        base ??= n;
        rows.push({ name: c.name, environment: label, instructions: n });
        say(`  ${c.name.padEnd(w)}  ${(n === null ? 'failed' : `${fmt(n / 1e6, 1)} M`).padStart(12)}   ${n === null || base === null ? '' : fmt(n / base, 2)}`);
      }
    }
    report.sections.instructions = { rows };
    say();
  }
}

// ---------------------------------------------------------------------------------------------
report.targets = targets;
if (asJson) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const show = (x) => (Number.isNaN(x) ? 'failed' : x >= 100 ? fmt(x, 0) : x >= 1 ? fmt(x, 2) : fmt(x, 3));
  const [load1, load5] = loadavg();
  say(`Targets (Node ${process.version}; measured ÷ bar = ratio, ≤ 1 is met)`);
  // A wall-time bar means little when other work holds the cores: say so, with the CPU times above.
  if (load5 > availableParallelism()) say(`  (load average ${fmt(load1, 1)} / ${fmt(load5, 1)} over 1 / 5 min on ${availableParallelism()} cores: other work held the machine, so wall times include waiting; compare the CPU times given beside them)`);
  const w = Math.min(70, Math.max(...targets.map((t) => t.name.length)));
  for (const t of targets) {
    const name = t.name.length > w ? `${t.name.slice(0, w - 1)}…` : t.name;
    say(`  ${t.met ? 'met    ' : 'NOT MET'}  ${name.padEnd(w)}  ${`${show(t.measured)} ${t.unit}`.padStart(11)}  bar ${`${show(t.bar)} ${t.unit}`.padStart(9)}  ratio ${fmt(t.measured / t.bar, 2)}${t.spread ? `  (${t.spread})` : ''}`);
  }
  const missed = targets.filter((t) => !t.met).length;
  say(`${targets.length - missed} of ${targets.length} targets met`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
