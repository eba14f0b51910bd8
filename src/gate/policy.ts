/**
 * The gate policy: the defaults, overridden by the profile's `gates:` section, overridden by the
 * command's flags. Pure; the flag parsers throw plain Errors the command turns into usage errors.
 */
import type { ViolationKind } from '../plan/types.js';
import { didYouMean } from '../profile/diagnostic.js';
import { GATE_LEVELS, RULES, VIOLATION_KINDS, type GateLevel, type RuleName } from './levels.js';
import type { GatesInput } from './policy-schema.js';

export { RULES, type GateLevel, type RuleName } from './levels.js';

/** The resolved policy every rule reads. Fractions 0..1; headroom as a ratio. */
export interface GatePolicy {
  violations: { level: GateLevel; kinds: Partial<Record<ViolationKind, GateLevel>> };
  /** `min` applies to every phase when set (flag or gates.headroom.min); else each phase's targets.minHeadroom. */
  headroom: { level: GateLevel; min: number | null };
  latency: { level: GateLevel };
  /** The level of the availability violations (a stated targets.availability the plan predicts is missed), with the violations rule's. */
  availability: { level: GateLevel };
  replicas: { level: GateLevel; margin: number };
  /**
   * `max`: the monthly budget of every phase (USD), or null. `budgetLevel`: the level of the
   * budget's finding; the rule's level, but `error` when the budget came from `--max-cost` and no
   * `--gate cost=LEVEL` was given (a budget asked for on the command line fails the gate, even
   * where the profile set `cost: warn` for the rise over the baseline).
   */
  cost: { level: GateLevel; margin: number; max: number | null; budgetLevel: GateLevel };
  /** Gate on a simulation of each phase (off unless asked for). */
  simulate: { level: GateLevel; requests: number; seed: number };
  /** `minMonths` null: the runway rule does not run. */
  runway: { level: GateLevel; minMonths: number | null };
  /**
   * The profile's policy milder than the baseline's (policy-record.ts): warn unless `--gate
   * policy=LEVEL`. A flag only: the profile is what a pull request edits, so it cannot relax this.
   */
  policy: { level: GateLevel };
}

/** The level of the policy rule unless `--gate policy=LEVEL` sets it. */
export const POLICY_RULE_LEVEL: GateLevel = 'warn';

/** Requests simulated per phase by the simulate rule, unless the policy says. */
export const SIMULATE_REQUESTS = 100_000;

/** Overrides from command-line flags. */
export interface GateFlags {
  levels?: Partial<Record<RuleName, GateLevel>>;
  violationKinds?: Partial<Record<ViolationKind, GateLevel>>;
  replicasMargin?: number | undefined;
  costMargin?: number | undefined;
  costMax?: number | undefined;
  minHeadroom?: number | undefined;
  minRunwayMonths?: number | undefined;
}

/** Seconds in a calendar month (a twelfth of 365.25 days), to read gates.minRunway in months. */
export const SECONDS_PER_CALENDAR_MONTH = (365.25 * 86_400) / 12;

/** Default margins: a rise of more than 10 % over the baseline trips the rule. */
export const DEFAULT_MARGIN = 0.1;

type RuleInput = GateLevel | { level?: GateLevel | undefined } | undefined;

function levelIn(r: RuleInput): GateLevel | undefined {
  return typeof r === 'string' ? r : r?.level;
}

function field<K extends string>(r: RuleInput, key: K): number | undefined {
  return r && typeof r === 'object' ? ((r as Record<string, unknown>)[key] as number | undefined) : undefined;
}

