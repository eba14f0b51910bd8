/**
 * The plan: what `solve` and `analyse` produce and everything downstream (renderers, bills,
 * manifests, the CI gate) reads. Plain data, SI units: seconds, per-second rates, bytes, cores.
 * Keys named in DESIGN.md §5 are stable; new keys may be added, never renamed.
 */
import type { Balancing, ServiceDistribution } from '../kinds/service-shape.js';
import type { Arrivals } from '../model/queue-model.js';
import type { ErlangBranch } from '../model/service-law.js';
import type { WaitLaw } from '../model/wait-law.js';

/** Targets of a phase in SI units. */
export interface Targets {
  latencyP95: number | null;
  availability: number | null;
  cpuUtilization: number;
  memoryUtilization: number;
  zones: number;
  minHeadroom: number | null;
}

/** One alert threshold a profile states (`alerts:`), in SI units: seconds and fractions. */
export interface AlertRule {
  name: string | null;
  metric: 'latency' | 'cpu' | 'memory' | 'errors' | 'cacheHitRatio';
  /** The statistic of a latency alert: the mean or the 95th percentile. */
  statistic: 'mean' | 'p95';
  /** Fires above (latency, cpu, memory, errors) or below (cacheHitRatio) the threshold. */
  direction: 'above' | 'below';
  threshold: number;
  forS: number;
  severity: 'critical' | 'warning';
  /** The components it watches; null: every component the metric applies to. */
  components: string[] | null;
}

/**
 * Why a component has the size it has (DESIGN.md §5, plus `storage` for disk capacity,
 * `redundancy` for a spare that survives one failure in one zone (N+1, a standby, a replica per
 * cache shard) and `floor` for the fewest units that run when no constraint asks for more).
 */
export type Binding =
  | 'throughput'
  | 'latency'
  | 'zoneLoss'
  | 'minReplicas'
  | 'memory'
  | 'iops'
  | 'bandwidth'
  | 'connections'
  | 'rateLimit'
  | 'writes'
  | 'maxReplicas'
  | 'storage'
  | 'redundancy'
  | 'floor';

/** The class of a violation, so that gates and renderers can group them. */
export type ViolationKind =
  | 'rateLimit'
  | 'writes'
  | 'maxReplicas'
  | 'latency'
  | 'memory'
  | 'connections'
  | 'timeout'
  | 'unstable'
  | 'headroom'
  | 'capacity'
  | 'unpriced'
  | 'availability';

/** A target the plan cannot meet, with what to do about it. */
export interface Violation {
  component: string | null;
  kind: ViolationKind;
  message: string;
  remedy: string;
  /** Profile path most responsible (for positioned CI annotations), e.g. `components.db.writesPerRequest`. */
  path: string;
}

/** One sizing constraint with its formula and the numbers plugged in (for --explain). */
export interface Constraint {
  binding: Binding;
  /** The count this constraint requires (replicas, shards, links, ...). */
  required: number;
  formula: string;
  /** The formula with numbers: "ceil(6.94 req/s / (400 req/s × 0.7)) = 1". */
  substituted: string;
  note?: string;
  /** Set when this constraint binds but its count is not the component's (e.g. shards of a cache counted in nodes). */
  binds?: boolean;
}

/**
 * A lower bound another component puts on this one's count (the connection pools it holds,
 * plan/pools.ts), with the words its maxReplicas violation needs when replicas.max caps the
 * count below it: why the count is asked for, and what lowers it instead (more capacity per
 * replica does not). Only the Constraint's own keys reach the plan.
 */
export interface Floor extends Constraint {
  capped?: { why: string; instead: string };
}

/**
 * The queue a request joins at a component, as plain data: the end-to-end path and the
 * simulator rebuild every law from it (docs/model.md). Seconds, per-second rates.
 */
