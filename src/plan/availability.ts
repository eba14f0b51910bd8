/**
 * The availability target against what the plan predicts fails: a synchronous adapter below its
 * provider's rate limit still has calls refused in Poisson bursts (model/token-bucket.ts), and
 * each refused call fails its request (retries are of failures and timeouts). When those failures pass the
 * share the target allows, the target is missed: a violation, not only a finding. Pure.
 */
import { availabilityText } from '../kinds/constraint-text.js';
import { rateForRefusedShare } from '../model/token-bucket.js';
import { formatNumber, formatNumberToward, formatPercent } from '../units/format.js';
import type { RegionSetting } from './regions.js';
import type { ComponentPlan, Violation } from './types.js';

/*
 * Requests failed by refusals: a request makes v calls to the adapter on average, each refused
 * with probability p (the token bucket's share at peak, which every call sees: PASTA), so a request
 * has v·p refused calls on average and at most v·p of the requests fail (exact when no request
 * makes more than one call). The target allows
 * 1 − A of them to fail. The peak under which v·p stays within 1 − A is where the bucket refuses
 * p₁ = (1 − A)/v of the calls: λ₁ = rateForRefusedShare(r, p₁), or λ₁ ÷ v user req/s.
 */
/** Requests an adapter's burst refusals fail at peak, up to v·p (null when it has no refused share: no limit, queued, or at or over the limit). */
export function refusedRequests(c: ComponentPlan): number | null {
  const share = c.detail.refusedShare;
  if (typeof share !== 'number' || !(c.visits > 0)) return null;
  return Math.min(1, c.visits * share);
}

/**
 * The `availability` violations of one phase: each adapter whose burst refusals fail more
 * requests than `availability` allows. A caller's `retries` do not waive it: the plan's retries
 * are of failures and timeouts (model.md), not of refusals, and a retry sent within the burst
 * that emptied the bucket meets it empty again (`simulate` retries no refusal either, and gave
 * the same 0.135 % of requests failed with `retries: 1` as without; an earlier build let any
 * caller's retries silence the violation). With regions the components are one region's (its
 * share of the provider's limit, its share of the load): the calls are said per region and the
 * user rate is the whole system's, λ₁ ÷ v ÷ share, as the plan's other user rates are.
 */
export function availabilityViolations(components: readonly ComponentPlan[], availability: number | null, regions: Pick<RegionSetting, 'count' | 'share'> | null = null): Violation[] {
  if (availability === null || !(availability < 1)) return [];
  const allowed = 1 - availability;
  const out: Violation[] = [];
  for (let i = 0; i < components.length; i++) {
    const c = components[i]!;
    const failed = refusedRequests(c);
    if (failed === null || !(failed > allowed)) continue;
    const limit = Number(c.detail.rateLimit);
    const calls = rateForRefusedShare(limit, Math.min(1, allowed / c.visits));
    const target = availabilityText(availability);
    const perRegion = regions ? ' per region' : '';
    const users = regions ? `${formatNumberToward(calls / c.visits / regions.share, 'down')} user req/s across the ${regions.count} regions` : `${formatNumberToward(calls / c.visits, 'down')} user req/s`;
    out.push({
      component: c.name,
      kind: 'availability',
      message: `Poisson bursts empty the provider's token bucket below its ${formatNumber(limit)}/s limit${perRegion}: about ${formatPercent(Number(c.detail.refusedShare))} of its calls are refused at its peak of ${formatNumber(c.demand)}/s${perRegion}, and they fail up to ${formatPercent(failed)} of requests, more than the ${allowedText(allowed)} the ${target} availability target allows`,
      remedy: `keep its peak under ${formatNumberToward(calls, 'down')} calls/s${perRegion} (${users}), queue the calls (async: true), retry refused calls with backoff and jitter (beyond the burst), buy a higher rate limit, or lower targets.availability`,
      path: `${c.path}.rateLimit`,
    });
  }
  return out;
}

/** The share of requests a target lets fail, in plain decimals however small (0.1%, 0.00001%; formatPercent gave 1e-5%). */
function allowedText(allowed: number): string {
  const percent = allowed * 100;
  const decimals = Math.min(12, Math.max(2, 1 - Math.floor(Math.log10(percent))));
  return `${percent.toFixed(decimals).replace(/\.?0+$/, '')}%`;
}
