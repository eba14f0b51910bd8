/**
 * Component names too long for what the emitters derive from them (src/emit/name-limits.ts): for
 * each kind of component, the longest name emits and one character more is refused, at the name,
 * with the object too long, its limit and the longest name allowed; every name and label value of
 * every emitted object (bundled profiles, and a profile of names at their longest) is within its
 * limit, checked by validators that do not share the emitter's rules (k8s-validators.ts).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadProfileFile } from '../../src/cli/profile-input.js';
import { emitCompose } from '../../src/emit/compose.js';
import { EmitError, EmitErrors } from '../../src/emit/context.js';
import { emitK8s } from '../../src/emit/k8s.js';
import { k8sLimitedNames, NAME_RULES } from '../../src/emit/name-limits.js';
import type { Profile } from '../../src/profile/load.js';
import { solve } from '../../src/plan/solve.js';
import { summariseManifests } from '../../src/report/manifests.js';
import type { Plan } from '../../src/plan/types.js';
import { allPhases, composeOf, emitOptions, k8sObjects, k8sOf, yamlDocuments } from './helpers.js';
import { semanticErrors } from './k8s-validators.js';

/** The roles of the long-name profile, each a component of another kind or setting. */
const ROLES = ['balancer', 'service', 'network', 'worker', 'database', 'cache', 'sentinels', 'managed', 'disk'] as const;
type Role = (typeof ROLES)[number];

/**
 * The longest name each role takes in each output. 63 is the profile's own limit (a DNS-1035
 * label); a StatefulSet's 52 (its pods' controller-revision-hash label); a cache with Sentinels
 * also names the Sentinels' StatefulSet <name>-sentinel (52 − 9 = 43) and, in Compose, the service
 * <name>-sentinel that Docker's DNS resolves (63 − 9 = 54).
 */
const LONGEST: Readonly<Record<Role, { k8s: number; compose: number }>> = {
  balancer: { k8s: 63, compose: 63 },
  service: { k8s: 63, compose: 63 },
  network: { k8s: 63, compose: 63 },
  worker: { k8s: 63, compose: 63 },
  database: { k8s: 52, compose: 63 },
  cache: { k8s: 52, compose: 63 },
  sentinels: { k8s: 43, compose: 54 },
  managed: { k8s: 63, compose: 63 },
  disk: { k8s: 63, compose: 63 },
};

/** A name of `length` characters starting with the role. */
function nameOf(role: Role, length: number): string {
  return `${role}-`.padEnd(length, 'x');
}

/** A profile with one component per role, named as given: calls through a network, egress restricted, a load balancer, a disk. */
function profileText(names: Readonly<Record<Role, string>>): string {
  const n = names;
  return `apiVersion: capplan/v1
name: long-names
workload:
  rps: 50/s
targets:
  latencyP95: 2s
  zones: 3
components:
  ${n.balancer}:
    kind: service
    serviceTime: 1ms
    workers: 4
    deploy: { loadBalancer: true }
    calls: [${n.service}]
  ${n.service}:
    kind: service
    serviceTime: 10ms
    workers: 8
    replicas: { min: 3, max: 12 }
    deploy: { egress: calls }
    calls: [${n.network}, ${n.managed}, ${n.disk}, ${n.worker}]
  ${n.network}:
    kind: network
    bytesPerRequest: 10KB
    link: 10GbE
    calls: [${n.database}, ${n.cache}, ${n.sentinels}]
  ${n.worker}:
    kind: worker
    serviceTime: 20ms
    workers: 4
    perRequest: 0.5
  ${n.database}:
    kind: database
    readsPerRequest: 1
    writesPerRequest: 1
    capacity: 1000/s
  ${n.cache}:
    kind: cache
    opsPerRequest: 2
    capacity: 50000/s
  ${n.sentinels}:
    kind: cache
    opsPerRequest: 3
    capacity: 50000/s
    dataset: 2GiB
    nodeMemory: 4GiB
    sentinels: 3
    cluster: false
  ${n.managed}:
    kind: database
    managed: true
    readsPerRequest: 1
    capacity: 1000/s
  ${n.disk}:
    kind: disk
    writeBytesPerRequest: 4KB
    iopsPerRequest: 1
    device: gp3
    retention: 30d
`;
}

/** Every role at its longest name for `output`, but `role` at `length`. */
function names(output: 'k8s' | 'compose', role?: Role, length?: number): Record<Role, string> {
  return Object.fromEntries(ROLES.map((r) => [r, nameOf(r, r === role ? length! : LONGEST[r][output])])) as Record<Role, string>;
}

