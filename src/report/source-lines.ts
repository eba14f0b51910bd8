/** Where in the profile each component and violation of a plan is written, for links from the report to its inputs. Pure. */
import { locatePaths } from '../gate/profile-paths.js';
import type { Plan } from '../plan/types.js';
import type { SourceDocument } from '../profile/source.js';

/** Line of each component path and violation path the document holds (or of its nearest ancestor). */
export function sourceLines(plan: Plan, doc: SourceDocument): Record<string, number> {
  const paths = new Set<string>();
  for (const p of plan.phases) {
    for (const c of p.components) paths.add(c.path);
    for (const v of p.violations) if (v.path) paths.add(v.path);
  }
  const out: Record<string, number> = {};
  for (const path of [...paths].sort()) {
    const at = locatePaths(doc, [path]);
    if (at && at.line > 0) out[path] = at.line;
  }
  return out;
}
