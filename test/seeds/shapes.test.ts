/**
 * The manifests take each document's shape (issue 14): this test emits the bundled profiles'
 * Kubernetes and Compose files, reads them back as YAML, and checks the shapes the documents
 * write down: ports, probes, requests and limits, HPA bounds, metrics and windows, PDB, the
 * NetworkPolicy's ingress and egress, Redis Sentinel, nginx's least_conn and fail_timeout, the
 * Compose restart policy and the stated alerts. What the documents show is quoted beside each check.
 */
import { describe, expect, it } from 'vitest';
import { composeOf, k8sOf, planned, yamlDocuments, type K8sDoc } from '../emit/helpers.js';

type Compose = { services: Record<string, any> };

/** The objects of one emitted Kubernetes file, by kind. */
function objectsOf(files: ReadonlyMap<string, string>, file: string): Map<string, K8sDoc[]> {
  const text = files.get(file);
  if (!text) throw new Error(`no ${file}: ${[...files.keys()].join(', ')}`);
  const out = new Map<string, K8sDoc[]>();
  for (const o of yamlDocuments(text) as K8sDoc[]) out.set(o.kind, [...(out.get(o.kind) ?? []), o]);
  return out;
}

const one = (m: Map<string, K8sDoc[]>, kind: string, name?: string): K8sDoc => {
  const list = m.get(kind) ?? [];
  const o = name === undefined ? list[0] : list.find((x) => x.metadata.name === name);
  if (!o) throw new Error(`no ${kind}${name ? ` ${name}` : ''}`);
  return o;
};

const container = (d: K8sDoc) => d.spec!.template.spec.containers[0];

/** The HPA resource metrics both documents write: CPU at 70 % and memory at 80 % utilisation. */
const CPU_70_MEMORY_80 = [
  { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
  { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
];

describe('litper: the document\'s Deployment, HPA, PDB and NetworkPolicy, and Redis Sentinel', async () => {
  const { profile, plan } = await planned('profiles/litper.yaml');
  const files = k8sOf(profile, plan, 'initial');
  const api = objectsOf(files, 'litper-api.yaml');

  it('serves on 8000 with /health and /ready probes timed as written', () => {
    const c = container(one(api, 'Deployment'));
    expect(c.image).toBe('litper/api:latest');
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8000, protocol: 'TCP' }]);
    // livenessProbe: path /health, port 8000, initialDelaySeconds 30, periodSeconds 10
    expect(c.livenessProbe).toMatchObject({ httpGet: { path: '/health', port: 'http' }, initialDelaySeconds: 30, periodSeconds: 10 });
    // readinessProbe: path /ready, port 8000, initialDelaySeconds 5, periodSeconds 5
    expect(c.readinessProbe).toMatchObject({ httpGet: { path: '/ready', port: 'http' }, initialDelaySeconds: 5, periodSeconds: 5 });
  });

  it('requests 250m and 512Mi and is limited to 1000m and 1Gi', () => {
    expect(container(one(api, 'Deployment')).resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1000m', memory: '1Gi' } });
  });

  it('autoscales 3-50 on CPU 70 % and memory 80 %, scale-down window 300 s, scale-up 60 s', () => {
    const hpa = one(api, 'HorizontalPodAutoscaler').spec!;
    expect([hpa.minReplicas, hpa.maxReplicas]).toEqual([3, 50]);
    expect(hpa.metrics).toEqual(CPU_70_MEMORY_80);
    expect(hpa.behavior).toEqual({ scaleDown: { stabilizationWindowSeconds: 300 }, scaleUp: { stabilizationWindowSeconds: 60 } });
  });

  it('keeps minAvailable: 2 as written', () => {
    expect(one(api, 'PodDisruptionBudget').spec).toMatchObject({ minAvailable: 2 });
    expect(one(api, 'PodDisruptionBudget').spec).not.toHaveProperty('maxUnavailable');
  });

  it('admits the ingress controller on 8000 and lets out only DNS and the callees', () => {
    const np = one(api, 'NetworkPolicy').spec!;
    expect(np.policyTypes).toEqual(['Ingress', 'Egress']);
    const fromIngress = np.ingress.find((r: any) => r.from.some((f: any) => f.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'ingress-nginx'));
    expect(fromIngress.ports).toEqual([{ port: 8000, protocol: 'TCP' }]);
    const egress = np.egress as { to: any[]; ports?: { port: number; protocol: string }[] }[];
    const dns = egress.find((r) => r.to.some((t) => t.podSelector?.matchLabels?.['k8s-app'] === 'kube-dns'))!;
    expect(dns.ports).toEqual([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }]);
    const to = (name: string) => egress.find((r) => r.to.some((t) => t.podSelector?.matchLabels?.['app.kubernetes.io/name'] === name))?.ports?.[0]?.port;
    expect(to('postgres')).toBe(5432);
    expect(to('redis')).toBe(6379);
    expect(to('redis-sentinel')).toBe(26379);
    expect(to('chat-svc')).toBe(8080);
    // Nothing else: no rule to the internet (litper-api calls no third-party API itself).
    expect(egress.some((r) => r.to.some((t) => t.ipBlock))).toBe(false);
  });

  it('runs Redis as a master with 2 replicas and 3 sentinels that agree by a majority', () => {
    const redis = objectsOf(files, 'redis.yaml');
    expect(one(redis, 'StatefulSet', 'redis').spec!.replicas).toBe(3);
    const sentinel = one(redis, 'StatefulSet', 'redis-sentinel');
    expect(sentinel.spec!.replicas).toBe(3);
    const script = container(sentinel).command.join(' ');
    expect(script).toContain('sentinel monitor mymaster $MASTER 6379 2');
    expect(container(one(redis, 'StatefulSet', 'redis')).command.join(' ')).toContain('--replicaof "$MASTER" 6379');
  });

  it('runs PostgreSQL as a primary and 2 read replicas', () => {
    expect(one(objectsOf(files, 'postgres.yaml'), 'StatefulSet').spec!.replicas).toBe(3);
  });
});

