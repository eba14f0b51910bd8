/** Query planning per exporter family and override form, and the operational laws by hand. */
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/observe/collect.js';
import { deriveLaws } from '../../src/observe/laws.js';
import { planComponentQueries } from '../../src/observe/query-plan.js';

const plan = (kind: string, observe?: unknown) => planComponentQueries({ name: 'api', kind, observe: observe as never }, 300)!;

describe('query planning', () => {
  it('defaults a service to the HTTP histograms, cAdvisor and kube-state-metrics', () => {
    const q = plan('service');
    expect(q.rate.candidates.map((c) => c.expr)).toEqual([
      'sum(rate(http_server_request_duration_seconds_count{job="api"}[5m]))',
      'sum(rate(http_request_duration_seconds_count{job="api"}[5m]))',
    ]);
    expect(q.cpu!.candidates[0]!.expr).toBe('sum(rate(container_cpu_usage_seconds_total{container="api"}[5m]))');
    expect(q.replicas!.candidates[0]!.expr).toBe('sum(kube_deployment_status_replicas_available{deployment="api"})');
    expect(q.replicas!.candidates[1]!.expr).toBe('count(count by (instance) (http_server_request_duration_seconds_count{job="api"}))');
    expect(q.latency!.candidates[0]!.buckets).toBe('sum by (le) (rate(http_server_request_duration_seconds_bucket{job="api"}[5m]))');
    expect([q.rate.required, q.cpu!.required, q.latency!.required]).toEqual([false, false, false]);
  });

  it('defaults databases to postgres_exporter and caches to redis_exporter', () => {
    const db = plan('database');
    expect(db.rate.candidates[0]!.expr).toBe('sum(rate(pg_stat_database_xact_commit{job="api"}[5m])) + sum(rate(pg_stat_database_xact_rollback{job="api"}[5m]))');
    expect(db.rate.candidates[0]!.counters).toHaveLength(2);
    expect(db.latency).toBeNull();
    const cache = plan('cache');
    expect(cache.rate.candidates[0]!.expr).toBe('sum(rate(redis_commands_processed_total{job="api"}[5m]))');
    expect(cache.cpu!.candidates[0]!.expr).toContain('redis_cpu_user_seconds_total{job="api"}');
    expect(cache.replicas!.candidates[0]!.expr).toBe('count(redis_instance_info{job="api",role="master"})');
  });

  it('applies name and labels to every default, and overrides by selector, PromQL or false', () => {
    const q = plan('service', {
      name: 'web', labels: { namespace: 'prod' },
      rate: '{service="web",code!~"5.."}', cpu: 'sum(rate(process_cpu_seconds_total{job="web"}[$window]))', replicas: false, latency: 'app_seconds{app="web"}',
    });
    expect(q.rate.candidates.map((c) => c.expr)).toEqual(['sum(rate(app_seconds_count{service="web",code!~"5.."}[5m]))']);
    expect(q.rate.required).toBe(true);
    expect(q.cpu!.candidates).toEqual([{ expr: 'sum(rate(process_cpu_seconds_total{job="web"}[5m]))', counters: [], source: 'observe query' }]);
    expect(q.replicas).toBeNull();
    expect(q.latency!.candidates.map((h) => h.count)).toEqual(['sum(rate(app_seconds_count{app="web"}[5m]))']);
    const d = plan('service', { name: 'web', labels: { namespace: 'prod' } });
    expect(d.cpu!.candidates[0]!.expr).toBe('sum(rate(container_cpu_usage_seconds_total{container="web",namespace="prod"}[5m]))');
  });

  it('leaves out observe: false and kinds without a request rate', () => {
    expect(planComponentQueries({ name: 'a', kind: 'service', observe: false }, 300)).toBeNull();
    expect(planComponentQueries({ name: 'n', kind: 'network', observe: undefined }, 300)).toBeNull();
  });
});

