/**
 * Starts a real Prometheus (the binary on the PATH: Debian's `prometheus` package, which
 * `.ci/run` installs) on a free loopback port with a temporary data directory, scraping the
 * test exporter every second; stops it and removes the directory afterwards.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The prometheus binary on the PATH, or null. */
export function findPrometheus(): string | null {
  const r = spawnSync('sh', ['-c', 'command -v prometheus'], { encoding: 'utf8' });
  const path = r.stdout.trim();
  return r.status === 0 && path ? path : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A running Prometheus. */
export interface RunningPrometheus {
  url: string;
  stop(): Promise<void>;
}

/** Starts Prometheus scraping `jobs` (job name → metrics path) on the exporter's port; resolves when /-/ready answers. */
export async function startPrometheus(binary: string, exporterPort: number, jobs: Readonly<Record<string, string>>): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'capplan-prom-'));
  const port = await freePort();
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    ...Object.entries(jobs).flatMap(([job, path]) => [
      `  - job_name: ${job}`,
      `    metrics_path: ${path}`,
      '    static_configs:',
      `      - targets: ['127.0.0.1:${exporterPort}']`,
    ]),
  ].join('\n');
  writeFileSync(join(dir, 'prometheus.yml'), `${config}\n`);
  const child: ChildProcess = spawn(
    binary,
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${url}/-/ready`);
      if (res.ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`prometheus did not become ready: ${stderr}`);
}

/** Waits until an instant query returns a series (data has been scraped for the rate window). */
export async function waitForSeries(url: string, query: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query })}`);
    const body = (await res.json()) as { data?: { result?: unknown[] } };
    if ((body.data?.result?.length ?? 0) > 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no series for ${query} after ${timeoutMs} ms`);
}

/**
 * The latest whole second `t` at which every job's series hold a sample at each whole second of
 * [t − spanS, t]; waits (polling) until there is one. The test exporter stamps its samples on a
 * whole-second grid (exporter.ts), so a late or missed scrape leaves a hole; on a loaded machine
 * two holes in a row at a rate window's end cut Prometheus's extrapolation and the rate.
 */
export async function completeWindowEnd(url: string, jobs: readonly string[], spanS: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const query = `{job=~"${jobs.join('|')}", __name__!~"up|scrape_.*"}[${spanS}s]`;
  let missing = '';
  while (Date.now() < deadline) {
    const t = Math.floor(Date.now() / 1000) - 1;
    const res = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query, time: String(t) })}`);
    const body = (await res.json()) as { data?: { result?: { metric: { job: string }; values: [number, string][] }[] } };
    const series = body.data?.result ?? [];
    const holes = series.filter((r) => {
      const stamps = new Set(r.values.map(([at]) => at));
      for (let at = t - spanS; at <= t; at++) if (!stamps.has(at)) return true;
      return false;
    });
    const absent = jobs.filter((j) => !series.some((r) => r.metric.job === j));
    if (holes.length === 0 && absent.length === 0) return t;
    missing = [...new Set([...absent, ...holes.map((r) => r.metric.job)])].join(', ');
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no ${spanS} s window with a sample every second for every job within ${timeoutMs} ms (last incomplete: ${missing})`);
}
