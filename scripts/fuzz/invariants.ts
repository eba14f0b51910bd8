/**
 * Metamorphic checks of the planner on a profile that plans: more load never gives fewer
 * replicas or a smaller bill; more capacity per replica never gives more replicas; a component
 * without violations is never above its target utilisation. Returns the violations found.
 */
import { billOptions } from '../../src/cli/plan-pipeline.js';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { solve } from '../../src/plan/solve.js';
import type { ComponentPlan, PhasePlan, Plan } from '../../src/plan/types.js';
import { pricePlan } from '../../src/pricing/bill.js';
import type { Profile } from '../../src/profile/load.js';

/** Components whose capacity is varied per profile (each costs a plan). */
const MAX_CAPACITY_CHECKS = 8;

/** Tolerance of float comparisons (relative). */
const EPS = 1e-9;

/** A copy of the profile with every phase's user load multiplied by `k`. */
export function scaleLoad(profile: Profile, k: number): Profile {
  const p = structuredClone(profile);
  for (const phase of p.phases) {
    const w = phase.workload;
    w.peakRps *= k;
    w.meanRps *= k;
    if (w.sessionsPerDay !== null) w.sessionsPerDay *= k;
    if (w.sessionRate !== null) w.sessionRate *= k;
    if (w.concurrentUsers !== null) w.concurrentUsers *= k;
  }
  return p;
}

/** A copy of the profile with one component's capacity per replica multiplied by `k` (in every phase); null if it has none. */
export function scaleCapacity(profile: Profile, name: string, k: number): Profile | null {
  const p = structuredClone(profile);
  let changed = false;
  for (const phase of p.phases) {
    for (const c of phase.components) {
      if (c.name !== name) continue;
      const s = c.settings as Record<string, unknown> & { capacity?: unknown };
      if (typeof s.capacity === 'number') {
        s.capacity *= k;
        changed = true;
      } else if (s.capacity && typeof s.capacity === 'object' && (s.capacity as { usl?: { lambda: number } }).usl) {
        (s.capacity as { usl: { lambda: number } }).usl.lambda *= k;
        changed = true;
      }
      if (typeof s.writeCapacity === 'number') {
        s.writeCapacity *= k;
        changed = true;
      }
      if (typeof s.serviceTime === 'number' && typeof s.capacity !== 'number') {
        s.serviceTime /= k;
        changed = true;
      }
    }
  }
  return changed ? p : null;
}

function plan(profile: Profile): Plan {
  return pricePlan(solve(profile), billOptions(profile, {}).options);
}

function usesFitFiles(profile: Profile): boolean {
  return profile.phases.some((ph) => ph.components.some((c) => {
    const cap = c.settings.capacity;
    return typeof cap === 'object' && cap !== null && (cap as { fit?: string }).fit !== undefined;
  }));
}

/** Violations of the utilisation invariant in one plan. */
export function utilisationViolations(p: Plan): string[] {
  const out: string[] = [];
  for (const phase of p.phases) {
    for (const c of phase.components) {
      if (c.violations.length === 0 && c.utilization > c.targetUtilization * (1 + EPS) + EPS) {
        out.push(`utilisation above target without a violation: ${c.kind} ${c.name} (phase ${phase.name}) at ${c.utilization} > ${c.targetUtilization}, binding ${c.binding}`);
      }
    }
  }
  return out;
}

/**
 * Databases of a phase with more shards in `high` than in `low`. The database kind shards for
 * writes and adds read replicas per shard for reads (src/kinds/database.ts): a shard more halves
 * each primary's reads, so the read replicas a single primary needed can go. Its nodes, shards ×
 * (1 + read replicas), and the data they hold, a full copy per replica, may then fall as the
 * load rises: 1 primary + 1 replica holding 115 TiB each becomes 2 primaries holding 86 TiB
 * each (fuzz case 7380 of seed 2026). A change of shape, not a bug: such a database is exempt
 * from the replicas check, and its phase from the bill check.
 */
export function reshardedDatabases(low: PhasePlan, high: PhasePlan): Set<string> {
  const shards = (c: ComponentPlan | undefined) => (c?.kind === 'database' && typeof c.detail.shards === 'number' ? c.detail.shards : null);
  const out = new Set<string>();
  for (const c of low.components) {
    const [a, b] = [shards(c), shards(high.components.find((x) => x.name === c.name))];
    if (a !== null && b !== null && b > a) out.add(c.name);
  }
  return out;
}

