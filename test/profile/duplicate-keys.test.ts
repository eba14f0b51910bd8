import { describe, expect, it } from 'vitest';
import { problems } from '../support/problems.js';

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
