/**
 * The plan: what `solve` and `analyse` produce and everything downstream (renderers, bills,
 * manifests, the CI gate) reads. Plain data, SI units: seconds, per-second rates, bytes, cores.
 * Keys named in DESIGN.md §5 are stable; new keys may be added, never renamed.
 */

/** Targets of a phase in SI units. */
export interface Targets {
  latencyP95: number | null;
  availability: number | null;
  cpuUtilization: number;
  memoryUtilization: number;
  zones: number;
  minHeadroom: number | null;
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
  | 'unpriced';

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

/** M/M/c parameters of one replica, for end-to-end latency along the request path. */
export interface QueueModel {
  servers: number;
  arrivalRate: number;
  serviceRate: number;
  /** A fixed delay added to each visit (e.g. a third-party API's own latency, a network round trip). */
  constantDelayS: number;
}

/** Per-replica resources, when the profile gives them. */
export interface Resources {
  cpuCores: number | null;
  memoryBytes: number | null;
  gpus: number;
}

/** Deployment settings carried from the profile to the manifest emitters (SI units). */
export interface DeploySettings {
  image: string | null;
  port: number | null;
  liveness: string | null;
  readiness: string | null;
  cpuLimit: number | null;
  memoryLimit: number | null;
  scaleUpWindowS: number | null;
  scaleDownWindowS: number | null;
  rpsMetric: string | null;
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
  /** Components this one calls (the request path; drives NetworkPolicies). */
  calls: string[];
  /** Replicas (scaling units) the same component needs at the phase's mean rate: the off-peak floor. */
  offPeakReplicas: number;
  /** The profile's `replicas: { min, max }` (counts), null where not given: the autoscaler's bounds. */
  configuredReplicas: { min: number | null; max: number | null };
  deploy: DeploySettings;
}

/** A component as its kind sizes it, before the system analysis adds the sessions/day figures. */
export type SizedComponent = Omit<ComponentPlan, 'maxSessionsPerDay' | 'breakingSessionsPerDay' | 'calls' | 'offPeakReplicas' | 'configuredReplicas' | 'deploy'>;

/** What `solve` adds to a sized component from its settings. */
export type ComponentSettingsPlan = Pick<ComponentPlan, 'calls' | 'offPeakReplicas' | 'configuredReplicas' | 'deploy'>;

/** System-level analysis of one phase. */
export interface SystemPlan {
  /** Largest user rate the planned replicas carry with every component at its target utilisation. */
  maxRps: number;
  /** Largest user rate at 100 % utilisation (or a hard limit): the breaking point. */
  breakingRps: number;
  /** maxRps / peakRps. */
  headroom: number;
  bottleneck: string;
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
}
