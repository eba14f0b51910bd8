/**
 * `adapter`: a horizontally scaled bridge to a third-party API (Telegram, WhatsApp, REST). Sized
 * like a service, plus the provider's rate limit: a ceiling on the adapter's total rate that no
 * replica count lifts.
 */
import * as z from 'zod';
import { formatNumber } from '../units/format.js';
import { planHorizontal } from './horizontal-plan.js';
import { componentName } from '../profile/fields.js';
import { baseFields, defineKind } from './kind.js';
import { callFigures } from './horizontal-model.js';
import { checkCapacity, checkReplicaBounds } from './refine.js';
import { balancingField, checkShape } from './service-shape.js';
import { refusedShare } from '../model/token-bucket.js';

/** The adapter kind. */
export const adapter = defineKind({
  kind: 'adapter',
  title: "Adapter to a third-party API: replicas as a service, plus the provider's rate limit as a hard ceiling.",
  schema: (f) =>
    z
      .strictObject({
        kind: z.literal('adapter'),
        ...baseFields(f),
        rateLimit: f.rate({ positive: true }).optional().register(z.globalRegistry, { description: "The provider's limit on calls from this system, all replicas and regions together (rate with a unit: 30/s, 1000/min)." }),
        providerLatency: f.duration({ min: 0 }).optional().register(z.globalRegistry, { description: "The provider API's own response time added to each call (duration with a unit: 300ms; does not occupy a worker)." }),
        balancing: balancingField(),
        poolPer: componentName
          .optional()
          .register(z.globalRegistry, { description: "A caller each of whose replicas holds one pool of this adapter's connections (workers = the pool size): the pools follow that caller's replicas instead of scaling on their own, and raise them (binding connections) when the pools cannot carry the load; a caller's replicas.max below the pools needed is a violation on both (a component name)." }),
      })
      .superRefine((v, ctx) => {
        checkCapacity(v, ctx, { alternatives: ['operations, each with a serviceTime'] });
        checkShape(v, ctx);
        checkReplicaBounds(v, ctx);
        if (v.poolPer !== undefined && v.replicas !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['replicas'], message: `the pools follow ${v.poolPer}'s replicas: set replicas on ${v.poolPer}, not here`, params: {} });
        }
      }),
  size: (c, ctx) => {
    const visits = callFigures(c, ctx).visits;
    const lambda = ctx.workload.peakRps * visits;
    const mean = ctx.workload.meanRps * visits;
    // The limit is the provider's on the whole system: with regions, each region's copy has its share of it.
    const share = ctx.regionShare ?? 1;
    const limit = c.rateLimit === undefined ? undefined : c.rateLimit * share;
    const ofWhole = share < 1 && c.rateLimit !== undefined ? ` (one region's share ${formatNumber(share)} of ${formatNumber(c.rateLimit)} req/s)` : '';
    // A queued (async) adapter sends at the limit and drains the peak's excess off-peak: the limit binds its mean rate.
    const queued = c.async === true && limit !== undefined;
    const peakOverMean = mean > 0 ? lambda / mean : 1;
    return planHorizontal(c, ctx, {
      noun: 'req',
      constantDelayS: c.providerLatency ?? 0,
      ...(limit !== undefined
        ? {
            ceiling: {
              rate: queued ? limit * peakOverMean : limit,
              by: 'rateLimit' as const,
              constraint: queued ? queuedConstraint(lambda, mean, limit) : {
                binding: 'rateLimit' as const,
                required: 0,
                formula: 'λ ≤ provider rate limit (no replica count lifts it)',
                substituted: `${formatNumber(lambda)} req/s ${lambda <= limit ? '≤' : '>'} ${formatNumber(limit)} req/s${ofWhole}`,
              },
              violation: (l: number) =>
                (queued ? l / peakOverMean : l) <= limit
                  ? null
                  : {
                      component: ctx.name,
                      kind: 'rateLimit' as const,
                      message: queued
                        ? `mean demand ${formatNumber(l / peakOverMean)} req/s exceeds the provider's rate limit of ${formatNumber(limit)} req/s${ofWhole}: the queue grows without bound`
                        : `peak demand ${formatNumber(l)} req/s exceeds the provider's rate limit of ${formatNumber(limit)} req/s${ofWhole}; no replica count lifts it`,
                      remedy: remedyFor(l, limit, l / peakOverMean),
                      path: `${ctx.path}.rateLimit`,
                    },
            },
          }
        : {}),
      detail: {
        ...(limit !== undefined ? { rateLimit: limit, rateLimitUse: (queued ? mean : lambda) / limit } : {}),
        // Below the limit, Poisson bursts still empty its token bucket now and then: the share refused at peak.
        ...(limit !== undefined && !queued && lambda < limit ? { refusedShare: refusedShare(lambda, limit) } : {}),
        ...(queued ? { queued: true, backlogPerPeakHour: Math.max(0, lambda - limit) * 3600 } : {}),
        ...(c.providerLatency !== undefined ? { providerLatency: c.providerLatency } : {}),
      },
    });
  },
});

/**
 * A queued adapter sends at most the limit: its mean rate must fit under it; at peak the excess
 * λ − limit waits in the queue, (λ − limit) × 3600 calls per peak hour, drained off-peak.
 */
function queuedConstraint(lambda: number, mean: number, limit: number) {
  return {
    binding: 'rateLimit' as const,
    required: 0,
    formula: 'queued: mean λ̄ ≤ provider rate limit; the peak excess (λ − limit) waits in the queue',
    substituted:
      `λ̄ = ${formatNumber(mean)} req/s ${mean <= limit ? '≤' : '>'} ${formatNumber(limit)} req/s` +
      (lambda > limit ? `; at peak ${formatNumber(lambda)} req/s back up ${formatNumber((lambda - limit) * 3600)} calls per hour` : ''),
  };
}

function remedyFor(peak: number, limit: number, mean: number): string {
  const accounts = Math.ceil(peak / limit);
  const queue =
    mean <= limit
      ? `queue the calls and send at ≤ ${formatNumber(limit)}/s (the mean, ${formatNumber(mean)}/s, fits; each hour at peak backs up ${formatNumber((peak - limit) * 3600)} calls)`
      : `the mean rate ${formatNumber(mean)}/s exceeds the limit too, so a queue alone cannot keep up`;
  return `${queue}; batch or deduplicate messages; spread over ${accounts} provider accounts/tokens; or buy a higher rate tier`;
}
