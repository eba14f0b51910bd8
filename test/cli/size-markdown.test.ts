/** `capplan size --format markdown`: the figures of --json, the table's formatting, escaped cells, the same bytes every run. */
import { describe, expect, it } from 'vitest';
import { runSize, sizeProfileData } from '../../src/cli/commands/size.js';
import type { CliContext, Format } from '../../src/cli/context.js';
import { validateDocument } from '../../src/cli/profile-input.js';
import { solve } from '../../src/plan/solve.js';
import type { PhasePlan } from '../../src/plan/types.js';
import { plainSourceDocument } from '../../src/profile/source-document.js';
import { DEFAULT_LAYOUT } from '../../src/render/layout.js';
import { plainPalette } from '../../src/render/palette.js';
import { formatLatency } from '../../src/render/plan-text.js';
import { renderSizeMarkdown, renderSizeText } from '../../src/render/size.js';
import { formatNumber, formatPercent } from '../../src/units/format.js';

async function sized(values: Record<string, string>, format: Format): Promise<string> {
  const out: string[] = [];
  const ctx: CliContext = { out: async (t) => void out.push(t), note: () => {}, warn: () => {}, warnLine: () => {}, error: () => {}, palette: plainPalette, errPalette: plainPalette, quiet: false, layout: DEFAULT_LAYOUT };
  expect(await runSize(values, format, ctx)).toBe(0);
  return out.join('');
}

async function phaseOf(values: Record<string, string>): Promise<PhasePlan> {
  return solve((await validateDocument(plainSourceDocument(sizeProfileData(values), 'flags'))).profile).phases[0]!;
}

/** The cells of a Markdown table row, split at the `|` that are not escaped. */
function cells(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
}

const EXAMPLE = { rps: '800', serviceTime: '20ms', workers: '4', latencyP95: '100ms' };
/** A zone to survive, a budget no replica count meets and a max below the need: two violations. */
const VIOLATING = { rps: '800', capacity: '200/s', zones: '3', latencyP95: '10ms', max: '3' };

describe('capplan size --format markdown', () => {
  for (const [what, values] of [['a fitting size', EXAMPLE], ['a violating size', VIOLATING]] as const) {
    it(`prints the replicas, binding, p95 and headroom of --json (${what})`, async () => {
      const j = JSON.parse(await sized(values, 'json')) as Record<string, number | string | null>;
      const md = await sized(values, 'markdown');
      const replicas = j.replicas as number;
      expect(md).toContain(`\n**${formatNumber(replicas)} ${replicas === 1 ? 'replica' : 'replicas'}** (binding: ${j.binding as string})\n`);
      expect(md).toMatch(/^## Sizing: service at /);
      const row = (label: string) => cells(md.split('\n').find((l) => l.startsWith(`| ${label} |`))!)[1]!;
      expect(row('demand')).toBe(`${formatNumber(j.demand as number)} req/s at peak`);
      expect(row('capacity').startsWith(`${formatNumber(j.capacityPerReplica as number)} req/s per replica (`)).toBe(true);
      expect(row('utilisation').startsWith(`${formatPercent(j.utilization as number)} at peak`)).toBe(true);
      // JSON writes a non-finite number as null: the overloaded example's p95 is unbounded.
      expect(row('p95').startsWith(`${formatLatency(j.latencyP95 === null ? Infinity : (j.latencyP95 as number))} (budget `)).toBe(true);
      expect(row('p95')).toContain(` · P(wait) ${j.waitProbability === null ? '–' : formatPercent(j.waitProbability as number)}`);
      expect(row('carries')).toBe(`${formatNumber(j.maxRps as number)} req/s at target · breaks at ${formatNumber(j.breakingRps as number)} req/s · headroom ${formatNumber(j.headroom as number)}×`);
      // Every constraint of the JSON, with its working.
      const constraints = j.constraints as unknown as { binding: string; substituted: string }[];
      for (const k of constraints) expect(md).toContain(`\n| ${k.binding} | ${k.substituted} |\n`);
    });
  }

  it('is the table output\'s figures, formatted alike, without colour or wrapping', async () => {
    const phase = await phaseOf(EXAMPLE);
    const md = renderSizeMarkdown(phase);
    const text = renderSizeText(phase, plainPalette, { ...DEFAULT_LAYOUT, width: Infinity });
    for (const line of text.split('\n').slice(1, 6)) {
      const [, label, value] = /^ {2}(\S+)\s{2,}(.+)$/.exec(line)!;
      expect(md).toContain(`\n| ${label} | ${value} |\n`);
    }
    expect(md).not.toContain('\u001b[');
    expect(md).toContain('\n✅ No violations.\n');
  });

  it('lists each violation with its remedy', async () => {
    const j = JSON.parse(await sized(VIOLATING, 'json')) as { violations: { message: string; remedy: string }[] };
    const md = await sized(VIOLATING, 'markdown');
    expect(j.violations.length).toBe(2);
    expect(md).toContain(`\n**2 violations:**\n`);
    for (const v of j.violations) expect(md).toContain(`\n- ❌ ${v.message}  \n  remedy: ${v.remedy}\n`);
  });

  it('escapes | in names and cells, so every table row keeps its columns', async () => {
    const phase = structuredClone(await phaseOf(VIOLATING));
    const c = phase.components[0]!;
    c.name = 'edge|api';
    c.capacityDerivation = `${c.capacityDerivation} | a|b`;
    c.constraints[0]!.substituted = `x | y`;
    const md = renderSizeMarkdown(phase);
    expect(md.split('\n')[0]).toBe('## Sizing: edge|api at 800 req/s');
    expect(md).toContain('| a\\|b) |');
    expect(md).toContain('| x \\| y |');
    for (const row of md.split('\n').filter((l) => l.startsWith('|'))) expect(cells(row), row).toHaveLength(2);
  });

  it('is the same bytes on every run', async () => {
    for (const values of [EXAMPLE, VIOLATING, { sessionsPerDay: '50000', requestsPerSession: '20', peakFactor: '3', capacity: '200/s' }]) {
      const first = await sized(values, 'markdown');
      expect(await sized(values, 'markdown')).toBe(first);
      expect(first.endsWith('\n') && !first.endsWith('\n\n')).toBe(true);
    }
  });
});
