/**
 * Which column `capplan fit` (and a profile's `capacity: { fit: … }`) reads, found without
 * `--x`/`--y`: every throughput spelling docs/calibration.md and fit's own advice name is found and
 * converted to per second (it was refused, "no throughput column found", a hint loop); two columns
 * that could each be the concurrency or the throughput, a JSON key given twice, and a number
 * written with a decimal comma or digit groups are refused (exit 2, positioned, with a hint), not
 * resolved silently or without a word on why.
 */
import { describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';
import { scratchFiles, usl, USL_LEVELS as LEVELS } from '../support/scratch.js';

const { write } = scratchFiles('capplan-fit-columns-');

/** A CSV of the curve with `column` holding the throughput per `seconds`. */
function curve(name: string, column: string, seconds: number): string {
  return write(name, `load,${column}\n${LEVELS.map((n) => `${n},${usl(n) * seconds}`).join('\n')}\n`);
}

const SPELLINGS: [string, number][] = [
  ['throughput_per_min', 60],
  ['throughput/min', 60],
  ['throughputPerMinute', 60],
  ['throughput_per_minute', 60],
  ['rpm', 60],
  ['tpm', 60],
  ['qpm', 60],
  ['qps', 1],
  ['throughput_per_second', 1],
  ['throughput_rps', 1],
  ['requests_per_second', 1],
  ['throughput_per_hour', 3600],
  ['rph', 3600],
];

describe('a throughput column named with its time unit is found, without --y', () => {
  it.each(SPELLINGS)('%s: capplan fit reads it ÷ %d as per second', async (column, seconds) => {
    const file = curve(`c-${seconds}-${column.replace(/\W/g, '_')}.csv`, column, seconds);
    const { code, out } = await runMain('fit', file, '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out) as { lambda: number; yUnit: { seconds: number; assumed: boolean } };
    expect(json.yUnit).toEqual({ seconds, assumed: false });
    expect(json.lambda).toBeCloseTo(100, 6);
  });

  it('and in a profile capacity: { fit: … } with no y', async () => {
    curve('pm.csv', 'throughput_per_min', 60);
    const profile = write('pm.yaml', 'apiVersion: capplan/v1\nname: pm\nworkload:\n  rps: 100/s\ncomponents:\n  api:\n    kind: service\n    capacity: { fit: pm.csv, concurrency: 32 }\n');
    const { code, out } = await runMain('plan', profile, '--json');
    expect(code).toBe(0);
    const c = (JSON.parse(out) as { phases: { components: { capacityPerUnit: number }[] }[] }).phases[0]!.components[0]!;
    expect(Math.abs(c.capacityPerUnit - usl(32))).toBeLessThan(1e-3);
  });

  it('a name that reads as a throughput but gives no usable unit is refused at its header cell, not "no throughput column"', async () => {
    const file = write('tmin.csv', 'load,throughput_min\n1,2\n');
    const { code, err } = await runMain('fit', file);
    expect(code).toBe(2);
    expect(err).toMatch(/tmin\.csv:1:6: the throughput column "throughput_min" ends in "min"/);
  });

  it('the hint for a file with no throughput column names the spellings that work', async () => {
    const file = write('none.csv', 'load,speed\n1,2\n');
    const { code, err } = await runMain('fit', file);
    expect(code).toBe(2);
    expect(err).toMatch(/no throughput column found\n\s+hint: .*"throughput_per_min", "rpm", "qps"/);
  });
});

describe('two columns that could each be the one read are refused, with the flag that settles it', () => {
  it('users and threads: exit 2, --x users or --x threads; --x reads the one named', async () => {
    const file = write('amb.csv', 'users,threads,throughput\n10,1,64.9\n180,18,995.9\n360,36,1652.4\n720,72,1853.2\n1080,108,1828.9\n');
    const { code, out, err } = await runMain('fit', file);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/amb\.csv:1:1: "users" \(column 1\) and "threads" \(column 2\) could each be the concurrency: which one to fit is not clear\n\s+hint: pass --x users or --x threads/);
    const chosen = await runMain('fit', file, '--x', 'threads', '--json');
    expect(chosen.code).toBe(0);
    expect((JSON.parse(chosen.out) as { points: { n: number }[] }).points.map((p) => p.n)).toEqual([1, 18, 36, 72, 108]);
  });

  it('rps and throughput: exit 2, --y rps or --y throughput', async () => {
    const file = write('amb2.csv', 'concurrency,rps,throughput\n1,100,64.9\n18,1800,995.9\n');
    const { code, err } = await runMain('fit', file);
    expect(code).toBe(2);
    expect(err).toMatch(/"rps" \(column 2\) and "throughput" \(column 3\) could each be the throughput[^\n]*\n\s+hint: pass --y rps or --y throughput/);
  });
});