export interface QueueModel {
  /** Servers of the queue a request joins (workers per replica; n·workers when least-request pools them). */
  servers: number;
  /** Arrival rate at that queue. */
  arrivalRate: number;
  /** 1 / mean own service time of one server. */
  serviceRate: number;
  /** A fixed delay added to each visit (e.g. a third-party API's own latency, a network round trip). */
  constantDelayS: number;
  /** Replicas (or nodes, links, devices) the load is spread over. */
  replicas: number;
  workersPerReplica: number;
  /** How requests are spread over the replicas (`shared-queue`: all pull from one queue). */
  balancing: Balancing | 'shared-queue';
  /** The arrival process at one queue: Poisson, or Erlang-n interarrivals (round-robin over n). */
  arrivals: Arrivals;
  /** The service-time law of one operation's own work: a mixture of Erlang branches. */
  service: ErlangBranch[];
  /**
   * How the profile gives one operation type's service time: `exponential`, `phase-type` (a cv
   * alone: `service` is the law), or `deterministic` / `lognormal`, for which `service` is a
   * stand-in matched on two moments (the simulator draws from the named law).
   */
  serviceDistribution: ServiceDistribution;
  /** Coefficient of variation of one operation type's service time (before operation types mix). */
  serviceCv: number;
  /** When calls block: the law of the time a worker is held (own work + downstream), whose queue gives the wait; else null. */
  holding: ErlangBranch[] | null;
  /** The waiting-time law (null when unstable). */
  wait: WaitLaw | null;
  /** The queueing model and how it is solved, e.g. "M/H2/1 exact (Pollaczek–Khinchine)". */
  waitMethod: string;
  /** Whether the waiting-time law is exact for its inputs. */
  exact: boolean;
  /** Utilisation of one server of the queue, ρ. */
  utilization: number;
  /** Probability that a request's next visit joins the same queue (correlates repeated visits). */
  sameQueue: number;
  /**
   * A database whose reads go to read replicas and whose writes go to the primary: each kind of
   * visit, its share of the visits and the queue it joins (the fields above are the busiest
   * node's, one of the two). The request path times each by its own node; absent otherwise,
   * where every visit joins the queue above.
   */
  byOperation?: { reads: OperationQueue; writes: OperationQueue };
}

/** One kind of a component's visits and the queue it joins (QueueModel.byOperation). */
export interface OperationQueue {
  /** Fraction of the component's visits of this kind. */
  share: number;
  queue: Omit<QueueModel, 'byOperation'>;
}

/** Per-replica resources, when the profile gives them. */
export interface Resources {
  cpuCores: number | null;
  memoryBytes: number | null;
  gpus: number;
}

/** An HTTP probe: its path and, where the profile gives them, its timing (seconds). */
export interface ProbeSettings {
  path: string;
  initialDelayS: number | null;
  periodS: number | null;
}

/** Deployment settings carried from the profile to the manifest emitters (SI units). */
export interface DeploySettings {
  image: string | null;
  port: number | null;
  liveness: ProbeSettings | null;
  readiness: ProbeSettings | null;
  cpuLimit: number | null;
  memoryLimit: number | null;
  scaleUpWindowS: number | null;
  scaleDownWindowS: number | null;
  rpsMetric: string | null;
  /** The custom metric's per-pod target as written (per second); null: the plan's sized rate. */
  rpsTarget: number | null;
  /** PodDisruptionBudget minAvailable as written: a count or a percentage ("50%"); null: the plan's. */
  minAvailable: number | string | null;
  /** NetworkPolicy egress: `open` (unrestricted) or `calls` (DNS and the callees only). */
  egress: 'open' | 'calls';
  /** Compose restart_policy condition. */
  restart: 'any' | 'on-failure' | 'none';
  /** Host port the Compose load balancer publishes this component on; null: the next free one. */
  publish: number | null;
  /** nginx server parameters for this component's replicas; null: the defaults. */
  maxFails: number | null;
  failTimeoutS: number | null;
  /** Node label holding a node's GPU memory (MiB) that an agent's pods must find large enough; false: none; null: nvidia.com/gpu.memory. */
  gpuMemoryLabel: string | false | null;
  /** The component is the nginx load balancer in front of its calls. */
  loadBalancer: boolean;
}

/** How a stateful component's data grows, for its volumes and its bill (bytes, seconds). */
export interface StorageModel {
  /** Data stored when the base phase begins (the profile's dataset). */
  datasetBytes: number;
  /** Mean rate at which kept data grows (mean write rate × bytes per write). */
  growthBytesPerS: number;
  /** How long written data is kept; growth stops there. */
  retentionS: number;
  /** Fullest a volume may get: volumes are provisioned at data ÷ fill. */
  fill: number;
}

