// `npm run bench`: start-up and run time of the built CLI next to a bare `node -e 0`.
// Runs each command interleaved (one of each per round, so drift hits all alike), discards the
// warm-up rounds, and prints medians in ms with each one's ratio to `node -e 0`.
// The goal (issue 5): `capplan plan <largest bundled profile>` ≤ 1.5 × `node -e 0`.
// Then the simulator (issue 12): 10^6 requests through a 10-component profile in under 3 s of
// one core — the CPU time (user + system, by bash's `time`) of `capplan simulate`, best of a
// few runs, beside its wall time; and the large template (15.7 visits per request) for scale.
// Usage: node scripts/bench.mjs [--runs N] [--warmup N] [--sim-runs N] [--json]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'capplan.js');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
const runs = opt('--runs', 21);
const warmup = opt('--warmup', 3);
const asJson = args.includes('--json');
const GOAL = 1.5;
const simRuns = opt('--sim-runs', 3);
const SIM_GOAL_S = 3;

if (!existsSync(join(root, 'dist', 'main.js'))) {
  process.stderr.write('bench: dist/main.js is missing; run `npm run build` first\n');
  process.exit(2);
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

const profile = largestProfile();
const rel = relative(root, profile.path);
const cases = [
  { name: 'node -e 0', argv: ['-e', '0'] },
  { name: 'capplan --help', argv: [bin, '--help'] },
  { name: 'capplan size --rps 800 --service-time 20ms --workers 4 --latency-p95 100ms', argv: [bin, 'size', '--rps', '800', '--service-time', '20ms', '--workers', '4', '--latency-p95', '100ms'] },
  { name: `capplan plan ${rel} (${profile.bytes} B)`, argv: [bin, 'plan', profile.path], goal: true },
  // The explore commands (docs/explore.md): a sweep's cost beyond start-up is the 10,000-point
  // run minus the 2-point one; the runway re-plans and prices 25 months; the Monte Carlo plans
  // and prices 2,000 samples (the goal: under 2 s in all).
  { name: `capplan sweep ${rel} --steps 2 --json`, argv: [bin, 'sweep', profile.path, '--steps', '2', '--json'] },
  { name: `capplan sweep ${rel} --steps 10000 --json`, argv: [bin, 'sweep', profile.path, '--steps', '10000', '--json'] },
  { name: `capplan runway ${rel} --months 24`, argv: [bin, 'runway', profile.path, '--months', '24'] },
  { name: `capplan plan ${rel} --uncertain (2,000 samples)`, argv: [bin, 'plan', profile.path, '--uncertain'] },
];
const env = { ...process.env, NO_COLOR: '1' };
delete env.FORCE_COLOR;

function once(c) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, c.argv, { env, stdio: ['ignore', 'ignore', 'pipe'], cwd: root });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && !(c.goal && r.status === 1)) {
    process.stderr.write(`bench: ${c.name} exited ${r.status}\n${r.stderr}\n`);
    process.exit(1);
  }
  return ms;
}

const times = cases.map(() => []);
for (let round = 0; round < warmup + runs; round++) {
  cases.forEach((c, i) => {
    const ms = once(c);
    if (round >= warmup) times[i].push(ms);
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const base = median(times[0]);
const rows = cases.map((c, i) => ({ name: c.name, medianMs: median(times[i]), minMs: Math.min(...times[i]), ratio: median(times[i]) / base, goal: c.goal === true }));

/** CPU (user + system) and wall seconds of one `capplan simulate` run, measured by bash's `time`. */
function simulateOnce(file) {
  const cmd = `TIMEFORMAT='%3R %3U %3S'; time ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} simulate ${JSON.stringify(file)} --requests 1000000 --quiet --json > /dev/null`;
  const r = spawnSync('bash', ['-c', cmd], { env, cwd: root, encoding: 'utf8' });
  const m = /([\d.]+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
  if (r.status !== 0 || !m) {
    process.stderr.write(`bench: capplan simulate ${file} failed (status ${r.status})\n${r.stderr}\n`);
    process.exit(1);
  }
  return { wallS: Number(m[1]), cpuS: Number(m[2]) + Number(m[3]) };
}

const simCases = [
  { name: 'simulate test/fixtures/simulate/ten-components.yaml --requests 1e6 (10 components, 1 visit each)', file: join(root, 'test/fixtures/simulate/ten-components.yaml'), goal: true },
  { name: 'simulate profiles/templates/large.yaml --requests 1e6 (3 phases, 9 components, 15.7 visits/request)', file: join(root, 'profiles/templates/large.yaml'), goal: false },
];
const simRows = simCases.map((c) => {
  const t = Array.from({ length: simRuns }, () => simulateOnce(c.file));
  return { name: c.name, cpuS: Math.min(...t.map((x) => x.cpuS)), wallS: Math.min(...t.map((x) => x.wallS)), goal: c.goal };
});

if (asJson) {
  process.stdout.write(`${JSON.stringify({ node: process.version, runs, warmup, rows, simulate: { runs: simRuns, goalCpuS: SIM_GOAL_S, rows: simRows } }, null, 2)}\n`);
} else {
  const w = Math.max(...rows.map((r) => r.name.length));
  const lines = [`capplan bench: ${runs} interleaved runs each after ${warmup} warm-up rounds; Node ${process.version}${process.env.NODE_EXTRA_CA_CERTS ? ' (NODE_EXTRA_CA_CERTS is set: it slows every start, node -e 0 included)' : ''}`, ''];
  lines.push(`${'command'.padEnd(w)}  median ms      min ms   × node -e 0`);
  for (const r of rows) lines.push(`${r.name.padEnd(w)}  ${r.medianMs.toFixed(1).padStart(9)}  ${r.minMs.toFixed(1).padStart(10)}  ${r.ratio.toFixed(2).padStart(12)}`);
  const plan = rows.find((r) => r.goal);
  lines.push('', `goal: plan ≤ ${GOAL}× node -e 0: ${plan.ratio <= GOAL ? 'met' : 'not met'} (${plan.ratio.toFixed(2)}×)`);
  const sweep = (steps) => rows.find((r) => r.name.includes(`sweep`) && r.name.includes(`--steps ${steps} `));
  lines.push(`sweep: 10,000 points cost ${(sweep(10000).medianMs - sweep(2).medianMs).toFixed(0)} ms beyond a 2-point sweep`);
  lines.push('', `simulator: best of ${simRuns} runs (CPU = user + system of the whole process, start-up and planning included)`);
  for (const r of simRows) lines.push(`  ${r.name}: ${r.cpuS.toFixed(2)} s CPU, ${r.wallS.toFixed(2)} s wall`);
  const sim = simRows.find((r) => r.goal);
  lines.push(`goal: 10^6 requests through 10 components ≤ ${SIM_GOAL_S} s of one core: ${sim.cpuS <= SIM_GOAL_S ? 'met' : 'not met'} (${sim.cpuS.toFixed(2)} s CPU)`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
