/** `check --update-baseline` writes the baseline and says which gate errors it cannot accept, in a sentence that agrees with its count. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

let box: string;
beforeEach(() => {
  box = mkdtempSync(join(tmpdir(), 'capplan-baseline-'));
});
afterEach(() => rmSync(box, { recursive: true, force: true }));

async function stderrOf(...args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const e = vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string) => ((err += String(chunk)), true)) as typeof process.stderr.write);
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((() => true) as typeof process.stdout.write);
  try {
    return { code: await main(['--no-color', ...args]), err };
  } finally {
    e.mockRestore();
    o.mockRestore();
  }
}

describe('check --update-baseline', () => {
  it('says one standing error in the singular ("1 gate error … does not … until it is fixed")', async () => {
    const r = await stderrOf('check', 'profiles/litper.yaml', '--baseline', join(box, 'lock.json'), '--update-baseline');
    expect(r.code).toBe(0);
    expect(r.err.replace(/\s+/g, ' ')).toContain('1 gate error (violations, headroom, latency or availability) does not depend on the baseline; `capplan check` still fails until it is fixed');
  });

  it('says several in the plural', async () => {
    const r = await stderrOf('check', 'profiles/blatam-academy.yaml', '--baseline', join(box, 'lock.json'), '--update-baseline');
    expect(r.code).toBe(0);
    expect(r.err.replace(/\s+/g, ' ')).toMatch(/[2-9]\d* gate errors \(violations, headroom, latency or availability\) do not depend on the baseline; `capplan check` still fails until they are fixed/);
  });

  it('refuses to replace a saved plan (capplan plan --json) with a baseline, and leaves it as it was', async () => {
    const file = join(box, 'plan.json');
    const saved = `${JSON.stringify({ apiVersion: 'capplan/v1', kind: 'capplan-plan', profile: 'x', phases: [{ name: 'now', peakRps: 1, components: [{ name: 'api', kind: 'service', replicas: 1 }] }] }, null, 2)}\n`;
    writeFileSync(file, saved);
    const r = await stderrOf('check', 'profiles/litper.yaml', '--baseline', file, '--update-baseline');
    expect(r.code).toBe(2);
    expect(r.err).toContain('plan.json:1:1: a saved plan (capplan plan --json), not a baseline: not overwriting it');
    expect(r.err).toContain('choose another --baseline path for the baseline, or remove the file first');
    expect(readFileSync(file, 'utf8')).toBe(saved);
  });

  it('refuses a baseline whose bill is in another currency than the plan\'s (exit 2), rather than compare EUR with USD', async () => {
    const file = join(box, 'lock.json');
    expect((await stderrOf('check', 'examples/capplan.yaml', '--baseline', file, '--update-baseline')).code).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"currency": "USD"/g, '"currency": "EUR"'));
    const r = await stderrOf('check', 'examples/capplan.yaml', '--baseline', file);
    expect(r.code).toBe(2);
    expect(r.err.replace(/\s+/g, ' ')).toMatch(/lock\.json:\d+:\d+ currency: the baseline's bill of phase "[^"]+" is in EUR, the plan's in USD: their money figures cannot be compared/);
  });
});