/** Defaults < profile `gates:` < flags. */
export function resolvePolicy(gates: GatesInput | undefined, flags: GateFlags = {}): GatePolicy {
  const g = gates ?? {};
  const level = (rule: RuleName, r: RuleInput): GateLevel => flags.levels?.[rule] ?? levelIn(r) ?? 'error';
  const kinds = typeof g.violations === 'object' ? (g.violations.kinds ?? {}) : {};
  const mergedKinds: Partial<Record<ViolationKind, GateLevel>> = {};
  for (const k of VIOLATION_KINDS) {
    const v = flags.violationKinds?.[k] ?? kinds[k];
    if (v !== undefined) mergedKinds[k] = v;
  }
  return {
    violations: { level: level('violations', g.violations), kinds: mergedKinds },
    headroom: {
      level: level('headroom', g.headroom),
      min: flags.minHeadroom ?? field(g.headroom, 'min') ?? null,
    },
    latency: { level: level('latency', g.latency) },
    availability: { level: level('availability', g.availability) },
    replicas: { level: level('replicas', g.replicas), margin: flags.replicasMargin ?? field(g.replicas, 'margin') ?? DEFAULT_MARGIN },
    cost: {
      level: level('cost', g.cost),
      margin: flags.costMargin ?? field(g.cost, 'margin') ?? DEFAULT_MARGIN,
      max: flags.costMax ?? field(g.cost, 'max') ?? null,
      budgetLevel: flags.costMax !== undefined && flags.levels?.cost === undefined ? 'error' : level('cost', g.cost),
    },
    simulate: {
      level: flags.levels?.simulate ?? (g.simulate === true ? 'error' : g.simulate === false || g.simulate === undefined ? 'off' : levelIn(g.simulate) ?? 'error'),
      requests: field(g.simulate as RuleInput, 'requests') ?? SIMULATE_REQUESTS,
      seed: field(g.simulate as RuleInput, 'seed') ?? 1,
    },
    runway: { level: level('runway', g.runway), minMonths: flags.minRunwayMonths ?? (g.minRunway !== undefined ? g.minRunway / SECONDS_PER_CALENDAR_MONTH : null) },
    policy: { level: flags.levels?.policy ?? POLICY_RULE_LEVEL },
  };
}

/** The headroom minimum that applies to a phase: the policy's, else the phase's targets.minHeadroom. */
export function headroomThreshold(policy: GatePolicy, phaseMinHeadroom: number | null): number | null {
  return policy.headroom.min ?? phaseMinHeadroom;
}

/** The level of a violation of the given kind. */
export function violationLevel(policy: GatePolicy, kind: ViolationKind): GateLevel {
  const own = policy.violations.kinds[kind];
  if (own !== undefined) return own;
  // A latency violation (a budget no replica count meets, the end-to-end p95 over its target) is
  // what the latency rule is about: `latency: warn` (or off) relaxes it too, unless
  // violations.kinds.latency says otherwise.
  if (kind === 'latency') return milder(policy.latency.level, policy.violations.level);
  // Likewise an availability violation (the plan's predicted failures over what
  // targets.availability allows) is the availability rule's: `availability: warn` relaxes it.
  if (kind === 'availability') return milder(policy.availability.level, policy.violations.level);
  return policy.violations.level;
}

/** The milder of two levels. */
function milder(a: GateLevel, b: GateLevel): GateLevel {
  return GATE_LEVELS_BY_SEVERITY.indexOf(a) < GATE_LEVELS_BY_SEVERITY.indexOf(b) ? a : b;
}

/** The levels from the mildest. */
const GATE_LEVELS_BY_SEVERITY: readonly GateLevel[] = ['off', 'warn', 'error'];

/** Parses `--max-cost`: a monthly budget in USD, `5000`, `5,000`, `5_000` or `$5000`. */
export function parseBudgetFlag(value: string): number {
  const m = /^\s*\$?\s*(\d{1,3}(?:[,_]\d{3})+|\d+)(\.\d+)?\s*$/.exec(value);
  const n = m ? Number(m[1]!.replace(/[,_]/g, '') + (m[2] ?? '')) : NaN;
  if (!(n > 0)) throw new Error(`expected a monthly budget in USD like 5000 or $5,000, got "${value}"`);
  return n;
}

/**
 * Parses `--margin-replicas` / `--margin-cost`: `15%` or a fraction `0.15`, at most 100 % (a
 * doubling), as the profile's `gates.*.margin` reads it: a flag must not take a figure the profile
 * refuses (150 % was taken here while `1.5` was refused as not a fraction). A rise of any size
 * passes a rule set to warn or off.
 */
