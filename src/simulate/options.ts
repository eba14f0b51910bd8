/**
 * Parsers of `capplan simulate`'s flags (faults, ramps, arrivals, service-time shapes, balancing)
 * and the resolution of faults against a model. Pure: they throw SpecError with a message and a
 * hint, which the command turns into a usage error (exit 2).
 */
import { MAX_ARRIVAL_CV } from '../model/arrival-law.js';
import { splitNumber, timeFactor } from '../units/quantity.js';
import type { RampSpec } from './arrivals.js';
import type { ResolvedFault } from './engine.js';
import type { ServiceShape } from './from-plan.js';
import { BALANCING, type Balancing, type SimModel } from './model.js';

/** A bad flag value, with a hint. */
export class SpecError extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
    this.name = 'SpecError';
  }
}

/** A duration like 300s, 5m, 5min, 1.5h, 250ms (a bare number is seconds; m is minutes here). */
export function parseDurationS(text: string, what: string): number {
  const q = splitNumber(text);
  const hint = 'write a number with a unit: 300s, 5min, 1.5h, 250ms (5m is minutes here, as in Prometheus)';
  // A bare number is refused as everywhere else (size --service-time, observe --window, the profile): 60 could be 60s or 60ms. 0 is 0 in any unit.
  if (q?.unit === '' && q.value !== 0) throw new SpecError(`${what}: ${text.trim()} needs a unit: ${text.trim()}s? ${text.trim()}ms?`, hint);
  const unit = q?.unit === 'm' ? 60 : q?.unit === '' ? 1 : q ? timeFactor(q.unit) : undefined;
  if (!q || unit === undefined || !(q.value >= 0) || !Number.isFinite(q.value)) {
    throw new SpecError(`${what}: "${text}" is not a duration`, hint);
  }
  return q.value * unit;
}

/** A fault as written: what to lose, when, and for how long. */
export interface FaultSpec {
  text: string;
  zone: string | null;
  component: string | null;
  role: string | null;
  count: number;
  atS: number;
  forS: number | null;
}

const FAULT_HINT = 'write zone:a@300s, COMPONENT@60s, COMPONENT:3@60s or postgres:replica@60s; add +2m to bring them back after 2 minutes';

/** Parses `--fail zone:a@300s`, `fsm:2@1m+5m`, `postgres:replica@60s`. */
export function parseFail(text: string): FaultSpec {
  const m = /^\s*([^@\s]+)\s*@\s*([^+\s]+)\s*(?:\+\s*(\S+))?\s*$/.exec(text);
  if (!m) throw new SpecError(`--fail ${text}: expected WHAT@TIME`, FAULT_HINT);
  const [, what, at, dur] = m as unknown as [string, string, string, string | undefined];
  const atS = parseDurationS(at, `--fail ${text}`);
  const forS = dur === undefined ? null : parseDurationS(dur, `--fail ${text}`);
  if (forS !== null && forS <= 0) throw new SpecError(`--fail ${text}: the outage must last longer than 0 s`, FAULT_HINT);
  const parts = what.split(':');
  if (parts[0] === 'zone') {
    if (parts.length !== 2 || !/^[a-z]$/.test(parts[1]!)) throw new SpecError(`--fail ${text}: a zone is one letter, a for the first`, FAULT_HINT);
    return { text, zone: parts[1]!, component: null, role: null, count: 0, atS, forS };
  }
  const [component, ...rest] = parts;
  let role: string | null = null;
  let count = 1;
  for (const p of rest) {
    if (/^\d+$/.test(p)) count = Number(p);
    else if (role === null && /^[a-z-]+$/.test(p)) role = p;
    else throw new SpecError(`--fail ${text}: "${p}" is neither a count nor a role`, FAULT_HINT);
  }
  if (!component || count < 1) throw new SpecError(`--fail ${text}: name a component and a count of at least 1`, FAULT_HINT);
  return { text, zone: null, component, role, count, atS, forS };
}