/**
 * Components of a phase that hold their workers through a call (blocking, or retried on a
 * timeout) to a component with more replicas in `high` than in `low`. The callee's wait falls as
 * it scales out, and so does the caller's hold: the caller may then need fewer replicas under
 * more load (docs/model.md, "Blocking calls"; fuzz case 7752 of seed 2026: thea-ia's FSM holds
 * its workers through PostgreSQL). Such a caller is exempt from the replicas check, and its
 * phase from the bill check.
 */
export function relievedCallers(low: PhasePlan, high: PhasePlan): Set<string> {
  const replicas = (p: PhasePlan, name: string) => p.components.find((x) => x.name === name)?.replicas ?? 0;
  const out = new Set<string>();
  for (const c of low.components) {
    const held = c.callGraph.filter((k) => k.blocking || k.retries > 0 || k.timeout !== null);
    if (held.some((k) => replicas(high, k.to) > replicas(low, k.to))) out.add(c.name);
  }
  return out;
}

/**
 * Components of a phase that `high` leaves out of its bill and `low` priced: the plan says so
 * with an `unpriced` violation ("the bill of $X leaves it out"), so its total is only a lower
 * bound. A vertical GPU component whose units per replica outgrow every GPU instance in the
 * catalog goes this way under more load: thea-ia's agents at 9 GPUs a pod (fuzz case 11212 of
 * seed 2027) and the large template's inference at 16 (case 13268), where the largest node has
 * 8. Such a phase is exempt from the bill check; the replicas check still holds.
 */
export function newlyUnpriced(low: PhasePlan, high: PhasePlan): Set<string> {
  const unpriced = (p: PhasePlan) => new Set(p.violations.flatMap((v) => (v.kind === 'unpriced' && v.component !== null ? [v.component] : [])));
  const before = unpriced(low);
  return new Set([...unpriced(high)].filter((name) => !before.has(name)));
}

/** Violations of monotonicity between a plan and the same plan under more load (or less capacity). */
export function monotonicityViolations(low: Plan, high: Plan, what: string, bills: boolean): string[] {
  const out: string[] = [];
  low.phases.forEach((phase, i) => {
    const other = high.phases[i];
    if (!other) return;
    const resharded = reshardedDatabases(phase, other);
    const relieved = relievedCallers(phase, other);
    for (const c of phase.components) {
      const h = other.components.find((x) => x.name === c.name);
      if (h && h.replicas < c.replicas && !resharded.has(c.name) && !relieved.has(c.name)) {
        out.push(`${what}: fewer replicas: ${c.kind} ${c.name} (phase ${phase.name}) ${c.replicas} → ${h.replicas}, binding ${c.binding} → ${h.binding}`);
      }
    }
    const a = phase.bill?.monthly;
    const b = other.bill?.monthly;
    if (bills && resharded.size === 0 && relieved.size === 0 && newlyUnpriced(phase, other).size === 0 && a !== undefined && b !== undefined && b < a * (1 - 1e-6)) {
      out.push(`${what}: smaller bill (phase ${phase.name}) ${a} → ${b}`);
    }
  });
  return out;
}

/** Every invariant violation of the profile in `text` (empty when it does not plan or all hold). */
export async function checkInvariants(text: string, loadFactor: number, capacityFactor: number): Promise<string[]> {
  let profile: Profile;
  try {
    profile = (await loadProfileText(text, 'profile.yaml')).profile;
  } catch {
    return [];
  }
  if (usesFitFiles(profile) || profile.phases.reduce((n, ph) => n + ph.components.length, 0) > 400) return [];
  let base: Plan;
  try {
    base = plan(profile);
  } catch {
    return []; // a region the catalog lacks, and the like: the CLI run reports those
  }
  const out = utilisationViolations(base);
  out.push(...monotonicityViolations(base, plan(scaleLoad(profile, loadFactor)), `load × ${loadFactor}`, true));
  for (const name of [...new Set(profile.phases.flatMap((ph) => ph.components.map((c) => c.name)))].slice(0, MAX_CAPACITY_CHECKS)) {
    const faster = scaleCapacity(profile, name, capacityFactor);
    if (faster) out.push(...monotonicityViolations(plan(faster), base, `capacity of ${name} ÷ ${capacityFactor}`, false));
  }
  return out;
}
