/**
 * The contract every component kind implements: its zod schema (with the fields all kinds
 * share), and a pure sizing function from the component's settings and the phase's demand to a
 * SizedComponent. A new kind is one module implementing this and one line in `registry.ts`.
 */
import * as z from 'zod';
import type { Fields } from '../profile/fields.js';
import { observeField } from '../observe/schema.js';
import { callsField } from './calls.js';
import { deployField } from './deploy.js';
import { serviceShapeFields } from './service-shape.js';
import type { Floor, SizedComponent, PhaseWorkload, Targets } from '../plan/types.js';

export type { Targets } from '../plan/types.js';

import type { UslParams } from '../fit/usl-model.js';

export type { UslParams };

/** What a kind's sizing function is given besides its own settings. */
export interface SizingContext {
  name: string;
  /** Profile path of the component (`components.fsm`). */
  path: string;
  workload: PhaseWorkload;
  targets: Targets;
  /** The percentile the latency targets refer to (0.95). */
  percentile: number;
  /** USL coefficients fitted from a load-test file named by `capacity.fit`, resolved by the caller. */
  fittedUsl: UslParams | null;
  /** What the call graph tells the sizing (derived visits, retry amplification, blocking hold); absent: nothing. */
  model?: CallContext;
  /** Lower bounds other components put on this one's count (the connection pools it holds, plan/pools.ts). */
  floors?: readonly Floor[];
  /**
   * The share of the system's load one region serves (plan/regions.ts; absent or 1 without
   * regions). Limits stated for the whole system, such as an adapter's provider rate limit, are
   * that share per region: the regions call the provider from one account.
   */
  regionShare?: number;
  /**
   * The share of the system's stored data one region's databases and disks hold (plan/regions.ts;
   * absent or 1 without regions): 1/R when each region keeps its own users' data, 1 with
   * regionFailover, where a region that takes a lost region's users must hold their data too.
   */
  dataShare?: number;
  /**
   * true: the sizing is read only for its counts (the off-peak sizing, plan/solve.ts): `replicas`
   * and what the call-graph fixed point reads (queue, targetUtilization, detail.workersPerReplica)
   * must be exact; a kind may leave its texts empty (constraint substitutions, model lines,
   * derivation, notes, violations) and skip figures only they need.
   */
  replicasOnly?: boolean;
  /**
   * false: nothing reads the sizing's explanations (capplan's Monte Carlo, a plan printed without
   * --explain: SolveOptions.figuresOnly and .explanations): every figure, count, violation and
   * note as in a full sizing; a kind may leave its constraints' worked substitutions, its model
   * lines and its capacity derivation empty.
   */
  explanations?: boolean;
}

/** What the call graph adds to one component's sizing (solve.ts fills it in, callees first). */
export interface CallContext {
  /** Visits per user request derived from the calls' probabilities, when the profile leaves perRequest out. */
  derivedVisits: number | null;
  /** Expected attempts per call from retried calls (≥ 1): multiplies the load. */
  loadFactor: number;
  /** Blocking calls: downstream time a worker is held per operation (mean, variance), with its parts for --explain. */
  held: { meanS: number; varianceS2: number; parts: string[] } | null;
  /** c² of the interarrival times of the stream reaching the component (workload.arrivalCv, QNA downstream: plan/arrival-cv.ts); absent: 1 (Poisson). */
  arrivalScv?: number;
  /** Where arrivalScv comes from, for --explain (arrival-cv.ts). */
  arrivalText?: string;
}

/** One kind of component. */
export interface KindDefinition {
  kind: string;
  /** One line for the docs: what it models. */
  title: string;
  /** Builds the component's zod schema with the shared fields. */
  schema(f: Fields): z.ZodType;
  /** Sizes the component for one phase. */
  size(component: never, ctx: SizingContext): SizedComponent;
}

/** Declares a kind with its typed component settings. */
export function defineKind<S extends z.ZodType>(def: {
  kind: string;
  title: string;
  schema: (f: Fields) => S;
  size: (component: z.output<S>, ctx: SizingContext) => SizedComponent;
}): KindDefinition {
  return def as unknown as KindDefinition;
}

/** Replica bounds: `replicas: 3` fixes the count; `{ min, max }` bounds it. */
export function replicaBounds(f: Fields) {
  return z
    .union([
      f.count({ min: 1 }),
      z.strictObject({
        min: f.count({ min: 0 }).optional().register(z.globalRegistry, { description: 'Fewest replicas to run, whatever the load (count).' }),
        max: f.count({ min: 1 }).optional().register(z.globalRegistry, { description: 'Most replicas allowed; needing more is a violation (count).' }),
      }),
    ])
    .transform((v) => (typeof v === 'number' ? { min: v, max: v } : v))
    .optional()
    .register(z.globalRegistry, { description: 'Replica bounds: a fixed count, or { min, max } (counts).' });
}