/** A component sized for one phase. */
export interface ComponentPlan {
  name: string;
  kind: string;
  /** Load on this component at peak: ops/s, or bytes/s for network and disk. */
  demand: number;
  demandUnit: string;
  /** Deployed instances: pods for horizontal kinds; nodes (primaries + replicas) for database and cache; links; devices. */
  replicas: number;
  binding: Binding;
  /** Busy fraction at peak of the resource that binds (throughput side). */
  utilization: number;
  /** 95th percentile response time (wait + service) at peak, seconds; null when not modelled, Infinity when unstable. */
  latencyP95: number | null;
  /** Erlang C probability that a request waits; null when not modelled. */
  waitProbability: number | null;
  /** The largest user request rate (req/s at the entry) this component carries at its target utilisation. */
  maxRps: number;
  violations: Violation[];
  /** The largest user request rate at 100 % utilisation (or the hard limit). */
  breakingRps: number;
  /** maxRps and breakingRps as sessions/day (× 86400 / (requestsPerSession × peakFactor)); null without sessions. */
  maxSessionsPerDay: number | null;
  breakingSessionsPerDay: number | null;
  /** What limits maxRps: `capacity`, `rateLimit`, `writes`, `memory`, ... */
  maxRpsBy: string;
  /** Visits per user request. */
  visits: number;
  /** Capacity of one scaling unit at 100 % busy, in `capacityUnit`. */
  capacityPerUnit: number;
  capacityUnit: string;
  targetUtilization: number;
  /** The unit counted: replicas, shards, links, devices, GPUs. */
  unitLabel: string;
  /** Human summary of the topology: "3 replicas", "1 primary + 2 read replicas", "2 shards × 2 nodes". */
  topology: string;
  managed: boolean;
  resources: Resources;
  /** Mean response time at peak, seconds (null when not modelled). */
  latencyMean: number | null;
  /** This component's p95 budget from the profile, seconds. */
  latencyBudget: number | null;
  queue: QueueModel | null;
  /** Whether the component is on the synchronous request path (workers are not). */
  synchronous: boolean;
  /** Storage this component needs at the end of its retention period, bytes (stateful kinds). */
  storageBytes: number | null;
  /** How that storage grows (database, disk), for volumes and bills; absent for other kinds. */
  storage?: StorageModel;
  /** Bytes per month leaving the network (network kind with egress), bytes. */
  egressBytesPerMonth: number | null;
  /** How the capacity per unit was derived, with numbers (for --explain). */
  capacityDerivation: string;
  constraints: Constraint[];
  /** Kind-specific figures (shards, read replicas, class waits, GPUs, ...). */
  detail: Record<string, unknown>;
  /** Profile path of this component, for positioned messages. */
  path: string;
  /** Inferred defaults worth telling the user. */
  notes: string[];
  /** Which queueing model each figure uses (service law, balancing, blocking, retries), for --explain. */
  model: string[];
  /** Components this one calls (the request path; drives NetworkPolicies). */
  calls: string[];
  /** The calls with their probabilities, blocking, retries and timeouts, and what they come to at peak. */
  callGraph: CallPlan[];
  /** Replicas (scaling units) the same component needs at the phase's mean rate: the off-peak floor. */
  offPeakReplicas: number;
  /** The profile's `replicas: { min, max }` (counts), null where not given: the autoscaler's bounds. */
  configuredReplicas: { min: number | null; max: number | null };
  deploy: DeploySettings;
}

/** A component as its kind sizes it, before the system analysis adds the sessions/day figures. */
export type SizedComponent = Omit<ComponentPlan, 'maxSessionsPerDay' | 'breakingSessionsPerDay' | 'calls' | 'callGraph' | 'offPeakReplicas' | 'configuredReplicas' | 'deploy'>;

/** What `solve` adds to a sized component from its settings. */
export type ComponentSettingsPlan = Pick<ComponentPlan, 'calls' | 'callGraph' | 'offPeakReplicas' | 'configuredReplicas' | 'deploy'>;

/** One call of a component as planned (seconds; probabilities as fractions). */
export interface CallPlan {
  to: string;
  /** Probability that one visit of the caller makes this call (an alternative's share). */
  probability: number;
  /** Part of a oneOf: the alternatives of one entry exclude each other. */
  alternative: boolean;
  /** Index of the caller's `calls` entry. */
  entry: number;
  /** Index of the member within a `parallel` entry (absent outside one): the members of one entry run at once. */
  member?: number;
  /** The caller's worker is held while the call runs. */
  blocking: boolean;
  retries: number;
  timeout: number | null;
  failureRate: number;
  /** Expected calls per visit of the caller, before retries. */
  callsPerVisit: number;
  /** Probability that the callee's answer (with all it calls) outlasts the timeout. */
  timeoutProbability: number | null;
  /** Probability that an attempt is retried (fails or times out). */
  retryProbability: number;
  /** Expected attempts per call, Σ_{k=0..retries} q^k. */
  expectedAttempts: number;
  /** Factor on the callee's wait as this blocking caller's finite threads see it (1: none). */
  waitScale: number;
  /** p95 of one call's time, callee and everything below it (calls with a timeout; else null). */
  callP95: number | null;
}

