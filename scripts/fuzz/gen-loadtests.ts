/**
 * Cases of the `loadtests` target: mutated load-tool outputs (CSV, JSON, k6, wrk, pgbench,
 * Locust, JMeter) fitted by `capplan fit`, or named by a profile's `capacity.fit` and planned.
 */
import { CASE_DIR, type CaseFile, type FuzzCase } from './case.js';
import type { Corpus, Seed } from './corpus.js';
import { jsonTextTrick, mutateJson, renderJson } from './mutate-json.js';
import { mutateText } from './mutate-text.js';
import type { Rng } from './rng.js';
import { NUMBER_TEXTS } from './values.js';

const NUMBER_TOKEN = /[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g;

/** Cells and numbers a load tool could print, or a corrupted file could hold. */
const CELL_VALUES: readonly string[] = [
  ...NUMBER_TEXTS, '-1', '-100', '0', '0.0', '-0', '1e308', '1e-308', '5e-324', '4294967297', '1e15', '1e21', 'N/A', '""',
  '"1,5"', '"', '"""', "'1'", '1;2', '\t', '1 000', '12abc', 'abc12', '1/0', '∞', '-∞', '२', '1e+', '0x', '--', '1e0000000000',
];

function replaceNumber(text: string, rng: Rng): [string, string] {
  const matches = [...text.matchAll(NUMBER_TOKEN)];
  if (!matches.length) return ['number:none', text];
  const m = rng.pick(matches);
  const v = rng.pick(CELL_VALUES);
  return [`number:${m[0]}→${v}`, text.slice(0, m.index) + v + text.slice(m.index! + m[0].length)];
}

function mutateCell(text: string, rng: Rng): [string, string] {
  const lines = text.split('\n');
  const i = rng.chance(0.2) ? 0 : rng.int(0, lines.length - 1);
  const cells = lines[i]!.split(',');
  const j = rng.int(0, cells.length - 1);
  const op = rng.pick(['replace', 'replace', 'replace', 'delete', 'insert', 'duplicate']);
  if (op === 'replace') cells[j] = rng.pick(CELL_VALUES);
  else if (op === 'delete') cells.splice(j, 1);
  else if (op === 'insert') cells.splice(j, 0, rng.pick(CELL_VALUES));
  else cells.push(...cells);
  lines[i] = cells.join(',');
  return [`cell:${op}:${i}:${j}`, lines.join('\n')];
}

function binary(rng: Rng): CaseFile {
  const n = rng.pick([1, 16, 4096, 200_000]);
  const bytes = Buffer.alloc(n);
  const withNul = rng.chance(0.5);
  for (let i = 0; i < n; i++) bytes[i] = withNul ? rng.int(0, 255) : rng.int(0x80, 0xff);
  return { name: '', base64: bytes.toString('base64') };
}

function huge(text: string, rng: Rng): string {
  const lines = text.split('\n');
  const body = lines.slice(1).filter((l) => l.trim() !== '');
  if (!body.length) return text;
  const target = rng.pick([1 << 20, 4 << 20, 17 << 20]);
  const out = [lines[0]!];
  let size = lines[0]!.length;
  for (let i = 0; size < target; i++) {
    const l = body[i % body.length]!;
    out.push(l);
    size += l.length + 1;
  }
  return out.join('\n');
}

/** One mutated file of a load-test seed. */
function mutateLoadFile(file: Seed, rng: Rng): { file: CaseFile; mutations: string[] } {
  const mutations: string[] = [];
  const isJson = /^\s*[[{]/.test(file.text);
  const op = rng.weighted([[10, 'number'], [6, 'cell'], [6, 'text'], [5, 'json'], [1, 'binary'], [1, 'huge'], [2, 'combo']] as const);
  let text = file.text;
  const rounds = op === 'combo' ? rng.int(2, 5) : 1;
  for (let r = 0; r < rounds; r++) {
    const chosen = op === 'combo' ? rng.pick(['number', 'cell', 'text', 'json'] as const) : op;
    if (chosen === 'binary') {
      return { file: { ...binary(rng), name: file.name }, mutations: ['binary'] };
    }
    let label: string;
    if (chosen === 'number') [label, text] = replaceNumber(text, rng);
    else if (chosen === 'cell') [label, text] = mutateCell(text, rng);
    else if (chosen === 'huge') [label, text] = ['huge', huge(text, rng)];
    else if (chosen === 'json' && isJson) {
      try {
        const m = mutateJson(JSON.parse(text), rng);
        text = renderJson(m.data, rng.chance(0.5) ? 2 : 0);
        label = m.mutations.join(',');
        if (rng.chance(0.2)) {
          const [trick, t] = jsonTextTrick(text, rng);
          text = t;
          label += `,${trick}`;
        }
      } catch {
        [label, text] = mutateText(text, rng);
      }
    } else [label, text] = mutateText(text, rng);
    mutations.push(label);
  }
  return { file: { name: file.name, text }, mutations };
}

function fitFlags(rng: Rng, header: string): string[] {
  const f: string[] = [];
  const format = rng.weighted([[5, null], [3, '--json'], [1, 'markdown']] as const);
  if (format === '--json') f.push('--json');
  else if (format) f.push('--format', format);
  const columns = header.split(',').map((c) => c.trim()).filter(Boolean);
  if (rng.chance(0.15)) f.push('--x', rng.chance(0.7) && columns.length ? rng.pick(columns) : rng.pick(['', 'nope', 'Users', 'n']));
  if (rng.chance(0.15)) f.push('--y', rng.chance(0.7) && columns.length ? rng.pick(columns) : rng.pick(['', 'nope', 'rps', 'x']));
  if (rng.chance(0.1)) f.push('--input', rng.pick(['csv', 'json', 'k6', 'wrk', 'pgbench', 'locust', 'jmeter']));
  if (rng.chance(0.15)) f.push('--predict', rng.pick(['64,128', '0', '-1', '1e308', '1e-300', 'NaN', '1,,2', '5', '100000000', '1.5', '2**10', ',']));
  return f;
}

/** A profile whose service takes its capacity from a fit of `path`. */
function fitProfile(path: string, rng: Rng): string {
  return [
    'apiVersion: capplan/v1',
    'name: fit-fuzz',
    `workload: { rps: ${rng.pick([1, 50, 800, 1e6])} }`,
    'components:',
    '  api:',
    '    kind: service',
    `    capacity: { fit: ${JSON.stringify(path)}${rng.chance(0.9) ? `, concurrency: ${rng.pick([1, 8, 64, 0, -1, 1e9])}` : ''} }`,
    '',
  ].join('\n');
}

/** One case of the loadtests target. */
export function loadTestCase(corpus: Corpus, rng: Rng, index: number, seed: number): FuzzCase {
  const base = rng.pick(corpus.loadTests);
  const dir = base.files.length > 1;
  const victim = rng.int(0, base.files.length - 1);
  const mutations: string[] = [`base:${base.name}`];
  const files: CaseFile[] = base.files.map((f, i) => {
    if (i !== victim) return { name: dir ? `lt/${f.name}` : f.name, text: f.text };
    const m = mutateLoadFile(f, rng);
    mutations.push(...m.mutations);
    return { ...m.file, name: dir ? `lt/${f.name}` : f.name };
  });
  const input = dir ? 'lt' : files[0]!.name;
  const header = (base.files[victim]!.text.split('\n', 1)[0] ?? '').slice(0, 2000);
  const viaProfile = rng.chance(0.2);
  if (viaProfile) {
    files.push({ name: 'profile.yaml', text: fitProfile(input, rng) });
    return { target: 'loadtests', index, seed, argv: ['--no-color', 'plan', `${CASE_DIR}/profile.yaml`, ...(rng.chance(0.5) ? ['--json'] : [])], files, mutations: [...mutations, 'via:capacity.fit'] };
  }
  return { target: 'loadtests', index, seed, argv: ['--no-color', 'fit', `${CASE_DIR}/${input}`, ...fitFlags(rng, header)], files, mutations, determinism: rng.chance(0.04) };
}
