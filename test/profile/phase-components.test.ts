import { describe, expect, it } from 'vitest';
import { problems } from '../support/problems.js';

const profile = (phaseComponents: string) => `apiVersion: capplan/v1
name: t
workload: { rps: 100 }
phases:
  - name: later
    scale: 2
    components:
${phaseComponents}
components:
  api: { kind: service, serviceTime: 10ms, workers: 4, calls: [db] }
  db: { kind: database, readsPerRequest: 1, capacity: 1000/s }
`;

describe('what a phase does to the components', () => {
  it('a phase that removes every component is a positioned problem, not an internal error', async () => {
    expect(await problems(profile('      api: null\n      db: null'))).toEqual([
      'p.yaml:8:7 phases[0].components: phase "later" removes every component (each set to null): a phase needs at least one',
    ]);
    expect(await problems(profile('      api: null'))).toEqual([]);
  });
  it('a phase changing a misspelt component is told so, with the base name it probably meant', async () => {
    expect(await problems(profile('      apii: { replicas: { max: 40 } }'))).toEqual([
      'p.yaml:8:7 phases[0].components.apii.kind: "apii" is not a component of the base profile, so this phase adds it, and a component it adds needs a kind (or a preset)\n  hint: did you mean "api"? a phase changes a base component under its name',
    ]);
    expect(await problems(profile('      search: { replicas: { max: 40 } }'))).toEqual([
      'p.yaml:8:7 phases[0].components.search.kind: "search" is not a component of the base profile, so this phase adds it, and a component it adds needs a kind (or a preset)\n  hint: base components: api, db',
    ]);
  });
});