describe('thea-ia: the FSM\'s HPA as the document writes it', async () => {
  const { profile, plan } = await planned('profiles/thea-ia.yaml');
  const fsm = objectsOf(k8sOf(profile, plan, 'v0.14 today'), 'fsm.yaml');

  // The document writes CPU 70; the profile has the FSM wait for PostgreSQL (blocking), so a worker
  // at 70 % busy computes only for its own 20 ms of each ~22 ms it is held: the CPU it shows at the
  // 70 % target is 70 % × 20 / 22.0 = 64 % (docs/manifests.md, "CPU of workers held by blocking calls").
  it('autoscales 3-20 on CPU 64 (the document\'s 70 of busy time, less the wait for PostgreSQL), memory 80 and http_requests_per_second averageValue "100"', () => {
    const hpa = one(fsm, 'HorizontalPodAutoscaler').spec!;
    expect([hpa.minReplicas, hpa.maxReplicas]).toEqual([3, 20]);
    const d = plan.phases[0]!.components.find((c) => c.name === 'fsm')!.detail;
    expect(d.ownTime).toBe(0.02);
    expect(d.heldTime as number).toBeGreaterThan(0.021);
    expect(d.heldTime as number).toBeLessThan(0.023);
    expect(hpa.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 64 } } },
      CPU_70_MEMORY_80[1],
      { type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '100' } } },
    ]);
  });

  it('asks CPU 500m and RAM 256Mi per replica', () => {
    expect(container(one(fsm, 'Deployment')).resources.requests).toEqual({ cpu: '500m', memory: '256Mi' });
  });
});

