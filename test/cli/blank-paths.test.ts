/**
 * An input path that is empty or blank (`capplan plan ''`, a shell variable that expanded to
 * nothing) is named as such, exit 2, rather than `capplan: : no such profile`.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const bin = `${root}bin/capplan.js`;
const profile = `${root}profiles/litper.yaml`;
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };
const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, env, encoding: 'utf8' });

describe('an empty or blank input path', () => {
  it.each([
    [['plan', ''], 'capplan: no profile named (an empty path)\n  hint: give the profile\'s path, or - for standard input\n'],
    [['plan', '  '], 'capplan: no profile named (a path of 2 blanks)\n  hint: give the profile\'s path, or - for standard input\n'],
    [['validate', ''], 'capplan: no profile named (an empty path)\n  hint: give the profile\'s path, or - for standard input\n'],
    [['simulate', ''], 'capplan: no profile named (an empty path)\n  hint: give the profile\'s path, or - for standard input\n'],
    [['plan', profile, '--calibration', ''], 'capplan: no calibration file named (an empty path)\n  hint: give the calibration file\'s path, or - for standard input\n'],
    [['fit', ''], 'capplan: no load-test file or directory named (an empty path)\n  hint: give the load-test file or directory\'s path, or - for standard input\n'],
    [['check', profile, '--baseline', ''], 'capplan: no baseline named (an empty path)\n  hint: give the baseline\'s path, e.g. --baseline capplan.lock.json\n'],
    [['check', profile, '--baseline', ' ', '--update-baseline'], 'capplan: no baseline named (a path of 1 blank)\n  hint: give the baseline\'s path, e.g. --baseline capplan.lock.json\n'],
  ])('capplan %j', (args, stderr) => {
    const r = run(args);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(stderr);
    expect(r.status).toBe(2);
  });

  it('still says "no such profile" for a path that names nothing', () => {
    const r = run(['plan', 'nowhere.yaml']);
    expect(r.stderr).toBe('capplan: nowhere.yaml: no such profile\n');
    expect(r.status).toBe(2);
  });
});
