// A synthetic large profile for the bench: N components in a layered call graph (gateways →
// services → databases, caches and third-party adapters, with queue workers off the path) and P
// phases (the base workload and P − 1 growth phases, each scaling the load and re-tuning a few
// components). Seeded, so a given (components, phases, seed) is always the same bytes.
//
//   node scripts/synthetic-profile.mjs --components 5000 --phases 20 [--seed 1] > big.yaml
//
// The shape stands for a large organisation's estate: about one component in 40 is an entry
// point, each service calls one to three components further down, one in ten components is a
// database (with connection pools to check), one in twenty a cache, one in twenty-five an
// adapter with a provider rate limit, one in ten a queue worker. Sizes are chosen so that a plan
// finds the usual mix: most components sized by throughput, some by latency or their minimum.
import { pathToFileURL } from 'node:url';
import { mulberry32 } from './random.mjs';

/** The kind of component i of n (a fixed pattern, so the mix is the same at every size). */
function kindAt(i) {
  if (i % 40 === 0) return 'gateway';
  const r = i % 100;
  if (r < 10) return 'database';
  if (r < 15) return 'cache';
  if (r < 19) return 'adapter';
  if (r < 29) return 'worker';
  return 'service';
}

const pick = (rand, xs) => xs[Math.floor(rand() * xs.length)];
const round = (x, digits = 3) => Number(x.toPrecision(digits));

/** The YAML text of one component. */
function component(name, kind, rand, calls) {
  const lines = [`  ${name}:`];
  const add = (s) => lines.push(`    ${s}`);
  const callLine = () => calls.length && add(`calls: [${calls.join(', ')}]`);
  switch (kind) {
    case 'gateway':
      add('kind: service');
      add(`perRequest: ${round(0.02 + rand() * 0.1)}`);
      add(`capacity: ${pick(rand, [2000, 5000, 10000])}/s`);
      add(`workers: ${pick(rand, [8, 16])}`);
      add('resources: { cpu: 1, memory: 1Gi }');
      add('replicas: { min: 3 }');
      callLine();
      break;
    case 'service':
      add('kind: service');
      add(`perRequest: ${round(0.005 + rand() * 0.2)}`);
      const serviceTimeMs = round(5 + rand() * 60, 2);
      add(`serviceTime: ${serviceTimeMs}ms`);
      add(`workers: ${pick(rand, [2, 4, 8])}`);
      // A budget of 4–6 mean service times: reachable (an idle server's p95 is 3 of them).
      if (rand() < 0.2) add(`latencyP95: ${Math.ceil(serviceTimeMs * (4 + rand() * 2))}ms`);
      add(`resources: { cpu: ${pick(rand, ['250m', '500m', 1])}, memory: ${pick(rand, ['256Mi', '512Mi', '1Gi'])} }`);
      add(`replicas: { min: 2, max: ${pick(rand, [50, 200])} }`);
      callLine();
      break;
    case 'worker':
      add('kind: worker');
      add(`perRequest: ${round(0.01 + rand() * 0.1)}`);
      add(`serviceTime: ${round(50 + rand() * 900, 2)}ms`);
      add(`workers: ${pick(rand, [4, 10, 16])}`);
      add(`resources: { cpu: 500m, memory: 512Mi }`);
      add('replicas: { min: 1 }');
      callLine();
      break;
    case 'database':
      add('kind: database');
      add(`readsPerRequest: ${round(0.01 + rand() * 0.3)}`);
      add(`writesPerRequest: ${round(0.002 + rand() * 0.05)}`);
      add(`cacheHitRatio: ${pick(rand, [0, 50, 80])}%`);
      add(`capacity: ${pick(rand, [2000, 5000, 10000])}/s`);
      add(`writeCapacity: ${pick(rand, [1000, 2000])}/s`);
      add('replicas: { min: 2 }');
      add(`maxConnections: ${pick(rand, [200, 500, 1000])}`);
      add('poolSize: 5');
      add('bytesPerWrite: 1KB');
      add('retention: 90d');
      add(`resources: { cpu: ${pick(rand, [2, 4])}, memory: ${pick(rand, ['8Gi', '16Gi'])} }`);
      break;
    case 'cache':
      add('preset: redis');
      add(`opsPerRequest: ${round(0.05 + rand() * 0.5)}`);
      add(`dataset: ${pick(rand, [256, 512, 1024])}MB`);
      add('nodeMemory: 4GB');
      break;
    case 'adapter':
      add('kind: adapter');
      add(`perRequest: ${round(0.001 + rand() * 0.02)}`);
      add(`capacity: ${pick(rand, [100, 200, 500])}/s`);
      add(`rateLimit: ${pick(rand, [100, 300, 1000])}/s`);
      add('resources: { cpu: 250m, memory: 256Mi }');
      add('replicas: { min: 2 }');
      break;
    default:
      throw new Error(`unknown kind ${kind}`);
  }
  return lines.join('\n');
}