describe('ngx-agents: each level\'s manifest', async () => {
  const { profile, plan } = await planned('profiles/ngx-agents.yaml');

  it('level 1: requests 1 CPU and 2Gi, limits 2 CPUs and 4Gi, image ngx-agents:latest', () => {
    const c = container(one(objectsOf(k8sOf(profile, plan, 'level 1 (1-100 users)'), 'ngx.yaml'), 'Deployment'));
    expect(c.image).toBe('ngx-agents:latest');
    expect(c.resources).toEqual({ requests: { cpu: '1000m', memory: '2Gi' }, limits: { cpu: '2000m', memory: '4Gi' } });
  });

  it('level 2: an HPA of 5-10 on CPU 70 % and memory 80 %', () => {
    const hpa = one(objectsOf(k8sOf(profile, plan, 'level 2 (100-1000 users)'), 'ngx.yaml'), 'HorizontalPodAutoscaler').spec!;
    expect([hpa.minReplicas, hpa.maxReplicas]).toEqual([5, 10]);
    expect(hpa.metrics.map((m: any) => m.resource.target.averageUtilization)).toEqual([70, 80]);
  });

  it('level 3: preferred anti-affinity by hostname (weight 100), spread over zones, requests 4/8Gi, limits 8/16Gi', () => {
    const d = one(objectsOf(k8sOf(profile, plan, 'level 3 (1000-10000 users)'), 'ngx.yaml'), 'Deployment');
    const spec = d.spec!.template.spec;
    const term = spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0];
    expect(term.weight).toBe(100);
    expect(term.podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
    expect(spec.topologySpreadConstraints[0].topologyKey).toBe('topology.kubernetes.io/zone');
    expect(container(d).resources).toEqual({ requests: { cpu: '4000m', memory: '8Gi' }, limits: { cpu: '8000m', memory: '16Gi' } });
  });

  it('--alerts carries the document\'s thresholds: response time > 2 s for 5 minutes, CPU > 90 % for 10 minutes', () => {
    const files = k8sOf(profile, plan, 'level 3 (1000-10000 users)', { alerts: true });
    const rules = (yamlDocuments(files.get('prometheus-rules.yaml')!)[0] as K8sDoc).spec!.groups[0].rules as { alert: string; expr: string; for: string; labels: Record<string, string> }[];
    const critical = rules.filter((r) => r.alert === 'ResponseTimeCritical');
    expect(critical.map((r) => r.labels.component)).toEqual(['gateway']);
    expect(critical[0]).toMatchObject({ for: '300s', labels: { severity: 'critical', source: 'profile' } });
    expect(critical[0]!.expr).toMatch(/http_request_duration_seconds_sum\{service="gateway"\}.*> 2$/);
    const cpu = rules.filter((r) => r.alert === 'CpuCritical');
    expect(cpu.length).toBeGreaterThan(1);
    expect(cpu.every((r) => r.for === '600s' && / > 0\.9$/.test(r.expr))).toBe(true);
    expect(rules.some((r) => r.alert === 'CacheHitRatioWarning' && / < 0\.5$/.test(r.expr))).toBe(true);
  });
});

