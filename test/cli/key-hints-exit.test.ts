/**
 * The profile key hints through the CLI: `capplan validate` exits 2 with the positioned message
 * and its hint on stderr, nothing on stdout (test/profile/key-hints.test.ts and
 * preset-kind.test.ts hold the messages in full).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';

let box: string;
beforeAll(() => {
  box = mkdtempSync(join(tmpdir(), 'capplan-key-hints-'));
});
afterAll(() => rmSync(box, { recursive: true, force: true }));

const API = 'components:\n  api: { kind: service, workers: 4, serviceTime: 20ms }\n';

describe('capplan validate on a key in the wrong form or place', () => {
  it.each([
    ['flow-comma', `workload: { sessionsPerDay: 10,000, requestsPerSession: 20, peakFactor: 3 }\n${API}`, ':3:32 workload["0"]: unknown key "0"', 'inside { } a comma separates entries'],
    ['preset-kind', 'workload: { rps: 100 }\ncomponents:\n  api: { kind: service, workers: 4, serviceTime: 20ms, calls: [r] }\n  r: { preset: redis, kind: database, readsPerRequest: 2 }\n', ':6:29 components.r.kind: preset "redis" is a cache; kind database conflicts with it', 'drop kind'],
    ['scael', `workload: { rps: 100 }\nphases:\n  - { name: a, scael: 2 }\n${API}`, ':5:16 phases[0].scael: unknown key "scael"', 'did you mean "scale"?'],
    ['max', 'workload: { rps: 100 }\ncomponents:\n  api:\n    kind: service\n    workers: 4\n    serviceTime: 20ms\n    replicas:\n      min: 1\n    max: 5\n', ':11:5 components.api.max: unknown key "max"', 'a key of components.api.replicas'],
  ])('%s: exit 2, positioned, with its hint', async (name, body, message, hint) => {
    const file = join(box, `${name}.yaml`);
    writeFileSync(file, `apiVersion: capplan/v1\nname: t\n${body}`);
    const { code, out, err } = await runMain('validate', file);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`${file}${message}`);
    expect(err).toMatch(new RegExp(`\\n\\s+hint: [^\\n]*${hint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(err).not.toMatch(/evictionPolicy/);
  });
});
