/**
 * The --explain section of the plan text: each component's capacity, demand and constraints
 * with the numbers plugged in, wrapped to the width. Thousands of alike components explain
 * themselves in the same lines, so wrapped texts are remembered for the whole render.
 */
import type { PhasePlan } from '../plan/types.js';
import type { Layout } from './layout.js';
import type { Palette } from './palette.js';
import { explainLines } from './plan-text.js';
import { rememberedWrap, wrapStyled } from './wrap.js';

/** The wrappers of a render, by what they wrap: text repeats across components and phases. */
export type Wrappers = Map<string, (text: string) => readonly string[]>;

/** The wrapper kept under `key`, made the first time it is asked for. */
export function wrapperOf(wrappers: Wrappers, key: string, make: () => (text: string) => readonly string[]): (text: string) => readonly string[] {
  let wrap = wrappers.get(key);
  if (wrap === undefined) wrappers.set(key, (wrap = make()));
  return wrap;
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The --explain section of a phase: how each component's figures were derived, then the request path's. */
export function explainSection(phase: PhasePlan, layout: Layout, p: Palette, wrappers: Wrappers): string[] {
  const out = ['', ...wrapStyled(`How each figure was derived (${phase.name})`, layout.width, p.bold, { first: '  ' })];
  out.push(...wrapStyled(`workload: ${phase.workload.derivation}${phase.regions ? `; ${phase.regions.derivation}` : ''}`, layout.width, (s) => s, { first: '  ', rest: '      ' }));
  // A component explained in the same lines as the one before it (copies come in runs) gets
  // that one's wrapped text, as one piece: the caller joins the lines with line breaks anyway.
  let previous: readonly string[] = [];
  let previousText = '';
  for (const c of phase.components) {
    out.push(`  ${p.bold(c.name)} ${p.dim(`(${c.kind})`)}`);
    const lines = explainLines(c, phase);
    if (lines.length > 0 && !sameLines(lines, previous)) {
      const wrapped: string[] = [];
      for (const line of lines) {
        let spaces = 0;
        while (line.charCodeAt(spaces) === 32) spaces++;
        const indent = line.slice(0, spaces);
        const wrap = wrapperOf(wrappers, `explain:${indent}`, () => rememberedWrap(layout.width, (s) => s, { first: `    ${indent}`, rest: `      ${indent}` }));
        for (const l of wrap(line.trimStart())) wrapped.push(l);
      }
      previous = lines;
      previousText = wrapped.join('\n');
    }
    if (lines.length > 0) out.push(previousText);
  }
  out.push(`  ${p.bold('request path')}`);
  for (const line of phase.system.latencyModel) out.push(...wrapStyled(line, layout.width, (s) => s, { first: '    ', rest: '      ' }));
  return out;
}
