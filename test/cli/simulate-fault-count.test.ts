/** simulate: `--fail api:100@60s` on a component of 1 replica ran as "lose 1 api replica" (exit 0); now exit 2 with the count it has. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';

let box: string;
let profile: string;
beforeAll(() => {
  box = mkdtempSync(join(tmpdir(), 'capplan-fault-count-'));
  profile = join(box, 'p.yaml');
  writeFileSync(profile, 'apiVersion: capplan/v1\nname: t\nworkload:\n  rps: 100\ntargets:\n  latencyP95: 300ms\ncomponents:\n  api:\n    kind: service\n    serviceTime: 20ms\n    workers: 4\n');
});
afterAll(() => rmSync(box, { recursive: true, force: true }));

describe('simulate --fail with more replicas than the component has', () => {
  it('is refused, exit 2, naming the replicas it has and the count that can be lost', async () => {
    const { code, out, err } = await runMain('simulate', profile, '--fail', 'api:100@60s', '--requests', '2000');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/--fail api:100@60s: api has 1 replica in phase now; it cannot lose 100\n\s+hint: lose at most 1: --fail api@60s/);
  });
});
