/**
 * Every Kubernetes manifest of every phase of every bundled profile, checked by the official
 * schemas (kubernetes-models) and by what they miss, then wired: selectors match pod labels,
 * HPA targets exist and bound the replicas, the kustomization lists exactly the files.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_MARKER } from '../../src/cli/io.js';
import { HORIZONTAL_KINDS, STATEFUL_KINDS } from '../../src/emit/context.js';
import { allPhases, k8sObjects, k8sOf, yamlDocuments, type K8sDoc } from './helpers.js';
import { prometheusRuleErrors, schemaErrors, semanticErrors, unknownFields } from './k8s-validators.js';

const cases = await allPhases();
const label = (c: { file: string; phase: string }) => `${c.file} · ${c.phase}`;

function matches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

describe.each(cases.map((c) => [label(c), c] as const))('k8s %s', (_name, c) => {
  const plain = k8sOf(c.profile, c.plan, c.phase);
  const full = k8sOf(c.profile, c.plan, c.phase, { alerts: true, namespace: 'capplan-test' });

  it('passes the official schemas, with no unknown fields, valid names, labels and ports', () => {
    for (const files of [plain, full]) {
      for (const { file, obj } of k8sObjects(files)) {
        const where = `${file} ${obj.kind}/${obj.metadata.name}`;
        if (obj.kind === 'PrometheusRule') {
          expect(prometheusRuleErrors(obj), where).toEqual([]);
          continue;
        }
        expect(schemaErrors(obj), where).toEqual([]);
        expect(semanticErrors(obj), where).toEqual([]);
      }
    }
    for (const { file, obj } of k8sObjects(plain)) expect(unknownFields(obj), `${file} ${obj.kind}/${obj.metadata.name}`).toEqual([]);
  });

  it('reads back the same under YAML 1.1 and 1.2, and every file carries the generated-by marker', () => {
    for (const [file, text] of full) {
      expect(text.startsWith(`# ${GENERATED_MARKER}`), file).toBe(true);
      expect(text.slice(0, 2048)).toContain(GENERATED_MARKER);
      expect(yamlDocuments(text, '1.1'), file).toEqual(yamlDocuments(text, '1.2'));
    }
  });

  it('lists exactly the files written in the kustomization, with the namespace', () => {
    const kustomization = yamlDocuments(full.get('kustomization.yaml')!)[0] as { resources: string[]; namespace: string; kind: string };
    expect(kustomization.kind).toBe('Kustomization');
    expect(kustomization.namespace).toBe('capplan-test');
    expect(kustomization.resources).toEqual([...full.keys()].filter((f) => f !== 'kustomization.yaml').sort());
    for (const { obj } of k8sObjects(full)) expect(obj.metadata.namespace).toBe('capplan-test');
    expect((yamlDocuments(plain.get('kustomization.yaml')!)[0] as object)).not.toHaveProperty('namespace');
  });

  it('wires selectors, autoscalers, services, claims and policies to existing pods', () => {
    const objects = k8sObjects(plain).map((x) => x.obj);
    const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
    const podsOf = (selector: Record<string, string>) => workloads.filter((w) => matches(selector, w.spec!.template.metadata.labels));
    for (const o of objects) {
      const where = `${o.kind}/${o.metadata.name}`;
      if (o.kind === 'Deployment' || o.kind === 'StatefulSet') {
        expect(matches(o.spec!.selector.matchLabels, o.spec!.template.metadata.labels), where).toBe(true);
      }
      if (o.kind === 'Service') {
        const pods = podsOf(o.spec!.selector);
        expect(pods.map((p) => p.metadata.name), where).toEqual([o.metadata.name]);
        const ports = pods[0]!.spec!.template.spec.containers.flatMap((k: { ports?: { name: string }[] }) => k.ports ?? []).map((p: { name: string }) => p.name);
        for (const p of o.spec!.ports) expect(ports, where).toContain(p.targetPort);
      }
      if (o.kind === 'PodDisruptionBudget' || o.kind === 'NetworkPolicy') {
        const selector = o.kind === 'NetworkPolicy' ? o.spec!.podSelector.matchLabels : o.spec!.selector.matchLabels;
        expect(podsOf(selector).map((p) => p.metadata.name), where).toEqual([o.metadata.name]);
      }
      if (o.kind === 'NetworkPolicy') {
        for (const rule of o.spec!.ingress ?? []) {
          for (const peer of rule.from) {
            if (peer.namespaceSelector) continue;
            expect(podsOf(peer.podSelector.matchLabels).length, `${where} admits pods that do not exist`).toBe(1);
          }
        }
      }
      if (o.kind === 'HorizontalPodAutoscaler') {
        const ref = o.spec!.scaleTargetRef;
        const target = workloads.find((w) => w.kind === ref.kind && w.metadata.name === ref.name);
        expect(target, `${where} target`).toBeDefined();
        expect(ref.apiVersion).toBe('apps/v1');
        expect(o.spec!.minReplicas).toBeGreaterThanOrEqual(1);
        expect(o.spec!.minReplicas).toBeLessThan(o.spec!.maxReplicas);
        // The HPA sets the count: its Deployment leaves spec.replicas out, so that applying the file never fights it.
        expect(target!.spec, `${where} target`).not.toHaveProperty('replicas');
      }
      if (o.kind === 'StatefulSet') {
        const svc = objects.find((s) => s.kind === 'Service' && s.metadata.name === o.spec!.serviceName);
        expect(svc?.spec?.clusterIP, `${where} headless service`).toBe('None');
      }
      for (const v of o.spec?.template?.spec?.volumes ?? []) {
        if (!v.persistentVolumeClaim) continue;
        const claim = objects.find((p) => p.kind === 'PersistentVolumeClaim' && p.metadata.name === v.persistentVolumeClaim?.claimName);
        expect(claim, `${where} claim ${v.persistentVolumeClaim?.claimName}`).toBeDefined();
      }
    }
  });

  it('runs each component as the plan sizes it', () => {
    const phase = c.plan.phases.find((p) => p.name === c.phase)!;
    const objects = k8sObjects(plain);
    const byComponent = (name: string) => objects.filter((x) => x.obj.metadata.labels?.['app.kubernetes.io/name'] === name).map((x) => x.obj);
    for (const comp of phase.components) {
      const mine = byComponent(comp.name);
      if (comp.deploy.loadBalancer && !comp.managed) {
        // Services and the ingress balance in Kubernetes: a load-balancer component runs nothing.
        expect(mine, comp.name).toEqual([]);
      } else if (comp.managed) {
        expect(mine.map((o) => o.kind), comp.name).toEqual(['ConfigMap']);
        expect(Number(mine[0]!.data!.units)).toBe(comp.replicas);
      } else if (HORIZONTAL_KINDS.has(comp.kind)) {
        const deployment = mine.find((o) => o.kind === 'Deployment') as K8sDoc;
        const hpa = mine.find((o) => o.kind === 'HorizontalPodAutoscaler');
        if (hpa) {
          // The autoscaler's bounds hold the plan's count; the Deployment leaves it to them.
          expect(hpa.spec!.minReplicas, comp.name).toBeLessThanOrEqual(comp.replicas);
          expect(comp.replicas, comp.name).toBeLessThanOrEqual(hpa.spec!.maxReplicas);
          expect(deployment.spec, comp.name).not.toHaveProperty('replicas');
        } else {
          expect(deployment.spec!.replicas, comp.name).toBe(comp.replicas);
        }
        expect(mine.map((o) => o.kind)).toEqual(expect.arrayContaining(['PodDisruptionBudget', 'NetworkPolicy']));
      } else if (STATEFUL_KINDS.has(comp.kind)) {
        const set = mine.find((o) => o.kind === 'StatefulSet') as K8sDoc;
        expect(set.spec!.replicas, comp.name).toBe(comp.replicas);
      } else if (comp.kind === 'disk') {
        expect(mine.map((o) => o.kind)).toEqual(['PersistentVolumeClaim']);
      } else {
        expect(mine, comp.name).toEqual([]);
      }
    }
  });
});

const kubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
})();

describe('kubectl kustomize', () => {
  it.skipIf(!kubectl)('builds the kustomization of every bundled profile (first phase, with alerts and a namespace)', () => {
    const seen = new Set<string>();
    for (const c of cases) {
      if (seen.has(c.file)) continue;
      seen.add(c.file);
      const dir = mkdtempSync(join(tmpdir(), 'capplan-kustomize-'));
      try {
        const files = k8sOf(c.profile, c.plan, c.phase, { alerts: true, namespace: 'capplan-test' });
        for (const [name, text] of files) writeFileSync(join(dir, name), text);
        const out = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 60_000 });
        const built = yamlDocuments(out) as K8sDoc[];
        expect(built.length, c.file).toBe(k8sObjects(files).length);
        for (const o of built) expect(o.metadata.namespace).toBe('capplan-test');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
