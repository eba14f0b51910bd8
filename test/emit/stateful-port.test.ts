/**
 * deploy.port of a database or cache: the server must listen on it (not only the Service and the
 * NetworkPolicy declare it), its readiness check must ask it, and Sentinel must watch it.
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { emitCompose } from '../../src/emit/compose.js';
import { emitK8s } from '../../src/emit/k8s.js';
import { solve } from '../../src/plan/solve.js';
import { emitOptions, yamlDocuments, type K8sDoc } from './helpers.js';

const profile = (pgPort: string, redisPort: string, redis = '') => `apiVersion: capplan/v1
name: ports
workload: { rps: 100/s }
components:
  api: { kind: service, serviceTime: 10ms, workers: 4, calls: [postgres, redis] }
  postgres: { kind: database, readsPerRequest: 2, writesPerRequest: 1, capacity: 1000/s${pgPort} }
  redis: { kind: cache, opsPerRequest: 2, capacity: 100000/s, dataset: 1GiB, nodeMemory: 4GiB${redisPort}${redis} }
`;

async function emitted(text: string) {
  const { profile: p } = await loadProfileText(text, 'ports.yaml');
  const plan = solve(p);
  return { k8s: emitK8s(plan, emitOptions(p, 'now')), compose: emitCompose(plan, emitOptions(p, 'now')) };
}

const container = (file: string) => {
  const set = (yamlDocuments(file) as K8sDoc[]).find((o) => o.kind === 'StatefulSet' && !o.metadata.name.endsWith('-sentinel'))!;
  return set.spec!.template.spec.containers[0] as { args?: string[]; command?: string[]; ports: { containerPort: number }[]; readinessProbe: { exec: { command: string[] } } };
};

describe('deploy.port of a database and a cache', () => {
  it('Kubernetes: the server listens on the declared containerPort and the probe asks it', async () => {
    const { k8s } = await emitted(profile(', deploy: { port: 6432 }', ', deploy: { port: 6380 }'));
    const pg = container(k8s.get('postgres.yaml')!);
    expect(pg.ports[0]!.containerPort).toBe(6432);
    expect(pg.args).toEqual(['postgres', '-c', 'max_connections=100', '-c', 'port=6432']);
    expect(pg.readinessProbe.exec.command).toEqual(['pg_isready', '-U', 'postgres', '-p', '6432']);
    const redis = container(k8s.get('redis.yaml')!);
    expect(redis.ports[0]!.containerPort).toBe(6380);
    expect(redis.args!.slice(0, 3)).toEqual(['redis-server', '--port', '6380']);
    expect(redis.readinessProbe.exec.command).toEqual(['redis-cli', '-p', '6380', 'ping']);
  });

  it('Compose: the servers listen on the port and the health checks ask it', async () => {
    const { compose } = await emitted(profile(', deploy: { port: 6432 }', ', deploy: { port: 6380 }'));
    const services = (yamlDocuments(compose.get('compose.yaml')!)[0] as { services: Record<string, any> }).services;
    expect(services.postgres.command).toContain('port=6432');
    expect(services.postgres.healthcheck.test).toEqual(['CMD-SHELL', 'pg_isready -U postgres -p 6432']);
    expect(services.redis.command.slice(0, 3)).toEqual(['redis-server', '--port', '6380']);
    expect(services.redis.healthcheck.test).toEqual(['CMD', 'redis-cli', '-p', '6380', 'ping']);
  });

  it('Sentinel watches the primary on the cache’s port', async () => {
    const { k8s, compose } = await emitted(profile('', ', deploy: { port: 6380 }', ', cluster: false, sentinels: 3'));
    expect(k8s.get('redis.yaml')).toContain('sentinel monitor mymaster $MASTER 6380 2');
    expect(k8s.get('redis.yaml')).not.toContain('$MASTER 6379');
    expect(compose.get('compose.yaml')).toContain('sentinel monitor mymaster $$MASTER 6380 2');
  });

  it('at the default ports, the command lines stay as the images run them', async () => {
    const { k8s } = await emitted(profile('', ''));
    expect(container(k8s.get('postgres.yaml')!).args).toEqual(['postgres', '-c', 'max_connections=100']);
    expect(container(k8s.get('postgres.yaml')!).readinessProbe.exec.command).toEqual(['pg_isready', '-U', 'postgres']);
    expect(container(k8s.get('redis.yaml')!).readinessProbe.exec.command).toEqual(['redis-cli', 'ping']);
  });
});
