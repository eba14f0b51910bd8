/** Merging phase overrides and presets over base data, without recursion over user structures. */

/** True for a mapping (not null, not a list). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Merges an override over base data: mappings merge key by key, `null` deletes, anything else
 * replaces. Iterative (an explicit stack of mapping pairs), so no input nesting can exhaust the
 * call stack; inputs are fresh copies of parsed YAML (no shared or cyclic objects).
 */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (override === null) return undefined;
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const root: Record<string, unknown> = { ...base };
  const stack: { out: Record<string, unknown>; over: Record<string, unknown> }[] = [{ out: root, over: override }];
  while (stack.length > 0) {
    const { out, over } = stack.pop()!;
    for (const [k, v] of Object.entries(over)) {
      const b = Object.hasOwn(out, k) ? out[k] : undefined;
      if (v === undefined) continue;
      if (v === null) {
        delete out[k];
      } else if (isPlainObject(b) && isPlainObject(v)) {
        const merged = { ...b };
        out[k] = merged;
        stack.push({ out: merged, over: v });
      } else {
        out[k] = v;
      }
    }
  }
  return root;
}