/**
 * The replicas each fault removes, by zone (replica i of a zoned station sits in zone i mod z) or by
 * component. Faults are resolved in time order: each takes only replicas still up when it strikes
 * (an earlier fault's losses stay lost until its +DURATION ends), so a zone loss after a component
 * loss does not take the same replica twice, and losses that together exceed what a component has
 * are refused as one too large is.
 */
export function resolveFaults(model: SimModel, specs: readonly FaultSpec[]): ResolvedFault[] {
  const order = specs.map((f, i) => ({ f, i })).sort((a, b) => a.f.atS - b.f.atS || a.i - b.i);
  const out: ResolvedFault[] = new Array(specs.length);
  const taken: { f: FaultSpec; untilS: number | null; replicas: { station: number; replica: number }[] }[] = [];
  for (const { f, i } of order) {
    const untilS = f.forS === null ? null : f.atS + f.forS;
    // Replicas earlier faults took and have not yet brought back when this one strikes.
    const active = taken.filter((t) => t.untilS === null || t.untilS > f.atS);
    const down = new Set(active.flatMap((t) => t.replicas.map((x) => `${x.station}/${x.replica}`)));
    const up = (station: number, replica: number) => !down.has(`${station}/${replica}`);
    const resolved = resolveFault(model, f, untilS, up, active);
    taken.push({ f, untilS, replicas: resolved.replicas });
    out[i] = resolved;
  }
  return out;
}

function resolveFault(
  model: SimModel,
  f: FaultSpec,
  untilS: number | null,
  up: (station: number, replica: number) => boolean,
  active: readonly { f: FaultSpec; replicas: readonly { station: number }[] }[],
): ResolvedFault {
  if (f.zone !== null) {
    const z = f.zone.charCodeAt(0) - 97;
    if (model.zones < 2) throw new SpecError(`--fail ${f.text}: the plan has one zone (targets.zones: 1); losing it loses everything`, 'lose replicas of a component instead: --fail COMPONENT:2@60s');
    if (z >= model.zones) throw new SpecError(`--fail ${f.text}: the plan has ${model.zones} zones, a to ${String.fromCharCode(96 + model.zones)}`, FAULT_HINT);
    const zonal = model.stations.flatMap((st, station) => (st.zonal ? [station] : []));
    const replicas = zonal.flatMap((station) =>
      range(model.stations[station]!.replicas)
        .filter((i) => i % model.zones === z && up(station, i))
        .map((replica) => ({ station, replica })),
    );
    // Every zoned station is hit, even one whose replicas in the zone earlier faults already took.
    return { label: `zone ${f.zone}`, atS: f.atS, untilS, replicas, stations: zonal };
  }
  const stations = model.stations.map((st, i) => ({ st, i })).filter((x) => x.st.component === f.component);
  if (stations.length === 0) {
    const names = model.components.filter((c) => c.stations.length > 0).map((c) => c.name);
    throw new SpecError(`--fail ${f.text}: no simulated component "${f.component}"`, `components: ${names.join(', ')}`);
  }
  const roles = stations.map((x) => roleWord(x.st.role));
  const pick = f.role === null ? stations.find((x) => x.st.zonal) : stations.find((x) => roleWord(x.st.role) === f.role);
  if (!pick) {
    const why = f.role === null ? `${f.component}'s ${roles.join(' and ')} ${roles.length === 1 ? 'fails' : 'fail'} over to a standby in this model` : `${f.component} has no "${f.role}" (roles: ${roles.join(', ')})`;
    throw new SpecError(`--fail ${f.text}: ${why}`, stations.some((x) => x.st.zonal) ? `try --fail ${f.component}:${roleWord(stations.find((x) => x.st.zonal)!.st.role)}@TIME` : 'lose replicas of another component');
  }
  if (!pick.st.zonal) throw new SpecError(`--fail ${f.text}: a ${pick.st.role} fails over to its standby in this model, so losing it changes nothing`, 'lose read replicas or replicas of a horizontally scaled component');
  const live = range(pick.st.replicas).filter((r) => up(pick.i, r));
  // A count above what is left is refused, not cut to it: "lose 100" run as "lose 1" is another experiment.
  if (f.count > live.length) {
    const plural = (n: number) => `${n} ${n === 1 ? pick.st.role : `${pick.st.role}s`}`;
    const role = f.role === null ? '' : `:${f.role}`;
    const at = f.text.split('@')[1]!.trim();
    const earlier = active.filter((t) => t.replicas.some((x) => x.station === pick.i)).map((t) => `--fail ${t.f.text}`);
    const gone = pick.st.replicas - live.length;
    const left = earlier.length === 0 ? '' : `, and ${earlier.join(' and ')} ${earlier.length === 1 ? 'has' : 'have'} taken ${gone} by then`;
    throw new SpecError(
      `--fail ${f.text}: ${f.component} has ${plural(pick.st.replicas)} in phase ${model.phase}${left}; it cannot lose ${f.count}`,
      live.length === 0
        ? `none is left to lose at ${at}: bring the earlier ones back first (+DURATION) or drop this fault`
        : `lose at most ${live.length}: --fail ${f.component}${role}${live.length === 1 ? '' : `:${live.length}`}@${at}`,
    );
  }
  const n = f.count;
  // The last live replicas go first (deterministic).
  const replicas = live.slice(-n).reverse().map((replica) => ({ station: pick.i, replica }));
  return { label: `${n} ${f.component} ${n === 1 ? pick.st.role : `${pick.st.role}s`}`, atS: f.atS, untilS, replicas, stations: [pick.i] };
}

