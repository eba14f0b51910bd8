/**
 * A cache sized by statePerSession needs a session rate (workload.requestsPerSession): without one
 * the profile is refused at the key (src/profile/session-state.ts), where the plan used to go on
 * with a "memory" violation that `capplan runway` read as "data outgrows its memory".
 */
import { describe, expect, it } from 'vitest';
import { component, planText } from '../support/plan.js';
import { problems } from '../support/problems.js';

const profile = (workload: string, cache = 'statePerSession: 8KB, ttl: 30min') => `
apiVersion: capplan/v1
name: sessions
workload: ${workload}
phases:
  - { name: later, scale: 2 }
components:
  sessions: { preset: redis, opsPerRequest: 3, ${cache}, nodeMemory: 4GiB }
`;

describe('a cache sized by state per session', () => {
  it('is refused, once and at its statePerSession, when the workload counts no sessions', async () => {
    const found = await problems(profile('{ concurrentUsers: 12000, thinkTime: 20s }'));
    expect(found).toEqual([expect.stringMatching(/^p\.yaml:8:65 components\.sessions\.statePerSession: statePerSession needs a session rate.*\n {2}hint: add workload\.requestsPerSession, or give the cache a dataset size instead$/s)]);
    expect(await problems(profile('{ rps: 600/s }'))).toHaveLength(1);
  });

  it('is planned with a dataset instead, or with requestsPerSession', async () => {
    expect(await problems(profile('{ rps: 600/s }', 'dataset: 2GiB'))).toEqual([]);
    // 600 req/s ÷ 20 requests per session = 30 sessions/s; × 1,800 s = 54,000 live sessions × 8,000 B = 432,000,000 B = 412 MiB.
    const plan = await planText(profile('{ rps: 600/s, requestsPerSession: 20 }'));
    expect(component(plan, 'sessions').violations).toEqual([]);
    expect(component(plan, 'sessions').constraints.find((k) => k.binding === 'memory')!.substituted).toMatch(/L = 30\/s × 30 min = 54,000; 54,000 × 7\.81 KiB = 412 MiB/);
  });
});
