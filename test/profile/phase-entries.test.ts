/**
 * A phase that changes some components keeps the base phase's own entries for the others (the
 * same object: 5,000 components × 20 phases kept ~8 MB of copies alive through a plan), and a
 * changed component gets an entry of its own, with the phase's settings.
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';

const text = `apiVersion: capplan/v1
name: entries
workload: { rps: 100/s }
phases:
  - { name: grown, scale: 2 }
  - name: tuned
    scale: 3
    components:
      db: { capacity: 900/s }
components:
  api: { kind: service, serviceTime: 20ms, workers: 4, calls: [db] }
  db: { kind: database, capacity: 500/s, readsPerRequest: 1 }
`;

describe("a phase's component entries", () => {
  it("are the base phase's where the phase leaves a component alone", async () => {
    const { profile } = await loadProfileText(text, 'entries.yaml');
    const [base, grown, tuned] = profile.phases;
    const entry = (phase: typeof base, name: string) => phase!.components.find((c) => c.name === name)!;
    expect(entry(tuned, 'api')).toBe(entry(base, 'api'));
    expect(entry(tuned, 'db')).not.toBe(entry(base, 'db'));
    expect(entry(tuned, 'db').settings).not.toBe(entry(base, 'db').settings);
    // A component written in the base is placed there in every phase (the phase only overrides keys).
    expect(entry(tuned, 'db').path).toBe('components.db');
    expect(entry(grown, 'api').path).toBe('components.api');
  });
});