/** Capacity: a rate, or a Universal Scalability Law curve (given, or fitted from a load test). */
export function capacityField(f: Fields) {
  return z
    .union([
      f.rate({ positive: true }),
      z.strictObject({
        usl: z
          .strictObject({
            sigma: f.number({ min: 0, max: 1 }).register(z.globalRegistry, { description: 'Contention coefficient σ (0..1).' }),
            kappa: f.number({ min: 0 }).register(z.globalRegistry, { description: 'Coherency coefficient κ (≥ 0).' }),
            lambda: f.rate({ positive: true }).register(z.globalRegistry, { description: 'Throughput of one client, λ = X(1) (rate with a unit: 120/s).' }),
          })
          .optional()
          .register(z.globalRegistry, { description: 'USL coefficients measured for one replica.' }),
        fit: z.string().min(1).optional().register(z.globalRegistry, { description: 'Path (relative to the profile) of a load-test file to fit the USL to.' }),
        x: z.string().optional().register(z.globalRegistry, { description: 'Concurrency column of the fit file (default: detected).' }),
        y: z.string().optional().register(z.globalRegistry, { description: 'Throughput column of the fit file (default: detected); its time unit is read from its name (throughput_per_min, "Throughput (req/h)", rpm: converted to per second), a name without one is per second, and a unit capplan cannot read is refused.' }),
        concurrency: f.count({ min: 1 }).register(z.globalRegistry, { description: 'Requests in flight per replica at which it runs (N).' }),
      }),
    ])
    .optional()
    .register(z.globalRegistry, { description: 'Operations one replica completes at 100 % busy (μ; rate with a unit: 1000/s), or { usl | fit, concurrency }.' });
}

const baseFieldsCache = new WeakMap<Fields, ReturnType<typeof buildBaseFields>>();

/** The fields every kind understands (DESIGN.md §2); built once per field set and shared by the kinds (zod schemas are immutable). */
export function baseFields(f: Fields): ReturnType<typeof buildBaseFields> {
  let fields = baseFieldsCache.get(f);
  if (!fields) {
    fields = buildBaseFields(f);
    baseFieldsCache.set(f, fields);
  }
  return fields;
}

function buildBaseFields(f: Fields) {
  return {
    description: z.string().optional().register(z.globalRegistry, { description: 'What this component is (free text).' }),
    preset: z.string().optional().register(z.globalRegistry, { description: 'A built-in preset whose settings this component starts from (see `capplan init --list`).' }),
    perRequest: f.number({ min: 0 }).optional().register(z.globalRegistry, { description: 'Visits per user request: component load λc = X × perRequest (number; default: from the calls that reach it, the sum of caller visits × call probability; 1 for an entry nobody calls). Given, it wins over the calls: a warning names both when every call that reaches it writes a probability and they give another figure.' }),
    capacity: capacityField(f),
    serviceTime: f.duration({ positive: true }).optional().register(z.globalRegistry, { description: 'Mean time one worker spends on one operation (S; duration with a unit: 20ms); μ = workers / S.' }),
    workers: f.count({ min: 1 }).optional().register(z.globalRegistry, { description: 'Servers inside one replica working in parallel (c of M/M/c): threads, processes, cores, in-flight slots (count, default 1).' }),
    latencyP95: f.duration({ positive: true }).optional().register(z.globalRegistry, { description: "This component's share of the end-to-end p95 budget (duration with a unit: 100ms); replicas are added until its M/M/c p95 fits." }),
    utilization: f.fraction({ positive: true }).optional().register(z.globalRegistry, { description: 'Utilisation this component is sized to at peak (fraction; default targets.cpuUtilization).' }),
    replicas: replicaBounds(f),
    resources: z
      .strictObject({
        cpu: f.cpu({ positive: true }).optional().register(z.globalRegistry, { description: 'CPU per replica (cores; 500m = 0.5).' }),
        memory: f.bytes({ positive: true }).optional().register(z.globalRegistry, { description: 'Memory per replica (size in bytes with a unit: 256Mi, 4GiB; bits are refused).' }),
        gpu: f.count({ min: 0 }).optional().register(z.globalRegistry, { description: 'GPUs per replica (count).' }),
      })
      .optional()
      .register(z.globalRegistry, { description: 'Resources per replica, for manifests and bills.' }),
    managed: z.boolean().default(false).register(z.globalRegistry, { description: 'Bought as a managed service rather than run as pods (true/false).' }),
    deploy: deployField(f),
    ...serviceShapeFields(f),
    calls: callsField(f),
    blocking: z.boolean().optional().register(z.globalRegistry, { description: 'A worker is held while its calls run (synchronous threads or connections): the default of each call (true/false; default false).' }),
    async: z.boolean().optional().register(z.globalRegistry, { description: 'Off the synchronous request path (queue consumers); excluded from end-to-end latency.' }),
    observe: observeField(),
  };
}

/** Per-replica capacity and its M/M/c shape, resolved from capacity / serviceTime / workers / USL. */
export interface ReplicaCapacity {
  /** Operations per second one replica completes at 100 % busy. */
  perReplica: number;
  /** Servers per replica (c). */
  workers: number;
  /** Service rate of one server (μ = perReplica / c). */
  perWorker: number;
  /** How it was derived, for --explain. */
  derivation: string;
  notes: string[];
}
