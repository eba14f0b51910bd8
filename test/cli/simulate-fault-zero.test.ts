/** simulate: faults at 0 s with no --duration make a run of 0 s: refused with the reason, not blamed on a --duration never given. */
import { describe, expect, it } from 'vitest';
import { runSimulate, type SimulateOptions } from '../../src/cli/commands/simulate.js';
import type { CliContext } from '../../src/cli/context.js';
import { UsageError } from '../../src/cli/errors.js';
import { DEFAULT_LAYOUT } from '../../src/render/layout.js';
import { plainPalette } from '../../src/render/palette.js';
import { parseFail } from '../../src/simulate/options.js';

const ctx: CliContext = { out: async () => {}, note: () => {}, warn: () => {}, warnLine: () => {}, error: () => {}, palette: plainPalette, errPalette: plainPalette, quiet: false, layout: DEFAULT_LAYOUT };

const options = (fail: string[], durationS?: number): SimulateOptions => ({
  format: 'table', requests: 1000, seed: 1, warmup: 0.1, durationS, fail: fail.map(parseFail), arrivals: { kind: 'poisson' }, service: [], balancing: [], rateLimit: 'reject', strict: false,
});

async function refusal(fail: string[], durationS?: number): Promise<string> {
  try {
    await runSimulate('profiles/thea-ia.yaml', options(fail, durationS), ctx);
  } catch (error) {
    if (error instanceof UsageError) return `${error.message} / ${error.hint}`;
    throw error;
  }
  throw new Error('accepted');
}

describe('simulate --fail at 0 s', () => {
  it('without --duration: says the default run would last 0 s and asks for --duration', async () => {
    expect(await refusal(['fsm@0s'])).toBe('every --fail is at 0 s and lasts for ever: the run, twice the last fault by default, would last 0 s / give its length: --duration 10m');
  });
  it('a fault at the end of a --duration names it', async () => {
    expect(await refusal(['fsm@1s'], 1)).toBe('a fault is at or after the end of the run (1 s, --duration) / give a longer --duration');
  });
});
