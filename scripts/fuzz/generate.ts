/** Case generation: the seed corpus completed with saved plans, and case `index` of a run. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CASE_DIR, type FuzzCase, type Target } from './case.js';
import type { Corpus } from './corpus.js';
import { flagCase } from './gen-flags.js';
import { loadTestCase } from './gen-loadtests.js';
import { planCase } from './gen-plans.js';
import { profileCase } from './gen-profiles.js';
import { Rng } from './rng.js';
import { runCaseIn, runMain, writeCaseFiles } from './run-case.js';

/** Saved plans and baselines of every seed profile, made by running capplan on them. */
export async function addPlanSeeds(corpus: Corpus, root: string): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'capplan-fuzz-seeds-'));
  try {
    for (const profile of corpus.profiles) {
      const files = [{ name: 'p.yaml', text: profile.text }];
      const plan = await runCaseIn({ argv: ['--no-color', 'plan', `${CASE_DIR}/p.yaml`, '--json'], files }, join(scratch, 'a'));
      if (plan.exit === 0) corpus.plans.push({ name: `${profile.name}:plan`, text: plan.stdout, profile });
      const dir = join(scratch, 'b');
      writeCaseFiles(dir, files);
      const check = await runMain(['--no-color', '--quiet', 'check', join(dir, 'p.yaml'), '--baseline', join(dir, 'b.json'), '--update-baseline']);
      if (check.exit === 0) {
        corpus.plans.push({ name: `${profile.name}:baseline`, text: readFileSync(join(dir, 'b.json'), 'utf8'), profile });
      }
      rmSync(dir, { recursive: true, force: true });
    }
    const example = corpus.profiles.find((p) => p.name === 'examples/capplan.yaml');
    if (example) corpus.plans.push({ name: 'examples/capplan.lock.json', text: readFileSync(join(root, 'examples/capplan.lock.json'), 'utf8'), profile: example });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const GENERATORS: Record<Target, (corpus: Corpus, rng: Rng, index: number, seed: number) => FuzzCase> = {
  profiles: profileCase,
  loadtests: loadTestCase,
  plans: planCase,
  flags: flagCase,
};

/** Case `index` of the run: its target cycles through the chosen targets. */
export function generateCase(corpus: Corpus, targets: readonly Target[], seed: number, index: number): FuzzCase {
  const target = targets[index % targets.length]!;
  return GENERATORS[target](corpus, Rng.forCase(seed, index), index, seed);
}

