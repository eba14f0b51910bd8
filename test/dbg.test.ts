import { readFile } from 'node:fs/promises';
import { it } from 'vitest';
import { loadProfileText } from '../src/cli/profile-input.js';
import { solve } from '../src/plan/solve.js';
import { sweepFixed } from '../src/explore/sweep.js';
import { bundledProfiles } from './support/profiles.js';
it('dbg', async () => {
  for (const f of await bundledProfiles()) {
    const { profile } = await loadProfileText(await readFile(f, 'utf8'), f);
    const plan = solve(profile);
    const ph = plan.phases[plan.phases.length - 1]!;
    sweepFixed(plan.profile, ph, { fromScale: 0.1, toScale: 2, points: 100 } as never, 0.95);
    const t0 = performance.now();
    const r = sweepFixed(plan.profile, ph, { fromScale: 0.1, toScale: 2, points: 10_000 } as never, 0.95);
    const ms = performance.now() - t0;
    const laws = ph.components.filter((c) => c.queue && (c.queue.service.length > 1 || c.queue.service[0]!.phases > 1 || c.queue.holding || c.queue.balancing !== 'random')).map((c) => c.name);
    console.log(f.replace(/.*profiles\//, ''), ph.name, `${ms.toFixed(0)} ms`, r.latencyP95.filter(Number.isFinite).length, 'non-M/M/c:', laws.join(','));
  }
}, 120_000);
