// Deterministic ordering shared by the pricing modules.

/** Locale-independent string order (code points), so output does not depend on the machine. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
