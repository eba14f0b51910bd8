/**
 * The profile's size limits (limits.ts), checked on the parsed data before the schema reads it,
 * so that an oversized profile is refused quickly, with the limit named and positioned.
 */
import { formatPath, type Diagnostic, type PathSegment } from './diagnostic.js';
import { MAX_CALLS, MAX_CLASSES, MAX_COMPONENTS, MAX_PHASES } from './limits.js';
import { isPlainObject } from './merge.js';
import type { SourceDocument } from './source.js';

/** Every limit the data exceeds, positioned at the first item beyond it. */
export function checkInputLimits(data: Readonly<Record<string, unknown>>, doc: SourceDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (path: PathSegment[], message: string, hint?: string) => {
    const pos = doc.position(path, { key: typeof path[path.length - 1] === 'string' });
    out.push({ file: doc.file, line: pos.line, col: pos.col, path: formatPath(path), message, severity: 'error', ...(hint ? { hint } : {}) });
  };
  const phases = Array.isArray(data.phases) ? data.phases : [];
  if (phases.length > MAX_PHASES) {
    at(['phases', MAX_PHASES], `${phases.length} phases; a profile may have at most ${MAX_PHASES} after the base workload (limit: phases)`, 'plan the roadmap in steps, or split it over several profiles');
  }
  const base = isPlainObject(data.components) ? data.components : {};
  const baseNames = Object.keys(base);
  if (baseNames.length > MAX_COMPONENTS) {
    at(['components', baseNames[MAX_COMPONENTS]!], `${baseNames.length} components; a phase may have at most ${MAX_COMPONENTS} (limit: components per phase)`);
  }
  checkComponents(base, ['components'], at);
  phases.slice(0, MAX_PHASES).forEach((phase, i) => {
    const comps = isPlainObject(phase) && isPlainObject(phase.components) ? phase.components : {};
    const added = Object.keys(comps).filter((n) => !Object.hasOwn(base, n));
    if (baseNames.length <= MAX_COMPONENTS && baseNames.length + added.length > MAX_COMPONENTS) {
      at(['phases', i, 'components', added[MAX_COMPONENTS - baseNames.length]!], `phase adds ${added.length} components to ${baseNames.length}; a phase may have at most ${MAX_COMPONENTS} (limit: components per phase)`);
    }
    checkComponents(comps, ['phases', i, 'components'], at);
  });
  return out;
}

/** Calls and priority classes of each component, against their limits. */
function checkComponents(components: Readonly<Record<string, unknown>>, prefix: PathSegment[], at: (path: PathSegment[], message: string) => void): void {
  for (const [name, c] of Object.entries(components)) {
    if (!isPlainObject(c)) continue;
    if (Array.isArray(c.calls) && c.calls.length > MAX_CALLS) {
      at([...prefix, name, 'calls', MAX_CALLS], `${c.calls.length} calls; a component may call at most ${MAX_CALLS} others (limit: calls per component)`);
    }
    if (Array.isArray(c.classes) && c.classes.length > MAX_CLASSES) {
      at([...prefix, name, 'classes', MAX_CLASSES], `${c.classes.length} priority classes; a worker may have at most ${MAX_CLASSES} (limit: priority classes per worker)`);
    }
  }
}
