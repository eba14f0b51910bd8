/**
 * The gate policy a baseline records, and what a profile's policy loosened against it. The
 * baseline records the profile's policy (defaults < `gates:`), not the flags of the run that
 * wrote it: a pull request changes the profile, and the flags live in the CI workflow. Pure.
 */
import { formatNumber, formatPercent, formatUsd } from '../units/format.js';
import { sameFigure } from './figures.js';
import { VIOLATION_KINDS, type GateLevel } from './levels.js';
import type { GatePolicy } from './policy.js';

/** The policy as a baseline records it: each rule's level and thresholds (fractions, ratios, months); a rule a record lacks is unknown. */
export interface RecordedPolicy {
  violations?: { level: GateLevel; kinds: Partial<Record<string, GateLevel>> };
  headroom?: { level: GateLevel; min: number | null };
  latency?: { level: GateLevel };
  availability?: { level: GateLevel };
  replicas?: { level: GateLevel; margin: number };
  cost?: { level: GateLevel; margin: number; max: number | null };
  simulate?: { level: GateLevel; requests: number; seed: number };
  runway?: { level: GateLevel; minMonths: number | null };
}

/** The record of a resolved policy (the budget's own level is a flag's, so it is left out). */
export function recordPolicy(p: GatePolicy): RecordedPolicy {
  return {
    violations: { level: p.violations.level, kinds: { ...p.violations.kinds } },
    headroom: { level: p.headroom.level, min: p.headroom.min },
    latency: { level: p.latency.level },
    availability: { level: p.availability.level },
    replicas: { level: p.replicas.level, margin: p.replicas.margin },
    cost: { level: p.cost.level, margin: p.cost.margin, max: p.cost.max },
    simulate: { level: p.simulate.level, requests: p.simulate.requests, seed: p.simulate.seed },
    runway: { level: p.runway.level, minMonths: p.runway.minMonths },
  };
}

const SEVERITY: readonly GateLevel[] = ['off', 'warn', 'error'];
const milder = (a: GateLevel, b: GateLevel) => SEVERITY.indexOf(a) < SEVERITY.indexOf(b);
/** a > b beyond a saved figure's precision. */
const above = (a: number, b: number) => a > b && !sameFigure(a, b);

const LEVEL_RULES = ['violations', 'headroom', 'latency', 'availability', 'replicas', 'cost', 'simulate', 'runway'] as const;

/** What the profile's policy loosened against the baseline's, with the profile path of each. */
export interface PolicyLoosening {
  words: string;
  path: string;
}

/**
 * Where `now` is milder than `was`: a rule's level lowered, a violation kind's level lowered, a
 * margin widened, a budget raised or dropped, a minimum headroom or runway lowered or dropped.
 * A threshold counts only while its rule is on on both sides (a rule turned off says so itself).
 * Stricter changes are not listed: they cannot let a change through.
 */
export function loosenedPolicy(was: RecordedPolicy, now: RecordedPolicy): PolicyLoosening[] {
  const out: PolicyLoosening[] = [];
  for (const rule of LEVEL_RULES) {
    const b = was[rule]?.level;
    const a = now[rule]?.level;
    if (a !== undefined && b !== undefined && milder(a, b)) out.push({ words: `${rule} ${b} → ${a}`, path: `gates.${rule}` });
  }
  if (was.violations && now.violations) {
    for (const k of VIOLATION_KINDS) {
      const ownB = was.violations.kinds[k];
      const ownA = now.violations.kinds[k];
      if (ownA === undefined && ownB === undefined) continue;
      const b = ownB ?? was.violations.level;
      const a = ownA ?? now.violations.level;
      if (milder(a, b)) out.push({ words: `violations.${k} ${b} → ${a}`, path: `gates.violations.kinds.${k}` });
    }
  }
  const on = <R extends (typeof LEVEL_RULES)[number]>(rule: R): [NonNullable<RecordedPolicy[R]>, NonNullable<RecordedPolicy[R]>] | null => {
    const b = was[rule];
    const a = now[rule];
    return a && b && a.level !== 'off' && b.level !== 'off' ? [b as NonNullable<RecordedPolicy[R]>, a as NonNullable<RecordedPolicy[R]>] : null;
  };
  const headroom = on('headroom');
  if (headroom && headroom[0].min !== null && (headroom[1].min === null || above(headroom[0].min, headroom[1].min))) {
    out.push({ words: `headroom min ${formatNumber(headroom[0].min)}× → ${headroom[1].min === null ? 'none (targets.minHeadroom)' : `${formatNumber(headroom[1].min)}×`}`, path: 'gates.headroom.min' });
  }
  const replicas = on('replicas');
  if (replicas && above(replicas[1].margin, replicas[0].margin)) out.push({ words: `replicas margin ${formatPercent(replicas[0].margin)} → ${formatPercent(replicas[1].margin)}`, path: 'gates.replicas.margin' });
  const cost = on('cost');
  if (cost && above(cost[1].margin, cost[0].margin)) out.push({ words: `cost margin ${formatPercent(cost[0].margin)} → ${formatPercent(cost[1].margin)}`, path: 'gates.cost.margin' });
  if (cost && cost[0].max !== null && (cost[1].max === null || above(cost[1].max, cost[0].max))) {
    out.push({ words: `cost max ${formatUsd(cost[0].max)} → ${cost[1].max === null ? 'none' : formatUsd(cost[1].max)}`, path: 'gates.cost.max' });
  }
  const runway = on('runway');
  if (runway && runway[0].minMonths !== null && (runway[1].minMonths === null || above(runway[0].minMonths, runway[1].minMonths))) {
    const months = (m: number) => `${formatNumber(m)} month${m === 1 ? '' : 's'}`;
    out.push({ words: `minRunway ${months(runway[0].minMonths)} → ${runway[1].minMonths === null ? 'none' : months(runway[1].minMonths)}`, path: 'gates.minRunway' });
  }
  return out;
}
