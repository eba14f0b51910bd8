/** The validators catch what they are meant to catch (a validator that passes everything proves nothing). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ROOT, type K8sDoc } from './helpers.js';
import { prometheusRuleErrors, schemaErrors, semanticErrors, unknownFields } from './k8s-validators.js';

const deployment = (): K8sDoc => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
    template: {
      metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
      spec: {
        containers: [{ name: 'web', image: 'web:1', ports: [{ name: 'http', containerPort: 8080 }], readinessProbe: { httpGet: { path: '/', port: 'http' } }, resources: { requests: { cpu: '250m' } } }],
      },
    },
  },
});

describe('Kubernetes validators', () => {
  it('accept a valid Deployment', () => {
    const d = deployment();
    expect(schemaErrors(d)).toEqual([]);
    expect(unknownFields(d)).toEqual([]);
    expect(semanticErrors(d)).toEqual([]);
  });

  it('find unknown fields at any depth, and schema errors', () => {
    const d = deployment();
    d.spec!.replica = 3;
    d.spec!.template.spec.containers[0].resources.request = { cpu: '1' };
    expect(unknownFields(d).sort()).toEqual(['spec.replica', 'spec.template.spec.containers.0.resources.request']);
    const bad = deployment();
    bad.spec!.template.spec.containers[0].resources.requests.cpu = 'lots';
    expect(schemaErrors(bad).join()).toMatch(/quantity/);
  });

  it('find bad names, labels, ports, probe ports and a PDB with both fields', () => {
    const d = deployment();
    d.metadata.name = 'Web_1';
    d.metadata.labels!['bad key/x/y'] = 'v';
    d.spec!.template.spec.containers[0].ports[0].containerPort = 70000;
    d.spec!.template.spec.containers[0].readinessProbe.httpGet.port = 'metrics';
    expect(semanticErrors(d).length).toBe(4);
    const pdb: K8sDoc = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { minAvailable: 1, maxUnavailable: 1 } };
    expect(schemaErrors(pdb)).toEqual([]);
    expect(semanticErrors(pdb)).toEqual(['PodDisruptionBudget sets both minAvailable and maxUnavailable']);
  });

  it('check a PrometheusRule', () => {
    const rule: K8sDoc = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'r' }, spec: { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'sum(rate(x[5m]) > 1', for: '10 minutes' }] }] } };
    expect(prometheusRuleErrors(rule).length).toBe(2);
  });
});

describe('Compose validator', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'data/reference/compose-spec/compose-spec.json'), 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  it('rejects an unknown service key and a wrong replica type', () => {
    expect(validate({ services: { a: { image: 'x', deploy: { replicas: 2 } } } })).toBe(true);
    expect(validate({ services: { a: { image: 'x', replica: 2 } } })).toBe(false);
    expect(validate({ services: { a: { image: 'x', deploy: { replicas: { n: 2 } } } } })).toBe(false);
  });
});