export function parseMarginFlag(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(value);
  if (!m) throw new Error(`expected a percentage like 15% or a fraction like 0.15, got "${value}"`);
  const n = Number(m[1]);
  if (m[2] === '%' && n > 100) throw new Error(`${n}% is over 100%: a margin is at most 100% (a doubling); to let a rise of any size pass, set the rule to warn (--gate replicas=warn or --gate cost=warn)`);
  if (m[2] === '%') return n / 100;
  if (n > 1) throw new Error(`${n} is not a fraction between 0 and 1; write ${n}% for a percentage (a margin is at most 100%)`);
  return n;
}

/** Parses `--min-headroom`: a ratio like 1.3 (or 1.3x). */
export function parseHeadroomFlag(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*[x×]?\s*$/.exec(value);
  const n = m ? Number(m[1]) : Number.NaN;
  if (!(n > 0)) throw new Error(`expected a ratio greater than 0 like 1.3 (max sustainable rate ÷ peak rate), got "${value}"`);
  return n;
}

/** A parsed `--gate` assignment: a rule's level, or one violation kind's level. */
export type GateAssignment = { rule: RuleName; level: GateLevel } | { kind: ViolationKind; level: GateLevel };

/** Parses `--gate RULE=LEVEL` or `--gate violations.KIND=LEVEL`. */
export function parseGateFlag(value: string): GateAssignment {
  const m = /^\s*([A-Za-z]+)(?:\.([A-Za-z]+))?\s*=\s*([a-z]+)\s*$/.exec(value);
  const rules = RULES.join(', ');
  if (!m) throw new Error(`expected RULE=LEVEL (rules: ${rules}; levels: ${GATE_LEVELS.join(', ')}), got "${value}"`);
  const [, rule, kind, level] = m as unknown as [string, string, string | undefined, string];
  if (!(GATE_LEVELS as readonly string[]).includes(level)) throw new Error(unknown('level', 'levels', level, GATE_LEVELS));
  if (!(RULES as readonly string[]).includes(rule)) throw new Error(unknown('rule', 'rules', rule, RULES));
  if (kind !== undefined) {
    if (rule !== 'violations') throw new Error(`only violations take a kind (violations.KIND=LEVEL), got "${value}"`);
    if (!(VIOLATION_KINDS as readonly string[]).includes(kind)) throw new Error(unknown('violation kind', 'kinds', kind, VIOLATION_KINDS));
    return { kind: kind as ViolationKind, level: level as GateLevel };
  }
  return { rule: rule as RuleName, level: level as GateLevel };
}

/** `unknown level "eror" (did you mean "error"?); levels: error, warn, off`. */
function unknown(what: string, plural: string, word: string, known: readonly string[]): string {
  const suggestion = didYouMean(word, known);
  return `unknown ${what} "${word}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; ${plural}: ${known.join(', ')}`;
}

/** The `--gate` help's list of what a rule may be: every rule, then `violations.KIND`. */
export const GATE_RULE_WORDS: readonly string[] = [...RULES, 'violations.KIND'];

/** The assignments with one more, refused (an Error) when it sets a rule or violation kind an earlier one set. */
export function addGateAssignment(earlier: readonly GateAssignment[], next: GateAssignment): GateAssignment[] {
  const key = (a: GateAssignment) => ('rule' in a ? a.rule : `violations.${a.kind}`);
  const same = earlier.find((a) => key(a) === key(next));
  if (same) throw new Error(`${key(next)} is set twice (${same.level}, then ${next.level}): give each rule once`);
  return [...earlier, next];
}

/** Folds `--gate` assignments into flag overrides. */
export function gateFlagsOf(assignments: readonly GateAssignment[]): Pick<GateFlags, 'levels' | 'violationKinds'> {
  const levels: Partial<Record<RuleName, GateLevel>> = {};
  const violationKinds: Partial<Record<ViolationKind, GateLevel>> = {};
  for (const a of assignments) {
    if ('rule' in a) levels[a.rule] = a.level;
    else violationKinds[a.kind] = a.level;
  }
  return { levels, violationKinds };
}
