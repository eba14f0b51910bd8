/**
 * A fit reads up to 1,000,000 points: nothing on its way may pass them as call arguments
 * (`Math.max(...xs)` overflowed the stack on a 280,000-row CSV: fuzz seed 2026, case 6537).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderChart } from '../../src/fit/chart.js';
import { fitUsl } from '../../src/fit/usl.js';
import { diagnoseFit } from '../../src/fit/usl-warnings.js';
import { maxOf, minOf } from '../../src/model/extremes.js';
import { uslThroughput } from '../../src/fit/usl-model.js';

describe('a fit of many points', () => {
  it('maxOf and minOf answer as Math.max and Math.min do, empty and NaN included', () => {
    for (const xs of [[], [3], [1, 5, -2], [1, Number.NaN, 2], [-Infinity, Infinity]]) {
      expect(maxOf(xs)).toBe(Math.max(...xs));
      expect(minOf(xs)).toBe(Math.min(...xs));
    }
    const big = Array.from({ length: 500_000 }, (_, i) => (i * 7919) % 500_003);
    expect(maxOf(big)).toBe(big.reduce((a, b) => (b > a ? b : a), -Infinity));
  });

  it('fits, diagnoses and charts 300,000 points of a known curve', () => {
    const params = { sigma: 0.02, kappa: 0.0005, lambda: 100 };
    const points = Array.from({ length: 300_000 }, (_, i) => {
      const n = 1 + (i % 60);
      return { n, x: uslThroughput(params, n) };
    });
    const fit = fitUsl(points);
    if (!fit.ok) throw new Error(fit.message);
    // Exact data: the fit returns the curve it came from (to the solver's tolerance).
    expect(fit.params.lambda).toBeCloseTo(100, 3);
    expect(fit.params.sigma).toBeCloseTo(0.02, 5);
    expect(fit.params.kappa).toBeCloseTo(0.0005, 7);
    expect(() => diagnoseFit(fit)).not.toThrow();
    const chart = renderChart(points, fit.params, { width: 60, height: 15, unicode: true });
    expect(chart).toContain('●');
  });

  it('lists the problems of a file of 250,000 bad rows without overflowing (fuzz seed 2026, a 4 MiB bad-value.csv)', () => {
    // The CLI on the main thread, whose stack is the smallest (a worker thread's is larger).
    const dir = mkdtempSync(join(tmpdir(), 'capplan-fit-'));
    try {
      const file = join(dir, 'bad.csv');
      writeFileSync(file, `concurrency,throughput\n${'1,65\n18,996\n36,16S2\n72,1853\n108,\n'.repeat(125_000)}`);
      const r = spawnSync(process.execPath, ['bin/capplan.js', 'fit', file], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(r.stderr).not.toContain('internal error');
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('bad.csv:');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
