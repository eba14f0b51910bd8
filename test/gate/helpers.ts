/** Test helpers for the gate suite: small profiles planned in-process. */
import { loadProfileText } from '../../src/cli/profile-input.js';
import { solve } from '../../src/plan/solve.js';
import type { Plan } from '../../src/plan/types.js';
import { readSourceDocument, type SourceDocument } from '../../src/profile/source.js';

/** A one-service profile: `rps` at peak, a 4-worker service of 20 ms (200 req/s per replica). */
export function serviceProfile(opts: { rps?: number; zones?: number; minHeadroom?: number; max?: number; min?: number; budget?: string; extra?: string } = {}): string {
  return [
    'apiVersion: capplan/v1',
    'name: gate-test',
    'workload:',
    `  rps: ${opts.rps ?? 800}`,
    'targets:',
    `  zones: ${opts.zones ?? 1}`,
    ...(opts.minHeadroom !== undefined ? [`  minHeadroom: ${opts.minHeadroom}`] : []),
    'components:',
    '  api:',
    '    kind: service',
    '    serviceTime: 20ms',
    '    workers: 4',
    ...(opts.budget ? [`    latencyP95: ${opts.budget}`] : []),
    `    replicas: { min: ${opts.min ?? 1}${opts.max !== undefined ? `, max: ${opts.max}` : ''} }`,
    ...(opts.extra ? [opts.extra] : []),
    '',
  ].join('\n');
}

/** Plans profile text without pricing; returns the plan, the validated profile and the positioned document. */
export async function planText(text: string, file = 'capplan.yaml') {
  const { profile } = await loadProfileText(text, file);
  const parsed = readSourceDocument(text, file);
  if (!('doc' in parsed)) throw new Error('unparseable test profile');
  return { plan: solve(profile), profile, doc: parsed.doc as SourceDocument };
}

/** A plan with a bill of `monthly` USD on every phase. */
export function withBill(plan: Plan, monthly: number): Plan {
  return { ...plan, phases: plan.phases.map((p) => ({ ...p, bill: { currency: 'USD', monthly, lines: [] } })) };
}

/** Plans and prices profile text (AWS, the shipped catalog), as `capplan plan` does. */
export async function pricedText(text: string, file = 'capplan.yaml') {
  const planned = await planText(text, file);
  const { billOptions } = await import('../../src/cli/plan-pipeline.js');
  const { pricePlan } = await import('../../src/pricing/bill.js');
  return { ...planned, plan: pricePlan(planned.plan, billOptions(planned.profile, {}).options) };
}
