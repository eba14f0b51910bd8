/**
 * The deploy keys the source documents needed, one decision each: probe timing, a written PDB,
 * egress restricted to the calls, the Compose restart policy, the published port and nginx's
 * fail parameters, a component that is the load balancer, Redis Sentinel in Compose, the stated
 * alerts in the PrometheusRule, and regions in the file headers.
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { emitCompose } from '../../src/emit/compose.js';
import { EmitError } from '../../src/emit/context.js';
import { emitK8s } from '../../src/emit/k8s.js';
import { solve } from '../../src/plan/solve.js';
import type { Plan } from '../../src/plan/types.js';
import type { Profile } from '../../src/profile/load.js';
import { problems } from '../support/problems.js';
import { emitOptions, yamlDocuments, type K8sDoc } from './helpers.js';

async function planned(text: string): Promise<{ profile: Profile; plan: Plan }> {
  const { profile } = await loadProfileText(text, 'test.yaml');
  return { profile, plan: solve(profile) };
}

const STACK = `apiVersion: capplan/v1
name: stack
workload: { rps: 200/s }
components:
  lb:
    kind: service
    capacity: 10000/s
    deploy: { loadBalancer: true, publish: 9000 }
    calls: [web]
  web:
    kind: service
    capacity: 100/s
    replicas: { min: 3, max: 10 }
    deploy:
      port: 8002
      liveness: { path: /health, initialDelay: 30s, period: 10s }
      readiness: { path: /ready, period: 5s }
      restart: on-failure
      minAvailable: 50%
      egress: calls
      upstream: { maxFails: 2, failTimeout: 30s }
    calls: [sms, db, redis]
  sms:
    kind: adapter
    capacity: 50/s
    perRequest: 0.1
    deploy: { egress: calls }
  db:
    kind: database
    managed: true
    capacity: 2000/s
    readsPerRequest: 1
  redis:
    kind: cache
    capacity: 100000/s
    opsPerRequest: 1
    cluster: false
    sentinels: 3
alerts:
  - { name: ErrorsHigh, metric: errors, above: 5%, for: 5min, severity: critical }
  - { name: MemoryHigh, metric: memory, above: 90%, for: 10min, components: [web] }
`;

const objects = (text: string) => yamlDocuments(text) as K8sDoc[];
const find = (list: K8sDoc[], kind: string, name: string) => list.find((o) => o.kind === kind && o.metadata.name === name)!;

describe('deploy keys in Kubernetes', async () => {
  const { profile, plan } = await planned(STACK);
  const files = emitK8s(plan, { ...emitOptions(profile, 'now'), alerts: true });
  const web = objects(files.get('web.yaml')!);

  it('times the probes as written and defaults what is not', () => {
    const c = find(web, 'Deployment', 'web').spec!.template.spec.containers[0];
    expect(c.livenessProbe).toEqual({ httpGet: { path: '/health', port: 'http' }, initialDelaySeconds: 30, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 });
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 });
  });

  it('keeps a written minAvailable, percentage included', () => {
    expect(find(web, 'PodDisruptionBudget', 'web').spec!.minAvailable).toBe('50%');
  });

  it('restricts egress to DNS, the callees on their ports, the Sentinels, and a managed database anywhere on its port', () => {
    const np = find(web, 'NetworkPolicy', 'web').spec!;
    expect(np.policyTypes).toEqual(['Ingress', 'Egress']);
    const rules = np.egress as { to: any[]; ports?: { port: number; protocol: string }[] }[];
    expect(rules.map((r) => r.ports?.map((p) => `${p.port}/${p.protocol}`).join(','))).toEqual(['53/UDP,53/TCP', '8080/TCP', '6379/TCP', '26379/TCP', '5432/TCP']);
    expect(rules[4]!.to).toEqual([{ ipBlock: { cidr: '0.0.0.0/0' } }]);
  });

  it('lets an adapter with restricted egress reach its third-party API over HTTPS', () => {
    const rules = find(objects(files.get('sms.yaml')!), 'NetworkPolicy', 'sms').spec!.egress as { to: any[]; ports: { port: number }[] }[];
    expect(rules.at(-1)).toEqual({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443, protocol: 'TCP' }] });
  });

  it('emits no pods for the load balancer component and makes its callee the entry point', () => {
    expect(files.has('lb.yaml')).toBe(false);
    const np = find(web, 'NetworkPolicy', 'web').spec!;
    expect(np.ingress.some((r: any) => r.from.some((f: any) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'ingress-nginx'))).toBe(true);
  });

  it('writes the stated alerts beside the derived ones, per watched component', () => {
    const rules = (objects(files.get('prometheus-rules.yaml')!)[0]!.spec!.groups[0].rules as { alert: string; expr: string; for: string; labels: Record<string, string> }[]).filter((r) => r.labels.source === 'profile');
    expect(rules.map((r) => [r.alert, r.labels.component, r.labels.severity, r.for])).toEqual([
      ['ErrorsHigh', 'web', 'critical', '300s'],
      ['MemoryHigh', 'web', 'warning', '600s'],
    ]);
    expect(rules[0]!.expr).toBe('sum(rate(http_requests_total{service="web",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="web"}[5m])) > 0.05');
    expect(rules[1]!.expr).toBe('sum(container_memory_working_set_bytes{container="web"}) / sum(kube_pod_container_resource_limits{container="web",resource="memory"}) > 0.9');
  });
});

describe('deploy keys in Compose', async () => {
  const { profile, plan } = await planned(STACK);
  const files = emitCompose(plan, emitOptions(profile, 'now'));
  const compose = yamlDocuments(files.get('compose.yaml')!)[0] as { services: Record<string, any> };

  it('runs the load balancer component as the nginx, published as written, with its callee’s fail parameters', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['lb', 'redis', 'redis-replica', 'redis-sentinel', 'sms', 'web']);
    expect(compose.services.lb).toMatchObject({ image: 'nginx:1.27', ports: ['9000:80'], depends_on: { web: { condition: 'service_healthy' } } });
    expect(files.get('nginx.conf')).toContain('server web:8002 max_fails=2 fail_timeout=30s;');
  });

  it('restarts on failure as written and checks readiness every readiness period after the liveness delay', () => {
    expect(compose.services.web.deploy.restart_policy).toEqual({ condition: 'on-failure', delay: '5s', window: '120s' });
    expect(compose.services.web.healthcheck).toMatchObject({ interval: '5s', start_period: '30s' });
    expect(compose.services.web.healthcheck.test[1]).toContain('http://127.0.0.1:8002/ready');
  });

  it('runs Redis Sentinel: the primary, its replica and three sentinels, with Compose’s $ escaped', () => {
    expect(compose.services.redis.deploy.replicas).toBe(1);
    expect(compose.services['redis-replica'].command.slice(-3)).toEqual(['--replicaof', 'redis', '6379']);
    expect(compose.services['redis-replica'].deploy.replicas).toBe(1);
    const sentinel = compose.services['redis-sentinel'];
    expect(sentinel.deploy.replicas).toBe(3);
    const script = sentinel.command[2] as string;
    expect(script).toContain('sentinel monitor mymaster $$MASTER 6379 2');
    expect(script).not.toMatch(/(?<!\$)\$(?!\$)/);
    expect(files.get('compose.yaml')).not.toMatch(/redis runs one node here/);
  });

  it('refuses a load balancer that calls nothing it could balance', async () => {
    const { profile: p, plan: q } = await planned(STACK.replace('    calls: [web]\n', ''));
    expect(() => emitCompose(q, emitOptions(p, 'now'))).toThrow(EmitError);
  });

  it('publishes the generated balancer’s entry points on deploy.publish, else the next free port', async () => {
    const { profile: p, plan: q } = await planned(STACK.replace('    deploy: { loadBalancer: true, publish: 9000 }\n', '    deploy: { publish: 7001 }\n'));
    const c = yamlDocuments(emitCompose(q, emitOptions(p, 'now')).get('compose.yaml')!)[0] as { services: Record<string, any> };
    expect(c.services.nginx.ports).toEqual(['7001:80']);
  });
});

describe('host ports the Compose balancers publish', () => {
  const TWO_ENTRIES = (a: string, b: string) => `apiVersion: capplan/v1
name: ports
workload: { rps: 100/s }
components:
  a: { kind: service, serviceTime: 10ms, calls: [c]${a} }
  b: { kind: service, serviceTime: 10ms, perRequest: 0.5, calls: [c]${b} }
  c: { kind: service, serviceTime: 10ms }
`;

  it('keeps a port the profile gives out of the defaults (a default 8080 beside a written 8080 made compose up fail to bind)', async () => {
    const { profile: p, plan: q } = await planned(TWO_ENTRIES('', ', deploy: { publish: 8080 }'));
    const c = yamlDocuments(emitCompose(q, emitOptions(p, 'now')).get('compose.yaml')!)[0] as { services: Record<string, any> };
    expect(c.services.nginx.ports).toEqual(['8081:80', '8080:81']);
  });

  it('refuses two components publishing one host port, at the second one’s deploy.publish', async () => {
    const { profile: p, plan: q } = await planned(TWO_ENTRIES(', deploy: { publish: 9000 }', ', deploy: { publish: 9000 }'));
    expect(() => emitCompose(q, emitOptions(p, 'now'))).toThrow(expect.objectContaining({
      name: 'EmitError', message: 'b publishes host port 9000, which a publishes already: Compose cannot bind one host port twice', at: { component: 'b', key: ['deploy', 'publish'] },
    }));
  });
});

describe('regions in the file headers', async () => {
  const { profile, plan } = await planned(STACK.replace('workload: { rps: 200/s }', 'workload: { rps: 200/s }\ntargets: { regions: [us-east, eu-west] }'));

  it('says the manifests are one region’s', () => {
    const note = 'The plan runs 2 regions (us-east, eu-west), each a whole copy of the stack sized for 50% of the peak';
    expect(emitK8s(plan, emitOptions(profile, 'now')).get('kustomization.yaml')).toContain(`${note}: apply these manifests in each region's cluster.`);
    expect(emitCompose(plan, emitOptions(profile, 'now')).get('compose.yaml')).toContain(`${note}: this file is one region's stack.`);
  });
});

describe('deploy keys refused', () => {
  const one = (deploy: string) => `apiVersion: capplan/v1\nname: t\nworkload: { rps: 10/s }\ncomponents:\n  api: { kind: service, capacity: 100/s, deploy: ${deploy} }\n`;

  it('refuses a bad probe path, percentage, egress or restart word', async () => {
    expect(await problems(one('{ liveness: { path: health } }'))).toEqual([expect.stringMatching(/deploy\.liveness/)]);
    expect(await problems(one('{ minAvailable: 150% }'))).toEqual([expect.stringMatching(/deploy\.minAvailable/)]);
    expect(await problems(one('{ egress: closed }'))).toEqual([expect.stringMatching(/deploy\.egress/)]);
    expect(await problems(one('{ restart: always }'))).toEqual([expect.stringMatching(/deploy\.restart/)]);
    expect(await problems(one('{ rpsMetric: { name: rps, target: 100ms } }'))).toEqual([expect.stringMatching(/deploy\.rpsMetric/)]);
  });
});

describe('durations written as whole seconds', async () => {
  const text = (deploy: string) => `apiVersion: capplan/v1
name: secs
workload: { rps: 50/s }
components:
  api:
    kind: service
    serviceTime: 10ms
    workers: 8
    deploy: { ${deploy} }
`;
  const emitted = async (deploy: string) => {
    const { profile, plan } = await planned(text(deploy));
    const opts = emitOptions(profile, 'now');
    const container = find(objects(emitK8s(plan, opts).get('api.yaml')!), 'Deployment', 'api').spec!.template.spec.containers[0];
    const compose = emitCompose(plan, opts);
    const [doc] = yamlDocuments(compose.get('compose.yaml')!) as { services: Record<string, { healthcheck: Record<string, unknown> }> }[];
    return { container, check: doc!.services.api!.healthcheck, nginx: compose.get('nginx.conf')! };
  };

  it('rounds to the nearest second for Kubernetes and nginx (nginx refuses fail_timeout=1500ms), a period and a fail timeout to at least 1 s', async () => {
    const { container, check, nginx } = await emitted('liveness: { path: /h, initialDelay: 1500ms, period: 2500ms }, readiness: { path: /r, initialDelay: 400ms, period: 400ms }, upstream: { failTimeout: 1500ms }');
    expect(container.livenessProbe).toMatchObject({ initialDelaySeconds: 2, periodSeconds: 3 });
    expect(container.readinessProbe).toMatchObject({ initialDelaySeconds: 0, periodSeconds: 1 });
    // Compose takes Go durations: the start period stays as written, the interval is the Kubernetes readiness period.
    expect(check).toMatchObject({ start_period: '1500ms', interval: '1s' });
    expect(nginx).toContain('server api:8080 max_fails=3 fail_timeout=2s;');
    const short = await emitted('upstream: { failTimeout: 400ms }');
    expect(short.nginx).toContain('server api:8080 max_fails=3 fail_timeout=1s;');
  });

  it('writes the longest the profile takes, 24 h, as 86400 s: an int32, as Kubernetes reads these fields', async () => {
    const { container, check, nginx } = await emitted('liveness: { path: /h, initialDelay: 24h, period: 24h }, readiness: { path: /r, period: 1d }, upstream: { failTimeout: 1d }');
    expect(container.livenessProbe).toMatchObject({ initialDelaySeconds: 86_400, periodSeconds: 86_400 });
    expect(container.readinessProbe).toMatchObject({ periodSeconds: 86_400 });
    expect(check).toMatchObject({ start_period: '86400s', interval: '86400s' });
    expect(nginx).toContain('fail_timeout=86400s;');
  });
});
