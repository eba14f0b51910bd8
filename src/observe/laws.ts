/**
 * The operational laws (Denning & Buzen, "The Operational Analysis of Queueing Network Models",
 * ACM Computing Surveys 10(3), 1978) applied to what was observed: each holds for any measured
 * interval, with no assumption about distributions. Pure.
 */
import type { BucketQuantile } from './histogram.js';
import type { Observation } from './collect.js';

/** What the profile's plan says of a component, for comparison and for the servers per replica. */
export interface ComponentFacts {
  name: string;
  kind: string;
  /** Visits per user request in the profile (λc / X). */
  visits: number;
  /** Servers per replica (c of M/M/c) as the planner models it. */
  workers: number;
}

/** One component's derived figures (SI units; null where an input was not observed). */
export interface DerivedComponent {
  name: string;
  kind: string;
  /** X_c: operations per second completed. */
  rate: number;
  /** V_c = X_c / X (Forced Flow Law). */
  visits: number | null;
  profileVisits: number;
  /** B: CPU cores busy, all replicas. */
  busyCores: number | null;
  /** S = B / X_c: CPU seconds per operation (Utilisation Law). */
  serviceTimeS: number | null;
  /** D = B / X = V_c × S: CPU seconds per user request (Utilisation Law, service demand). */
  demandS: number | null;
  replicas: number | null;
  /** c: servers per replica. */
  workers: number;
  /** μ = c / S: operations per second one replica completes at 100 % busy. */
  capacityPerReplica: number | null;
  /** ρ = B / (n × c): utilisation of a replica's servers. */
  utilization: number | null;
  /** R: mean response time (histogram sum / count). */
  meanResponseS: number | null;
  /** N = X_c × R: requests in flight, all replicas (Little's law). */
  concurrency: number | null;
  /** Observed 95th percentile and the bucket bounding it. */
  p95: BucketQuantile | null;
}

/** The system's derived figures. */
export interface Derived {
  /** X: user requests per second = X_entry / V_entry (the entry's visits from the profile). */
  systemRps: number;
  entry: string;
  components: DerivedComponent[];
}

/**
 * Applies the laws to each observed component (Denning & Buzen 1978, notation of Lazowska et al.,
 * "Quantitative System Performance", 1984, ch. 3):
 *   Forced Flow Law   X_c = V_c × X            → V_c = X_c / X
 *   Utilisation Law   U = X × S               → S = B / X_c (B = CPU cores busy, U in cores)
 *   service demand    D_c = V_c × S_c = B / X
 *   Little's law      N = X × R               → N = X_c × R (R from the histogram)
 * Per replica: μ = c / S (c servers per replica, each busy S per operation) and ρ = B / (n × c).
 * S is CPU time: it equals the time a worker is held only when a busy worker is a busy core.
 */
export function deriveLaws(obs: Observation, facts: readonly ComponentFacts[]): Derived {
  const factOf = (name: string) => facts.find((f) => f.name === name);
  const entry = obs.components.find((c) => c.name === obs.entry)!;
  const entryVisits = factOf(entry.name)?.visits ?? 1;
  const X = entryVisits > 0 ? entry.rate.value / entryVisits : entry.rate.value;
  const components = obs.components.map((c): DerivedComponent => {
    const f = factOf(c.name);
    const xc = c.rate.value;
    const B = c.cpu?.value ?? null;
    const n = c.replicas?.value ?? null;
    const workers = f?.workers ?? 1;
    const S = B !== null && xc > 0 ? B / xc : null;
    const R = c.latency?.meanS ?? null;
    return {
      name: c.name,
      kind: c.kind,
      rate: xc,
      visits: X > 0 ? xc / X : null,
      profileVisits: f?.visits ?? 0,
      busyCores: B,
      serviceTimeS: S,
      demandS: B !== null && X > 0 ? B / X : null,
      replicas: n,
      workers,
      capacityPerReplica: S !== null && S > 0 ? workers / S : null,
      utilization: B !== null && n !== null && n > 0 ? B / (n * workers) : null,
      meanResponseS: R,
      concurrency: R !== null ? xc * R : null,
      p95: c.latency?.p95 ?? null,
    };
  });
  return { systemRps: X, entry: entry.name, components };
}