describe('blatam-academy: nginx least_conn over the instances on 8002, restart on failure, the scenarios\' autoscalers', async () => {
  const { profile, plan } = await planned('profiles/blatam-academy.yaml');

  it('Compose: one nginx (the lb component) balancing bul on port 8002 by least_conn', () => {
    const files = composeOf(profile, plan, 'phase 2 (small team)');
    const compose = yamlDocuments(files.get('compose.yaml')!)[0] as Compose;
    const nginx = files.get('nginx.conf')!;
    expect(Object.keys(compose.services).sort()).toEqual(['bul', 'cache', 'lb']);
    expect(compose.services.lb.image).toBe('nginx:1.27');
    expect(compose.services.lb.volumes).toEqual(['./nginx.conf:/etc/nginx/nginx.conf:ro']);
    expect(nginx).toMatch(/upstream bul \{\n\s+least_conn;\n\s+server bul:8002 /);
    expect(nginx.match(/^\s*upstream /gm)).toHaveLength(1);
    // bul: replicas 3 ("2-3 instancias"), restart_policy: condition: on-failure, update_config parallelism 1, delay 10s
    expect(compose.services.bul.deploy.replicas).toBe(3);
    expect(compose.services.bul.deploy.restart_policy.condition).toBe('on-failure');
    expect(compose.services.bul.deploy.update_config).toMatchObject({ parallelism: 1, delay: '10s' });
  });

  it('Kubernetes: no second balancer; bul is reached from the ingress', () => {
    const files = k8sOf(profile, plan, 'phase 2 (small team)');
    expect(files.has('lb.yaml')).toBe(false);
    expect(files.get('kustomization.yaml')).toMatch(/Not emitted: lb \(deploy\.loadBalancer\)/);
    const np = one(objectsOf(files, 'bul.yaml'), 'NetworkPolicy').spec!;
    expect(np.ingress.some((r: any) => r.ports[0].port === 8002 && r.from.some((f: any) => f.namespaceSelector))).toBe(true);
  });

  it('the scenarios: 3-20, fixed 10 (no autoscaler), 2-15 with cooldowns of 300 s up and 600 s down', () => {
    const hpa = (phaseName: string) => objectsOf(k8sOf(profile, plan, phaseName), 'bul.yaml').get('HorizontalPodAutoscaler')?.[0]?.spec;
    expect([hpa('spikes (3-20 at 70%)')!.minReplicas, hpa('spikes (3-20 at 70%)')!.maxReplicas]).toEqual([3, 20]);
    expect(hpa('constant (fixed 10)')).toBeUndefined();
    const variable = hpa('variable (2-15 at 75%)')!;
    expect([variable.minReplicas, variable.maxReplicas]).toEqual([2, 15]);
    expect(variable.behavior).toEqual({ scaleDown: { stabilizationWindowSeconds: 600 }, scaleUp: { stabilizationWindowSeconds: 300 } });
    expect(variable.metrics[0].resource.target.averageUtilization).toBe(75);
  });

  it('two regions: the manifests are one region\'s, said so', () => {
    const text = k8sOf(profile, plan, 'phase 4 (enterprise, two regions)').get('kustomization.yaml')!;
    expect(text).toContain("The plan runs 2 regions (us-east, eu-west)");
  });
});

describe('free-intelligence: the document\'s compose.yaml and nginx.conf', async () => {
  const { profile, plan } = await planned('profiles/free-intelligence.yaml');
  const files = composeOf(profile, plan, 'phase 1 (4 workers)');
  const compose = yamlDocuments(files.get('compose.yaml')!)[0] as Compose;

  it('nginx publishes "7001:80" and balances api:8000 by least_conn with max_fails=3 fail_timeout=30s', () => {
    expect(compose.services.nginx.ports).toEqual(['7001:80']);
    const nginx = files.get('nginx.conf')!;
    expect(nginx).toContain('listen 80;');
    expect(nginx).toMatch(/least_conn;\n\s+server api:8000 max_fails=3 fail_timeout=30s;/);
  });

  it('api: 4 replicas limited to cpus 1 and 1G, checked on /health; worker: 2 replicas limited to 512M', () => {
    expect(compose.services.api.deploy.replicas).toBe(4);
    expect(compose.services.api.deploy.resources.limits).toEqual({ cpus: 1, memory: '1g' });
    expect(compose.services.api.healthcheck.test[1]).toContain('http://127.0.0.1:8000/health');
    expect(compose.services.worker.deploy.replicas).toBe(2);
    expect(compose.services.worker.deploy.resources.limits).toEqual({ cpus: 1, memory: '512m' });
  });

  it('redis: --maxmemory 6gb --maxmemory-policy allkeys-lru --appendonly yes', () => {
    const cmd = compose.services.redis.command as string[];
    expect(cmd[cmd.indexOf('--maxmemory') + 1]).toBe(String(6 * 1024 ** 3));
    expect(cmd[cmd.indexOf('--maxmemory-policy') + 1]).toBe('allkeys-lru');
    expect(cmd[cmd.indexOf('--appendonly') + 1]).toBe('yes');
  });
});
