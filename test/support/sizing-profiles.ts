/** Profiles that exercise every kind's sizing: the bundled ones, seeded synthetic ones, and one with every kind, blocking calls with retries and timeouts, a pooled adapter and timed worker classes. */
import { readdirSync, readFileSync } from 'node:fs';

/** A profile with every kind, blocking calls with retries and timeouts, a pooled adapter and timed worker classes. */
export const EVERY_KIND = `apiVersion: capplan/v1
name: every-kind
workload: { rps: 400/s, peakFactor: 3 }
targets: { zones: 3, availability: 99.9% }
components:
  gateway: { kind: service, capacity: 2000/s, workers: 8, latencyP95: 80ms, calls: [api] }
  api:
    kind: service
    serviceTime: 12ms
    workers: 4
    balancing: least-request
    calls: [{ to: db, blocking: true, retries: 2, timeout: 40ms, failureRate: 1% }, { to: cache, blocking: true }, { to: llm, probability: 0.2 }, jobs]
  db: { kind: database, capacity: 3000/s, writeCapacity: 800/s, readsPerRequest: 2, writesPerRequest: 0.3, cacheHitRatio: 60%, maxConnections: 200, bytesPerWrite: 2KB, retention: 30d }
  cache: { kind: cache, opsPerRequest: 4, capacity: 100000/s }
  llm: { kind: adapter, capacity: 40/s, workers: 10, rateLimit: 5000/s, providerLatency: 300ms, poolPer: api }
  jobs: { kind: worker, serviceTime: 2s, workers: 4, perRequest: 0.05, classes: [{ name: fast, share: 70%, timeout: 20s }, { name: slow, share: 30%, timeout: 2min }] }
  model: { kind: agent, perGpu: 50/s, gpu: 1, perRequest: 0.1 }
`;

/** [name, profile text] of every bundled profile, three seeded synthetic ones and EVERY_KIND. */
export async function sizingProfiles(): Promise<[string, string][]> {
  const dir = new URL('../../profiles/', import.meta.url);
  const bundled = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f): [string, string] => [f, readFileSync(new URL(f, dir), 'utf8')]);
  // The generator is a plain script (no types): the bench's synthetic profiles.
  const { syntheticProfile } = (await import('../../scripts/synthetic-profile.mjs' as string)) as { syntheticProfile: (o: { components: number; phases: number; seed: number }) => string };
  const synthetic = [1, 2, 3].map((seed): [string, string] => [`synthetic seed ${seed}`, syntheticProfile({ components: 120, phases: 2, seed })]);
  return [...bundled, ...synthetic, ['every kind', EVERY_KIND]];
}
