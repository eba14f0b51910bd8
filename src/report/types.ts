/** What a report is made from: the plan and everything the command gathered around it. Plain data. */
import type { Plan } from '../plan/types.js';

/** An input file shown in the report (the profile, a calibration overlay), with its comments. */
export interface ReportSource {
  /** As shown to the reader (relative to the working directory). */
  file: string;
  /** What it is: "profile", "calibration overlay". */
  role: string;
  text: string;
}

/** The Kubernetes objects `capplan emit k8s` writes for one phase. */
export interface ManifestSummary {
  phase: string;
  /** Objects per kind (Deployment, Service, ...), kinds sorted by name. */
  objects: Record<string, number>;
  /** One line per component saying what it becomes. */
  components: string[];
  /** Why nothing could be emitted, when nothing could. */
  error: string | null;
}

/** Everything the HTML and Markdown reports read. */
export interface ReportInput {
  plan: Plan;
  /** capplan's version. */
  version: string;
  /** The profile's own description and each phase's (aligned with plan.phases). */
  description: string | null;
  phaseDescriptions: (string | null)[];
  /** The report's date (YYYY-MM-DD) when asked for with --date; otherwise none, for reproducible bytes. */
  date: string | null;
  /** The profile first, then any overlay. */
  sources: ReportSource[];
  /** Line in the first source of each profile path the report links to (components, violations). */
  lineOf: Record<string, number>;
  /** Manifests per phase (aligned with plan.phases), or null when not summarised. */
  manifests: ManifestSummary[] | null;
  /** Messages from planning worth a reader's attention (unpriced lines, catalog age, defaults). */
  notes: string[];
}
