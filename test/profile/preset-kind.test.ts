/**
 * A component whose kind conflicts with its preset (`{ preset: redis, kind: database }`) was
 * refused at the preset's keys the user never wrote ("unknown key evictionPolicy"); now at kind,
 * once, saying which kind the preset is.
 */
import { describe, expect, it } from 'vitest';
import { problems as validate } from '../support/problems.js';

/** The problems of profile text under the apiVersion and name lines (test/support/problems.ts). */
const problems = (text: string) => validate(`apiVersion: capplan/v1\nname: t\n${text}`);

describe('a kind that conflicts with its preset', () => {
  it('is reported at kind, once, not as the preset keys the kind does not know', async () => {
    for (const uses of ['readsPerRequest: 2', 'opsPerRequest: 2']) {
      expect(await problems(`workload: { rps: 100 }\ncomponents:\n  api: { kind: service, workers: 4, serviceTime: 20ms, calls: [r] }\n  r: { preset: redis, kind: database, ${uses} }\n`)).toEqual([
        'p.yaml:6:29 components.r.kind: preset "redis" is a cache; kind database conflicts with it\n  hint: drop kind (the preset gives cache), or drop the preset for a database of your own',
      ]);
    }
  });
  it('the kind the preset gives, written again, is no conflict', async () => {
    expect(await problems(`workload: { rps: 100 }\ncomponents:\n  api: { kind: service, workers: 4, serviceTime: 20ms, calls: [r] }\n  r: { preset: redis, kind: cache, opsPerRequest: 2 }\n`)).toEqual([]);
  });
});

