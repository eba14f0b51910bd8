/** Cases of the `plans` target: mutated saved plans and baselines, compared by `diff` and gated by `check`. */
import { CASE_DIR, type FuzzCase } from './case.js';
import type { Corpus, PlanSeed } from './corpus.js';
import { jsonTextTrick, mutateJson, renderJson } from './mutate-json.js';
import { mutateText } from './mutate-text.js';
import type { Rng } from './rng.js';

/** A mutated saved plan: JSON-level mutations, sometimes a text trick or a text mutation. */
function mutatePlan(seed: PlanSeed, rng: Rng): { text: string; mutations: string[] } {
  const op = rng.weighted([[8, 'json'], [2, 'trick'], [2, 'text'], [1, 'none']] as const);
  if (op === 'none') return { text: seed.text, mutations: [] };
  if (op === 'text') {
    const [name, text] = mutateText(seed.text, rng);
    return { text, mutations: [`text:${name}`] };
  }
  const m = mutateJson(JSON.parse(seed.text), rng);
  let text = renderJson(m.data, 2);
  if (op === 'trick') {
    const [trick, t] = jsonTextTrick(text, rng);
    text = t;
    m.mutations.push(`trick:${trick}`);
  }
  return { text, mutations: m.mutations };
}

/** One case of the plans target. */
export function planCase(corpus: Corpus, rng: Rng, index: number, seed: number): FuzzCase {
  const a = rng.pick(corpus.plans);
  if (rng.chance(0.5)) {
    const b = rng.chance(0.6) ? a : rng.pick(corpus.plans);
    const ma = rng.chance(0.4) ? mutatePlan(a, rng) : { text: a.text, mutations: [] };
    const mb = mutatePlan(b, rng);
    const argv = ['--no-color', 'diff', `${CASE_DIR}/before.json`, `${CASE_DIR}/after.json`];
    const format = rng.pick([null, '--json', 'markdown', 'table']);
    if (format === '--json') argv.push('--json');
    else if (format) argv.push('--format', format);
    if (rng.chance(0.3)) argv.push('--all');
    return {
      target: 'plans', index, seed, argv,
      files: [{ name: 'before.json', text: ma.text }, { name: 'after.json', text: mb.text }],
      mutations: [`diff:${a.name}→${b.name}`, ...ma.mutations.map((m) => `before:${m}`), ...mb.mutations.map((m) => `after:${m}`)],
      determinism: rng.chance(0.04),
    };
  }
  const m = mutatePlan(a, rng);
  const argv = ['--no-color', 'check', `${CASE_DIR}/profile.yaml`, '--baseline', `${CASE_DIR}/baseline.json`];
  if (rng.chance(0.15)) argv.push('--update-baseline');
  if (rng.chance(0.5)) argv.push('--format', rng.pick(['json', 'github', 'markdown', 'table']));
  if (rng.chance(0.1)) argv.push('--margin-cost', rng.pick(['0', '15%', '1e308', '-1', '200%']));
  if (rng.chance(0.1)) argv.push('--no-bill');
  return {
    target: 'plans', index, seed, argv,
    files: [{ name: 'profile.yaml', text: a.profile.text }, { name: 'baseline.json', text: m.text }],
    mutations: [`check:${a.name}`, ...m.mutations],
    determinism: rng.chance(0.04),
  };
}
