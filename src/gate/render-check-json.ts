/** `capplan check --format json`: the verdict, findings with positions, and the comparison. */
import { normaliseForJson } from '../render/json.js';
import type { GateResult } from './evaluate.js';
import type { CheckRenderOptions } from './render-check.js';
import type { CheckProblem } from './check-problem.js';
import { removedRows } from './rows.js';

/** The check as JSON (6 significant digits, stable key order). */
export function renderCheckJson(result: GateResult, o: CheckRenderOptions): string {
  const doc = {
    apiVersion: 'capplan/v1',
    kind: 'capplan-check',
    profile: result.profile,
    file: o.file,
    baseline: o.baselineFile,
    status: result.status,
    counts: result.counts,
    findings: result.findings.map((f) => {
      const loc = o.locate?.(f) ?? null;
      return { rule: f.rule, level: f.level, phase: f.phase, component: f.component, kind: f.kind, message: f.message, cause: f.cause, remedy: f.remedy, path: loc?.path ?? f.paths[0] ?? null, line: loc?.line ?? null, col: loc?.col ?? null };
    }),
    policy: result.policy,
    skipped: result.skipped,
    // Phases of the baseline the plan no longer has (a phase's own `removed` lists its components).
    removedPhases: removedRows(result).phases,
    // What the profile's gates loosened against the baseline's ([] none; null: the baseline records no policy).
    policyLoosened: result.policyLoosened?.map((l) => ({ change: l.words, path: l.path })) ?? null,
    phases: result.phases.map((p) => ({
      name: p.diff.name,
      status: p.diff.status,
      worst: p.worst,
      moved: p.moved,
      headroomMin: p.headroomMin,
      headroom: p.headroom,
      peakRps: p.diff.peakRps,
      replicas: p.diff.replicas,
      bottleneck: p.diff.bottleneck,
      latencyP95: p.diff.latencyP95,
      monthly: p.diff.monthly,
      currency: p.diff.currency,
      components: p.components.map((c) => ({
        name: c.diff.name,
        kind: c.diff.kind,
        status: c.diff.status,
        worst: c.worst,
        deployedReplicas: c.deployedReplicas,
        headroom: c.headroom,
        replicas: c.diff.replicas,
        utilization: c.diff.utilization,
        latencyP95: c.diff.latencyP95,
        maxRps: c.diff.maxRps,
        planHeadroom: c.diff.headroom,
        monthly: c.diff.monthly,
      })),
      removed: p.diff.components.filter((c) => c.status === 'removed').map((c) => c.name),
      renamed: result.renamed.filter((r) => r.phase === p.diff.name).map((r) => ({ removed: r.removed, added: r.added })),
    })),
  };
  return `${JSON.stringify(normaliseForJson(doc), null, 2)}\n`;
}

/**
 * The check that could not run (a profile or baseline it cannot read) as JSON: `status: "error"`,
 * the problems as `validate --json` lists them (`errors`, `warnings`); exit 2 follows.
 */
export function renderCheckErrorJson(problems: readonly CheckProblem[], o: { file: string; baselineFile: string | null }): string {
  const item = (d: CheckProblem) => ({ file: d.file, line: d.line, col: d.col, path: d.path, message: d.message, hint: d.hint });
  const doc = {
    apiVersion: 'capplan/v1',
    kind: 'capplan-check',
    file: o.file,
    baseline: o.baselineFile,
    status: 'error',
    errors: problems.filter((d) => d.severity === 'error').map(item),
    warnings: problems.filter((d) => d.severity !== 'error').map(item),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
