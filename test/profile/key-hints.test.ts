/**
 * Hints for keys the user wrote in the wrong form or place: a comma inside { } that split a
 * number into a key of digits, a key misspelt by two swapped letters, and a key written a level
 * too deep or too shallow. Each was refused at its position before, with no hint or a list of keys.
 */
import { describe, expect, it } from 'vitest';
import { problems as validate } from '../support/problems.js';

const API = 'components:\n  api: { kind: service, workers: 4, serviceTime: 20ms }\n';

/** The problems of profile text under the apiVersion and name lines (test/support/problems.ts). */
const problems = (text: string) => validate(`apiVersion: capplan/v1\nname: t\n${text}`);

describe('a comma inside { } that split a number', () => {
  it('10,000 in a flow mapping: the key "000" is explained, with the ways to write it', async () => {
    expect(await problems(`workload: { sessionsPerDay: 10,000, requestsPerSession: 20, peakFactor: 3 }\n${API}`)).toEqual([
      'p.yaml:3:32 workload["0"]: unknown key "0"\n  hint: inside { } a comma separates entries, so 10,000 is 10 and a key "000": write 10000, 10_000 or "10,000"',
    ]);
  });
  it('1,5 (a decimal comma) in a phase and a component: a decimal is written with a point', async () => {
    expect(await problems(`workload: { rps: 100 }\nphases: [ { name: a, scale: 1,5 } ]\ncomponents:\n  api: { kind: service, workers: 4, serviceTime: 20ms, serviceTimeCv: 1,5 }\n`)).toEqual([
      'p.yaml:4:31 phases[0]["5"]: unknown key "5"\n  hint: inside { } a comma separates entries, so 1,5 is 1 and a key "5": a decimal is written with a point, 1.5',
      'p.yaml:6:73 components.api["5"]: unknown key "5"\n  hint: inside { } a comma separates entries, so 1,5 is 1 and a key "5": a decimal is written with a point, 1.5',
    ]);
  });
  it('a key of digits written as one keeps the list of keys', async () => {
    const [d] = await problems(`workload: { rps: 100, 2024: 5 }\n${API}`);
    expect(d).toMatch(/unknown key "2024"\n  hint: expected one of: /);
  });
});

describe('a misspelt or misplaced key', () => {
  it('phases[0].scael: did you mean "scale" (two letters swapped)', async () => {
    expect(await problems(`workload: { rps: 100 }\nphases:\n  - { name: a, scael: 2 }\n${API}`)).toEqual([
      'p.yaml:5:16 phases[0].scael: unknown key "scael"\n  hint: did you mean "scale"?',
    ]);
  });
  it('phases[0].workload.scale: scale is a key of the phase', async () => {
    expect(await problems(`workload: { rps: 100 }\nphases:\n  - name: a\n    workload: { scale: 2 }\n${API}`)).toEqual([
      'p.yaml:6:17 phases[0].workload.scale: unknown key "scale"\n  hint: "scale" is a key of phases[0], not of workload: move it out of workload, a level up',
    ]);
  });
  it('components.api.max (a mis-indented replicas.max): a key of replicas', async () => {
    expect(await problems('workload: { rps: 100 }\ncomponents:\n  api:\n    kind: service\n    workers: 4\n    serviceTime: 20ms\n    replicas:\n      min: 1\n    max: 5\n')).toEqual([
      'p.yaml:11:5 components.api.max: unknown key "max"\n  hint: "max" is a key of components.api.replicas: indent it under replicas',
    ]);
  });
  it('resources.workers: workers is a key of the component, in the base and in a phase', async () => {
    expect(await problems('workload: { rps: 100 }\ncomponents:\n  api:\n    kind: service\n    serviceTime: 20ms\n    resources: { cpu: 500m, workers: 4 }\n')).toEqual([
      'p.yaml:8:29 components.api.resources.workers: unknown key "workers"\n  hint: "workers" is a key of components.api, not of resources: move it out of resources, a level up',
    ]);
    expect(await problems(`workload: { rps: 100 }\nphases:\n  - name: a\n    components:\n      api: { resources: { workers: 3 } }\n${API}`)).toEqual([
      'p.yaml:7:27 phases[0].components.api.resources.workers: unknown key "workers"\n  hint: "workers" is a key of phases[0].components.api, not of resources: move it out of resources, a level up',
    ]);
  });
});
