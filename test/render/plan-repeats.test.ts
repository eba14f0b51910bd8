/**
 * A plan of many alike components is drawn with texts remembered across components (wrapped
 * explanations and remedies, formatted cells): each copy must read as if drawn alone. The
 * reference is the explanation as plan-table drew it before, every line wrapped afresh.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';
import type { PhasePlan, Plan } from '../../src/plan/types.js';
import { plainPalette } from '../../src/render/palette.js';
import { renderPlanTable } from '../../src/render/plan-table.js';
import { explainLines, violationLines } from '../../src/render/plan-text.js';
import { wrapStyled } from '../../src/render/wrap.js';

/** The explanation of one component as explainSection drew it before lines were remembered. */
function referenceExplain(phase: PhasePlan, name: string, width: number): string[] {
  const c = phase.components.find((x) => x.name === name)!;
  const out = [`  ${c.name} (${c.kind})`];
  for (const line of explainLines(c, phase)) {
    const indent = line.match(/^ */)![0];
    out.push(...wrapStyled(line.trimStart(), width, (s) => s, { first: `    ${indent}`, rest: `      ${indent}` }));
  }
  return out;
}

/** Each phase's components three times over (renamed), violations with them. */
function tripled(plan: Plan): Plan {
  const copies = (phase: PhasePlan) => [0, 1, 2].flatMap((k) => phase.components.map((c) => ({ ...c, name: k ? `${c.name}-copy${k}` : c.name })));
  return {
    ...plan,
    phases: plan.phases.map((phase) => ({ ...phase, components: copies(phase), violations: [...phase.violations, ...phase.violations, ...phase.violations] })),
  };
}

describe('plan text of many alike components', () => {
  it('explains every copy as if it were drawn alone, at any width', async () => {
    const { plan } = await planProfileFile(fileURLToPath(new URL('../../profiles/blatam-academy.yaml', import.meta.url)));
    const big = tripled(plan);
    for (const width of [80, 50, 200]) {
      const text = renderPlanTable(big, { palette: plainPalette, explain: true, layout: { width, unicode: true, detail: 'normal' } });
      for (const phase of big.phases) {
        for (const c of phase.components) {
          const block = referenceExplain(phase, c.name, width).join('\n');
          expect(text).toContain(`\n${block}\n`);
        }
        for (const v of phase.violations) expect(text).toContain(wrapStyled(violationLines(v)[1], width, (s) => s, { first: '    ' }).join('\n'));
      }
    }
  });
});
