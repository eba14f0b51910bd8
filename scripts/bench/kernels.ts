// In-process kernels for `npm run bench` (run with tsx from the TypeScript sources, so that a
// function is timed without the CLI's start-up): bin-packing 200,000 pods, Erlang B/C for huge
// pools, and the speed checks that used to be timed assertions inside tests (the project's rule:
// speed in the bench, not in timed tests). Prints one JSON object: per kernel its median, its
// fastest and slowest run in ms, and its bar.
//   tsx scripts/bench/kernels.ts [--runs N]
import { readFileSync } from 'node:fs';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { erlangB, erlangC, leastReplicasForPercentile } from '../../src/model/queueing.js';
import { pathResponseTimePercentile, type PathStage } from '../../src/model/mmc-path.js';
import { solve } from '../../src/plan/solve.js';
import { binPack } from '../../src/pricing/binpack.js';
import type { PodGroup } from '../../src/pricing/zone-packing.js';
import { listInstances, shippedCatalog } from '../../src/pricing/catalog.js';
import { makeMathReader } from '../../src/units/math-reader.js';

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 7;

interface Kernel {
  name: string;
  /** The bar: the median must stay under it (ms), per `per` calls when given. */
  barMs: number;
  /** What one timed call does, for the per-call figure (default 1). */
  per?: number;
  /** One timed run; returns a value the bench checks so the work cannot be optimised away. */
  run: () => unknown | Promise<unknown>;
  check?: (result: unknown) => string | null;
}

const GIB = 2 ** 30;
const catalog = shippedCatalog();
const awsInstances = listInstances({ provider: 'aws', region: 'us-east-1' }, catalog);

/** 2,000 components of 100 pods each (200,000 pods), mixed sizes, over three zones. */
const bigPods: PodGroup[] = Array.from({ length: 2000 }, (_, i) => ({
  component: `c${String(i).padStart(4, '0')}`,
  count: 100,
  cpuCores: [0.25, 0.5, 1, 2][i % 4]!,
  memoryBytes: [0.25, 0.5, 1, 2, 4][i % 5]! * GIB,
  gpus: 0,
  zones: 3,
}));

/** The binpack test's 20,000 pods: 50 components of 400 pods on two node types (test/pricing/binpack.test.ts). */
const midPods: PodGroup[] = Array.from({ length: 50 }, (_, i) => ({
  component: `c${String(i).padStart(2, '0')}`,
  count: 400,
  cpuCores: 0.1 + (i % 7) * 0.05,
  memoryBytes: (0.25 + (i % 5) * 0.1) * GIB,
  gpus: 0,
  zones: 3,
}));

/** The path-latency test's 10 stages with up to 10 visits each. */
const tenStages: PathStage[] = Array.from({ length: 10 }, (_, i) => ({
  servers: 1 + (i % 4) * 8,
  arrivalRate: (1 + (i % 4) * 8) * 100 * (0.5 + 0.04 * i),
  serviceRate: 100 * (1 + i),
  visits: 1 + ((i * 0.97) % 9.5),
  constantDelayS: i % 3 === 0 ? 0.0005 : 0,
}));

/** The sizing test's profile in the wrong unit: every component stops at the most units capplan sizes. */
const wrongUnits = readFileSync(new URL('../../test/fixtures/profiles/wrong-units.yaml', import.meta.url), 'utf8');

/** A worker pool of a million servers with priority classes at a billion jobs per second. */
const hugePool = `apiVersion: capplan/v1
name: t
workload: { rps: 1e9 }
components:
  jobs: { kind: worker, serviceTime: 1s, workers: 1000000, classes: [{ name: a, share: 30%, timeout: 2s }, { name: b, share: 70%, timeout: 10s }] }
`;

const mathRead = makeMathReader({ peakRps: 100, rps: 100, meanRps: 50, peakFactor: 2, scale: 1, requestsPerSession: 20 });

const kernels: Kernel[] = [
  {
    name: 'bin-packing 200,000 pods (2,000 components × 100, 3 zones, every AWS us-east-1 type)',
    barMs: 500,
    // What a bill runs: node counts, no placements. The check (not timed) places every pod.
    run: () => binPack(bigPods, awsInstances),
    check: (r) => {
      const placed = binPack(bigPods, awsInstances, { placements: true });
      const pods = placed.pools.reduce((n, p) => n + p.nodes!.reduce((m, x) => m + x.podCount, 0), 0);
      const same = placed.pools.every((p, i) => p.nodeCount === (r as ReturnType<typeof binPack>).pools[i]?.nodeCount);
      return pods === 200_000 && same ? null : `placed ${pods} pods of 200,000${same ? '' : '; node counts differ from the placements'}`;
    },
  },
  {
    name: 'bin-packing 20,000 pods (50 components × 400; was a timed test in binpack.test.ts)',
    barMs: 1000,
    run: () => binPack(midPods, awsInstances),
  },
  {
    name: 'erlangC(10^9 + √10^9 servers, 10^9 erlangs) (was a timed test in queueing.test.ts)',
    barMs: 200,
    run: () => erlangC(1e9 + Math.sqrt(1e9) - ((1e9 + Math.sqrt(1e9)) % 1), 1e9),
  },
  {
    name: 'erlangB(10^6 servers, 0.95·10^6 erlangs), per call',
    barMs: 1,
    per: 100,
    run: () => {
      let s = 0;
      for (let i = 0; i < 100; i++) s += erlangB(1_000_000, 950_000 + i);
      return s;
    },
  },
  {
    name: 'leastReplicasForPercentile, per call (was a timed test in queueing.test.ts)',
    barMs: 5,
    per: 200,
    run: () => {
      let n = 0;
      for (let i = 0; i < 200; i++) n += leastReplicasForPercentile(50_000 + i, 100, 8, 0.99, 0.08) ?? 0;
      return n;
    },
  },
  {
    name: 'path p95 of 10 stages with up to 10 visits, per call (was a timed test in path-latency.test.ts)',
    barMs: 25,
    per: 20,
    run: () => {
      let t = 0;
      for (let i = 0; i < 20; i++) t += pathResponseTimePercentile(tenStages, 0.95);
      return t;
    },
  },
  {
    name: 'plan of a profile in the wrong unit, 10^5 units (was a timed test in sizing.test.ts)',
    barMs: 5000,
    run: async () => solve((await loadProfileText(wrongUnits, 'test.yaml')).profile),
  },
  {
    name: 'plan of a worker pool of 10^6 servers with priority classes at 10^9 jobs/s',
    barMs: 1000,
    run: async () => solve((await loadProfileText(hugePool, 'test.yaml')).profile),
  },
  {
    name: 'refusing size(ones(30000, 30000))[1] (was a timed test in expression.test.ts)',
    barMs: 50,
    run: () => mathRead('size(ones(30000, 30000))[1]', 'bytes'),
    check: (r) => ((r as { ok: boolean }).ok ? 'accepted' : null),
  },
];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const rows = [];
for (const k of kernels) {
  const warm = await k.run();
  const problem = k.check?.(warm) ?? null;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await k.run();
    times.push((performance.now() - t0) / (k.per ?? 1));
  }
  rows.push({ name: k.name, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), barMs: k.barMs, runs: RUNS, problem });
}
process.stdout.write(`${JSON.stringify({ rows })}\n`);
