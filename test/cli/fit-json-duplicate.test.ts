/**
 * A fit JSON point that gives a key twice: JSON.parse keeps the last value, so it was fitted
 * silently (CSV duplicate columns and profile duplicate keys are refused). Now refused, exit 2,
 * at the second key.
 */
import { describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';
import { scratchFiles, usl, USL_LEVELS as LEVELS } from '../support/scratch.js';

const { write } = scratchFiles('capplan-fit-json-dup-');

describe('a JSON point that gives a key twice', () => {
  it('is refused at the second key, exit 2 (the last value was used silently)', async () => {
    const file = write('dup.json', '[{"load":1,"throughput":64.9,"throughput":70},\n {"load":18,"throughput":995.9}]\n');
    const { code, out, err } = await runMain('fit', file);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/dup\.json:1:30: duplicate key "throughput"/);
  });

  it('the same key in different objects is no duplicate', async () => {
    const file = write('ok.json', JSON.stringify(LEVELS.map((n) => ({ load: n, throughput: usl(n), nested: { throughput: 1 } }))));
    expect((await runMain('fit', file, '--json')).code).toBe(0);
  });
});

