/**
 * The documentation cannot go stale: every command output shown in README.md and docs/*.md is
 * produced again by the built CLI and compared (the convention is in docs/development.md).
 *
 * - A ```console block runs each `$ capplan …` line in a fresh directory (with profiles/ and
 *   data/ of the repository) and compares the lines after it with the command's stdout, then
 *   stderr: from the first line, with `…` (or `...`) standing for any number of lines.
 * - Any other block preceded by `<!-- output: capplan … | stage | … -->` shows the output of that
 *   command: `file PATH` takes a file the command wrote instead of stdout; `excerpt` compares its
 *   lines as a run anywhere in the output (`…` skips lines); `json` compares the block as a JSON
 *   subset (keys named "..." are left out, numbers match to the digits written); no stage means
 *   the block is the whole output.
 * - A ```text or ```json block without a marker fails: it looks like output nobody checks.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'capplan.js');

/** Markdown files whose outputs are checked. */
const DOCS = ['README.md', 'examples/README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

interface Block {
  file: string;
  line: number;
  lang: string;
  body: string[];
  marker: string | null;
}

/** Fenced blocks of a Markdown text, each with the output marker on the line before it (blank lines allowed between). */
export function fencedBlocks(file: string, text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    let j = i + 1;
    while (j < lines.length && !/^```\s*$/.test(lines[j]!)) j++;
    let k = i - 1;
    while (k >= 0 && lines[k]!.trim() === '') k--;
    const marker = k >= 0 ? /^<!-- output: (.+?) -->$/.exec(lines[k]!.trim())?.[1] ?? null : null;
    blocks.push({ file, line: i + 1, lang: open[1]!, body: lines.slice(i + 1, j), marker });
    i = j;
  }
  return blocks;
}

/** Splits a command line into words, honouring single and double quotes. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

const isElision = (line: string) => ['…', '...'].includes(line.trim());
const trimEnd = (lines: readonly string[]) => lines.map((l) => l.replace(/\s+$/, ''));

/**
 * Whether `expected` lines match `actual`: elision lines skip any number of lines, the others
 * must match in order and in runs. `anchored`: the first run starts at the first line, and the
 * last run ends at the last line unless an elision follows it.
 */
export function matchLines(expected: readonly string[], actual: readonly string[], anchored: boolean): string | null {
  const exp = trimEnd(expected);
  const act = trimEnd(actual);
  const runs: string[][] = [[]];
  for (const l of exp) {
    if (isElision(l)) runs.push([]);
    else runs.at(-1)!.push(l);
  }
  const endsOpen = exp.length > 0 && isElision(exp.at(-1)!);
  let at = 0;
  for (const [r, run] of runs.entries()) {
    if (run.length === 0) continue;
    const first = r === 0 && anchored;
    const fits = (p: number) => run.every((l, k) => act[p + k] === l);
    let p = at;
    if (first) {
      if (!fits(0)) return `the output does not start with:\n${run.join('\n')}`;
    } else {
      while (p + run.length <= act.length && !fits(p)) p++;
      if (p + run.length > act.length) return `not found in the output (in order):\n${run.join('\n')}`;
    }
    at = p + run.length;
  }
  if (anchored && !endsOpen && at !== act.length) return `the output goes on after the shown lines:\n${act.slice(at, at + 5).join('\n')}`;
  return null;
}

/** Whether a number written with some digits matches the actual figure to those digits. */
function sameToDigits(doc: number, actual: unknown): boolean {
  if (typeof actual !== 'number') return false;
  if (Number.isInteger(doc) && Math.abs(doc) < 1e6 && !String(doc).includes('e')) {
    const digits = String(Math.abs(doc)).replace(/0+$/, '').length || 1;
    const ulp = 10 ** (String(Math.abs(doc)).length - digits);
    return Math.abs(actual - doc) <= ulp / 2;
  }
  const [mantissa] = Math.abs(doc).toExponential().split('e');
  const sig = mantissa!.replace('.', '').length;
  const exponent = Math.floor(Math.log10(Math.abs(doc)));
  return Math.abs(actual - doc) <= 0.5 * 10 ** (exponent - sig + 1) * (1 + 1e-9);
}

/** Differences between a documented JSON value and the actual one ("..." keys are left out). */
export function jsonSubset(doc: unknown, actual: unknown, path = '$'): string[] {
  if (typeof doc === 'number') return sameToDigits(doc, actual) ? [] : [`${path}: documented ${doc}, actual ${JSON.stringify(actual)}`];
  if (doc === null || typeof doc !== 'object') return doc === actual ? [] : [`${path}: documented ${JSON.stringify(doc)}, actual ${JSON.stringify(actual)}`];
  if (Array.isArray(doc)) {
    if (!Array.isArray(actual)) return [`${path}: documented an array, actual ${JSON.stringify(actual)?.slice(0, 60)}`];
    if (doc.length > actual.length) return [`${path}: documented ${doc.length} items, actual ${actual.length}`];
    return doc.flatMap((d, i) => jsonSubset(d, actual[i], `${path}[${i}]`));
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [`${path}: documented an object, actual ${JSON.stringify(actual)?.slice(0, 60)}`];
  return Object.entries(doc)
    .filter(([k]) => k !== '...')
    .flatMap(([k, v]) => (k in actual ? jsonSubset(v, (actual as Record<string, unknown>)[k], `${path}.${k}`) : [`${path}.${k}: not in the output`]));
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  dir: string;
}

const workspaces: string[] = [];

/** A fresh directory holding links to the repository's profiles/, data/ and examples/. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'capplan-docs-'));
  for (const d of ['profiles', 'data', 'examples']) symlinkSync(join(root, d), join(dir, d));
  workspaces.push(dir);
  return dir;
}

/** Runs the built CLI as the docs show it (`capplan …`, or `COLUMNS=50 capplan …` for a narrower terminal), without colour. */
function capplan(command: readonly string[], dir: string): Promise<Run> {
  const columns = /^COLUMNS=(\d+)$/.exec(command[0] ?? '')?.[1];
  const words = columns === undefined ? command : command.slice(1);
  if (words[0] !== 'capplan') throw new Error(`documented command does not start with capplan: ${command.join(' ')}`);
  return new Promise((resolve, reject) => {
    const base = { ...process.env };
    delete base.FORCE_COLOR;
    // The docs show an 80-column UTF-8 terminal, whatever the one running the tests is.
    for (const k of ['COLUMNS', 'LC_ALL', 'LC_CTYPE']) delete base[k];
    base.LANG = 'C.UTF-8';
    const child = spawn(process.execPath, [bin, ...words.slice(1)], { cwd: dir, env: { ...base, NO_COLOR: '1', ...(columns !== undefined ? { COLUMNS: columns } : {}) } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, dir }));
  });
}

const lines = (text: string) => text.replace(/\n$/, '').split('\n');

/** Checks one block; returns the problems found. */
async function checkBlock(b: Block, runOnce: (command: string) => Promise<Run>): Promise<string[]> {
  const where = `${b.file}:${b.line}`;
  if (b.lang === 'console') {
    const dir = workspace();
    const problems: string[] = [];
    const steps: { command: string; expected: string[] }[] = [];
    for (const l of b.body) {
      if (l.startsWith('$ ')) steps.push({ command: l.slice(2), expected: [] });
      else if (steps.length) steps.at(-1)!.expected.push(l);
    }
    if (steps.length === 0) problems.push(`${where}: a console block with no \`$ capplan …\` line`);
    for (const s of steps) {
      const r = await capplan(shellWords(s.command), dir);
      if (r.code !== 0) problems.push(`${where}: \`${s.command}\` exited ${r.code}: ${r.stderr.trim()}`);
      if (s.expected.length === 0) continue;
      const actual = [...(r.stdout ? lines(r.stdout) : []), ...(r.stderr ? lines(r.stderr) : [])];
      const bad = matchLines(s.expected, actual, true);
      if (bad) problems.push(`${where}: \`${s.command}\`: ${bad}`);
    }
    return problems;
  }
  if (b.marker === null) return b.lang === 'text' || b.lang === 'json' ? [`${where}: a \`\`\`${b.lang} block without an <!-- output: capplan … --> marker (see docs/development.md)`] : [];
  const [command, ...stages] = b.marker.split('|').map((s) => s.trim());
  const r = await runOnce(command!);
  if (r.code !== 0) return [`${where}: \`${command}\` exited ${r.code}: ${r.stderr.trim()}`];
  let output = r.stdout;
  let mode: 'exact' | 'excerpt' | 'json' = 'exact';
  for (const stage of stages) {
    const file = /^file (.+)$/.exec(stage!);
    if (file) {
      const path = join(r.dir, file[1]!);
      if (!existsSync(path)) return [`${where}: \`${command}\` wrote no ${file[1]}`];
      output = readFileSync(path, 'utf8');
    } else if (stage === 'excerpt' || stage === 'json') {
      mode = stage;
    } else {
      return [`${where}: unknown stage "${stage}" in the output marker`];
    }
  }
  if (mode === 'json') {
    let doc: unknown;
    try {
      doc = JSON.parse(b.body.join('\n'));
    } catch (error) {
      return [`${where}: the block is not JSON (${(error as Error).message})`];
    }
    return jsonSubset(doc, JSON.parse(output)).map((d) => `${where}: ${d}`);
  }
  const bad = matchLines(b.body, lines(output), mode === 'exact');
  return bad ? [`${where}: \`${command}\`: ${bad}`] : [];
}