describe('operational laws', () => {
  const measured = (value: number) => ({ value, query: 'q', source: 's' });
  const obs = (components: Observation['components']): Observation => ({
    atS: 0, atMode: 'time', windowS: 60, rateWindowS: 60, endS: 0, entry: 'web', peakQuery: null, components,
  });

  it('gives S = B / C and U = B / T (Menascé, Almeida & Dowdy, Performance by Design, 2004, §3.2)', () => {
    // The book's motivating problem: in T = 60 s a CPU is busy B = 36 s and completes C = 1,800
    // transactions: S = 36 / 1800 = 0.02 s, U = 36 / 60 = 0.6, X = 1800 / 60 = 30 tps.
    const d = deriveLaws(obs([{ name: 'web', kind: 'service', rate: measured(1800 / 60), cpu: measured(36 / 60), replicas: measured(1), latency: null, notes: [] }]), [
      { name: 'web', kind: 'service', visits: 1, workers: 1 },
    ]);
    const web = d.components[0]!;
    expect(web.serviceTimeS).toBeCloseTo(0.02, 12);
    expect(web.utilization).toBeCloseTo(0.6, 12);
    expect(web.capacityPerReplica).toBeCloseTo(50, 9);
    expect(d.systemRps).toBe(30);
  });

  it('gives visits by the Forced Flow Law and demand D = V × S, with the entry visited per its profile', () => {
    // The entry is visited twice per user request, so X = 60 / 2 = 30; the database does 90/s → V = 3.
    const d = deriveLaws(
      obs([
        { name: 'web', kind: 'service', rate: measured(60), cpu: null, replicas: null, latency: null, notes: [] },
        { name: 'db', kind: 'database', rate: measured(90), cpu: measured(0.45), replicas: measured(2), latency: null, notes: [] },
      ]),
      [{ name: 'web', kind: 'service', visits: 2, workers: 1 }, { name: 'db', kind: 'database', visits: 1, workers: 4 }],
    );
    const db = d.components[1]!;
    expect(d.systemRps).toBe(30);
    expect(db.visits).toBe(3);
    expect(db.serviceTimeS).toBeCloseTo(0.005, 12);
    expect(db.demandS).toBeCloseTo(0.015, 12);
    expect(db.demandS).toBeCloseTo(db.visits! * db.serviceTimeS!, 12);
    expect(db.utilization).toBeCloseTo(0.45 / (2 * 4), 12);
    expect(db.capacityPerReplica).toBeCloseTo(4 / 0.005, 9);
    expect(d.components[0]!.serviceTimeS).toBeNull();
  });
});

describe('which components are observed', () => {
  it('takes every observable kind unless narrowed, and names an unknown one', async () => {
    const { loadProfileText } = await import('../../src/cli/profile-input.js');
    const { planQueries, defaultEntry } = await import('../../src/observe/observe.js');
    const text = `apiVersion: capplan/v1\nname: x\nworkload: { rps: 10/s }\ncomponents:\n  worker: { kind: worker, capacity: 10/s }\n  api: { kind: service, capacity: 100/s, calls: [db] }\n  db: { kind: database, readsPerRequest: 1, capacity: 100/s }\n  net: { kind: network, bytesPerRequest: 1kB, link: 1Gbit/s }\n  old: { kind: service, capacity: 1/s, observe: false }\n`;
    const base = (await loadProfileText(text, 'x.yaml')).profile.phases[0]!;
    const all = planQueries(base, 300);
    expect(all.map((q) => q.name)).toEqual(['worker', 'api', 'db']);
    // The entry: the first observed service or adapter nobody calls, not the worker listed first.
    expect(defaultEntry(base, all)).toBe('api');
    expect(planQueries(base, 300, ['db']).map((q) => q.name)).toEqual(['db']);
    expect(() => planQueries(base, 300, ['dbb'])).toThrow('no component "dbb" in the profile');
  });
});
