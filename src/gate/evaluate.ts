/**
 * evaluateGates: the CI gate's verdict on a plan, against an optional baseline, under a policy.
 * Pure. Runs each rule (rules.ts) per phase, then orders the findings failures first and marks
 * the worst level of every phase and component for the renderers.
 */
import type { Plan } from '../plan/types.js';
import { diffPlans, type ComponentDiff, type PhaseDiff, type PlanDiff } from './diff.js';
import { RULES, type GatePolicy, type RuleName } from './policy.js';
import type { PhaseInputs, WrittenPredicate } from './inputs.js';
import { ACCEPT_COMMAND, componentMoves, costFindings, headroomFindings, latencyFindings, replicaFindings, runwayFindings, violationFindings, workloadMoves, worse, type Finding, type GateRunway, type PhaseContext } from './rules.js';
import { summarisePlan, type PlanSummary } from './summary.js';
import { loosenedPolicy, type PolicyLoosening, type RecordedPolicy } from './policy-record.js';
import { byName } from '../plan/by-name.js';

export type { Finding, GateRunway } from './rules.js';

/** One component as the gate saw it. */
export interface GateComponent {
  diff: ComponentDiff;
  /** Replicas taken as deployed: the baseline's, else the plan's. */
  deployedReplicas: number;
  /** Headroom of the deployed replicas under this plan's load and capacities (Infinity when unbounded). */
  headroom: number;
  worst: 'error' | 'warn' | null;
}

/** One phase as the gate saw it. */
export interface GatePhase {
  diff: PhaseDiff;
  headroomMin: number | null;
  /** Least component headroom with the deployed replicas. */
  headroom: number;
  components: GateComponent[];
  worst: 'error' | 'warn' | null;
  /** What moved in the phase's workload, targets and settings against the baseline ("sessionsPerDay 200,000 → 600,000; api: serviceTime 20 ms → 60 ms"), or null. */
  moved: string | null;
}

/** The gate's verdict. */
export interface GateResult {
  profile: string;
  status: 'pass' | 'warn' | 'fail';
  hasBaseline: boolean;
  counts: { error: number; warn: number };
  findings: Finding[];
  phases: GatePhase[];
  /** The plan compared with the baseline (every row `added` without one). */
  diff: PlanDiff;
  /** Rules that could not run, and why. */
  skipped: { rule: RuleName; reason: string }[];
  policy: GatePolicy;
  /** What the profile's policy loosened against the baseline's (none: []); null when the baseline records no policy (none, an older capplan's, a saved plan). */
  policyLoosened: PolicyLoosening[] | null;
  /** Per phase, a component the baseline has and the plan dropped paired with one of the same kind the plan added: perhaps renamed, so not compared. */
  renamed: { phase: string; removed: string; added: string }[];
}

/** What the gate knows besides the plan: the profile's settings per phase, and how to accept the plan. */
export interface GateOptions {
  /** The profile's inputs (inputs.ts), so that findings name the setting that moved. */
  inputs?: ReadonlyMap<string, PhaseInputs>;
  /**
   * Whether the profile writes a setting (a profile path): a key the baseline did not record
   * moved only when it does, so a default an older capplan did not record is no change. Without
   * it every key the baseline lacks moved.
   */
  written?: WrittenPredicate;
  /** The command that writes the new baseline, quoted for a shell (default: ACCEPT_COMMAND). */
  acceptCommand?: string;
  /** Findings of rules run outside this module (the simulate rule's, from simulating each phase). */
  extraFindings?: readonly Finding[];
  /** The runway, when the policy sets gates.minRunway: computed by the command (it re-plans the profile along workload.growth). */
  runway?: GateRunway | null;
  /** The profile's own policy (defaults < gates:, without flags), to compare with the one the baseline records. */
  profilePolicy?: RecordedPolicy;
}

