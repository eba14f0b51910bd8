/**
 * The `calls` of a component: plain names, call objects (`{ to, probability, blocking,
 * retries, timeout, failureRate }`), exclusive alternatives (`{ oneOf: [...] }`) and parallel
 * calls (`{ parallel: [...] }`: members started together, the entry done when all have
 * answered), their schema and their normalised form, the call edges the planner reads.
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
  /** Index of the member within a `parallel` entry (the members of one entry run at once), or null outside one. */
  member: number | null;
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

/** The `calls` field: names, call objects, `oneOf` alternatives or `parallel` members. */
export function callsField(f: Fields) {
  const alternative = z.strictObject({
    to: componentName.describe('The component called.'),
    probability: f.fraction({ min: 0, max: 1 }).register(z.globalRegistry, { description: 'Share of the caller’s visits that take this alternative (fraction).' }),
    ...callFields(f),
  });
  const oneOf = z
    .array(alternative)
    .min(1)
    .max(MAX_CALLS, { error: `a oneOf may list at most ${MAX_CALLS} alternatives (limit: calls per component)` })
    .optional()
    .register(z.globalRegistry, { description: 'Exclusive alternatives: each visit calls at most one of them, with its probability.' });
  const callObject = {
    to: componentName.optional().register(z.globalRegistry, { description: 'The component called.' }),
    probability: f.fraction({ min: 0, max: 1 }).optional().register(z.globalRegistry, { description: 'Probability that one visit of the caller makes this call (fraction; default 1). On a callee that gives perRequest, its perRequest sets the rate: leave this out, or write one that agrees (a warning names both when not).' }),
    oneOf,
    ...callFields(f),
  };
  // A member of a parallel entry: a call object or a oneOf (no parallel inside a parallel).
  const member = z
    .strictObject({ ...callObject, parallel: z.unknown().optional().register(z.globalRegistry, { description: 'Not allowed: a member of a parallel entry cannot be one (list its members in the outer entry).' }) })
    .superRefine((v, ctx) => {
      if (v.parallel !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['parallel'], message: 'a parallel entry cannot hold another parallel: list its members in the outer one (they all start together)', params: {} });
        return;
      }
      checkCall(v, ctx);
    });
  const call = z
    .strictObject({
      ...callObject,
      parallel: z
        .array(z.union([componentName, member]))
        .min(1, { error: 'a parallel entry needs at least one member' })
        .max(MAX_CALLS, { error: `a parallel entry may list at most ${MAX_CALLS} members (limit: calls per component)` })
        .optional()
        .register(z.globalRegistry, { description: 'Calls made at once: every member starts together and the entry ends when the slowest has answered (names, call objects or a oneOf; no parallel inside; each member once; one member alone is the plain call, and warns).' }),
    })
    .superRefine((v, ctx) => {
      if (v.parallel === undefined) {
        checkCall(v, ctx);
        return;
      }
      if (v.to !== undefined || v.oneOf !== undefined) {
        ctx.addIssue({ code: 'custom', path: [], message: 'a call object needs exactly one of "to" (a component), "oneOf" (alternatives) or "parallel" (calls made at once)', params: {} });
      }
      if (v.probability !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['probability'], message: 'give the members of a parallel entry their own probability', params: {} });
      }
      const seen = new Set<string>();
      v.parallel.forEach((m, j) => {
        const named = typeof m === 'string' ? [{ to: m, path: [j] }] : m.to !== undefined ? [{ to: m.to, path: [j, 'to'] }] : (m.oneOf ?? []).map((a, k) => ({ to: a.to, path: [j, 'oneOf', k, 'to'] }));
        const own = new Set<string>();
        for (const n of named) {
          if (seen.has(n.to) && !own.has(n.to)) ctx.addIssue({ code: 'custom', path: ['parallel', ...n.path], message: `"${n.to}" is a member of this parallel entry twice`, params: {} });
          own.add(n.to);
        }
        for (const n of own) seen.add(n);
      });
    });
  return z
    .array(z.union([componentName, call]))
    .optional()
    .register(z.globalRegistry, { description: 'Components this one calls on the request path: names, { to, probability, blocking, retries, timeout, failureRate }, { oneOf: [{ to, probability }, ...] } for exclusive alternatives, or { parallel: [...] } for calls made at once (the slowest answer ends them).' });
}

