/** Cases of the `flags` target: `capplan size` with random flag values, and odd flags on the other commands (simulate included). */
import { CASE_DIR, type FuzzCase } from './case.js';
import type { Corpus } from './corpus.js';
import type { Rng } from './rng.js';
import { EXPRESSIONS, NUMBER_TEXTS, ODD_STRINGS, ODD_UNITS } from './values.js';

/** `capplan size` flags with values that make sense, to combine with hostile ones. */
const SIZE_FLAGS: Readonly<Record<string, readonly string[]>> = {
  '--rps': ['800', '800/s', '1', '0.001', '1e6', '50 req/s'],
  '--sessions-per-day': ['50000', '1', '1e9'],
  '--requests-per-session': ['20', '1', '0.5'],
  '--peak-factor': ['3', '1', '10'],
  '--peak-hour-share': ['15%', '0.1', '100%'],
  '--concurrent-users': ['100', '1', '1e6'],
  '--think-time': ['10s', '1s', '500ms'],
  '--service-time': ['20ms', '1ms', '2s', '100us'],
  '--capacity': ['400/s', '10/s', '1e5/s'],
  '--workers': ['4', '1', '64'],
  '--latency-p95': ['100ms', '50ms', '1s'],
  '--utilization': ['70%', '0.5', '99%'],
  '--zones': ['1', '2', '3'],
  '--availability': ['99.9%', '99%', '99.99%'],
  '--min': ['1', '2', '0'],
  '--max': ['10', '100', '1'],
};

function hostileFlagValue(rng: Rng): string {
  return rng.weighted<() => string>([
    [3, () => rng.pick(NUMBER_TEXTS)],
    [4, () => rng.pick(ODD_UNITS)],
    [3, () => rng.pick(EXPRESSIONS)],
    [2, () => rng.pick(ODD_STRINGS)],
    [1, () => `--${rng.pick(Object.keys(SIZE_FLAGS)).slice(2)}`],
    [1, () => '-1'],
  ])();
}

function sizeArgv(rng: Rng): string[] {
  const argv = ['size'];
  const names = rng.shuffle(Object.keys(SIZE_FLAGS)).slice(0, rng.int(0, 8));
  if (rng.chance(0.7) && !names.includes('--rps')) names.unshift('--rps');
  if (rng.chance(0.6) && !names.includes('--service-time') && !names.includes('--capacity')) names.push(rng.pick(['--service-time', '--capacity']));
  for (const name of names) {
    argv.push(name);
    if (rng.chance(0.03)) continue; // a flag without its value
    argv.push(rng.chance(0.45) ? hostileFlagValue(rng) : rng.pick(SIZE_FLAGS[name]!));
  }
  if (rng.chance(0.3)) argv.push(rng.pick(['--json', '--format=json', '--format', '--format=yaml', '--quiet', '-q', '--no-color', '--', '--rps', '--unknown', '-x', 'extra']));
  return argv;
}

function otherArgv(rng: Rng, profile: string): string[] {
  const v = () => (rng.chance(0.6) ? hostileFlagValue(rng) : rng.pick(['1', '10%', 'now', 'aws', '64,128']));
  switch (rng.pick(['plan', 'check', 'fit', 'emit', 'init', 'catalog', 'validate', 'simulate', 'global'])) {
    case 'plan':
      return ['plan', profile, rng.pick(['--phase', '--region', '--provider', '--target', '--format']), v()];
    case 'check':
      return ['check', profile, rng.pick(['--margin-cost', '--margin-replicas', '--min-headroom', '--gate', '--gate', '--format', '--baseline']), v()];
    case 'fit':
      return ['fit', `${CASE_DIR}/lt.csv`, rng.pick(['--predict', '--x', '--y', '--input']), v()];
    case 'emit':
      return ['emit', rng.pick(['k8s', 'compose', 'helm']), profile, '-o', `${CASE_DIR}/out`, '--dry-run', rng.pick(['--namespace', '--phase', '--format']), v()];
    case 'init':
      return ['init', rng.chance(0.5) ? v() : rng.pick(['small', 'large', 'litper', '../etc', '']), ...(rng.chance(0.3) ? ['--list'] : [])];
    case 'catalog':
      return ['catalog', rng.pick(['--region', '--provider', '--format']), v(), ...(rng.chance(0.3) ? ['--gpu'] : [])];
    case 'validate':
      return ['validate', rng.chance(0.5) ? profile : v()];
    case 'simulate':
      // Short runs (2,000 requests, 2 replications), one odd flag value each.
      return ['simulate', profile, '--requests', '2000', '--replications', '2', rng.pick(['--phase', '--seed', '--warmup', '--fail', '--ramp', '--duration', '--arrivals', '--service', '--balancing', '--rate-limit', '--threads', '--format']), v()];
    default:
      return rng.pick([['--version'], ['--help'], ['help', v()], [v()], [], ['plan'], ['size', '--help'], ['--quiet', 'size', '--rps', v()]]);
  }
}

/** One case of the flags target. */
export function flagCase(corpus: Corpus, rng: Rng, index: number, seed: number): FuzzCase {
  const profile = corpus.profiles.find((p) => p.name.endsWith('small.yaml')) ?? corpus.profiles[0]!;
  const size = rng.chance(0.7);
  const argv = size ? sizeArgv(rng) : otherArgv(rng, `${CASE_DIR}/profile.yaml`);
  const files = size ? [] : [{ name: 'profile.yaml', text: profile.text }, { name: 'lt.csv', text: 'concurrency,throughput\n1,100\n2,190\n4,350\n8,600\n16,800\n' }];
  return { target: 'flags', index, seed, argv: ['--no-color', ...argv], files, mutations: [size ? 'size' : `other:${argv[0] ?? ''}`], determinism: rng.chance(0.04) };
}
