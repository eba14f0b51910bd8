/** The claims of each bundled profile's header, each read from the plan's JSON (claims.ts). */
import { comp, needed, phase, requires, type Claim, type PlanJson } from './claims.js';

/** The workload of a phase as the plan derived it. */
function workloadOf(p: PlanJson, name: string): { requestsPerSession: number; peakFactor: number; sessionsPerDay: number } {
  return (phase(p, name) as unknown as { workload: { requestsPerSession: number; peakFactor: number; sessionsPerDay: number } }).workload;
}

const TARGET = 'FSM target';
const SHARDED = 'H08-H09';

/** thea-ia.yaml */
const thea: Claim[] = [
  { says: 'gives {50} transitions/s per replica', values: (p) => [comp(p, TARGET, 'fsm').capacityPerUnit] },
  { says: 'carries {700} req/s at the {70} % target', values: (p) => [comp(p, TARGET, 'fsm').maxRps, comp(p, TARGET, 'fsm').targetUtilization * 100] },
  { says: 'needs {50} replicas: the FSM\'s {100} ms p95 budget', values: (p) => [needed(comp(p, TARGET, 'fsm')), (comp(p, TARGET, 'fsm').latencyBudget ?? 0) * 1000] },
  {
    says: 'holds only up to {20} req/s per replica (throughput alone needs {29})',
    values: (p) => {
      const f = comp(p, TARGET, 'fsm');
      return [f.demand / requires(f, 'latency'), requires(f, 'throughput')];
    },
  },
  {
    says: 'target of {100} req/s per pod is {2} times what a replica serves at 100 %',
    values: (p) => {
      const f = comp(p, TARGET, 'fsm');
      return [Number(f.deploy.rpsTarget), Number(f.deploy.rpsTarget) / f.capacityPerUnit];
    },
  },
  { says: 'Telegram\'s {30} messages/s limit', values: (p) => [Number(comp(p, TARGET, 'telegram-broadcast').detail.rateLimit)] },
  {
    says: 'back up {72,000} messages an hour, drained at a mean of {16.7} msg/s',
    values: (p) => {
      const b = comp(p, TARGET, 'telegram-broadcast');
      return [Number(b.detail.backlogPerPeakHour), Number(b.detail.rateLimitUse) * Number(b.detail.rateLimit)];
    },
  },
  {
    says: '{1,000} serialised writes/s need {2} primaries at {70} %',
    values: (p) => {
      const d = comp(p, TARGET, 'postgres');
      return [Number(d.detail.writeRps), requires(d, 'writes'), d.targetUtilization * 100];
    },
  },
  {
    says: '{5.76} GB of live conversations need {2} nodes of {4} GiB at the target',
    values: (p) => {
      const r = comp(p, TARGET, 'redis');
      return [Number(r.detail.memoryBytes) / 1e9, requires(r, 'memory'), Number(r.detail.nodeMemory) / 2 ** 30];
    },
  },
  { says: 'Redis Cluster\'s {3} shards', values: (p) => [Number(comp(p, SHARDED, 'redis').detail.shards)] },
  {
    says: 'lifts the FSM\'s ceiling to {40}, still short of the {50} it needs; its headroom is {1.1}×, below the {1.3} gate',
    values: (p) => {
      const f = comp(p, SHARDED, 'fsm');
      const ph = phase(p, SHARDED);
      return [f.replicas, needed(f), Number(ph.system.headroom), Number(ph.targets.minHeadroom)];
    },
  },
];

/** litper.yaml */
const litper: Claim[] = [
  { says: '"Órdenes/hora 10,000": {360} requests per order', values: (p) => [workloadOf(p, 'initial').requestsPerSession] },
  {
    says: 'at {360} requests per order means a peak {4.8} times the mean',
    values: (p) => [workloadOf(p, 'initial').requestsPerSession, workloadOf(p, 'initial').peakFactor],
  },
  { says: '{333} req/s per replica', values: (p) => [comp(p, 'initial', 'litper-api').capacityPerUnit] },
  {
    says: 'carries the 12-month {2,000} req/s with {14} replicas over three zones, inside the HPA\'s {3}-{50}',
    values: (p) => {
      const a = comp(p, '12 months', 'litper-api');
      return [phase(p, '12 months').peakRps, a.replicas, a.configuredReplicas.min ?? NaN, a.configuredReplicas.max ?? NaN];
    },
  },
  {
    says: 'at 12 months {14} API pods and {44} worker pods with {10} connections each hold {580} connections against max_connections {200}',
    values: (p) => {
      const d = comp(p, '12 months', 'postgres');
      return [comp(p, '12 months', 'litper-api').replicas, comp(p, '12 months', 'workers').replicas, Number(d.detail.poolSize), Number(d.detail.pooledConnections), Number(d.detail.maxConnections)];
    },
  },
  { says: 'messages a minute ({8.33}/s)', values: (p) => [Number(comp(p, 'initial', 'whatsapp').detail.rateLimit)] },
  {
    says: 'their mean, {2.32}/s at 12 months; the peak\'s {11.1}/s back up about {10,000} messages an hour',
    values: (p) => {
      const w = comp(p, '12 months', 'whatsapp');
      return [Number(w.detail.rateLimitUse) * Number(w.detail.rateLimit), w.demand, Number(w.detail.backlogPerPeakHour)];
    },
    approx: 0.01,
  },
  {
    says: 'lets a drain take {12} of the {14} API pods at the 12-month peak',
    values: (p) => {
      const a = comp(p, '12 months', 'litper-api');
      return [a.replicas - Number(a.deploy.minAvailable), a.replicas];
    },
  },
  { says: 'three zones need at least {3}', values: (p) => [comp(p, 'initial', 'analytics').replicas] },
];

/** Claims by profile file. */
export const CLAIMS: Readonly<Record<string, readonly Claim[]>> = {
  'profiles/thea-ia.yaml': thea,
  'profiles/litper.yaml': litper,
};
