/** Units are never guessed: bare numbers where a unit is required, bits as sizes, overflow, magnitudes. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/cli/errors.js';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';
import { problems } from '../support/problems.js';

const profile = (workload: string, component: string, targets = '') =>
  `apiVersion: capplan/v1\nname: t\nworkload: ${workload}\n${targets ? `targets: ${targets}\n` : ''}components:\n  c: ${component}\n`;


describe('a unit is required for durations, sizes, rates and data rates', () => {
  it('refuses serviceTime: 20 with suggestions and the accepted units, at its position', async () => {
    const out = await problems(profile('{ rps: 100 }', '{ kind: service, serviceTime: 20 }'));
    expect(out).toEqual([
      'p.yaml:5:36 components.c.serviceTime: 20 needs a unit: 20ms? 20s?\n  hint: durations take ns, us, ms, s, min, h, d, w, month or y: 20ms, 1.5s, 90d',
    ]);
  });
  it('refuses a bare latency budget, size, rate and data rate', async () => {
    const out = await problems(
      'apiVersion: capplan/v1\nname: t\nworkload: { rps: 100, thinkTime: 10 }\ntargets: { latencyP95: 120 }\ncomponents:\n' +
        '  api: { kind: service, capacity: 400, resources: { memory: 512 } }\n' +
        '  net: { kind: network, bytesPerRequest: 50000, link: 125000000 }\n',
    );
    expect(out.map((l) => l.split('\n')[0])).toEqual([
      'p.yaml:3:34 workload.thinkTime: 10 needs a unit: 10ms? 10s?',
      'p.yaml:4:24 targets.latencyP95: 120 needs a unit: 120ms? 120s?',
      'p.yaml:6:35 components.api.capacity: 400 needs a unit: 400/s? 400/min?',
      'p.yaml:6:61 components.api.resources.memory: 512 needs a unit: 512MiB? 512GiB?',
      'p.yaml:7:42 components.net.bytesPerRequest: 50000 needs a unit: 50000B? 50000KiB?',
      'p.yaml:7:55 components.net.link: 125000000 needs a unit: 125000000 MB/s? 125000000 Gbit/s? (or one of 1GbE, 10GbE, 25GbE, 40GbE, 100GbE)',
    ]);
  });
  it('guesses the units a long duration or a budget most likely lacks, not milliseconds', async () => {
    const out = await problems(
      'apiVersion: capplan/v1\nname: t\nworkload: { rps: 100/s }\ngates: { minRunway: 6, cost: { max: -5 } }\nphases:\n  - { name: later, after: 12 }\ncomponents:\n' +
        '  db: { kind: database, capacity: 100/s, writesPerRequest: 0.1, bytesPerWrite: 1KB, retention: 90 }\n' +
        '  redis: { kind: cache, capacity: 10000/s, statePerSession: 1KB, ttl: 30, nodeMemory: 1GiB }\n',
    );
    expect(out.map((l) => l.split('\n')[0])).toEqual([
      'p.yaml:4:21 gates.minRunway: 6 needs a unit: 6 months? 6w?',
      'p.yaml:4:37 gates.cost.max: a monthly budget in USD greater than 0 (e.g. 5000)',
      'p.yaml:6:27 phases[0].after: 12 needs a unit: 12 months? 12d?',
      'p.yaml:8:96 components.db.retention: 90 needs a unit: 90d? 90 months?',
      'p.yaml:9:71 components.redis.ttl: 30 needs a unit: 30min? 30h?',
    ]);
  });
  it('refuses a bare number that arrives as a string or as an expression', async () => {
    expect((await problems(profile('{ rps: 100 }', '{ kind: service, serviceTime: "20" }')))[0]).toMatch(/serviceTime: 20 needs a unit/);
    expect((await problems(profile('{ rps: 100 }', '{ kind: service, serviceTime: 2 * 10 }')))[0]).toMatch(/serviceTime: 20 needs a unit/);
  });
  it('keeps bare numbers where the key names the unit, and bare 0', async () => {
    const { profile: p } = await loadProfileText(
      'apiVersion: capplan/v1\nname: t\nworkload: { rps: 800 }\ncomponents:\n' +
        '  api: { kind: service, capacity: 400/s, workers: 4 }\n' +
        '  ai: { kind: agent, tokensPerSecond: 2000, tokensPerRequest: 100 }\n' +
        '  d: { kind: disk, iopsPerRequest: 1, dataset: 0, device: { throughput: 500 MB/s, iops: 16000, latency: 1ms, size: 1TB } }\n' +
        '  n: { kind: network, bytesPerRequest: 5KB, rtt: 0 }\n',
      'p.yaml',
    ).catch((e: InputError) => {
      throw new Error(e.diagnostics.map(renderDiagnostic).join('\n'));
    });
    const phase = p.phases[0]!;
    expect(phase.workload.peakRps).toBe(800);
    expect(phase.components.find((c) => c.name === 'ai')!.settings.tokensPerSecond).toBe(2000);
    expect((phase.components.find((c) => c.name === 'd')!.settings.device as { iops: number }).iops).toBe(16_000);
    expect(phase.components.find((c) => c.name === 'n')!.settings.rtt).toBe(0);
  });
});

describe('sizes are bytes', () => {
  it('refuses memory, dataset and state sizes written in bits, with a hint in bytes', async () => {
    const out = await problems(
      'apiVersion: capplan/v1\nname: t\nworkload: { rps: 100 }\ncomponents:\n' +
        '  api: { kind: service, capacity: 100/s, resources: { memory: 1Gb } }\n' +
        '  db: { kind: database, capacity: 100/s, readsPerRequest: 1, dataset: 10Mb }\n' +
        '  kv: { kind: cache, capacity: 1000/s, statePerSession: 512kb, ttl: 30min, nodeMemory: 4GiB }\n',
    );
    expect(out).toEqual([
      'p.yaml:5:63 components.api.resources.memory: 1Gb is in bits; sizes are in bytes (B)\n  hint: did you mean 1GB or 1GiB?',
      'p.yaml:6:71 components.db.dataset: 10Mb is in bits; sizes are in bytes (B)\n  hint: did you mean 10MB or 10MiB?',
      'p.yaml:7:57 components.kv.statePerSession: 512kb is in bits; sizes are in bytes (B)\n  hint: did you mean 512kB or 512KiB?',
    ]);
  });
  it('keeps bits for link speeds and data rates', async () => {
    const { profile: p } = await loadProfileText(profile('{ rps: 100 }', '{ kind: network, bytesPerRequest: 50KB, link: 10 Gbit/s }'), 'p.yaml');
    expect(p.phases[0]!.components[0]!.settings.link).toBe(1.25e9);
    const named = await loadProfileText(profile('{ rps: 100 }', '{ kind: network, bytesPerRequest: 50KB, link: 1GbE }'), 'p.yaml');
    expect(named.profile.phases[0]!.components[0]!.settings.link).toBe('1GbE');
  });
  it('names the link classes for a misspelt one, and asks for a time unit on a bare size', async () => {
    expect(await problems(profile('{ rps: 100 }', '{ kind: network, bytesPerRequest: 50KB, link: 1Gbe }'))).toEqual([
      'p.yaml:5:52 components.c.link: "1Gbe" is not one of 1GbE, 10GbE, 25GbE, 40GbE, 100GbE\n  hint: did you mean "1GbE"?',
    ]);
    expect((await problems(profile('{ rps: 100 }', '{ kind: network, bytesPerRequest: 50KB, link: 10 Gbit }')))[0]).toMatch(/link: 10 Gbit is a size, not a data rate .*\n  hint: did you mean 10 Gbit\/s, or "10GbE"\?/);
  });
  it('says a count or rate written with a magnitude ("1.2M", "2k/s") in full, and that it is not read', async () => {
    const out = await problems(profile('{ sessionsPerDay: 1.2M, requestsPerSession: 1.5k }', '{ kind: service, capacity: 2k req/s }'));
    expect(out).toEqual([
      'p.yaml:3:29 workload.sessionsPerDay: "1.2M": unknown unit "M"\n  hint: capplan reads no "M" multiplier: write the number in full, 1_200_000',
      'p.yaml:3:55 workload.requestsPerSession: "1.5k": unknown unit "k"\n  hint: capplan reads no "k" multiplier: write the number in full, 1_500',
      'p.yaml:5:33 components.c.capacity: "2k req/s": unknown unit "k"\n  hint: capplan reads no "k" multiplier: write the number in full, 2_000 req/s',
    ]);
    // The number in full is what the reader takes.
    expect(await problems(profile('{ sessionsPerDay: 1_200_000, requestsPerSession: 1_500 }', '{ kind: service, capacity: 2_000 req/s }'))).toEqual([]);
    // 1.1 × 10^6 is 1100000.0000000002 in binary floating point: the hint rounds it.
    expect((await problems(profile('{ sessionsPerDay: 1.1 million, requestsPerSession: 2 }', '{ kind: service, capacity: 100/s }')))[0]).toMatch(/write the number in full, 1_100_000$/);
  });
  it('says that separators group thousands when they do not ("1_0", "10,0000", a decimal comma "1,5")', async () => {
    // Block style: in a flow mapping the comma would end the entry.
    const out = await problems(profile('\n  sessionsPerDay: 10,0000\n  requestsPerSession: 1_0\n  peakFactor: 1,5', '{ kind: service, capacity: 100/s }'));
    const hint = '\n  hint: write 10000, 10_000 or 10,000; a decimal point is "." (1.5, not 1,5)';
    expect(out).toEqual([
      `p.yaml:4:19 workload.sessionsPerDay: "10,0000": "_" and "," separate thousands, in groups of three digits${hint}`,
      `p.yaml:5:23 workload.requestsPerSession: "1_0": "_" and "," separate thousands, in groups of three digits${hint}`,
      `p.yaml:6:15 workload.peakFactor: "1,5": "_" and "," separate thousands, in groups of three digits${hint}`,
    ]);
    expect(await problems(profile('\n  sessionsPerDay: 1,000,000\n  requestsPerSession: 10_000', '{ kind: service, capacity: 100/s }'))).toEqual([]);
  });
  it('gives "memory: 16 gigs" a unit hint, not the expression variables', async () => {
    const out = await problems(profile('{ rps: 100 }', '{ kind: service, capacity: 100/s, resources: { memory: 16 gigs } }'));
    expect(out).toEqual(['p.yaml:5:61 components.c.resources.memory: "16 gigs": unknown unit "gigs"\n  hint: did you mean 16GB or 16GiB?']);
  });
  it('reads "30m" as a duration neither way: Go and Kubernetes write minutes so, capplan would read milli', async () => {
    const out = await problems(profile('{ rps: 100 }', '{ kind: service, serviceTime: 30m }'));
    expect(out).toEqual(['p.yaml:5:36 components.c.serviceTime: "30m": unknown unit "m"\n  hint: did you mean 30min (minutes) or 30ms (milliseconds)? "m" alone is neither here']);
  });
});

describe('values the model cannot use are refused by construction', () => {
  it('refuses a size that overflows once converted (1e308 GB)', async () => {
    const out = await problems(profile('{ rps: 100 }', '{ kind: database, capacity: 100/s, readsPerRequest: 1, dataset: 1e308 GB }'));
    expect(out).toEqual(['p.yaml:5:70 components.c.dataset: 1e308 GB is too large: it overflows when converted to bytes']);
  });
  it('refuses magnitudes outside each kind’s range, so products (rps × perRequest × bytes) stay finite', async () => {
    const out = await problems(
      'apiVersion: capplan/v1\nname: t\nworkload: { rps: 1e300 }\ncomponents:\n' +
        '  n: { kind: network, bytesPerRequest: 1e25 B, perRequest: 1e300 }\n' +
        '  s: { kind: service, serviceTime: 1e-12 s, workers: 1e9 }\n',
    );
    expect(out.map((l) => l.split('\n')[0])).toEqual([
      'p.yaml:3:18 workload.rps: must be at most 1e12/s (a trillion per second), the largest rate capplan accepts (got 1e+300/s)',
      'p.yaml:5:40 components.n.bytesPerRequest: must be at most 1 ZB (1e21 bytes), the largest size capplan accepts (got 1e+25 B)',
      'p.yaml:5:48 components.n.perRequest: unknown key "perRequest"',
      'p.yaml:6:36 components.s.serviceTime: must be at least 1 ns, the smallest duration capplan accepts (got 1e-12 s)',
      'p.yaml:6:54 components.s.workers: must be at most 1,000,000, the largest count capplan accepts (got 1000000000)',
    ]);
  });
  it('refuses zero, negative and non-finite values where the model cannot use them', async () => {
    expect(await problems(profile('{ rps: 100 }', '{ kind: service, serviceTime: 0ms }'))).toEqual(['p.yaml:5:36 components.c.serviceTime: must be greater than 0 s (got 0 s)']);
    expect(await problems(profile('{ rps: -5/s }', '{ kind: service, capacity: 10/s }'))).toEqual(['p.yaml:3:18 workload.rps: must be at least 0/s (got -5/s)']);
    expect(await problems(profile('{ rps: 100 }', '{ kind: service, capacity: .inf }'))).toEqual(['p.yaml:5:33 components.c.capacity: Infinity is not a finite number']);
    expect(await problems(profile('{ rps: 100 }', '{ kind: service, capacity: 10/s, perRequest: .nan }'))).toEqual(['p.yaml:5:51 components.c.perRequest: NaN is not a finite number']);
    expect(await problems(profile('{ rps: 100 }', '{ kind: service, capacity: 10/s }', '{ zones: 1000000 }'))).toEqual(['p.yaml:4:19 targets.zones: must be at most 100 (got 1000000)']);
  });
});
