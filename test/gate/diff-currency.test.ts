/** `capplan diff` of two saved plans billed in different currencies says so (check refuses them; diff is informational, exit 0). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';
import { scratchFiles } from '../support/scratch.js';

const { write } = scratchFiles('capplan-diff-currency-');

describe('diff across currencies', () => {
  it('notes that the cost columns compare different currencies, and compares the rest', async () => {
    const lock = readFileSync(new URL('../../examples/capplan.lock.json', import.meta.url), 'utf8');
    const usd = write('usd.json', lock);
    const eur = write('eur.json', lock.replace(/"currency": "USD"/g, '"currency": "EUR"'));
    const r = await runMain('diff', eur, usd);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/note: 2 phases are billed in EUR in .*eur\.json and in USD in .*usd\.json: the cost columns compare figures in different currencies/);
    const same = await runMain('diff', usd, usd);
    expect(same.err).not.toMatch(/different currencies/);
  });
});