/** System-level analysis of one phase. */
export interface SystemPlan {
  /** Largest user rate the planned replicas carry with every component at its target utilisation. */
  maxRps: number;
  /** Largest user rate at 100 % utilisation (or a hard limit): the breaking point. */
  breakingRps: number;
  /** maxRps / peakRps. */
  headroom: number;
  /** The component that limits maxRps; null when none does (every maxRps infinite: no component carries load per request). */
  bottleneck: string | null;
  /** maxRps × 86400 / (requestsPerSession × peakFactor); null without sessions. */
  maxSessionsPerDay: number | null;
  /** breakingRps × 86400 / (requestsPerSession × peakFactor): sessions/day at 100 % utilisation; null without sessions. */
  breakingSessionsPerDay: number | null;
  /** End-to-end p95 along the synchronous request path (exact convolution), seconds. */
  latencyP95: number;
  /** Σ visits × component p95 along the path: the latency budget sum, seconds. */
  latencyBudgetSum: number;
  latencyMean: number;
  latencyTarget: number | null;
  /** Components on the request path, in call order. */
  path: string[];
  /** `exact`: the path's percentile; `bound`: an upper bound (too many constant-delay combinations). */
  latencyMethod: 'exact' | 'bound';
  /** How the end-to-end figure was computed, for --explain. */
  latencyModel: string[];
  /** Caveats about the end-to-end figure worth a plan note. */
  latencyNotes: string[];
}

/** One priced line of a bill: monthly = quantity × unitPrice (unitPrice null: no dated price). */
export interface BillLine {
  item: string;
  description: string;
  quantity: number;
  unit: string;
  unitPrice: number | null;
  monthly: number;
  source: string;
  asOf: string | null;
  note: string | null;
  /** The component the line is bought for, when it is one component's (managed services, storage). */
  component?: string;
}

/** The monthly bill of one phase (issue 4 fills it in). */
export interface Bill {
  currency: 'USD';
  monthly: number;
  lines: BillLine[];
  [key: string]: unknown;
}

/** The workload of one phase after units and growth: the demand side. */
export interface PhaseWorkload {
  peakRps: number;
  meanRps: number;
  sessionsPerDay: number | null;
  requestsPerSession: number | null;
  peakFactor: number;
  /** Session arrivals per second at peak (peakRps / requestsPerSession), null without sessions. */
  sessionRate: number | null;
  concurrentUsers: number | null;
  /** How the peak was derived, for --explain. */
  derivation: string;
  /** Coefficient of variation of the interarrival times at the entry (workload.arrivalCv); absent when 1 (Poisson). */
  arrivalCv?: number;
}

/** The regions of a phase: whole copies of the stack, each sized for `share` of the load (plan/regions.ts). */
export interface RegionPlan {
  count: number;
  /** Region names when the profile gives them. */
  names: string[];
  /** Each region also carries a lost region's share. */
  failover: boolean;
  /** Fraction of the peak one region serves: 1 / count, or 1 / (count − 1) with failover. */
  share: number;
  /** The peak one region serves (req/s), the X its components are sized for. */
  peakRps: number;
  /** How that regional peak follows from the phase's, for --explain. */
  derivation: string;
}

/** One phase planned. */
export interface PhasePlan {
  name: string;
  scale: number;
  /** Time from the start of the base phase to this one (`after`, seconds): 0 for the base phase, null when not given. */
  afterS: number | null;
  /** The targets this phase was planned against (SI units). */
  targets: Targets;
  peakRps: number;
  meanRps: number;
  workload: PhaseWorkload;
  /** Regions of the phase (components sized per region, system rates for all of them); null: one region. */
  regions: RegionPlan | null;
  /** Machines the design puts the phase on (targets.nodes), for the on-prem bill; null: not given. */
  nodes: number | null;
  /** What the plan says about the profile's own settings that is not a violation (plan/findings.ts). */
  findings: string[];
  components: ComponentPlan[];
  system: SystemPlan;
  bill: Bill | null;
  violations: Violation[];
}

/** The whole plan. */
export interface Plan {
  apiVersion: 'capplan/v1';
  profile: string;
  phases: PhasePlan[];
  /** Defaults the planner inferred (request path, ...), for the user to confirm. */
  notes: string[];
  /** The profile's own `notes:`: how it reads its source, and where the source disagrees with itself. */
  profileNotes: string[];
  /** Alert thresholds the profile states (`alerts:`), for `emit k8s --alerts`. */
  alerts: AlertRule[];
}
