/** The emitters' decisions on small profiles: defaults, deploy settings, HPA bounds, PDB rule, probes, policies. */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { emitCompose } from '../../src/emit/compose.js';
import { EmitError } from '../../src/emit/context.js';
import { emitK8s } from '../../src/emit/k8s.js';
import { DEFAULT_REQUESTS } from '../../src/plan/footprint.js';
import { solve } from '../../src/plan/solve.js';
import type { Plan } from '../../src/plan/types.js';
import type { Profile } from '../../src/profile/load.js';
import { emitOptions, k8sObjects, planned, yamlDocuments, type K8sDoc } from './helpers.js';

const SHOP = `
apiVersion: capplan/v1
name: Demo Shop
workload: { rps: 200/s }
targets: { zones: 3, memoryUtilization: 75% }
phases:
  - { name: later, scale: 4 }
components:
  web:
    kind: service
    capacity: 100/s
    resources: { cpu: 500m, memory: 256Mi }
    replicas: { min: 3, max: 30 }
    calls: [api]
    deploy:
      image: ghcr.io/acme/web:1.2.3
      port: 3000
      liveness: /live
      readiness: /ready
      limits: { cpu: 1, memory: 512Mi }
      scaleUpWindow: 30s
      scaleDownWindow: 10min
      rpsMetric: http_requests_per_second
  api:
    kind: service
    capacity: 50/s
    replicas: 5
    calls: [db, cache]
  queue-worker:
    kind: worker
    serviceTime: 100ms
    calls: [db]
  db:
    kind: database
    readsPerRequest: 1
    writesPerRequest: 0.1
    capacity: 2000/s
  cache:
    kind: cache
    opsPerRequest: 2
    capacity: 50000/s
    dataset: 1GiB
    nodeMemory: 4GiB
    evictionPolicy: volatile-lru
`;

async function plan(text: string): Promise<{ profile: Profile; plan: Plan }> {
  const { profile } = await loadProfileText(text, 'test.yaml');
  return { profile, plan: solve(profile) };
}

function objectsOf(files: Map<string, string>): K8sDoc[] {
  return k8sObjects(files).map((x) => x.obj);
}