let blocks: Block[] = [];
beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'main.cjs'))) throw new Error('dist/main.cjs is missing: run `npm run build` before the docs test');
  blocks = DOCS.flatMap((f) => fencedBlocks(f, readFileSync(join(root, f), 'utf8')));
});
afterAll(() => {
  for (const d of workspaces) rmSync(d, { recursive: true, force: true });
});

describe('the matchers', () => {
  it('match runs in order, with elisions, anchored or anywhere', () => {
    expect(matchLines(['a', 'b'], ['a', 'b'], true)).toBeNull();
    expect(matchLines(['a', 'b'], ['a', 'b', 'c'], true)).toMatch(/goes on/);
    expect(matchLines(['a', '...'], ['a', 'b', 'c'], true)).toBeNull();
    expect(matchLines(['b', '  …', 'd'], ['a', 'b', 'c', 'd', 'e'], false)).toBeNull();
    expect(matchLines(['d', '…', 'b'], ['a', 'b', 'c', 'd'], false)).toMatch(/not found/);
    expect(matchLines(['b'], ['a', 'b'], true)).toMatch(/does not start/);
  });
  it('compare JSON as a subset, numbers to the digits written', () => {
    expect(jsonSubset({ a: 6.94, b: [{ c: 3 }], '...': 'x' }, { a: 6.9444, b: [{ c: 3, d: 1 }, {}], e: 2 })).toEqual([]);
    expect(jsonSubset({ a: 6.94 }, { a: 6.95 })).toEqual(['$.a: documented 6.94, actual 6.95']);
    expect(jsonSubset({ a: 64.2 }, { a: 74.9 })).toHaveLength(1);
    expect(jsonSubset({ bill: null }, { bill: { monthly: 1 } })).toHaveLength(1);
    expect(jsonSubset({ a: 840 }, { a: 843 })).toEqual([]);
    expect(jsonSubset({ a: 3 }, { a: 4 })).toHaveLength(1);
    expect(shellWords('capplan emit k8s p.yaml --phase "12 months" -o \'my dir\'')).toEqual(['capplan', 'emit', 'k8s', 'p.yaml', '--phase', '12 months', '-o', 'my dir']);
  });
});

describe('command outputs in the docs', () => {
  it('every shown output is what capplan prints', async () => {
    const runs = new Map<string, Promise<Run>>();
    const runOnce = (command: string) => {
      let r = runs.get(command);
      if (!r) {
        r = capplan(shellWords(command), workspace());
        runs.set(command, r);
      }
      return r;
    };
    const problems = (await Promise.all(blocks.map((b) => checkBlock(b, runOnce)))).flat();
    expect(problems, 'update the docs (or fix capplan); see docs/development.md').toEqual([]);
    // The docs do show outputs: the README's --explain excerpt and the JSON contract's example at least.
    expect(blocks.filter((b) => b.marker !== null || b.lang === 'console').length).toBeGreaterThanOrEqual(6);
  }, 120_000);
});
