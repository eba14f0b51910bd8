/**
 * Plan-level plausibility warnings positioned in the profile. A module of its own so that
 * `capplan size`, which prices nothing, does not load the pricing modules and the catalog.
 */
import { MAX_UNITS } from '../kinds/horizontal.js';
import { DEFAULT_FILL, volumeBytesPerNode } from '../plan/footprint.js';
import type { ComponentPlan } from '../plan/types.js';
import type { Diagnostic, PathSegment } from '../profile/diagnostic.js';
import type { Profile } from '../profile/load.js';
import { checkPlanPlausibility, type PlannedCounts } from '../profile/plausibility.js';
import type { SourceDocument } from '../profile/source.js';
import { formatBytes, formatNumber } from '../units/format.js';

/** A planned component as the warnings read it: its count and, for a database, what sets one node's volume. */
type PlannedComponent = PlannedCounts['phases'][number]['components'][number] & {
  kind?: string;
  storageBytes?: number | null;
  storage?: { fill: number };
  detail?: Record<string, unknown>;
  /** One node's volume, bytes, where LargestCounts has already worked it out. */
  nodeVolumeBytes?: number;
};

/** What the warnings read of a plan: every phase's components. */
export interface PlannedFigures {
  phases: readonly { name: string; components: readonly PlannedComponent[] }[];
}

/**
 * The largest volume one database node can have: 64 TiB, the most a managed PostgreSQL takes on
 * the major clouds (Amazon RDS and Google Cloud SQL; Azure's flexible server 32 TiB), and what a
 * self-run node reaches by striping four of the largest block volumes capplan knows (EBS gp3 and
 * io2, 16 TiB each, kinds/hardware.ts). A node past it holds data no one machine serves: a warning.
 * Not the 16 TiB of one block volume: a self-run node's volume is often several striped, and the
 * seed systems' single primaries hold 17–48 TiB over their growth phases.
 */
const LARGEST_VOLUME_BYTES = 64 * 2 ** 40;

/** One database node's volume (its shard's data at the end of the retention period ÷ the fill level), or null: another kind, or no stored data given. */
function nodeVolumeOf(c: PlannedComponent): number | null {
  if (c.nodeVolumeBytes !== undefined) return c.nodeVolumeBytes;
  if (c.kind !== 'database' || c.storageBytes === null || c.storageBytes === undefined) return null;
  return volumeBytesPerNode(c as ComponentPlan, 0);
}

/**
 * A database node whose volume is beyond the largest device capplan knows: no one volume holds it
 * (a default retention of a year of large writes on one primary gave 2.8 PiB). A warning, at the
 * component, at its largest volume over the phases.
 */
function volumeFindings(plan: PlannedFigures): { component: string; message: string }[] {
  const largest = new Map<string, { phase: string; bytes: number; fill: number }>();
  for (const phase of plan.phases) {
    for (const c of phase.components) {
      const bytes = nodeVolumeOf(c);
      if (bytes === null) continue;
      const seen = largest.get(c.name);
      if (!seen || bytes > seen.bytes) largest.set(c.name, { phase: phase.name, bytes, fill: c.storage?.fill ?? DEFAULT_FILL });
    }
  }
  const out: { component: string; message: string }[] = [];
  largest.forEach((l, component) => {
    if (l.bytes <= LARGEST_VOLUME_BYTES) return;
    out.push({
      component,
      message: `each node needs a ${formatBytes(l.bytes)} volume (its data at the end of the retention period at ${formatNumber(l.fill * 100)} % full), more than one database node holds (${formatBytes(LARGEST_VOLUME_BYTES)}: a managed PostgreSQL's largest volume, or four 16 TiB block volumes striped) in phase "${l.phase}"; check bytesPerWrite and retention, or shard the data (shards.max)`,
    });
  });
  return out;
}

