/**
 * The `simulate` rule of `capplan check`: what a simulation of each phase shows, as gate
 * findings — a station offered ρ ≥ 1, a simulated p95 over its component's budget or over the
 * end-to-end target (the interval's lower bound, so noise alone does not trip it), and requests
 * failing (refused by a rate limit, out of retries). Pure.
 */
import type { Finding } from '../gate/rules.js';
import type { GateLevel } from '../gate/levels.js';
import type { PhasePlan } from '../plan/types.js';
import { formatDuration, formatNumber, formatPercent } from '../units/format.js';
import type { SimReport } from './report.js';

/** Share of failed requests above which the rule trips. */
export const FAILED_SHARE_LIMIT = 0.01;

/** The findings of one simulated phase (phaseIndex: 0 for the base workload, i for phases[i − 1]). */
export function simulationFindings(phase: PhasePlan, phaseIndex: number, r: SimReport, level: Exclude<GateLevel, 'off'>): Finding[] {
  const out: Finding[] = [];
  const base = { rule: 'simulate' as const, level, phase: phase.name, kind: null, cause: null };
  const pathOf = (component: string) => phase.components.find((c) => c.name === component)?.path ?? 'components';
  for (const s of r.stations) {
    const c = phase.components.find((x) => x.name === s.component);
    if (!s.stable) {
      out.push({ ...base, component: s.component, message: `simulated: ${s.name} is offered ρ = ${formatNumber(s.offeredLoad)} ≥ 1, its queue grows without bound`, remedy: 'add replicas or capacity', paths: [pathOf(s.component)] });
      continue;
    }
    const budget = c?.latencyBudget ?? null;
    const worst = s.classes.map((k) => k.p95S.sim).filter((x) => x !== null).sort((a, b) => b.lo - a.lo)[0];
    if (budget !== null && worst && worst.lo > budget) {
      out.push({ ...base, component: s.component, message: `simulated p95 of ${s.name} ${formatDuration(worst.mean)} (95 % interval from ${formatDuration(worst.lo)}) is over its ${formatDuration(budget)} budget`, remedy: 'give it more replicas or workers, or cut its service time', paths: [`${pathOf(s.component)}.latencyP95`] });
    }
  }
  const e = r.endToEnd;
  const target = phase.system.latencyTarget;
  const phasePath = phaseIndex === 0 ? 'targets.latencyP95' : `phases[${phaseIndex - 1}].targets.latencyP95`;
  if (target !== null && e.stable && e.p95S.sim && e.p95S.sim.lo > target) {
    out.push({ ...base, component: null, message: `simulated end-to-end p95 ${formatDuration(e.p95S.sim.mean)} (95 % interval from ${formatDuration(e.p95S.sim.lo)}) is over the target ${formatDuration(target)}`, remedy: 'size the slowest stations on the path by latency (latencyP95 budgets)', paths: [phasePath, 'targets.latencyP95'] });
  }
  if (e.failedShare && e.failedShare.lo > FAILED_SHARE_LIMIT) {
    const f = e.failed;
    const why = [f.rejected > 0 ? 'refused by a rate limit' : null, f.lost > 0 ? 'lost with a replica' : null, f.exhausted > 0 ? 'out of retries' : null].filter(Boolean).join(', ');
    const refusing = r.stations.filter((s) => s.rejected > 0).map((s) => s.component);
    out.push({
      ...base,
      component: refusing.length === 1 ? refusing[0]! : null,
      message: `simulated: ${formatPercent(e.failedShare.mean)} of requests fail (${why}${refusing.length ? `: ${refusing.join(', ')}` : ''})`,
      remedy: refusing.length ? 'stay under the provider’s rate limit (queue, batch, more accounts or a higher tier)' : 'add capacity or retries',
      paths: [...refusing.map((c) => `${pathOf(c)}.rateLimit`), 'components'],
    });
  }
  return out;
}