function find(objects: K8sDoc[], kind: string, name: string): K8sDoc {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name}`);
  return o;
}

const shop = await plan(SHOP);
const first = shop.plan.phases[0]!;
const shopObjects = objectsOf(emitK8s(shop.plan, emitOptions(shop.profile, first.name)));
const container = (name: string) => find(shopObjects, 'Deployment', name).spec!.template.spec.containers[0];

describe('deploy settings and defaults', () => {
  it('takes image, port, probe paths, limits and autoscaler settings from deploy', () => {
    const web = container('web');
    expect(web.image).toBe('ghcr.io/acme/web:1.2.3');
    expect(web.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    expect(web.livenessProbe.httpGet).toEqual({ path: '/live', port: 'http' });
    expect(web.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(web.resources).toEqual({ requests: { cpu: '500m', memory: '256Mi' }, limits: { cpu: '1000m', memory: '512Mi' } });
    const hpa = find(shopObjects, 'HorizontalPodAutoscaler', 'web').spec!;
    expect(hpa.behavior).toEqual({ scaleUp: { stabilizationWindowSeconds: 30 }, scaleDown: { stabilizationWindowSeconds: 600 } });
    expect(hpa.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 75 } } },
      // 100 req/s per replica × 70 % target: the rate the plan sized each replica for.
      { type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '70' } } },
    ]);
  });

  it('defaults: <name>:latest on 8080, /healthz, the requests the bill prices (500m and 512Mi for a service), memory limit = request, no CPU limit', () => {
    const api = container('api');
    expect(api.image).toBe('api:latest');
    expect(api.ports[0].containerPort).toBe(8080);
    expect(api.livenessProbe.httpGet.path).toBe('/healthz');
    expect(api.readinessProbe.httpGet.path).toBe('/healthz');
    expect(api.resources).toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { memory: '512Mi' } });
    expect(DEFAULT_REQUESTS.service).toEqual({ cpuCores: 0.5, memoryBytes: 512 * 1024 ** 2 });
  });

  it('labels every object with the profile as part-of, as a valid label value', () => {
    for (const o of shopObjects) expect(o.metadata.labels!['app.kubernetes.io/part-of']).toBe('demo-shop');
  });

  it('gives a worker nobody calls no port, no probe, no Service, and a policy that admits nothing', () => {
    const worker = container('queue-worker');
    expect(worker.ports).toBeUndefined();
    expect(worker.livenessProbe).toBeUndefined();
    expect(shopObjects.some((o) => o.kind === 'Service' && o.metadata.name === 'queue-worker')).toBe(false);
    expect(find(shopObjects, 'NetworkPolicy', 'queue-worker').spec).not.toHaveProperty('ingress');
  });

  it('sizes Redis and its volume from the plan, at 80 % full; defaults a database volume without a storage figure to 8 GiB ÷ 0.8 = 10Gi', () => {
    const cache = shop.plan.phases[0]!.components.find((c) => c.name === 'cache')!;
    const redis = find(shopObjects, 'StatefulSet', 'cache');
    const args = redis.spec!.template.spec.containers[0].args as string[];
    expect(args[args.indexOf('--maxmemory') + 1]).toBe(String(Math.floor(4 * 1024 ** 3 * 0.75)));
    expect(args[args.indexOf('--maxmemory-policy') + 1]).toBe('volatile-lru');
    expect(cache.detail.maxmemory).toBe(Math.floor(4 * 1024 ** 3 * 0.75));
    // Twice maxmemory (3 GiB) ÷ 0.8 = 7.5 GiB, rounded up.
    expect(redis.spec!.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('8Gi');
    expect(find(shopObjects, 'StatefulSet', 'db').spec!.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('10Gi');
  });
});

describe('volumes at 80 % full', () => {
  it('claims a database node’s share of the data at the end of retention ÷ 0.8, and the ConfigMap of a managed one the same', async () => {
    const text = SHOP.replace('    capacity: 2000/s\n', '    capacity: 2000/s\n    bytesPerWrite: 4KB\n    retention: 365d\n');
    const { profile, plan: p } = await plan(text);
    const db = p.phases[0]!.components.find((c) => c.name === 'db')!;
    // 200 req/s × 0.1 writes × 4 KB × 365 d (the mean rate is the peak here: no peak factor).
    expect(db.storageBytes).toBeCloseTo(200 * 0.1 * 4000 * 365 * 86_400, 0);
    const claim = find(objectsOf(emitK8s(p, emitOptions(profile, p.phases[0]!.name))), 'StatefulSet', 'db').spec!.volumeClaimTemplates[0].spec.resources.requests.storage;
    expect(claim).toBe(`${Math.ceil(db.storageBytes! / 0.8 / 1024 ** 3)}Gi`);
    const managed = await plan(text.replace('    capacity: 2000/s\n', '    capacity: 2000/s\n    managed: true\n'));
    const config = find(objectsOf(emitK8s(managed.plan, emitOptions(managed.profile, 'now'))), 'ConfigMap', 'db').data!;
    expect(config.storage).toBe(claim);
  });
});

describe('autoscaler bounds and disruption budgets', () => {
  it('floors the HPA at the profile’s replicas.min (at least the zones) and caps it at the profile’s replicas.max', () => {
    const web = first.components.find((c) => c.name === 'web')!;
    const last = shop.plan.phases[1]!.components.find((c) => c.name === 'web')!;
    const hpa = find(shopObjects, 'HorizontalPodAutoscaler', 'web').spec!;
    expect(hpa.minReplicas).toBe(Math.min(web.replicas, 3));
    expect(hpa.maxReplicas).toBe(30);
    expect(last.replicas).toBeLessThan(30);
    expect(emitK8s(shop.plan, emitOptions(shop.profile, first.name)).get('web.yaml')).toMatch(/^# web \(service\): \d+ replicas \(binding \w+\); autoscaled \d+-30 \(floor: replicas\.min; ceiling: replicas\.max\)\.$/m);
  });

  it('without replicas.max, caps the HPA at the last phase’s peak and says so', () => {
    const last = shop.plan.phases[1]!.components.find((c) => c.name === 'queue-worker')!;
    const hpa = find(shopObjects, 'HorizontalPodAutoscaler', 'queue-worker').spec!;
    expect(hpa.maxReplicas).toBe(last.replicas);
    expect(emitK8s(shop.plan, emitOptions(shop.profile, first.name)).get('queue-worker.yaml')).toContain('ceiling: peak of phase "later" (no replicas.max given)');
  });

  it('counts the last phase’s peak in pods of the emitted phase’s size: thea-ia’s agents, 3 replicas of 4 GPUs later, are 12 of 1 GPU now', async () => {
    const { profile, plan: p } = await planned('profiles/thea-ia.yaml');
    const now = p.phases[0]!.components.find((c) => c.name === 'agents')!;
    const later = p.phases.at(-1)!.components.find((c) => c.name === 'agents')!;
    // Vertical scaling: 1 GPU a replica today (50 query/s each), 4 in the last phase (200 each).
    expect([now.replicas, now.capacityPerUnit, later.replicas, later.capacityPerUnit]).toEqual([2, 50, 3, 200]);
    const files = emitK8s(p, emitOptions(profile, p.phases[0]!.name));
    const hpa = find(objectsOf(files), 'HorizontalPodAutoscaler', 'agents').spec!;
    // The last phase carries 3 × 200 = 600 query/s at 100 %: ⌈600 / 50⌉ = 12 of today's pods (it capped them at 3, a quarter of that).
    expect(hpa.maxReplicas).toBe(12);
    expect(files.get('agents.yaml')).toContain('ceiling: peak of phase "H08-H09 sharded and clustered": its 3 replicas of 200 query/s each are 12 of these 50 query/s ones (no replicas.max given)');
    // Emitted at the last phase itself, the pods are the same size: the count stands.
    const atLast = find(objectsOf(emitK8s(p, emitOptions(profile, p.phases.at(-1)!.name))), 'HorizontalPodAutoscaler', 'agents');
    expect(atLast.spec!.maxReplicas).toBe(later.replicas);
  });

  it('takes the documents’ own ranges: litper 3-50, ngx-agents level 2 5-10', async () => {
    const ceiling = async (file: string, phase: number, name: string) => {
      const { profile, plan: p } = await planned(file);
      const hpa = find(objectsOf(emitK8s(p, emitOptions(profile, p.phases[phase]!.name))), 'HorizontalPodAutoscaler', name).spec!;
      return `${hpa.minReplicas}-${hpa.maxReplicas}`;
    };
    expect(await ceiling('profiles/litper.yaml', 0, 'litper-api')).toBe('3-50');
    expect(await ceiling('profiles/ngx-agents.yaml', 1, 'ngx')).toBe('5-10');
  });

  it('writes no HPA for a fixed replica count and keeps n − ⌈n/z⌉ available', () => {
    expect(shopObjects.some((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === 'api')).toBe(false);
    expect(find(shopObjects, 'PodDisruptionBudget', 'api').spec).toEqual(expect.objectContaining({ minAvailable: 5 - Math.ceil(5 / 3) }));
  });

  it('writes the same need as a share of the scale when an HPA moves it, exact at the planned replicas', () => {
    // The Deployment leaves the count to the HPA (no spec.replicas); the plan's is in its annotation.
    const n = first.components.find((c) => c.name === 'web')!.replicas;
    expect(find(shopObjects, 'Deployment', 'web').spec).not.toHaveProperty('replicas');
    expect(find(shopObjects, 'Deployment', 'web').metadata.annotations?.['capplan/topology']).toBe(`${n} replicas`);
    const pdb = find(shopObjects, 'PodDisruptionBudget', 'web').spec!;
    expect(n).toBeGreaterThan(2);
    const pct = Number(String(pdb.minAvailable).replace('%', ''));
    // Kubernetes rounds a percentage minAvailable up.
    expect(Math.ceil((pct / 100) * n)).toBe(n - Math.ceil(n / 3));
    expect(pdb).not.toHaveProperty('maxUnavailable');
  });

  it('lets one stateful node or one of two replicas go at a time', () => {
    expect(find(shopObjects, 'PodDisruptionBudget', 'db').spec).toEqual(expect.objectContaining({ maxUnavailable: 1 }));
    expect(find(shopObjects, 'PodDisruptionBudget', 'cache').spec).not.toHaveProperty('minAvailable');
  });
});

describe('network policies', () => {
  const from = (name: string) =>
    (find(shopObjects, 'NetworkPolicy', name).spec!.ingress ?? []).flatMap((r: { from: { podSelector?: { matchLabels: Record<string, string> }; namespaceSelector?: { matchLabels: Record<string, string> } }[] }) =>
      r.from.map((p) => p.podSelector?.matchLabels['app.kubernetes.io/name'] ?? `ns:${p.namespaceSelector!.matchLabels['kubernetes.io/metadata.name']}`),
    );

  it('admits each component only from its callers, and the entry point from the ingress controller', () => {
    expect(from('web')).toEqual(['ingress-nginx']);
    expect(from('api')).toEqual(['web']);
    expect(from('db')).toEqual(['api', 'queue-worker', 'db']);
    expect(from('cache')).toEqual(['api', 'cache']);
    const ingressPeer = find(shopObjects, 'NetworkPolicy', 'web').spec!.ingress[0].from[0];
    expect(ingressPeer.namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'ingress-nginx' });
  });

  it('without any calls, lets every workload reach every other and admits the ingress to the first on the path', async () => {
    const open = await plan(`