const dir = mkdtempSync(join(tmpdir(), 'capplan-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let written = 0;

/** The profile's file, validated and planned. */
async function plannedText(text: string): Promise<{ file: string; profile: Profile; plan: Plan }> {
  const file = join(dir, `p${written++}.yaml`);
  writeFileSync(file, text);
  const { profile } = await loadProfileFile(file);
  return { file, profile, plan: solve(profile) };
}

/** The errors an emit throws, one per component refused (none when it emits). */
function refusals(emit: () => unknown): EmitError[] {
  try {
    emit();
    return [];
  } catch (error) {
    if (error instanceof EmitErrors) return [...error.errors];
    throw error;
  }
}

describe('the longest name of each kind emits, one character more is refused at emit time', () => {
  describe.each(['k8s', 'compose'] as const)('emit %s', (output) => {
    const emit = (profile: Profile, plan: Plan) => () => (output === 'k8s' ? emitK8s(plan, { ...emitOptions(profile, 'now'), alerts: true }) : emitCompose(plan, emitOptions(profile, 'now')));

    it('emits every component at its longest name', async () => {
      const { profile, plan } = await plannedText(profileText(names(output)));
      expect(refusals(emit(profile, plan))).toEqual([]);
    });

    it.each(ROLES.filter((r) => LONGEST[r][output] < 63))('refuses a %s one character longer, naming the object, its limit and the longest name', async (role) => {
      const longest = LONGEST[role][output];
      const { profile, plan } = await plannedText(profileText(names(output, role, longest + 1)));
      const errors = refusals(emit(profile, plan));
      expect(errors).toHaveLength(1);
      const [e] = errors;
      const name = nameOf(role, longest + 1);
      expect(e!.at).toEqual({ component: name, key: [], onName: true });
      expect(e!.hint).toBe(`emit ${output} takes a name of at most ${longest} characters for this component (it has ${longest + 1}); rename it`);
      if (output === 'compose') {
        expect(e!.message).toBe(`too long for emit compose: service "${name}-sentinel" would be 64 characters; ${NAME_RULES.composeService.why}`);
      } else {
        const statefulSet = role === 'sentinels' ? `${name}-sentinel` : name;
        expect(e!.message).toMatch(new RegExp(`^too long for emit k8s: StatefulSet "${statefulSet}" would be 53 characters; a StatefulSet name can have at most 52 characters in practice .*kubernetes/kubernetes#64023\\)`));
      }
    });
  });

  it('leaves a name at the profile limit (63) to validation: one character more is refused before any plan', async () => {
    const file = join(dir, 'over-63.yaml');
    writeFileSync(file, profileText(names('k8s', 'service', 64)));
    await expect(loadProfileFile(file)).rejects.toThrow();
  });

  it('reports every component too long at once, the Sentinels binding a cache with them', async () => {
    const n = names('k8s');
    const over = { ...n, database: nameOf('database', 60), sentinels: nameOf('sentinels', 60) };
    const { profile, plan } = await plannedText(profileText(over));
    const errors = refusals(() => emitK8s(plan, emitOptions(profile, 'now')));
    expect(errors.map((e) => [e.at?.component, e.hint])).toEqual([
      [over.database, 'emit k8s takes a name of at most 52 characters for this component (it has 60); rename it'],
      [over.sentinels, 'emit k8s takes a name of at most 43 characters for this component (it has 60); rename it'],
    ]);
    // The Sentinels' Service and label (69 > 63) and the cache's own StatefulSet (60 > 52) are too long as well.
    expect(errors[1]!.message).toMatch(/^too long for emit k8s: StatefulSet "sentinels-x+-sentinel" would be 69 characters; .*; 4 other names derived from it are too long as well$/);
    // The report's manifests section says so too, instead of counting objects emit would refuse.
    expect(summariseManifests(plan)[0]!.error).toMatch(new RegExp(`^${over.database}: too long for emit k8s: StatefulSet .*\\(emit k8s takes a name of at most 52 characters`));
  });
});

describe('every name and label value of every emitted object is within its limit', () => {
  const independent = (files: ReadonlyMap<string, string>) =>
    k8sObjects(files)
      .filter(({ obj }) => obj.kind !== 'PrometheusRule')
      .flatMap(({ file, obj }) => semanticErrors(obj).map((e) => `${file} ${obj.kind}/${obj.metadata.name}: ${e}`));
  const ours = (files: ReadonlyMap<string, string>) =>
    k8sObjects(files).flatMap(({ obj }) => k8sLimitedNames(obj as never).filter((n) => n.value.length > n.limit).map((n) => `${obj.kind}/${obj.metadata.name}: ${n.what}`));
  /** Compose service names are host names in Docker's DNS (at most 63); volume names only follow the specification's pattern. */
  const composeNameErrors = (files: ReadonlyMap<string, string>) => {
    const doc = yamlDocuments(files.get('compose.yaml')!)[0] as { services: Record<string, unknown>; volumes?: Record<string, unknown> };
    return [
      ...Object.keys(doc.services).filter((n) => !/^[a-zA-Z0-9._-]{1,63}$/.test(n)).map((n) => `service ${n}`),
      ...Object.keys(doc.volumes ?? {}).filter((n) => !/^[a-zA-Z0-9._-]+$/.test(n)).map((n) => `volume ${n}`),
    ];
  };

  it('in every phase of every bundled profile', async () => {
    for (const c of await allPhases()) {
      for (const files of [k8sOf(c.profile, c.plan, c.phase), k8sOf(c.profile, c.plan, c.phase, { alerts: true, namespace: 'capplan-test' })]) {
        expect(independent(files), `${c.file} · ${c.phase}`).toEqual([]);
        expect(ours(files), `${c.file} · ${c.phase}`).toEqual([]);
      }
      expect(composeNameErrors(composeOf(c.profile, c.plan, c.phase)), `${c.file} · ${c.phase}`).toEqual([]);
    }
  });

  it('in a profile whose every component has the longest name it may have', async () => {
    const k8s = await plannedText(profileText(names('k8s')));
    const files = emitK8s(k8s.plan, { ...emitOptions(k8s.profile, 'now'), alerts: true });
    const objects = k8sObjects(files);
    // Every derived kind is there: a StatefulSet of Sentinels, a Deployment with a disk, a ConfigMap, a claim, an autoscaler.
    expect(new Set(objects.map(({ obj }) => obj.kind))).toEqual(new Set(['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'NetworkPolicy', 'PersistentVolumeClaim', 'PodDisruptionBudget', 'PrometheusRule', 'Service', 'StatefulSet']));
    expect(objects.some(({ obj }) => obj.metadata.name === `${nameOf('sentinels', 43)}-sentinel`)).toBe(true);
    expect(independent(files)).toEqual([]);
    expect(ours(files)).toEqual([]);
    // The longest StatefulSet name is exactly 52: its pods' revision label at 63.
    const longest = Math.max(...objects.filter(({ obj }) => obj.kind === 'StatefulSet').map(({ obj }) => obj.metadata.name.length));
    expect(longest).toBe(52);

    const compose = await plannedText(profileText(names('compose')));
    const composeFiles = emitCompose(compose.plan, emitOptions(compose.profile, 'now'));
    expect(composeFiles.get('compose.yaml')).toContain(`\n  ${nameOf('sentinels', 54)}-sentinel:`);
    expect(composeFiles.get('compose.yaml')).toContain(`\n  ${nameOf('sentinels', 54)}-replica:`);
    expect(composeNameErrors(composeFiles)).toEqual([]);
  });

  it('checks the objects it walks, not only their names: a label, a port name, a container in any object', () => {
    const obj = {
      apiVersion: 'v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'a', labels: {} },
      spec: {
        ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'x'.repeat(64) } } }] }],
        template: { spec: { containers: [{ name: 'y'.repeat(64), ports: [{ name: 'z'.repeat(16) }] }] } },
      },
    };
    expect(k8sLimitedNames(obj).filter((n) => n.value.length > n.limit).map((n) => n.what.split(' "')[0])).toEqual(['label app.kubernetes.io/name', 'container', 'port name']);
  });
});