/** A call object's own checks: exactly one of `to` or `oneOf`, and a oneOf's probabilities. */
function checkCall(v: { to?: string | undefined; probability?: number | undefined; oneOf?: { probability: number }[] | undefined }, ctx: z.RefinementCtx): void {
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
}

/** A call object as validated (a member of a parallel entry is one, without `parallel`). */
interface CallObject {
  to?: string | undefined;
  probability?: number | undefined;
  oneOf?: { to: string; probability: number; blocking?: boolean | undefined; retries?: number | undefined; timeout?: number | undefined; failureRate?: number | undefined }[] | undefined;
  blocking?: boolean | undefined;
  retries?: number | undefined;
  timeout?: number | undefined;
  failureRate?: number | undefined;
}

/** A raw `calls` entry as validated. */
export type CallEntry = string | (CallObject & { parallel?: (string | CallObject)[] | undefined });

/** The normalised call edges of a component's settings, in `calls` order (a parallel entry's members in theirs, sharing its entry; all blocking when one is). */
export function callEdges(settings: Record<string, unknown>): CallEdge[] {
  const entries = (settings.calls ?? []) as readonly CallEntry[];
  const blockingDefault = settings.blocking === true;
  const edges: CallEdge[] = [];
  const base = { blocking: blockingDefault, retries: 0, timeoutS: null as number | null, failureRate: 0 };
  const push = (entry: string | CallObject, index: number, member: number | null, inherited: typeof base) => {
    if (typeof entry === 'string') {
      edges.push({ to: entry, probability: 1, entry: index, alternative: false, ...inherited, member });
      return;
    }
    const shared = {
      blocking: entry.blocking ?? inherited.blocking,
      retries: entry.retries ?? inherited.retries,
      timeoutS: entry.timeout ?? inherited.timeoutS,
      failureRate: entry.failureRate ?? inherited.failureRate,
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
          member,
        });
      }
    } else if (entry.to !== undefined) {
      edges.push({ to: entry.to, probability: entry.probability ?? 1, entry: index, alternative: false, ...shared, member });
    }
  };
  entries.forEach((entry, index) => {
    if (typeof entry !== 'string' && entry.parallel !== undefined) {
      // The entry's settings are its members' defaults, as a oneOf's are its alternatives'.
      const shared = { blocking: entry.blocking ?? base.blocking, retries: entry.retries ?? 0, timeoutS: entry.timeout ?? null, failureRate: entry.failureRate ?? 0 };
      const first = edges.length;
      entry.parallel.forEach((m, j) => push(m, index, j, shared));
      // The join is one wait: a worker held for any member is held until the last has answered, so all are blocking then.
      const members = edges.slice(first);
      if (members.some((e) => e.blocking)) for (const e of members) e.blocking = true;
      return;
    }
    push(entry, index, null, base);
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
  const one = (entry: string | CallObject, at: (string | number)[]) => {
    if (typeof entry === 'string') out.push({ to: entry, segments: at });
    else if (entry.oneOf) entry.oneOf.forEach((a, j) => out.push({ to: a.to, segments: [...at, 'oneOf', j, 'to'] }));
    else if (entry.to !== undefined) out.push({ to: entry.to, segments: [...at, 'to'] });
  };
  entries.forEach((entry, i) => {
    if (typeof entry !== 'string' && entry.parallel !== undefined) entry.parallel.forEach((m, j) => one(m, ['calls', i, 'parallel', j]));
    else one(entry, ['calls', i]);
  });
  return out;
}