/**
 * The profile text: `components` components, `phases` phases (the base and phases − 1 growth
 * phases), from `seed`.
 */
export function syntheticProfile({ components, phases, seed = 1 }) {
  if (!(Number.isInteger(components) && components >= 1)) throw new RangeError('components must be a positive integer');
  if (!(Number.isInteger(phases) && phases >= 1)) throw new RangeError('phases must be a positive integer');
  const rand = mulberry32(seed * 7919 + components * 31 + phases);
  const names = Array.from({ length: components }, (_, i) => `${kindAt(i)}-${String(i).padStart(5, '0')}`);
  const kinds = names.map((_, i) => kindAt(i));
  const callable = (k) => k !== 'gateway' && k !== 'worker';
  const blocks = names.map((name, i) => {
    const kind = kinds[i];
    const calls = [];
    if (kind === 'gateway' || kind === 'service' || kind === 'worker') {
      // One to three callees among the next 60 components: a layered graph with no cycles.
      const wanted = 1 + Math.floor(rand() * 3);
      for (let tries = 0; calls.length < wanted && tries < 12; tries++) {
        const j = i + 1 + Math.floor(rand() * 60);
        if (j < components && callable(kinds[j]) && !calls.includes(names[j])) calls.push(names[j]);
      }
    }
    return component(name, kind, rand, calls);
  });
  const out = [
    `# Synthetic profile: ${components} components, ${phases} phase${phases === 1 ? '' : 's'} (scripts/synthetic-profile.mjs, seed ${seed}).`,
    'apiVersion: capplan/v1',
    `name: synthetic-${components}x${phases}`,
    'workload:',
    '  phase: now',
    '  rps: 2000/s',
    '  peakFactor: 3',
    '  requestsPerSession: 20',
    'targets:',
    '  latencyP95: 5s',
    '  availability: 99.9%',
    '  zones: 3',
    '  minHeadroom: 1.2',
  ];
  if (phases > 1) {
    out.push('phases:');
    for (let p = 1; p < phases; p++) {
      out.push(`  - name: phase ${p}`, `    scale: ${round(1 + p * 0.15)}`, `    after: ${p * 3} months`);
      // Each growth phase re-tunes a few services (a new release with a faster service time).
      const tuned = [];
      for (let k = 0; k < 3; k++) {
        const i = Math.floor(rand() * components);
        if (kinds[i] === 'service' && !tuned.includes(i)) tuned.push(i);
      }
      if (tuned.length) {
        out.push('    components:');
        for (const i of tuned) out.push(`      ${names[i]}: { serviceTime: ${round(5 + rand() * 40, 2)}ms }`);
      }
    }
  }
  out.push('components:', ...blocks, '');
  return out.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  process.stdout.write(syntheticProfile({ components: opt('--components', 100), phases: opt('--phases', 1), seed: opt('--seed', 1) }));
}