function roleWord(role: string): string {
  return role === 'read replica' ? 'replica' : role === 'pool replica' ? 'replica' : role;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Parses `--ramp 0..2x over 10m` (multipliers of the phase's peak rate). */
export function parseRamp(text: string): RampSpec {
  const m = /^\s*(\d+(?:\.\d+)?)\s*[x×]?\s*\.\.\s*(\d+(?:\.\d+)?)\s*[x×]?\s+over\s+(\S+)\s*$/.exec(text);
  const hint = 'write FROM..TOx over DURATION, e.g. --ramp "0..2x over 10m"';
  if (!m) throw new SpecError(`--ramp ${text}: expected FROM..TOx over DURATION`, hint);
  const from = Number(m[1]);
  const to = Number(m[2]);
  const overS = parseDurationS(m[3]!, `--ramp ${text}`);
  if (!(overS > 0)) throw new SpecError(`--ramp ${text}: the ramp must last longer than 0 s`, hint);
  if (!(Math.max(from, to) > 0)) throw new SpecError(`--ramp ${text}: the load must rise above 0`, hint);
  return { from, to, overS };
}

/** `--arrivals poisson | mmpp:FACTORx,SHARE%,BURST | trace:FILE` as written (the trace file is read by the command). */
export type ArrivalsFlag = { kind: 'poisson' } | { kind: 'renewal'; cv: number } | { kind: 'mmpp'; burstFactor: number; burstShare: number; meanBurstS: number } | { kind: 'trace'; file: string };

/** Parses `--arrivals`. */
export function parseArrivals(text: string): ArrivalsFlag {
  const hint = `poisson, renewal:2 (inter-arrival cv 2, above 0 and at most ${MAX_ARRIVAL_CV}), mmpp:3x,10%,30s (3× the rate 10 % of the time, bursts of 30 s), or trace:FILE (measured arrival times)`;
  const t = text.trim();
  if (t === 'poisson') return { kind: 'poisson' };
  if (t.startsWith('renewal:')) {
    const cv = Number(t.slice(8).trim());
    if (t.slice(8).trim() === '' || !(cv > 0 && cv <= MAX_ARRIVAL_CV)) throw new SpecError(`--arrivals ${text}: the inter-arrival cv must be a number above 0 and at most ${MAX_ARRIVAL_CV}`, hint);
    return { kind: 'renewal', cv };
  }
  if (t.startsWith('trace:') && t.length > 6) return { kind: 'trace', file: t.slice(6) };
  const m = /^mmpp:\s*(\d+(?:\.\d+)?)\s*[x×]?\s*,\s*(\d+(?:\.\d+)?)\s*%\s*,\s*(\S+)$/.exec(t);
  if (!m) throw new SpecError(`--arrivals ${text}: not an arrival process`, hint);
  const burstFactor = Number(m[1]);
  const burstShare = Number(m[2]) / 100;
  const meanBurstS = parseDurationS(m[3]!, `--arrivals ${text}`);
  if (!(burstFactor > 1) || !(burstShare > 0 && burstShare < 1) || !(meanBurstS >= 1e-3)) throw new SpecError(`--arrivals ${text}: needs a factor above 1, a share between 0 and 100 % and bursts of 1 ms or more`, hint);
  if (burstFactor * burstShare > 1) throw new SpecError(`--arrivals ${text}: ${burstFactor}× for ${m[2]} % of the time is more than the mean rate allows (factor × share ≤ 1)`, 'lower the factor or the share; the rate between bursts is what keeps the mean');
  return { kind: 'mmpp', burstFactor, burstShare, meanBurstS };
}

/** The largest coefficient of variation a service law may have (beyond it the moments overflow). */
export const MAX_CV = 100;

/** A `--service` entry: a shape for one component (or `*`), with the file of an empirical one still to read. */
export type ServiceFlag = { component: string; shape: Exclude<ServiceShape, { kind: 'empirical' }> } | { component: string; file: string };

/** Parses `--service [COMPONENT=]exponential|deterministic|lognormal:CV|phase-type:CV|empirical:FILE`. */
export function parseService(text: string): ServiceFlag {
  const hint = 'exponential, deterministic, lognormal:1.5 (a coefficient of variation), phase-type:0.5, or empirical:FILE; prefix COMPONENT= for one component';
  const m = /^\s*(?:([A-Za-z0-9_.-]+)\s*=\s*)?([a-z-]+)(?::(.+))?\s*$/.exec(text);
  if (!m) throw new SpecError(`--service ${text}: not a service-time law`, hint);
  const component = m[1] ?? '*';
  const kind = m[2]!;
  const arg = m[3];
  if (kind === 'empirical' && arg) return { component, file: arg };
  if ((kind === 'exponential' || kind === 'exp') && !arg) return { component, shape: { kind: 'exponential' } };
  if ((kind === 'deterministic' || kind === 'det') && !arg) return { component, shape: { kind: 'deterministic' } };
  if ((kind === 'lognormal' || kind === 'phase-type') && arg !== undefined) {
    const cv = Number(arg);
    if (!(cv > 0 && cv <= MAX_CV)) throw new SpecError(`--service ${text}: the coefficient of variation must be above 0 and at most ${MAX_CV}`, hint);
    return { component, shape: { kind, cv } };
  }
  throw new SpecError(`--service ${text}: not a service-time law`, hint);
}

/** The first component (`*` for every one) a repeatable per-component flag names twice, or null. */
export function repeatedComponent(items: readonly { component: string }[]): string | null {
  const seen = new Set<string>();
  for (const { component } of items) {
    if (seen.has(component)) return component;
    seen.add(component);
  }
  return null;
}

/** Parses `--balancing [COMPONENT=]random|round-robin|least-request|p2c`. */
export function parseBalancing(text: string): { component: string; policy: Balancing } {
  const m = /^\s*(?:([A-Za-z0-9_.-]+)\s*=\s*)?([a-z0-9-]+)\s*$/.exec(text);
  const policy = m?.[2] as Balancing | undefined;
  if (!m || !policy || !BALANCING.includes(policy)) throw new SpecError(`--balancing ${text}: not a balancing policy`, `one of ${BALANCING.join(', ')}; prefix COMPONENT= for one component`);
  return { component: m[1] ?? '*', policy };
}