apiVersion: capplan/v1
name: open
workload: { rps: 10/s }
components:
  front: { kind: service, capacity: 100/s }
  back: { kind: service, capacity: 100/s }
  db: { kind: database, readsPerRequest: 1, capacity: 1000/s }
  jobs: { kind: worker, serviceTime: 100ms }
`);
    const files = emitK8s(open.plan, emitOptions(open.profile, open.plan.phases[0]!.name));
    const objects = objectsOf(files);
    const peers = (name: string) => find(objects, 'NetworkPolicy', name).spec!.ingress.flatMap((r: { from: { podSelector?: { matchLabels: Record<string, string> }; namespaceSelector?: unknown }[] }) => r.from.map((p) => (p.namespaceSelector ? 'ingress' : p.podSelector!.matchLabels['app.kubernetes.io/name'])));
    expect(peers('front')).toEqual(['back', 'db', 'jobs', 'ingress']);
    expect(peers('back')).toEqual(['front', 'db', 'jobs']);
    expect(find(objects, 'Deployment', 'jobs').spec!.template.spec.containers[0].ports).toBeUndefined();
    expect(files.get('kustomization.yaml')).toMatch(/No component declares calls/);
  });

  it('follows calls through network components, and takes a link nobody calls as the outside', async () => {
    const linked = await plan(`
