/**
 * One run reports every problem it can determine: a value that fails to parse (a quantity
 * without a unit) does not hide a reference to a component that does not exist (calls, poolPer,
 * an alert's components), in the base or in a phase.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/cli/errors.js';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { renderDiagnostic, type Diagnostic } from '../../src/profile/diagnostic.js';

async function problems(text: string): Promise<string[]> {
  try {
    await loadProfileText(text, 'p.yaml');
  } catch (error) {
    if (error instanceof InputError) return error.diagnostics.filter((d: Diagnostic) => d.severity === 'error').map((d: Diagnostic) => renderDiagnostic(d).split('\n')[0]!);
    throw error;
  }
  return [];
}

const STAGED = `apiVersion: capplan/v1
name: stage
workload:
  rps: 100
components:
  api:
    kind: service
    serviceTime: 20
    workers: 4
    calls: [dbb]
  db:
    kind: database
    readsPerRequest: 2
    capacity: 1000/s
`;

describe('validation reports every independent problem at once', () => {
  it('a quantity without a unit and a call to an unknown component, in one run, by position', async () => {
    expect(await problems(STAGED)).toEqual([
      'p.yaml:8:18 components.api.serviceTime: 20 needs a unit: 20ms? 20s?',
      'p.yaml:10:13 components.api.calls[0]: calls "dbb", which is not a component of phase "now"',
    ]);
  });

  it('value errors, calls, poolPer and alert components, each reported once at its place', async () => {
    const text = `apiVersion: capplan/v1
name: multi
workload:
  rps: 100
components:
  api:
    kind: service
    serviceTime: 20
    workers: 4
    calls: [dbb, { to: pool }]
  pool:
    kind: adapter
    serviceTime: 5ms
    poolPer: apii
  db:
    kind: database
    readsPerRequest: 2
    capacity: fast
alerts:
  - metric: cpu
    above: 80%
    for: 5m
    components: [dbx]
`;
    expect(await problems(text)).toEqual([
      'p.yaml:8:18 components.api.serviceTime: 20 needs a unit: 20ms? 20s?',
      'p.yaml:10:13 components.api.calls[0]: calls "dbb", which is not a component of phase "now"',
      'p.yaml:14:14 components.pool.poolPer: "apii" is not a component of phase "now"',
      'p.yaml:18:15 components.db.capacity: "fast": unknown name "fast"',
      'p.yaml:22:10 alerts[0].for: "5m": unknown unit "m"',
      'p.yaml:23:18 alerts[0].components[0]: "dbx" is not a component of any phase',
    ]);
  });

  it('a phase that fails to parse still has its calls checked; a base that parses is checked as before', async () => {
    const text = `apiVersion: capplan/v1
name: t
workload:
  rps: 100/s
components:
  api:
    kind: service
    serviceTime: 20ms
    workers: 4
phases:
  - name: later
    scale: 2
    components:
      api:
        serviceTime: 30
      extra:
        kind: service
        serviceTime: 5ms
        workers: 2
        calls: [ghost]
`;
    expect(await problems(text)).toEqual([
      'p.yaml:15:22 phases[0].components.api.serviceTime: 30 needs a unit: 30ms? 30s?',
      'p.yaml:20:17 phases[0].components.extra.calls[0]: calls "ghost", which is not a component of phase "later"',
    ]);
  });

  it('a name the schema already refuses is not reported again as an unknown reference', async () => {
    const text = STAGED.replace('calls: [dbb]', 'calls: ["Bad Name"]');
    const found = await problems(text);
    expect(found.filter((l) => l.includes('calls[0]'))).toHaveLength(1);
    expect(found.some((l) => l.includes('serviceTime'))).toBe(true);
  });

  it('an alert naming a component only a failed phase adds is not reported as unknown', async () => {
    const text = `apiVersion: capplan/v1
name: t
workload:
  rps: 100/s
components:
  api:
    kind: service
    serviceTime: 20ms
    workers: 4
alerts:
  - metric: cpu
    above: 80%
    for: 5min
    components: [extra]
phases:
  - name: later
    scale: 2
    components:
      extra:
        kind: service
        serviceTime: 5
        workers: 2
`;
    expect(await problems(text)).toEqual(['p.yaml:21:22 phases[0].components.extra.serviceTime: 5 needs a unit: 5ms? 5s?']);
  });
});
