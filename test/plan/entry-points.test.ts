import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { solve } from '../../src/plan/solve.js';

const profile = (extra: string) => `apiVersion: capplan/v1
name: t
workload: { rps: 100 }
components:
  api: { kind: service, serviceTime: 10ms, workers: 4, calls: [db] }
  db: { kind: database, readsPerRequest: 1, capacity: 1000/s }
${extra}`;

const NOTE = /^several synchronous components nobody calls are entry points/;

describe('a component nobody calls, beside one that declares calls', () => {
  it('is named in a note: the path runs each request through every entry, which reads as api → db → search', async () => {
    const { profile: p } = await loadProfileText(profile('  search: { kind: service, serviceTime: 50ms, workers: 2 }\n'), 'p.yaml');
    const notes = solve(p).notes.filter((n) => NOTE.test(n));
    expect(notes).toEqual([
      "several synchronous components nobody calls are entry points (api, search): the path takes each request through every one in turn; add a component to its caller's calls, or mark it async when it is off the request path",
    ]);
  });
  it('is quiet for one entry, and for a network or disk nobody calls (the links and devices every request uses)', async () => {
    for (const extra of ['', '  uplink: { kind: network, bytesPerRequest: 30KB, link: 10GbE }\n', '  jobs: { kind: worker, serviceTime: 1s, workers: 4, perRequest: 0.1 }\n']) {
      const { profile: p } = await loadProfileText(profile(extra), 'p.yaml');
      expect(solve(p).notes.filter((n) => NOTE.test(n)), extra).toEqual([]);
    }
  });
});
