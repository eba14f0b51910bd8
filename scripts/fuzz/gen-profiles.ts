/** Cases of the `profiles` target: a mutated bundled profile, planned, validated, checked or emitted. */
import { parseDocument } from 'yaml';
import { CASE_DIR, type FuzzCase } from './case.js';
import type { Corpus } from './corpus.js';
import { mutateText } from './mutate-text.js';
import { mutateYamlDocument } from './mutate-yaml.js';
import type { Rng } from './rng.js';
import { ODD_STRINGS } from './values.js';

/** Profile text mutated by 0–5 structural mutations and sometimes a text mutation. */
export function mutateProfile(text: string, corpus: Corpus, rng: Rng): { text: string; mutations: string[] } {
  const mutations: string[] = [];
  const doc = parseDocument(text);
  const n = rng.weighted([[2, 0], [6, 1], [4, 2], [2, 3], [1, 5]] as const);
  for (let i = 0; i < n; i++) {
    const m = mutateYamlDocument(doc, rng, corpus.keys);
    if (m) mutations.push(m);
  }
  let out: string;
  try {
    out = doc.toString({ lineWidth: 0 });
  } catch (error) {
    // Some combinations cannot be written (an alias before its anchor); keep the text as it was.
    mutations.push(`unwritable:${(error as Error).message.slice(0, 40)}`);
    out = text;
  }
  if (rng.chance(0.15)) {
    const [name, t] = mutateText(out, rng);
    mutations.push(`text:${name}`);
    out = t;
  }
  return { text: out, mutations };
}

/** Flags of `plan`, chosen at random. */
function planFlags(rng: Rng): string[] {
  const f: string[] = [];
  const format = rng.weighted([[5, null], [3, '--json'], [1, 'markdown']] as const);
  if (format === '--json') f.push('--json');
  else if (format) f.push('--format', format);
  if (rng.chance(0.2)) f.push('--explain');
  if (rng.chance(0.2)) f.push('--strict');
  if (rng.chance(0.15)) f.push('--no-bill');
  if (rng.chance(0.1)) f.push('--target', 'onprem');
  if (rng.chance(0.1)) f.push('--provider', rng.pick(['gcp', 'azure', 'aws']));
  if (rng.chance(0.05)) f.push('--region', rng.pick(['us-east-1', 'eu-west-1', 'mars-1', '']));
  if (rng.chance(0.1)) f.push('--phase', rng.pick(['now', 'later', '12 months', ...ODD_STRINGS.slice(0, 5)]));
  return f;
}

/** One case of the profiles target. */
export function profileCase(corpus: Corpus, rng: Rng, index: number, seed: number): FuzzCase {
  const base = rng.pick(corpus.profiles);
  const { text, mutations } = mutateProfile(base.text, corpus, rng);
  const file = `${CASE_DIR}/profile.yaml`;
  const command = rng.weighted([[45, 'plan'], [10, 'validate'], [15, 'check'], [18, 'emit-k8s'], [12, 'emit-compose']] as const);
  let argv: string[];
  switch (command) {
    case 'plan':
      argv = ['plan', file, ...planFlags(rng)];
      break;
    case 'validate':
      argv = ['validate', file, ...(rng.chance(0.3) ? ['--json'] : [])];
      break;
    case 'check':
      argv = ['check', file, ...(rng.chance(0.5) ? ['--format', rng.pick(['json', 'github', 'markdown', 'table'])] : [])];
      break;
    default: {
      const target = command === 'emit-k8s' ? 'k8s' : 'compose';
      argv = ['emit', target, file, '-o', `${CASE_DIR}/out`];
      if (rng.chance(0.5)) argv.push('--dry-run');
      if (rng.chance(0.2)) argv.push('--json');
      if (target === 'k8s' && rng.chance(0.3)) argv.push('--alerts');
      if (target === 'k8s' && rng.chance(0.1)) argv.push('--namespace', 'fuzz');
      if (rng.chance(0.1)) argv.push('--phase', rng.pick(['now', 'later', 'p1']));
    }
  }
  return {
    target: 'profiles',
    index,
    seed,
    argv: ['--no-color', ...argv],
    files: [{ name: 'profile.yaml', text }],
    mutations: [`base:${base.name}`, ...mutations],
    ...(command === 'plan' && rng.chance(0.35) ? { invariants: { loadFactor: rng.pick([1.01, 1.5, 2, 3, 10]), capacityFactor: rng.pick([1.01, 1.5, 2, 4]) } } : {}),
    determinism: rng.chance(0.04),
  };
}
