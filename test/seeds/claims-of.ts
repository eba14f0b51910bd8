/** The claims of each bundled profile's header, each read from the plan's JSON (claims.ts). */
import { comp, needed, phase, requires, type Claim, type Component, type PlanJson } from './claims.js';
import { numbersIn } from './sources.js';

/** What the load constraints of a component require (not its bounds). */
function loadNeeds(c: Component): number {
  return Math.max(1, ...c.constraints.filter((k) => ['throughput', 'latency', 'zoneLoss', 'redundancy'].includes(k.binding)).map((k) => k.required));
}

/** The workload of a phase as the plan derived it. */
function workloadOf(p: PlanJson, name: string): { requestsPerSession: number; peakFactor: number; sessionsPerDay: number } {
  return (phase(p, name) as unknown as { workload: { requestsPerSession: number; peakFactor: number; sessionsPerDay: number } }).workload;
}

const TARGET = 'FSM target';
const SHARDED = 'H08-H09';

/** thea-ia.yaml */
const thea: Claim[] = [
  { says: 'gives {50} transitions/s per replica', values: (p) => [Number(comp(p, TARGET, 'fsm').detail.workersPerReplica) / Number(comp(p, TARGET, 'fsm').detail.serviceTime)] },
  {
    says: 'a worker is held {25.2} ms with PostgreSQL at {70} %',
    values: (p) => {
      const f = comp(p, TARGET, 'fsm');
      const pg = comp(p, TARGET, 'postgres');
      // The hold counts PostgreSQL at its target only because it is beyond it (saturated writes).
      const counted = f.model.some((m) => m.includes(`postgres`) && m.includes(`counted at ${pg.targetUtilization * 100} %`));
      return [Number(f.detail.heldTime) * 1000, counted && pg.utilization > pg.targetUtilization ? pg.targetUtilization * 100 : NaN];
    },
  },
  { says: 'carries {556} req/s at the {70} % target', values: (p) => [comp(p, TARGET, 'fsm').maxRps, comp(p, TARGET, 'fsm').targetUtilization * 100] },
  {
    says: 'needs {36} replicas for throughput and {37} with one to spare: a maxReplicas',
    values: (p) => {
      const f = comp(p, TARGET, 'fsm');
      return [requires(f, 'throughput'), needed(f)];
    },
  },
  {
    says: 'keeps the FSM\'s {100} ms p95 budget (an assumption) at {27} replicas',
    values: (p) => {
      const f = comp(p, TARGET, 'fsm');
      return [(f.latencyBudget ?? 0) * 1000, f.detail.balancing === 'least-request' ? requires(f, 'latency') : NaN];
    },
  },
  {
    says: 'held for its own {20} ms and its PostgreSQL queries, so once sharded a replica carries {42.9} transitions/s at {100} %, not {50}',
    values: (p) => {
      const f = comp(p, SHARDED, 'fsm');
      return [Number(f.detail.ownTime) * 1000, f.capacityPerUnit, 100, Number(f.detail.workersPerReplica) / Number(f.detail.serviceTime)];
    },
  },
  {
    says: 'target of {100} req/s per pod is {2.2} times what a replica serves at {100} % today',
    values: (p) => {
      const f = comp(p, 'v0.14', 'fsm');
      return [Number(f.deploy.rpsTarget), Number(f.deploy.rpsTarget) / f.capacityPerUnit, 100];
    },
  },
  {
    says: 'a oneOf of {70} % and {30} %',
    values: (p) => {
      const g = (comp(p, TARGET, 'fsm') as unknown as { callGraph: { to: string; probability: number; alternative: boolean }[] }).callGraph;
      const alt = (to: string) => g.find((e) => e.to === to && e.alternative)?.probability ?? NaN;
      return [alt('telegram') * 100, alt('rest') * 100];
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
    says: 'lifts the FSM\'s ceiling to {40}, enough for the {35} it needs; its headroom is {1.05}×, below the {1.3} gate',
    values: (p) => {
      const f = comp(p, SHARDED, 'fsm');
      const ph = phase(p, SHARDED);
      return [f.configuredReplicas.max ?? NaN, f.violations.length === 0 ? needed(f) : NaN, Number(ph.system.headroom), Number(ph.targets.minHeadroom)];
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
    says: 'retried up to {2} times ("stop_after_attempt(3)"; {1} % of sends fail, an assumption: {1.0101} attempts a send)',
    values: (p) => {
      const e = (comp(p, '12 months', 'workers') as unknown as { callGraph: { to: string; retries: number; failureRate: number; expectedAttempts: number }[] }).callGraph.find((x) => x.to === 'whatsapp')!;
      return [e.retries, e.failureRate * 100, e.expectedAttempts];
    },
  },
  {
    says: 'their mean, {2.34}/s at 12 months; the peak\'s {11.2}/s back up about {10,400} messages an hour',
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

/** ngx-agents.yaml */
const L2 = 'level 2';
const L3 = 'level 3';
const L4 = 'level 4';
const ngx: Claim[] = [
  {
    says: 'with a {0.8} s model call a pool of {50} completes {62.5} calls/s',
    values: (p) => {
      const v = comp(p, L3, 'vertex-ai');
      return [Number(v.detail.serviceTime), Number(v.detail.workersPerReplica), v.capacityPerUnit];
    },
  },
  {
    says: '"max_retries=5" ({2} % of calls fail, an assumption) make {1.0204} attempts a call',
    values: (p) => {
      const e = (comp(p, L3, 'ngx') as unknown as { callGraph: { to: string; retries: number; failureRate: number; expectedAttempts: number }[] }).callGraph.find((x) => x.to === 'vertex-ai')!;
      return [e.failureRate * 100, e.retries === 5 ? e.expectedAttempts : NaN];
    },
  },
  {
    says: 'level 3 needs {8} pools (over three zones) and its {10} instances hold one each, {500} connections',
    values: (p) => {
      const v = comp(p, L3, 'vertex-ai');
      return [Number(v.detail.poolsNeeded), comp(p, L3, 'ngx').replicas, Number(v.detail.connections)];
    },
  },
  { says: 'level 4 needs {20} pools per region against {25} instances', values: (p) => [Number(comp(p, L4, 'vertex-ai').detail.poolsNeeded), comp(p, L4, 'ngx').replicas] },
  {
    says: 'level 2\'s {5} instances run at {17} % (the load needs {3})',
    values: (p) => {
      const n = comp(p, L2, 'ngx');
      return [n.replicas, n.utilization * 100, loadNeeds(n)];
    },
  },
  {
    says: 'level 4\'s {25} per region at {25} % (their own work needs {14}, the pools {20}), each requesting {8} of its',
    values: (p) => {
      const n = comp(p, L4, 'ngx');
      return [n.replicas, n.utilization * 100, loadNeeds(n), requires(n, 'connections'), Number((n as unknown as { resources: { cpuCores: number } }).resources.cpuCores)];
    },
  },
  {
    says: 'one primary commits the {1,000} writes/s at {50} %',
    values: (p) => {
      const d = comp(p, L4, 'supabase');
      return [Number(d.detail.writeRps), Number(d.detail.primaryUtilization) * 100];
    },
  },
  {
    says: '{5} shards per region, headroom {1.14}×',
    values: (p) => [Number(comp(p, L4, 'redis').detail.shards), Number(phase(p, L4).system.headroom)],
  },
  {
    says: 'at most {0.55} s against the {1} s warning and {2} s critical thresholds',
    values: (p) => {
      const alerts = (p as unknown as { alerts: { metric: string; severity: string; threshold: number }[] }).alerts.filter((a) => a.metric === 'latency');
      return [
        Math.max(...p.phases.map((x) => Number(x.system.latencyMean))),
        alerts.find((a) => a.severity === 'warning')!.threshold,
        alerts.find((a) => a.severity === 'critical')!.threshold,
      ];
    },
  },
];

/** blatam-academy.yaml */
const bul = (p: PlanJson, name: string) => comp(p, name, 'bul');
const blatam: Claim[] = [
  { says: 'Read at {100} req/s per instance', values: (p) => [bul(p, 'phase 1').capacityPerUnit] },
  {
    says: 'runs at {100} % ({2} are needed at the {80} % scale-up threshold)',
    values: (p) => [bul(p, 'phase 1').utilization * 100, needed(bul(p, 'phase 1')), bul(p, 'phase 1').targetUtilization * 100],
  },
  {
    says: 'phase 2\'s {500} req/s needs {7} against "2-3" ({3} carry {240} req/s)',
    values: (p) => [phase(p, 'phase 2').peakRps, needed(bul(p, 'phase 2')), bul(p, 'phase 2').replicas, bul(p, 'phase 2').maxRps],
  },
  { says: 'phase 3\'s {2,000} req/s needs {25} against', values: (p) => [phase(p, 'phase 3').peakRps, needed(bul(p, 'phase 3'))] },
  { says: 'needs {25} instances in each region', values: (p) => [bul(p, 'phase 4').replicas] },
  { says: 'which carry {240} req/s a region', values: (p) => [3 * bul(p, 'phase 4').capacityPerUnit * bul(p, 'phase 4').targetUtilization] },
  { says: 'needs {29} against its maximum of {20}', values: (p) => [needed(bul(p, 'spikes')), bul(p, 'spikes').replicas] },
  { says: 'the fixed {10} carry {800} req/s', values: (p) => [bul(p, 'constant').replicas, phase(p, 'constant').system.maxRps as number] },
  { says: 'needs {27} against {15}', values: (p) => [needed(bul(p, 'variable')), bul(p, 'variable').replicas] },
  {
    says: 'keeps the {500} ms p95 target: {240} ms in phase 4',
    values: (p) => [
      Number(phase(p, 'phase 4').system.latencyTarget) * 1000,
      bul(p, 'phase 4').detail.balancing === 'least-request' ? Number(phase(p, 'phase 4').system.latencyP95) * 1000 : NaN,
    ],
  },
];

/** free-intelligence.yaml */
const P2 = 'phase 2 (3 nodes)';
const serverLine = (p: PlanJson, name: string) => phase(p, name).bill!.lines.find((l) => l.item === 'onprem.server')!;
const fi: Claim[] = [
  {
    says: 'the API is {12} workers of {100} req/s, so it breaks at {1,200} req/s',
    values: (p) => {
      const a = comp(p, P2, 'api');
      return [a.replicas, a.capacityPerUnit, a.replicas * a.capacityPerUnit];
    },
  },
  {
    says: '{1,200} × 86,400 s ÷ {20} requests per session is {5,184,000} sessions/day',
    values: (p) => {
      const a = comp(p, P2, 'api') as unknown as { replicas: number; capacityPerUnit: number; breakingSessionsPerDay: number };
      return [a.replicas * a.capacityPerUnit, workloadOf(p, P2).requestsPerSession, a.breakingSessionsPerDay];
    },
  },
  {
    says: '{6} of them carry {21,345} sessions/day at {70} % on HDD, {106,729} on NVMe (phase 3), not {5,184,000}',
    values: (p) => [
      comp(p, P2, 'worker').replicas,
      Number(phase(p, P2).system.maxSessionsPerDay),
      comp(p, P2, 'worker').targetUtilization * 100,
      Number(phase(p, 'phase 3 (10GbE').system.maxSessionsPerDay),
      (comp(p, P2, 'api') as unknown as { breakingSessionsPerDay: number }).breakingSessionsPerDay,
    ],
    approx: 0.0001,
  },
  {
    says: 'the HDD\'s IOPS bind at {302,400}',
    values: (p) => [phase(p, 'phase 2, HDF5').system.bottleneck === 'storage' ? Number(phase(p, 'phase 2, HDF5').system.maxSessionsPerDay) : NaN],
  },
  {
    says: 'The {12,000} RPS of phase 3\'s success metrics need {172} API workers at {70} %, not {12}, and {2} links',
    values: (p) => {
      const ph = 'phase 3 claimed';
      return [phase(p, ph).peakRps, needed(comp(p, ph, 'api')), comp(p, ph, 'api').targetUtilization * 100, comp(p, ph, 'api').replicas, comp(p, ph, 'network').replicas];
    },
  },
  {
    says: 'a year of {100} KB writes a request: at {10,000} sessions/day that needs {10} NVMe',
    values: (p) => {
      const st = comp(p, 'phase 3 (10GbE', 'storage') as Component & { storage: { growthBytesPerS: number } };
      const meanRps = (phase(p, 'phase 3 (10GbE') as unknown as { meanRps: number }).meanRps;
      return [st.storage.growthBytesPerS / meanRps / 1000, workloadOf(p, 'phase 3 (10GbE').sessionsPerDay, requires(st, 'storage')];
    },
  },
  {
    says: '{21} requested cores need {6} servers of {4} cores; the document\'s {3} nodes would run its one-CPU containers {1.75} times overcommitted',
    values: (p) => {
      const line = serverLine(p, P2);
      const cores = numbersIn(line.note ?? '')[0]!;
      return [cores, line.quantity, 4, Number(phase(p, P2).nodes), cores / (Number(phase(p, P2).nodes) * 4)];
    },
  },
];

/** Claims by profile file. */
export const CLAIMS: Readonly<Record<string, readonly Claim[]>> = {
  'profiles/thea-ia.yaml': thea,
  'profiles/litper.yaml': litper,
  'profiles/ngx-agents.yaml': ngx,
  'profiles/blatam-academy.yaml': blatam,
  'profiles/free-intelligence.yaml': fi,
};
