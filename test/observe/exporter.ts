/**
 * A test exporter that plays a known production for `capplan observe`: counters grow at fixed
 * rates from the moment it starts, so every rate, service demand and histogram quantile has a
 * closed form. Served paths, one per scrape job (the job label is the component's name):
 *   /metrics/api    http_server_request_duration_seconds (histogram) per replica
 *   /metrics/cache  redis_exporter: redis_commands_processed_total, redis CPU, redis_instance_info
 *   /metrics/db     postgres_exporter: pg_stat_database_xact_commit / _rollback
 *   /metrics/kubelet  cAdvisor container_cpu_usage_seconds_total for api and db
 *   /metrics/ksm      kube-state-metrics replicas of the api Deployment and db StatefulSet
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The truth the exporter plays. */
export const TRUTH = {
  /** API: n replicas, each an M/M/1 queue (c = 1) with service time S at λ per replica. */
  api: { replicas: 3, perReplicaRps: 30, serviceTimeS: 0.02 },
  /** Redis: commands/s and CPU seconds per command (single-threaded). */
  cache: { rps: 180, serviceTimeS: 50e-6 },
  /** PostgreSQL: commits and rollbacks per second, CPU seconds per transaction. */
  db: { commitRps: 165, rollbackRps: 15, serviceTimeS: 0.002 },
} as const;

/** Prometheus client libraries' default buckets (seconds). */
export const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The response time of an M/M/1 queue is exponential with rate μ − λ (Kleinrock, Queueing
 * Systems vol. 1, 1975, §3.2): F(t) = 1 − e^{−(μ−λ)t}, mean 1/(μ−λ).
 */
export function apiResponseCdf(t: number): number {
  const { perReplicaRps, serviceTimeS } = TRUTH.api;
  return 1 - Math.exp(-(1 / serviceTimeS - perReplicaRps) * t);
}

/** Mean response time of each API replica (s). */
export const API_MEAN_RESPONSE_S = 1 / (1 / TRUTH.api.serviceTimeS - TRUTH.api.perReplicaRps);

/**
 * The metrics text of one path at `elapsedS` seconds after the start. Each sample carries the
 * time its value was computed at (`timestampMs`, the exposition format's optional timestamp).
 */
export function metricsText(path: string, elapsedS: number, timestampMs: number): string | null {
  const t = elapsedS;
  const lines: string[] = [];
  const counter = (name: string, help: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
  if (path === '/metrics/api') {
    const name = 'http_server_request_duration_seconds';
    lines.push(`# HELP ${name} Duration of HTTP server requests.`, `# TYPE ${name} histogram`);
    for (let i = 0; i < TRUTH.api.replicas; i++) {
      const n = TRUTH.api.perReplicaRps * t;
      const pod = `pod="api-${i}"`;
      for (const le of BUCKETS) lines.push(`${name}_bucket{${pod},le="${le}"} ${n * apiResponseCdf(le)}`);
      lines.push(`${name}_bucket{${pod},le="+Inf"} ${n}`, `${name}_sum{${pod}} ${n * API_MEAN_RESPONSE_S}`, `${name}_count{${pod}} ${n}`);
    }
  } else if (path === '/metrics/cache') {
    counter('redis_commands_processed_total', 'Total number of commands processed.');
    lines.push(`redis_commands_processed_total ${TRUTH.cache.rps * t}`);
    // Redis's CPU split between system and user time (1 : 3).
    const cpu = TRUTH.cache.rps * TRUTH.cache.serviceTimeS * t;
    counter('redis_cpu_sys_seconds_total', 'System CPU consumed by the Redis server.');
    lines.push(`redis_cpu_sys_seconds_total ${cpu / 4}`);
    counter('redis_cpu_user_seconds_total', 'User CPU consumed by the Redis server.');
    lines.push(`redis_cpu_user_seconds_total ${(3 * cpu) / 4}`);
    lines.push('# TYPE redis_instance_info gauge', 'redis_instance_info{role="master",redis_version="7.4.1"} 1');
  } else if (path === '/metrics/db') {
    counter('pg_stat_database_xact_commit', 'Transactions committed.');
    lines.push(`pg_stat_database_xact_commit{datname="shop"} ${TRUTH.db.commitRps * t}`);
    counter('pg_stat_database_xact_rollback', 'Transactions rolled back.');
    lines.push(`pg_stat_database_xact_rollback{datname="shop"} ${TRUTH.db.rollbackRps * t}`);
    lines.push('# TYPE pg_up gauge', 'pg_up 1');
  } else if (path === '/metrics/kubelet') {
    counter('container_cpu_usage_seconds_total', 'Cumulative cpu time consumed in seconds.');
    const perPod = TRUTH.api.perReplicaRps * TRUTH.api.serviceTimeS * t;
    for (let i = 0; i < TRUTH.api.replicas; i++) lines.push(`container_cpu_usage_seconds_total{container="api",pod="api-${i}"} ${perPod}`);
    const db = (TRUTH.db.commitRps + TRUTH.db.rollbackRps) * TRUTH.db.serviceTimeS * t;
    lines.push(`container_cpu_usage_seconds_total{container="db",pod="db-0"} ${db}`);
  } else if (path === '/metrics/ksm') {
    lines.push('# TYPE kube_deployment_status_replicas_available gauge', `kube_deployment_status_replicas_available{deployment="api"} ${TRUTH.api.replicas}`);
    lines.push('# TYPE kube_statefulset_status_replicas_ready gauge', 'kube_statefulset_status_replicas_ready{statefulset="db"} 1');
  } else {
    return null;
  }
  return `${lines.map((l) => (l.startsWith('#') ? l : `${l} ${timestampMs}`)).join('\n')}\n`;
}

/**
 * Starts the exporter on a free loopback port. A scrape answers with the values at the last whole
 * second (Unix time) and stamps them with it, so samples lie on a one-second grid however late a
 * busy machine runs the scrape. With the 1 s scrape interval, a rate window that ends on a whole
 * second then holds samples at (or, for a late or missed scrape, one slot from) both of its ends,
 * and Prometheus's rate() extrapolates to the ends exactly (it does so when the gap to an end is
 * under 1.1 average intervals); a linear counter's rate is then exact. Stamping with the moment
 * of the scrape instead left the ends' gaps to the scheduler: on a loaded CI machine a scrape
 * that ran late cut one end's extrapolation to half an interval and the rates came out 7 % low.
 */
export async function startExporter(): Promise<{ port: number; server: Server }> {
  const startMs = Math.floor(Date.now() / 1000) * 1000;
  const server = createServer((req, res) => {
    const gridMs = Math.floor(Date.now() / 1000) * 1000;
    const text = metricsText(req.url ?? '', (gridMs - startMs) / 1000, gridMs);
    if (text === null) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}
