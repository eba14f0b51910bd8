/**
 * A component name is never cut (docs/terminal.md): a 63-character hyphenated name, a DNS
 * label's longest, appears whole wherever it is printed, in the table or block view, the
 * bottleneck and request path lines and --explain, at 40, 60 and 80 columns, in a pipe.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const NAME = 'a-very-long-component-name-that-goes-on-and-on-forever-and-ever';
const DB = 'the-database-whose-name-is-also-rather-long-and-full-of-hyphens';
const dir = mkdtempSync(join(tmpdir(), 'capplan-long-names-'));
const file = join(dir, 'uni.yaml');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// The small template, its API (the bottleneck) and its database renamed.
writeFileSync(
  file,
  readFileSync(join(root, 'profiles/templates/small.yaml'), 'utf8')
    .replace(/^ {2}api:/m, `  ${NAME}:`)
    .replaceAll('postgres', DB),
);

describe.each([40, 60, 80])('at COLUMNS=%i', (columns) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/capplan.js'), 'plan', file, '--explain'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', COLUMNS: String(columns) },
  });
  const lines = r.stdout.split('\n');

  it('prints every name whole, in every line that shows a piece of it', () => {
    expect(r.status, r.stderr).toBe(0);
    expect(NAME).toHaveLength(63);
    expect(DB).toHaveLength(63);
    for (const name of [NAME, DB]) {
      const head = name.slice(0, 12);
      const tail = name.slice(-12);
      for (const l of lines) if (l.includes(head) || l.includes(tail)) expect(l, `a line with a piece of ${name}`).toContain(name);
    }
  });

  it('names the bottleneck, the request path and the repeated visits whole', () => {
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    const bottleneck = at(/^ {2}bottleneck\b/);
    expect(bottleneck).toBeGreaterThanOrEqual(0);
    expect(lines.slice(bottleneck, bottleneck + 2).join('\n')).toContain(NAME);
    const path = at(/request path:/);
    expect(lines.slice(path, path + 4).join('\n')).toContain(NAME);
    expect(lines.slice(path, path + 4).join('\n')).toContain(DB);
    const visits = at(/repeated visits:/);
    expect(lines.slice(visits, visits + 3).join('\n')).toContain(DB);
  });

  it('is wider than the terminal only on a line of a name too long for it', () => {
    for (const l of lines) if (l.length > columns) expect(l.trim().startsWith(NAME) || l.trim().startsWith(DB), l).toBe(true);
  });
});
