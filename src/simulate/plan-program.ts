/**
 * The request program of a planned phase from its call graph (`callGraph` of each component),
 * as the plan's path tree reads it (plan/path-model.ts): every entry with its visits, then what
 * it calls; `oneOf` alternatives and calls made with a probability as a branch; a `parallel`
 * entry's members forked (each a child of the request) and joined; a blocking
 * call's caller holds its server through the calls until a release; a call with retries makes
 * up to retries + 1 attempts, each failing with the call's failure rate or abandoned at its
 * timeout. Pure.
 */
import { callsPerVisit, type GraphEdge, type RequestGraph } from '../plan/request-graph.js';
import type { Step, VisitStep } from './model.js';

/** A visit of one kind of operation to a station: `visits` per request at the plan's peak (retries included). */
export interface Visit {
  station: number;
  dist: number;
  visits: number;
  delayS: number;
  limiter: number | null;
  classShares: number[];
}

/** A component as the program sees it: its visits, and its visits per request with retries (the Visit counts' total). */
export interface ProgramComponent {
  visits: Visit[];
  amplifiedVisits: number;
}

/** Logical visits of one caller (with calls) unrolled into copies; beyond this its visits and calls are taken in bulk. */
export const MAX_UNROLL = 16;
/** The most steps a program built from the call graph may have (shared callees expand under each caller). */
const MAX_STEPS = 20_000;
/** Engine limit on servers one request holds at once (engine-request-pool.ts). */
const MAX_HELD = 8;

class ProgramTooLarge extends Error {}

/** A request program with the components it reaches and why it is not the plan's system exactly. */
export interface Program {
  steps: Step[];
  reached: Set<string>;
  notes: string[];
}

/** The visit step of `v` made `count` times per request (whole part, then one more with the fraction's probability). */
export function visitStep(v: Visit, count = v.visits, edge: GraphEdge | null = null): VisitStep {
  const whole = Math.floor(count + 1e-12);
  const frac = count - whole < 1e-12 ? 0 : count - whole;
  return {
    op: 'visit', station: v.station, dist: v.dist, whole, frac, delayS: v.delayS, limiter: v.limiter, classShares: v.classShares, hold: false,
    attempts: edge ? edge.retries + 1 : 1, failProbability: edge ? edge.failureRate : 0, timeoutS: edge?.timeoutS ?? 0,
  };
}

/** Builds the synchronous request program from the call graph, or null when it expands too far (the caller then walks the path flat). */
export function callGraphProgram(graph: RequestGraph, components: ReadonlyMap<string, ProgramComponent>): Program | null {
  const b = new ProgramBuilder(graph, components);
  try {
    const called = new Set([...graph.callers.entries()].filter(([, es]) => es.length > 0).map(([n]) => n));
    for (const n of graph.names) if (!called.has(n) && !graph.async.has(n)) b.node(n, graph.visits.get(n) ?? 1, null, 0);
  } catch (error) {
    if (error instanceof ProgramTooLarge) return null;
    throw error;
  }
  b.steps.push({ op: 'end' });
  return { steps: b.steps, reached: b.reached, notes: [...new Set(b.notes)] };
}

class ProgramBuilder {
  readonly steps: Step[] = [];
  readonly reached = new Set<string>();
  readonly notes: string[] = [];

  constructor(
    private readonly graph: RequestGraph,
    private readonly components: ReadonlyMap<string, ProgramComponent>,
  ) {}

  private push(s: Step): number {
    if (this.steps.length >= MAX_STEPS) throw new ProgramTooLarge();
    return this.steps.push(s) - 1;
  }

  /** `count` logical visits of `name` reached through `edge`, each followed by its calls; `held`: servers already held. */
  node(name: string, count: number, edge: GraphEdge | null, held: number): void {
    this.reached.add(name);
    const out = (this.graph.edges.get(name) ?? []).filter((e) => !this.graph.async.has(e.to));
    const own = this.components.get(name);
    const blocking = out.some((e) => e.blocking);
    const single = own === undefined || own.visits.length === 1;
    if (out.length > 0 && single && count <= MAX_UNROLL && Number.isFinite(count)) {
      const whole = Math.floor(count + 1e-12);
      const frac = count - whole < 1e-12 ? 0 : count - whole;
      for (let i = 0; i < whole; i++) this.oneVisit(name, out, edge, held, blocking);
      if (frac > 0) this.choice([{ probability: frac, emit: () => this.oneVisit(name, out, edge, held, blocking) }]);
      return;
    }
    if (blocking) this.notes.push(`${name}'s blocking calls are not held in the simulation (${single ? `more than ${MAX_UNROLL} visits per request` : 'its visits go to several stations'})`);
    if (own) for (const v of own.visits) this.push(visitStep(v, (count * v.visits) / own.amplifiedVisits, edge));
    this.calls(out, count, held);
  }

