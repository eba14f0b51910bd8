/**
 * Warnings come after the result they qualify (docs/terminal.md): with stdout and stderr merged
 * (`> f 2>&1`, or a terminal), the result reads first. Before, `size` printed its plausibility
 * warning and `plan` its "inputs are ranges" before their results.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

/** stdout and stderr of one run merged in one pipe, in the order they were written. */
function merged(args: string[]): string[] {
  const r = spawnSync('sh', ['-c', `"${process.execPath}" "${join(root, 'bin/capplan.js')}" "$@" 2>&1`, 'capplan', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', COLUMNS: '' },
  });
  return r.stdout.trimEnd().split('\n');
}

describe('warnings after the result, stdout and stderr merged', () => {
  it('size: the result, then the plausibility warning', () => {
    const lines = merged(['size', '--rps', '100', '--service-time', '20s']);
    expect(lines[0]).toBe('2,858 replicas (binding: throughput)');
    expect(lines.at(-1)).toMatch(/^capplan: warning: --capacity or --service-time: over 1,000 units of one component is implausible/);
    expect(lines.filter((l) => l.startsWith('capplan:'))).toHaveLength(1);
  });

  it('plan: the plan, then "inputs are ranges"', () => {
    const lines = merged(['plan', 'profiles/litper.yaml']);
    expect(lines[0]).toBe('capplan plan: litper');
    const ranges = lines.findIndex((l) => /^capplan: \d+ inputs are ranges/.test(l));
    expect(ranges).toBe(lines.length - 1);
    // Nothing of the plan after any warning.
    const first = lines.findIndex((l) => l.startsWith('capplan:'));
    expect(lines.slice(first).every((l) => l.startsWith('capplan:') || l.startsWith('  '))).toBe(true);
  });

  it('--quiet still says nothing', () => {
    expect(merged(['-q', 'size', '--rps', '100', '--service-time', '20s']).some((l) => l.startsWith('capplan:'))).toBe(false);
  });
});