describe('capplan emit with a name too long', () => {
  let out: string;
  let err: string;
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'capplan-names-cli-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  async function run(...args: string[]): Promise<number> {
    out = '';
    err = '';
    const capture = (stream: NodeJS.WriteStream, sink: (s: string) => void) =>
      vi.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
        sink(String(chunk));
        (rest.find((r) => typeof r === 'function') as (() => void) | undefined)?.();
        return true;
      }) as typeof stream.write);
    const o = capture(process.stdout, (s) => (out += s));
    const e = capture(process.stderr, (s) => (err += s));
    try {
      return await main(['--no-color', ...args]);
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  }

  it('exits 2 at the name key, writes nothing, and plan still takes the profile', async () => {
    const profile = join(work, 'long.yaml');
    const n = names('k8s', 'sentinels', 44);
    const text = profileText(n);
    writeFileSync(profile, text);
    const line = text.split('\n').findIndex((l) => l.startsWith(`  ${n.sentinels}:`)) + 1;
    const target = join(work, 'deploy');
    for (const dry of [[], ['--dry-run']]) {
      expect(await run('emit', 'k8s', profile, '-o', target, ...dry)).toBe(2);
      expect(err).toContain(`${profile}:${line}:3 components.${n.sentinels}: too long for emit k8s: StatefulSet "${n.sentinels}-sentinel" would be 53 characters;`);
      expect(err).toContain('hint: emit k8s takes a name of at most 43 characters for this component (it has 44); rename it');
      expect(err).not.toMatch(/at .*\.ts:\d+/);
      expect(out).toBe('');
      expect(existsSync(target)).toBe(false);
    }
    // A name emit k8s refuses is fine for the plan, and for Compose (54 there).
    expect(await run('plan', profile)).toBe(0);
    expect(await run('emit', 'compose', profile, '-o', target)).toBe(0);
    expect(readFileSync(join(target, 'compose.yaml'), 'utf8')).toContain(`${n.sentinels}-sentinel:`);
  });
});
