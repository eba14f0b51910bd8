import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/cli/errors.js';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';

async function problems(serviceTime: string, perRequest = '1'): Promise<string[]> {
  const text = `apiVersion: capplan/v1
name: t
workload: { rps: 100 }
components:
  api: { kind: service, serviceTime: ${serviceTime}, perRequest: ${perRequest}, workers: 4 }
`;
  try {
    await loadProfileText(text, 'p.yaml');
  } catch (error) {
    if (error instanceof InputError) return error.diagnostics.map((d) => renderDiagnostic(d).replace(/^p\.yaml:\d+:\d+ /, ''));
    throw error;
  }
  return [];
}

const HINT = '\n  hint: narrow the spread, or write the range as p10..p90 (a lognormal law, which stays positive)';

describe('a range whose computed end is not a value of its field', () => {
  it('refuses x ± d and a mirrored normal p10 that reach zero or below, instead of sampling 10 µs service times', async () => {
    expect(await problems('"10ms ± 200%"')).toEqual([`components.api.serviceTime: the range's p10, -10 ms, must be greater than 0 s${HINT}`]);
    expect(await problems('"10ms ± 20ms"')).toEqual([`components.api.serviceTime: the range's p10, -10 ms, must be greater than 0 s${HINT}`]);
    expect(await problems('{ p50: 10ms, p90: 30ms, dist: normal }')).toEqual([`components.api.serviceTime: the range's p10, -10 ms, must be greater than 0 s${HINT}`]);
    expect(await problems('10ms', '"0.5 ± 0.6"')).toEqual([`components.api.perRequest: the range's p10, -0.1, must be at least 0${HINT}`]);
  });
  it('accepts ranges that stay inside', async () => {
    expect(await problems('"10ms ± 50%"')).toEqual([]);
    expect(await problems('10ms..30ms')).toEqual([]);
    expect(await problems('10ms', '"0.5 ± 0.5"')).toEqual([]);
  });
});
