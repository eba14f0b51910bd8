/**
 * A plan holds the same texts many times over (the same substitutions, model lines and
 * derivations in phase after phase), most of them built by concatenation, which V8 keeps as a
 * rope of pieces until read. A plan of thousands of components × phases lives until it is
 * rendered: one shared, flat copy per repeated text cuts what it keeps alive by about a fifth
 * (the 5,000 × 20 synthetic plan: 393 → 326 MiB of heap after solve).
 * No I/O; it changes the plan it is given in place, and the strings are equal, so no output changes.
 */
import type { PhasePlan } from './types.js';

/** What sharePhaseTexts reads of the previous phase: its texts (a PhasePlan is one; phaseTexts keeps no more of it). */
export interface PhaseTexts {
  components: readonly {
    name: string;
    capacityDerivation: string;
    topology: string;
    queue: { waitMethod: string } | null;
    model: readonly string[];
    notes: readonly string[];
    constraints: readonly { formula: string; substituted: string }[];
    violations: readonly { message: string; remedy: string }[];
  }[];
  system: { latencyModel: readonly string[]; latencyNotes: readonly string[] };
  findings: readonly string[];
}

/**
 * A phase's texts for sharing with the next phase, without the rest of its plan: solve keeps the
 * previous phase this way, not whole (its queues, details, call plans and bill, ~20 MB at 5,000
 * components, would otherwise stay alive while the next phase is solved). The lists (and the
 * constraints and violations, small records of texts) are the plan's own; only equal strings are
 * ever swapped, so what is kept changes no output.
 */
export function phaseTexts(phase: PhasePlan): PhaseTexts {
  return {
    components: phase.components.map((c) => ({
      name: c.name,
      capacityDerivation: c.capacityDerivation,
      topology: c.topology,
      queue: c.queue ? { waitMethod: c.queue.waitMethod } : null,
      model: c.model,
      notes: c.notes,
      constraints: c.constraints,
      violations: c.violations,
    })),
    system: { latencyModel: phase.system.latencyModel, latencyNotes: phase.system.latencyNotes },
    findings: phase.findings,
  };
}

/**
 * Shares a phase's built texts with the previous phase's plan instead of a pool: each component's
 * texts (capacity derivation, topology, model lines, constraint substitutions, notes, violations,
 * the queue's method) beside the same-named component's in the previous phase, and the system's
 * path model and the findings. Where the two texts are equal the previous string is kept, else
 * the new one is flattened. Growth phases repeat most of these texts, so this keeps about what
 * the pool kept (the 5,000 × 20 synthetic plan: 320 MiB with the pool, 334 MiB so), without
 * hashing every string of the plan into a map: at 5,000 × 20 the pool's walk cost 1.5–2 s of
 * CPU, this costs ~0.2 s. The other strings of a plan are the profile's own (names, paths,
 * settings) or literals, shared already. Changes `phase` in place; the strings are equal, so no
 * output changes.
 */
export function sharePhaseTexts(phase: PhasePlan, previous: PhaseTexts | null): PhasePlan {
  const prior = previous?.components ?? [];
  phase.components.forEach((c, i) => {
    const q = i < prior.length && prior[i]!.name === c.name ? prior[i] : undefined;
    c.capacityDerivation = same(c.capacityDerivation, q?.capacityDerivation);
    c.topology = same(c.topology, q?.topology);
    if (c.queue) c.queue.waitMethod = same(c.queue.waitMethod, q?.queue?.waitMethod);
    sameList(c.model, q?.model);
    sameList(c.notes, q?.notes);
    c.constraints.forEach((k, j) => {
      const o = q?.constraints[j];
      k.formula = same(k.formula, o?.formula);
      k.substituted = same(k.substituted, o?.substituted);
    });
    c.violations.forEach((v, j) => {
      const o = q?.violations[j];
      v.message = same(v.message, o?.message);
      v.remedy = same(v.remedy, o?.remedy);
    });
  });
  sameList(phase.system.latencyModel, previous?.system.latencyModel);
  sameList(phase.system.latencyNotes, previous?.system.latencyNotes);
  sameList(phase.findings, previous?.findings);
  return phase;
}

function sameList(texts: string[], previous: readonly string[] | undefined): void {
  for (let i = 0; i < texts.length; i++) texts[i] = same(texts[i]!, previous?.[i]);
}

function same(text: string, previous: string | undefined): string {
  if (text === previous) return previous;
  // Reading a character makes V8 flatten a rope into one string (its pieces then go).
  text.charCodeAt(0);
  return text;
}