apiVersion: capplan/v1
name: linked
workload: { rps: 10/s }
components:
  uplink: { kind: network, bytesPerRequest: 10KB, calls: [edge] }
  edge: { kind: service, capacity: 100/s, calls: [api] }
  api: { kind: service, capacity: 100/s, calls: [lan] }
  lan: { kind: network, bytesPerRequest: 10KB, calls: [db] }
  db: { kind: database, readsPerRequest: 1, capacity: 1000/s }
`);
    const objects = objectsOf(emitK8s(linked.plan, emitOptions(linked.profile, linked.plan.phases[0]!.name)));
    const peers = (name: string) => find(objects, 'NetworkPolicy', name).spec!.ingress.flatMap((r: { from: { podSelector?: { matchLabels: Record<string, string> }; namespaceSelector?: unknown }[] }) => r.from.map((p) => (p.namespaceSelector ? 'ingress' : p.podSelector!.matchLabels['app.kubernetes.io/name'])));
    expect(peers('edge')).toEqual(['ingress']);
    expect(peers('api')).toEqual(['edge']);
    expect(peers('db')).toEqual(['api', 'db']);
  });
});

describe('kinds without pods', () => {
  it('records a managed component as a ConfigMap of the size to buy', async () => {
    const { profile, plan: p } = await planned('profiles/ngx-agents.yaml');
    const objects = objectsOf(emitK8s(p, emitOptions(profile, p.phases[0]!.name)));
    const supabase = find(objects, 'ConfigMap', 'supabase');
    expect(supabase.data).toEqual(expect.objectContaining({ kind: 'database', maxConnections: expect.any(String), storage: expect.stringMatching(/Gi$/) }));
    expect(objects.filter((o) => o.metadata.name === 'supabase').map((o) => o.kind)).toEqual(['ConfigMap']);
    expect(find(objects, 'ConfigMap', 'vertex-ai').data!.kind).toBe('adapter');
  });

  it('turns a disk into a shared claim mounted by its callers, and leaves a network out with a note', async () => {
    const { profile, plan: p } = await planned('profiles/free-intelligence.yaml');
    const files = emitK8s(p, emitOptions(profile, p.phases[0]!.name));
    const objects = objectsOf(files);
    const claim = find(objects, 'PersistentVolumeClaim', 'storage');
    expect(claim.spec!.accessModes).toEqual(['ReadWriteMany']);
    // The data at the end of the retention period, provisioned at the disk's fill level (80 %).
    expect(claim.spec!.resources.requests.storage).toBe(`${Math.ceil(p.phases[0]!.components.find((c) => c.name === 'storage')!.storageBytes! / 0.8 / 1024 ** 3)}Gi`);
    expect(find(objects, 'Deployment', 'worker').spec!.template.spec.containers[0].volumeMounts).toEqual([{ name: 'storage', mountPath: '/data/storage' }]);
    expect(files.has('network.yaml')).toBe(false);
    expect(files.get('kustomization.yaml')).toMatch(/Not emitted: network \(network\)/);
  });

  it('gives GPU agents a GPU limit and tolerates GPU node taints', async () => {
    const { profile, plan: p } = await planned('profiles/blatam-academy.yaml');
    const bul = find(objectsOf(emitK8s(p, emitOptions(profile, p.phases[0]!.name))), 'Deployment', 'bul');
    expect(bul.spec!.template.spec.containers[0].resources.limits['nvidia.com/gpu']).toBe('1');
    expect(bul.spec!.template.spec.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  it('spreads over zones only when the phase has more than one', async () => {
    const { profile, plan: p } = await planned('profiles/free-intelligence.yaml');
    const api = find(objectsOf(emitK8s(p, emitOptions(profile, p.phases[0]!.name))), 'Deployment', 'api');
    expect(api.spec!.template.spec).not.toHaveProperty('topologySpreadConstraints');
    expect(api.spec!.template.spec.affinity.podAntiAffinity).toBeDefined();
    expect(find(shopObjects, 'Deployment', 'web').spec!.template.spec.topologySpreadConstraints[0].topologyKey).toBe('topology.kubernetes.io/zone');
  });
});

describe('alerts', () => {
  it('derives thresholds from the plan: CPU target, latency budget (or 1.5 × p95), max sustainable rate', async () => {
    const { profile, plan: p } = await planned('profiles/litper.yaml');
    const phase = p.phases[0]!;
    const files = emitK8s(p, { ...emitOptions(profile, phase.name), alerts: true, namespace: 'prod' });
    const rule = yamlDocuments(files.get('prometheus-rules.yaml')!)[0] as K8sDoc;
    const rules = rule.spec!.groups[0].rules as { alert: string; expr: string; labels: { component: string } }[];
    const of = (alert: string, component: string) => rules.find((r) => r.alert === alert && r.labels.component === component)!.expr;
    const api = phase.components.find((c) => c.name === 'litper-api')!;
    expect(of('CapplanCpuAboveTarget', 'litper-api')).toMatch(/namespace="prod",container="litper-api".* > 0\.7$/);
    expect(of('CapplanLatencyP95AboveBudget', 'litper-api')).toMatch(/> 0\.2$/);
    expect(Number(/> ([\d.]+)$/.exec(of('CapplanHeadroomGone', 'litper-api'))![1])).toBeCloseTo(api.maxRps * api.visits, 2);
    const chat = phase.components.find((c) => c.name === 'chat-svc')!;
    expect(Number(/> ([\d.]+)$/.exec(of('CapplanLatencyP95AboveBudget', 'chat-svc'))![1])).toBeCloseTo(chat.latencyP95! * 1.5, 3);
    expect(rules.some((r) => r.alert === 'CapplanLatencyP95AboveBudget' && r.labels.component === 'workers')).toBe(false);
  });
});

describe('errors', () => {
  it('refuses an unknown phase and names the phases', () => {
    expect(() => emitK8s(shop.plan, { ...emitOptions(shop.profile, first.name), phase: 'nope' })).toThrow(EmitError);
  });

  it('refuses a component whose file would be the kustomization', async () => {
    const odd = await plan(`
apiVersion: capplan/v1
name: odd
workload: { rps: 10/s }
components:
  kustomization: { kind: service, capacity: 100/s }
`);
    expect(() => emitK8s(odd.plan, emitOptions(odd.profile, odd.plan.phases[0]!.name))).toThrow(/would both be named "kustomization.yaml"/);
  });

  it('names the load balancer around a component called nginx', async () => {
    const lb = await plan(`
apiVersion: capplan/v1
name: lb
workload: { rps: 10/s }
components:
  nginx: { kind: service, capacity: 100/s }
`);
    const compose = yamlDocuments(emitCompose(lb.plan, emitOptions(lb.profile, lb.plan.phases[0]!.name)).get('compose.yaml')!)[0] as { services: Record<string, unknown> };
    expect(Object.keys(compose.services)).toEqual(['nginx', 'nginx-lb']);
  });
});
