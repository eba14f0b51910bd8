/**
 * What `capplan emit k8s` would write for each phase, counted: objects per kind and one line per
 * component (the emitter's own summaries). Built from the emitter's object builders, so the
 * counts are those of the real manifests. Pure.
 */
import { EmitError, phaseContext } from '../emit/context.js';
import { componentObjects } from '../emit/k8s.js';
import { k8sNamesOverLimit, nameProblems, type LimitedName } from '../emit/name-limits.js';
import { quantityProblems } from '../emit/quantities.js';
import type { Plan } from '../plan/types.js';
import { renderCellTable, type Cell, type CellTable } from './cells.js';
import { esc } from './escape.js';
import type { ManifestSummary } from './types.js';

/** The manifests of every phase, counted. */
export function summariseManifests(plan: Plan): ManifestSummary[] {
  return plan.phases.map((phase) => {
    // A quantity Kubernetes cannot represent: emit refuses the profile value behind it, and so does the report's count.
    const overflow = 'system' in phase ? quantityProblems(phase)[0] : undefined;
    if (overflow) return { phase: phase.name, objects: {}, components: [], error: `${overflow.component} ${overflow.key.join('.')}: ${overflow.message}` };
    try {
      const ctx = phaseContext(plan, { phase: phase.name, targets: { zones: phase.targets.zones, memoryUtilization: phase.targets.memoryUtilization } });
      const counts = new Map<string, number>();
      const lines: string[] = [];
      const names: LimitedName[] = [];
      for (const c of phase.components) {
        const emitted = componentObjects({ ctx, namespace: null, alerts: false }, c);
        if (!emitted) {
          lines.push(`${c.name} (${c.kind}): no manifest (a network is the cluster's links and NICs).`);
          continue;
        }
        lines.push(emitted.summary);
        for (const o of emitted.objects) {
          counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
          k8sNamesOverLimit(o, names);
        }
      }
      // A component name too long for a derived name: emit refuses it at the name, and the report says so.
      const tooLong = nameProblems('emit k8s', names, ctx.phase.components)[0];
      if (tooLong) return { phase: phase.name, objects: {}, components: [], error: `${tooLong.component}: ${tooLong.message} (${tooLong.hint})` };
      if (counts.size === 0) return { phase: phase.name, objects: {}, components: lines, error: 'no component to deploy' };
      counts.set('Kustomization', 1);
      const objects = Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      return { phase: phase.name, objects, components: lines, error: null };
    } catch (error) {
      if (error instanceof EmitError) return { phase: phase.name, objects: {}, components: [], error: error.message };
      throw error;
    }
  });
}

/** Objects per kind (rows) and phase (columns), with the total. */
export function manifestTable(summaries: readonly ManifestSummary[]): CellTable {
  const kinds = [...new Set(summaries.flatMap((s) => Object.keys(s.objects)))].sort();
  const rows: Cell[][] = kinds.map((k) => [{ text: k }, ...summaries.map((s): Cell => ({ text: s.objects[k] === undefined ? '–' : String(s.objects[k]), num: true }))]);
  rows.push([{ text: 'objects' }, ...summaries.map((s): Cell => ({ text: String(Object.values(s.objects).reduce((a, b) => a + b, 0)), num: true }))]);
  return { headers: [{ text: 'object kind' }, ...summaries.map((s) => ({ text: s.phase, num: true }))], rows, rowClass: rows.map((_r, i) => (i === rows.length - 1 ? 'total' : null)) };
}

/** The summaries as a table (kinds × phases) and, per phase, what each component becomes. */
export function renderManifestsSection(summaries: readonly ManifestSummary[]): string {
  const details = summaries.map(
    (s) => `<details><summary>Phase ${esc(s.phase)}: what each component becomes</summary>${s.error ? `<p class="warn">${esc(s.error)}</p>` : ''}<ul class="notes">${s.components.map((l) => `<li>${esc(l)}</li>`).join('')}</ul></details>`,
  );
  return `${renderCellTable(manifestTable(summaries), 'manifests')}${details.join('')}`;
}
