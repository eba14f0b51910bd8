/**
 * Reading a profile's "What the plan finds" header: the block of comment lines from that
 * heading to the first line that is not a comment, joined into one text; the claims about it,
 * each a phrase with its numbers in braces and a function reading those numbers from the plan's
 * JSON; and the check that every number of the block is either in a claim or in a quotation of
 * the document.
 */
import { inDocument, numbersIn } from './sources.js';

/** The plan as `capplan plan --json` prints it, read loosely. */
export type PlanJson = {
  phases: {
    name: string;
    peakRps: number;
    targets: Record<string, number | null>;
    components: Component[];
    system: Record<string, number | string | null>;
    violations: { component: string | null; kind: string; message: string }[];
    findings: string[];
    nodes: number | null;
    bill: { monthly: number; lines: { item: string; quantity: number; description: string; note: string | null }[] } | null;
  }[];
  profileNotes: string[];
};

/** A component of the plan JSON. */
export type Component = {
  name: string;
  replicas: number;
  binding: string;
  utilization: number;
  maxRps: number;
  demand: number;
  capacityPerUnit: number;
  targetUtilization: number;
  latencyBudget: number | null;
  latencyP95: number | null;
  constraints: { binding: string; required: number }[];
  detail: Record<string, unknown>;
  /** Which queueing model each figure uses, for --explain. */
  model: string[];
  deploy: Record<string, unknown>;
  violations: { kind: string; message: string }[];
  offPeakReplicas: number;
  configuredReplicas: { min: number | null; max: number | null };
};

/** A claim: its phrase with the checked numbers in braces ("needs {50} replicas"), and their values in the plan. */
export interface Claim {
  says: string;
  values: (plan: PlanJson) => number[];
  /** Relative tolerance instead of the written precision (for "about"). */
  approx?: number;
}

/** A phase of the plan by (the start of) its name. */
export function phase(plan: PlanJson, name: string): PlanJson['phases'][number] {
  const p = plan.phases.find((x) => x.name === name) ?? plan.phases.find((x) => x.name.startsWith(name));
  if (!p) throw new Error(`no phase ${name}: ${plan.phases.map((x) => x.name).join(', ')}`);
  return p;
}

/** A component of a phase of the plan. */
export function comp(plan: PlanJson, phaseName: string, name: string): Component {
  const c = phase(plan, phaseName).components.find((x) => x.name === name);
  if (!c) throw new Error(`no component ${name} in ${phaseName}`);
  return c;
}

/** What the constraints of a component require before a maximum caps it. */
export function needed(c: Component): number {
  return Math.max(...c.constraints.filter((k) => k.binding !== 'maxReplicas').map((k) => k.required));
}

/** What one constraint of a component requires. */
export function requires(c: Component, binding: string): number {
  return Math.max(...c.constraints.filter((k) => k.binding === binding).map((k) => k.required));
}

/** The findings block of a profile's header, as one line of text. */
export function findingsBlock(text: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^#.*What the plan finds/.test(l));
  if (start < 0) return '';
  const block: string[] = [];
  for (const l of lines.slice(start)) {
    if (!l.startsWith('#')) break;
    block.push(l.replace(/^#\s?/, '').trim());
  }
  return block.join(' ').replace(/\s+/g, ' ');
}

/** The phrase of a claim as written in the header: the braces dropped. */
export function phraseOf(c: Claim): string {
  return c.says.replace(/[{}]/g, '');
}

/** The numbers a claim checks, in order. */
export function checkedNumbers(c: Claim): number[] {
  return [...c.says.matchAll(/\{([^}]+)\}/g)].map((m) => numbersIn(m[1]!)[0]!);
}

/** Whether a plan value reads as the written number: it rounds to it at the written precision, or lies within `approx`. */
export function reads(value: number, written: string, approx?: number): boolean {
  const w = numbersIn(written)[0]!;
  if (approx !== undefined) return Math.abs(value - w) <= approx * Math.abs(w);
  const decimals = /\.(\d+)/.exec(written.replace(/[,_]/g, ''))?.[1]?.length ?? 0;
  return Math.abs(value - w) <= 0.5 * 10 ** -decimals + 1e-9 * Math.max(1, Math.abs(w));
}

/**
 * Numbers of the block that neither a claim nor a quotation of the document covers. A number
 * glued to a letter before it (H08, p95, v0.14) or following "level" or "phase" is a name, not a
 * figure.
 */
export function uncovered(block: string, claims: readonly Claim[], document: string): string[] {
  const spans: [number, number][] = [];
  for (const c of claims) {
    const phrase = phraseOf(c);
    let at = block.indexOf(phrase);
    while (at >= 0) {
      spans.push([at, at + phrase.length]);
      at = block.indexOf(phrase, at + 1);
    }
  }
  for (const m of block.matchAll(/"([^"]+)"/g)) if (inDocument(m[1]!, document)) spans.push([m.index!, m.index! + m[0].length]);
  const out: string[] = [];
  for (const m of block.matchAll(/(?<![\w.])\d[\d,_]*(?:\.\d+)?/g)) {
    const at = m.index!;
    if (/(?:level|phase|fase|nivel)\s$/i.test(block.slice(Math.max(0, at - 6), at))) continue;
    if (!spans.some(([a, b]) => at >= a && at < b)) out.push(`${m[0]} in "…${block.slice(Math.max(0, at - 30), at + 30)}…"`);
  }
  return out;
}