  /** One visit of `name`: held through its blocking calls, then its other calls. */
  private oneVisit(name: string, out: GraphEdge[], edge: GraphEdge | null, held: number, blocking: boolean): void {
    const own = this.components.get(name);
    if (own === undefined) {
      this.calls(out, 1, held);
      return;
    }
    const hold = blocking && held < MAX_HELD;
    if (blocking && !hold) this.notes.push(`${name}'s blocking calls are not held in the simulation (more than ${MAX_HELD} servers held at once)`);
    const step = visitStep(own.visits[0]!, 1, edge);
    if (!hold) {
      this.push(step);
      this.calls(out, 1, held);
      return;
    }
    // A held visit is not retried (the engine holds it through its calls; a retried caller is rare).
    if (step.attempts > 1) this.notes.push(`${name}'s own retries are not simulated while it holds a server`);
    const at = this.push({ ...step, hold: true, attempts: 1, failProbability: 0, timeoutS: 0 });
    this.calls(out.filter((e) => e.blocking), 1, held + 1);
    this.push({ op: 'release' });
    this.calls(out.filter((e) => !e.blocking), 1, held);
    (this.steps[at] as VisitStep).skipTo = this.steps.length;
  }

  /** The calls of `count` visits of a caller, entry by entry (alternatives and probable calls as a branch, parallel members forked). */
  private calls(out: GraphEdge[], count: number, held: number): void {
    const entries = [...new Set(out.map((e) => e.entry))];
    for (const entry of entries) {
      const group = out.filter((e) => e.entry === entry);
      if (group[0]!.member !== null) this.parallel(group, count, held);
      else this.entry(group, count, held);
    }
  }

  /** One entry (a call, or a oneOf's alternatives) of `count` visits of its caller. */
  private entry(group: GraphEdge[], count: number, held: number): void {
    const first = group[0]!;
    const m = (e: GraphEdge) => callsPerVisit(this.graph, e) * count;
    if (first.alternative || first.probability < 1) {
      this.choice(group.map((e) => ({ probability: e.probability, emit: () => this.node(e.to, e.probability > 0 ? m(e) / e.probability : 0, e, held) })));
    } else {
      this.node(first.to, m(first), first, held);
    }
  }

  /**
   * A parallel entry: per visit of the caller (count 1, or at most one: with probability count)
   * a fork, each member a child of the request that holds its own servers, and the request goes on
   * once the last has joined. Visits taken in bulk (count > 1) make the members one after another.
   */
  private parallel(group: GraphEdge[], count: number, held: number): void {
    const members = [...new Set(group.map((e) => e.member))].map((j) => group.filter((e) => e.member === j));
    if (count > 1 + 1e-9) {
      this.notes.push(`${group[0]!.from}'s parallel calls are simulated one after another (its visits are taken in bulk)`);
      for (const m of members) this.entry(m, count, held);
      return;
    }
    if (!(count > 0)) return;
    const fork = () => {
      const at = this.push({ op: 'fork', targets: [], after: -1 });
      const targets: number[] = [];
      for (const m of members) {
        targets.push(this.steps.length);
        this.entry(m, 1, 0);
        this.push({ op: 'join' });
      }
      this.steps[at] = { op: 'fork', targets, after: this.steps.length };
    };
    if (count >= 1 - 1e-9) fork();
    else this.choice([{ probability: count, emit: fork }]);
  }

  /** A branch to each option with its probability, and past them all with the rest. */
  private choice(options: { probability: number; emit: () => void }[]): void {
    const rest = Math.max(0, 1 - options.reduce((s, o) => s + o.probability, 0));
    const at = this.push({ op: 'branch', targets: [], probabilities: [] });
    const targets: number[] = [];
    const jumps: number[] = [];
    for (const o of options) {
      targets.push(this.steps.length);
      o.emit();
      jumps.push(this.push({ op: 'jump', target: -1 }));
    }
    const after = this.steps.length;
    // A jump to the very next step is kept (programs only run forward; it costs one step).
    for (const j of jumps) this.steps[j] = { op: 'jump', target: after };
    const probabilities = options.map((o) => o.probability);
    if (rest > 1e-12) {
      targets.push(after);
      probabilities.push(rest);
    }
    const sum = probabilities.reduce((s, p) => s + p, 0);
    this.steps[at] = { op: 'branch', targets, probabilities: probabilities.map((p) => p / sum) };
    // The step after the branch must exist for the jumps' targets: the caller always pushes more (at least `end`).
  }
}
