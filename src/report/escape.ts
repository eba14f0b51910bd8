/** HTML escaping and the small markup helpers every report section uses. Pure. */
import { formatPath } from '../profile/diagnostic.js';

/** Escapes text for an HTML text node or a double-quoted attribute value (every attribute here is double-quoted). */
export function esc(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => ESCAPES[ch]!);
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Attributes as ` key="value"`, skipping null, undefined and false; `true` writes the bare name. */
export function attrs(values: Readonly<Record<string, string | number | boolean | null | undefined>>): string {
  let out = '';
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === false) continue;
    out += value === true ? ` ${key}` : ` ${key}="${esc(String(value))}"`;
  }
  return out;
}

/**
 * A figure taken from the plan, marked with its JSON path (`phases.0.system.maxRps`), so that
 * tests can read the page and compare every marked figure with `capplan plan --json`.
 */
export function planFigure(path: string, text: string, tag = 'span', extra: Record<string, string | null> = {}): string {
  return `<${tag}${attrs({ 'data-plan': path, ...extra })}>${esc(text)}</${tag}>`;
}

/** A path into the plan JSON as `phases[0].bill.byComponent["a.b"]` (the notation of profile paths). */
export function planPath(...segments: readonly (string | number)[]): string {
  return formatPath(segments);
}

/** A table in a box that scrolls sideways on narrow screens; focusable, so keyboards can scroll it (WCAG 2.1.1). */
export function scrollBox(table: string): string {
  return `<div class="scroll" tabindex="0">${table}</div>`;
}
