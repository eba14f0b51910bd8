/** Gathers a ReportInput from a planned profile: the phases chosen, their descriptions, profile lines, manifests. Pure. */
import type { Plan } from '../plan/types.js';
import type { Profile } from '../profile/load.js';
import type { SourceDocument } from '../profile/source.js';
import { summariseManifests } from './manifests.js';
import { sourceLines } from './source-lines.js';
import type { ReportInput, ReportSource } from './types.js';

/** What assembleReport reads. */
export interface ReportParts {
  plan: Plan;
  profile: Profile;
  doc: SourceDocument;
  sources: ReportSource[];
  version: string;
  date: string | null;
  notes: string[];
  /** Only this phase (an index into plan.phases), or every phase. */
  phaseIndex?: number | undefined;
}

/** The report's input. */
export function assembleReport(parts: ReportParts): ReportInput {
  const all = parts.plan;
  const indexes = parts.phaseIndex === undefined ? all.phases.map((_p, i) => i) : [parts.phaseIndex];
  const plan: Plan = { ...all, phases: indexes.map((i) => all.phases[i]!) };
  return {
    plan,
    version: parts.version,
    description: parts.profile.description,
    phaseDescriptions: indexes.map((i) => parts.profile.phases[i]?.description ?? null),
    date: parts.date,
    sources: parts.sources,
    lineOf: sourceLines(plan, parts.doc),
    manifests: summariseManifests(plan),
    notes: parts.notes,
  };
}
