import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/cli/errors.js';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';

async function problems(text: string): Promise<string[]> {
  try {
    await loadProfileText(text, 'p.yaml');
  } catch (error) {
    if (error instanceof InputError) return error.diagnostics.map((d) => renderDiagnostic(d));
    throw error;
  }
  return [];
}

describe('duplicate keys', () => {
  it('name the key, in block, flow and quoted forms', async () => {
    const text = `apiVersion: capplan/v1
name: t
workload: { rps: 1, "rps": 2 }
components:
  api: { kind: service, capacity: 10/s, capacity: 20/s }
  'api': { kind: service, capacity: 10/s }
`;
    expect(await problems(text)).toEqual([
      'p.yaml:3:21: duplicate key "rps": each key may appear once in a mapping',
      'p.yaml:5:41: duplicate key "capacity": each key may appear once in a mapping',
      'p.yaml:6:3: duplicate key "api": each key may appear once in a mapping',
    ]);
  });
});