/** Evaluates every rule of the policy on every phase; see docs/gate.md. */
export function evaluateGates(plan: Plan, baseline: PlanSummary | null, policy: GatePolicy, options: GateOptions = {}): GateResult {
  const summary = summarisePlan(plan, options.inputs);
  const diff = diffPlans(baseline, summary);
  const findings: Finding[] = [...(options.extraFindings ?? [])];
  const skipped: GateResult['skipped'] = [];
  const skip = (rule: RuleName, reason: string) => {
    if (!skipped.some((s) => s.rule === rule && s.reason === reason)) skipped.push({ rule, reason });
  };
  const runway = options.runway ?? null;
  if (policy.runway.level !== 'off' && policy.runway.minMonths !== null && !runway) skip('runway', 'no workload.growth in the profile');
  if (!baseline) {
    if (policy.replicas.level !== 'off') skip('replicas', 'no baseline (--baseline FILE)');
    if (policy.cost.level !== 'off' && policy.cost.max === null) skip('cost', 'no baseline (--baseline FILE)');
  }

  const phases = plan.phases.map((phase, index): GatePhase => {
    const before = baseline?.phases.find((p) => p.name === phase.name) ?? null;
    const phaseDiff = diff.phases.find((p) => p.name === phase.name)!;
    const after = summary.phases[index]!;
    const ctx: PhaseContext = {
      phase, index, before, diff: phaseDiff, policy,
      moves: workloadMoves(before, phase, index, after.targets, options.written),
      componentMoves: componentMoves(before, after, index, options.written),
      accept: options.acceptCommand ?? ACCEPT_COMMAND,
    };
    const v = violationFindings(ctx);
    const h = headroomFindings(ctx, v.violated);
    const cost = costFindings(ctx);
    findings.push(...v.findings, ...h.findings, ...latencyFindings(ctx, v.violated, v.systemLatency), ...replicaFindings(ctx), ...cost.findings);
    if (policy.headroom.level !== 'off' && h.min === null) skip('headroom', `no targets.minHeadroom in phase "${phase.name}" (or gates.headroom.min, --min-headroom)`);
    if (cost.skipped) skip('cost', cost.skipped);
    if (runway && runway.phase === phase.name) findings.push(...runwayFindings(policy, phase, runway));
    const components = h.deployed.map((d): GateComponent => ({
      diff: byName(phaseDiff.components).get(d.name)!,
      deployedReplicas: d.deployed,
      headroom: d.headroom,
      worst: null,
    }));
    return {
      diff: phaseDiff,
      headroomMin: h.min,
      headroom: Math.min(Infinity, ...components.map((c) => c.headroom)),
      components,
      worst: null,
      moved: movedText(ctx),
    };
  });

  const policyLoosened = baseline?.policy && options.profilePolicy ? loosenedPolicy(baseline.policy, options.profilePolicy) : null;
  if (policyLoosened?.length && policy.policy.level !== 'off') findings.push(policyFinding(policyLoosened, policy.policy.level, plan.phases[0]!.name, options.acceptCommand ?? ACCEPT_COMMAND));

  const phaseIndex = new Map(plan.phases.map((p, i) => [p.name, i]));
  const componentIndex = (f: Finding) => (f.component === null ? -1 : plan.phases[phaseIndex.get(f.phase)!]!.components.findIndex((c) => c.name === f.component));
  findings.sort(
    (a, b) =>
      (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1) ||
      phaseIndex.get(a.phase)! - phaseIndex.get(b.phase)! ||
      componentIndex(a) - componentIndex(b) ||
      RULES.indexOf(a.rule) - RULES.indexOf(b.rule),
  );
  for (const f of findings) {
    if (f.rule === 'policy') continue;
    const p = phases[phaseIndex.get(f.phase)!]!;
    p.worst = worse(p.worst, f.level);
    const c = f.component === null ? undefined : p.components.find((x) => x.diff.name === f.component);
    if (c) c.worst = worse(c.worst, f.level);
  }
  const counts = { error: findings.filter((f) => f.level === 'error').length, warn: findings.filter((f) => f.level === 'warn').length };
  return { profile: plan.profile, status: counts.error > 0 ? 'fail' : counts.warn > 0 ? 'warn' : 'pass', hasBaseline: baseline !== null, counts, findings, phases, diff, skipped, policy, policyLoosened, renamed: renamedPairs(diff) };
}

/**
 * The policy rule: the profile's gates milder than the baseline's. A warning by default, so a
 * pull request that turns a rule off shows ⚠️ rather than a plain pass; `--gate policy=error`
 * fails it. It belongs to no phase: it carries the base phase's name (for sorting) and no row.
 */
function policyFinding(loosened: readonly PolicyLoosening[], level: 'error' | 'warn', phase: string, accept: string): Finding {
  return {
    rule: 'policy', level, phase, component: null, kind: null,
    message: `the profile's gates are milder than the baseline's: ${loosened.map((l) => l.words).join(', ')}`,
    cause: null,
    remedy: `have the policy change reviewed; if it is intended, accept it with \`${accept}\` (the baseline records the policy)`,
    paths: [...loosened.map((l) => l.path), 'gates'],
  };
}

/** Per phase both sides have, removed and added components of one kind paired in order: perhaps a rename (`api` → `web`), which the replicas margin cannot compare. */
function renamedPairs(diff: PlanDiff): GateResult['renamed'] {
  const out: GateResult['renamed'] = [];
  for (const p of diff.phases) {
    if (p.status === 'added' || p.status === 'removed') continue;
    const added = p.components.filter((c) => c.status === 'added');
    const used = new Set<string>();
    for (const r of p.components.filter((c) => c.status === 'removed')) {
      const a = added.find((c) => c.kind === r.kind && !used.has(c.name));
      if (!a) continue;
      used.add(a.name);
      out.push({ phase: p.name, removed: r.name, added: a.name });
    }
  }
  return out;
}

/** The phase's moves in one line: workload keys, then targets, then each component's settings. */
function movedText(ctx: PhaseContext): string | null {
  const parts = [
    ...(ctx.moves.words.length ? [ctx.moves.words.join(', ')] : []),
    ...(ctx.moves.targets ? [`targets: ${ctx.moves.targets}`] : []),
    ...[...ctx.componentMoves].map(([name, m]) => `${name}: ${m.words.join(', ')}`),
  ];
  return parts.length ? parts.join('; ') : null;
}