/** The plan's plausibility findings as warnings at the components they name (their keys' positions in `doc`, or kept in `keys`). */
export function planPlausibilityWarnings(plan: PlannedFigures, profile: Profile, doc: SourceDocument | ComponentKeys): Diagnostic[] {
  const findings: { phase?: string; component: string; message: string }[] = [...checkPlanPlausibility(plan, MAX_UNITS), ...volumeFindings(plan)];
  const firstPhase = profile.phases[0]?.name;
  return findings.map((f) => {
    // A volume finding is placed at the component where the base phase writes it, or the first phase that has it.
    let p = profile.phases.findIndex((phase) => phase.name === (f.phase ?? firstPhase));
    if (f.phase === undefined && (p < 0 || !profile.phases[p]!.components.some((comp) => comp.name === f.component))) p = profile.phases.findIndex((phase) => phase.components.some((comp) => comp.name === f.component));
    const c = p < 0 ? -1 : profile.phases[p]!.components.findIndex((comp) => comp.name === f.component);
    const comp = c < 0 ? undefined : profile.phases[p]!.components[c]!;
    const pos = !comp ? { line: 1, col: 1 } : doc instanceof ComponentKeys ? doc.position(p, c) : doc.position(comp.segments, { key: true });
    return { file: profile.file, line: pos.line, col: pos.col, path: comp?.path ?? '', message: f.message, severity: 'warning' as const };
  });
}

/**
 * The position of each component's key in each phase, taken from the document once so that the
 * document can be dropped before the plan is solved (5,000 components x 20 phases kept ~25 MB of
 * source document alive for the few warnings that need a position at the end): a line and a
 * column per component of a phase, in typed arrays.
 */
export class ComponentKeys {
  private readonly at: Int32Array[];

  /** Reads the key positions of every phase's components from `doc`. */
  constructor(profile: Profile, doc: SourceDocument) {
    // Phases that leave a component where the profile's base writes it share its segments: found once.
    const seen = new Map<readonly PathSegment[], { line: number; col: number }>();
    this.at = profile.phases.map((phase) => {
      const at = new Int32Array(phase.components.length * 2);
      phase.components.forEach((comp, i) => {
        let pos = seen.get(comp.segments);
        if (!pos) seen.set(comp.segments, (pos = doc.position(comp.segments, { key: true })));
        at[2 * i] = pos.line;
        at[2 * i + 1] = pos.col;
      });
      return at;
    });
  }

  /** The key position of the component at `component` of the phase at `phase` (indexes into profile.phases and its components). */
  position(phase: number, component: number): { line: number; col: number } {
    const at = this.at[phase]!;
    return { line: at[2 * component]!, col: at[2 * component + 1]! };
  }
}

/**
 * Each component's largest count over the phases, folded a phase at a time, for a plan whose
 * phases are dropped as they are written: counts() is a PlannedCounts on which
 * checkPlanPlausibility finds what it finds on all the phases (it reads only each component's
 * largest count, the first phase to reach it, in the order components first appear).
 */
export class LargestCounts {
  private readonly largest = new Map<string, { phase: string; replicas: number; unitLabel: string }>();
  private readonly volumes = new Map<string, { phase: string; bytes: number; fill: number }>();

  /** Folds in one phase's counts (and its database nodes' volumes). */
  add(phase: PlannedFigures['phases'][number]): void {
    for (const c of phase.components) {
      const seen = this.largest.get(c.name);
      if (!seen || c.replicas > seen.replicas) this.largest.set(c.name, { phase: phase.name, replicas: c.replicas, unitLabel: c.unitLabel });
      if (c.kind !== 'database') continue;
      const bytes = nodeVolumeOf(c);
      const had = this.volumes.get(c.name);
      if (bytes !== null && (!had || bytes > had.bytes)) this.volumes.set(c.name, { phase: phase.name, bytes, fill: c.storage?.fill ?? DEFAULT_FILL });
    }
  }

  /** The folded counts: one phase per component, of the name of the phase its largest count is in (a volume in a phase of its own). */
  counts(): PlannedFigures {
    return {
      phases: [
        ...[...this.largest].map(([name, l]) => ({ name: l.phase, components: [{ name, replicas: l.replicas, unitLabel: l.unitLabel }] })),
        ...[...this.volumes].map(([name, v]) => ({ name: v.phase, components: [{ name, replicas: 0, unitLabel: '', nodeVolumeBytes: v.bytes, storage: { fill: v.fill } }] })),
      ],
    };
  }
}
