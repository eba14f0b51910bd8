/**
 * The `calls` of a component: plain names, call objects (`{ to, probability, blocking,
 * retries, timeout, failureRate }`) and exclusive alternatives (`{ oneOf: [...] }`), their
 * schema and their normalised form, the call edges the planner reads.
 */
import * as z from 'zod';
import type { Fields } from '../profile/fields.js';
import { componentName } from '../profile/fields.js';
import { MAX_CALLS } from '../profile/limits.js';

/** One normalised call: from the caller's visit to `to`. */
export interface CallEdge {
  to: string;
  /** Probability that one visit of the caller makes this call (an alternative's share in a oneOf). */
  probability: number;
  /** Index of the caller's `calls` entry: alternatives of one oneOf share it and exclude each other. */
  entry: number;
  /** Whether this entry is an exclusive choice (oneOf). */
  alternative: boolean;
  /** The caller's worker is held while it waits for this call (synchronous thread, held connection). */
  blocking: boolean;
  /** Extra attempts after a failed or timed-out one (0: none). */
  retries: number;
  /** Per-attempt timeout (seconds), or null. */
  timeoutS: number | null;
  /** Probability that an attempt fails outright (an error), besides timeouts. */
  failureRate: number;
}

/** The settings of one call (for a oneOf: of one alternative). */
function callFields(f: Fields) {
  return {
    blocking: z.boolean().optional().register(z.globalRegistry, { description: "The caller's worker (thread, connection) is held while it waits for this call (default: the component's blocking)." }),
    retries: f.count({ min: 0, max: 20 }).optional().register(z.globalRegistry, { description: 'Extra attempts after a failed or timed-out one (count; stop_after_attempt(3) is retries: 2).' }),
    timeout: f.duration({ positive: true }).optional().register(z.globalRegistry, { description: 'Time after which an attempt is abandoned and retried (seconds).' }),
    failureRate: f.fraction({ min: 0, max: 0.99 }).optional().register(z.globalRegistry, { description: 'Fraction of attempts that fail outright and are retried, besides timeouts (e.g. 1%).' }),
  };
}

/** The `calls` field: names, call objects or `oneOf` alternatives. */
export function callsField(f: Fields) {
  const alternative = z.strictObject({
    to: componentName.describe('The component called.'),
    probability: f.fraction({ min: 0, max: 1 }).register(z.globalRegistry, { description: 'Share of the caller’s visits that take this alternative (fraction).' }),
    ...callFields(f),
  });
  const call = z
    .strictObject({
      to: componentName.optional().register(z.globalRegistry, { description: 'The component called.' }),
      probability: f.fraction({ min: 0, max: 1 }).optional().register(z.globalRegistry, { description: 'Probability that one visit of the caller makes this call (fraction; default 1).' }),
      oneOf: z
        .array(alternative)
        .min(1)
        .max(MAX_CALLS, { error: `a oneOf may list at most ${MAX_CALLS} alternatives (limit: calls per component)` })
        .optional()
        .register(z.globalRegistry, { description: 'Exclusive alternatives: each visit calls at most one of them, with its probability.' }),
      ...callFields(f),
    })
    .superRefine((v, ctx) => {
      if ((v.to === undefined) === (v.oneOf === undefined)) {
        ctx.addIssue({ code: 'custom', path: [], message: 'a call object needs exactly one of "to" (a component) or "oneOf" (alternatives)', params: {} });
      }
      if (v.oneOf !== undefined && v.probability !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['probability'], message: 'give each alternative of a oneOf its own probability', params: {} });
      }
      const total = (v.oneOf ?? []).reduce((s, a) => s + a.probability, 0);
      if (total > 1 + 1e-9) {
        ctx.addIssue({ code: 'custom', path: ['oneOf'], message: `the alternatives' probabilities sum to ${+total.toFixed(6)}, more than 1`, params: {} });
      }
    });
  return z
    .array(z.union([componentName, call]))
    .optional()
    .register(z.globalRegistry, { description: 'Components this one calls on the request path: names, { to, probability, blocking, retries, timeout, failureRate }, or { oneOf: [{ to, probability }, ...] } for exclusive alternatives.' });
}

/** A raw `calls` entry as validated. */
export type CallEntry =
  | string
  | {
      to?: string | undefined;
      probability?: number | undefined;
      oneOf?: { to: string; probability: number; blocking?: boolean | undefined; retries?: number | undefined; timeout?: number | undefined; failureRate?: number | undefined }[] | undefined;
      blocking?: boolean | undefined;
      retries?: number | undefined;
      timeout?: number | undefined;
      failureRate?: number | undefined;
    };

/** The normalised call edges of a component's settings, in `calls` order. */
export function callEdges(settings: Record<string, unknown>): CallEdge[] {
  const entries = (settings.calls ?? []) as readonly CallEntry[];
  const blockingDefault = settings.blocking === true;
  const edges: CallEdge[] = [];
  entries.forEach((entry, index) => {
    if (typeof entry === 'string') {
      edges.push({ to: entry, probability: 1, entry: index, alternative: false, blocking: blockingDefault, retries: 0, timeoutS: null, failureRate: 0 });
      return;
    }
    const shared = {
      blocking: entry.blocking ?? blockingDefault,
      retries: entry.retries ?? 0,
      timeoutS: entry.timeout ?? null,
      failureRate: entry.failureRate ?? 0,
    };
    if (entry.oneOf) {
      for (const a of entry.oneOf) {
        edges.push({
          to: a.to,
          probability: a.probability,
          entry: index,
          alternative: true,
          blocking: a.blocking ?? shared.blocking,
          retries: a.retries ?? shared.retries,
          timeoutS: a.timeout ?? shared.timeoutS,
          failureRate: a.failureRate ?? shared.failureRate,
        });
      }
    } else if (entry.to !== undefined) {
      edges.push({ to: entry.to, probability: entry.probability ?? 1, entry: index, alternative: false, ...shared });
    }
  });
  return edges;
}

/** The names a component calls, in `calls` order (alternatives included), each once. */
export function callTargets(settings: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const e of callEdges(settings)) if (!out.includes(e.to)) out.push(e.to);
  return out;
}

/** Where each callee is written in `calls`: its path segments below the component (for positioned messages). */
export function callPositions(settings: Record<string, unknown>): { to: string; segments: (string | number)[] }[] {
  const entries = (settings.calls ?? []) as readonly CallEntry[];
  const out: { to: string; segments: (string | number)[] }[] = [];
  entries.forEach((entry, i) => {
    if (typeof entry === 'string') out.push({ to: entry, segments: ['calls', i] });
    else if (entry.oneOf) entry.oneOf.forEach((a, j) => out.push({ to: a.to, segments: ['calls', i, 'oneOf', j, 'to'] }));
    else if (entry.to !== undefined) out.push({ to: entry.to, segments: ['calls', i, 'to'] });
  });
  return out;
}
