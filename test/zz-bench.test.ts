import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { loadProfileText } from '../src/cli/profile-input.js';
import { solve } from '../src/plan/solve.js';

it('bench', async () => {
  for (const f of (process.env.BENCH ?? '').split(',')) {
    const { profile } = await loadProfileText(readFileSync(f, 'utf8'), 'p.yaml');
    const times: string[] = [];
    for (let i = 0; i < 4; i++) {
      const c0 = process.cpuUsage();
      solve(profile);
      const c1 = process.cpuUsage(c0);
      times.push(((c1.user + c1.system) / 1000).toFixed(0));
    }
    console.log(f.split('/').slice(-3).join('/'), 'solve ms CPU', times.join(' '));
  }
}, 600000);
