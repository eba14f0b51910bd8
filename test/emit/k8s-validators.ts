/**
 * Checks of Kubernetes objects with validators we did not write: kubernetes-models' schemas,
 * generated from the official OpenAPI spec. What they miss is checked here:
 * - unknown fields, found with the schemas themselves: a field is known when the schema rejects
 *   a wrong-typed value put in its place (an object where a string or number belongs, a number
 *   where an object or list belongs); a field the schema ignores is unknown;
 * - names (DNS labels and subdomains), label keys and values, port ranges and port names, and a
 *   PodDisruptionBudget with both minAvailable and maxUnavailable.
 */
import { ConfigMap, PersistentVolumeClaim, Service } from 'kubernetes-models/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { K8sDoc } from './helpers.js';

type Model = new (data: any) => { validate(): void };

/** The kubernetes-models class of each apiVersion/kind capplan writes. */
export const MODELS: Readonly<Record<string, Model>> = {
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};

/** The schema errors of an object (empty when valid). */
export function schemaErrors(obj: K8sDoc): string[] {
  const model = MODELS[`${obj.apiVersion}/${obj.kind}`];
  if (!model) return [`no schema for ${obj.apiVersion} ${obj.kind}`];
  try {
    new model(structuredClone(obj)).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

function wrongValue(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? 12345 : { notAValue: true };
}

/** Paths of fields the official schema does not know (see the file comment for how). */
export function unknownFields(obj: K8sDoc): string[] {
  const out: string[] = [];
  const visit = (node: unknown, path: (string | number)[]) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...path, i]));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const at = [...path, key];
      if (!(path.length === 0 && (key === 'apiVersion' || key === 'kind'))) {
        const mutated = structuredClone(obj) as Record<string | number, any>;
        let parent: any = mutated;
        for (const seg of path) parent = parent[seg];
        parent[key] = wrongValue(value);
        if (schemaErrors(mutated as K8sDoc).length === 0) {
          out.push(at.join('.'));
          continue;
        }
      }
      visit(value, at);
    }
  };
  visit(obj, []);
  return out;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_1035 = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SUBDOMAIN_PART = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/;

function isSubdomain(name: string): boolean {
  return name.length <= 253 && name.split('.').every((p) => SUBDOMAIN_PART.test(p));
}

/** A qualified name as label and annotation keys take: optional DNS-subdomain prefix and a name. */
function isQualifiedKey(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1]!;
  return LABEL_NAME.test(name) && (parts.length === 1 || isSubdomain(parts[0]!));
}

function checkPort(port: unknown, at: string, out: string[]): void {
  if (typeof port === 'number') {
    if (!Number.isInteger(port) || port < 1 || port > 65535) out.push(`${at}: port ${port} outside 1-65535`);
  } else if (typeof port === 'string') {
    if (!PORT_NAME.test(port)) out.push(`${at}: "${port}" is not a valid port name`);
  } else {
    out.push(`${at}: port missing`);
  }
}

/** What the schemas do not check: names, labels, ports, PDB fields, probe ports. */
export function semanticErrors(obj: K8sDoc): string[] {
  const out: string[] = [];
  const { metadata } = obj;
  const nameOk = obj.kind === 'Service' ? DNS_1035.test(metadata.name) : obj.kind === 'StatefulSet' || obj.kind === 'Deployment' ? DNS_LABEL.test(metadata.name) : isSubdomain(metadata.name);
  if (!nameOk) out.push(`metadata.name "${metadata.name}" is not a valid ${obj.kind} name`);
  if (obj.kind === 'StatefulSet') {
    // The controller labels each pod controller-revision-hash: <name>-<hash of up to 10 characters>
    // and names it <name>-<ordinal> (kubernetes/kubernetes#64023): both must be label values / DNS labels.
    const revision = `${metadata.name}-${'a'.repeat(10)}`;
    if (!LABEL_VALUE.test(revision)) out.push(`StatefulSet "${metadata.name}": its pods' controller-revision-hash label "${revision}" would not be a label value`);
    const lastPod = `${metadata.name}-${Math.max(0, (obj.spec?.replicas ?? 1) - 1)}`;
    if (!DNS_LABEL.test(lastPod)) out.push(`StatefulSet "${metadata.name}": pod name "${lastPod}" is not a DNS label`);
    if (!DNS_1035.test(obj.spec?.serviceName ?? '')) out.push(`serviceName "${obj.spec?.serviceName}" is not a Service name`);
    for (const t of obj.spec?.volumeClaimTemplates ?? []) if (!DNS_LABEL.test(t.metadata?.name ?? '')) out.push(`volume claim template "${t.metadata?.name}" is not a DNS label`);
  }
  if (metadata.namespace !== undefined && !DNS_LABEL.test(metadata.namespace)) out.push(`namespace "${metadata.namespace}" is not a DNS label`);
  const labelMaps: [string, Record<string, string> | undefined][] = [
    ['metadata.labels', metadata.labels],
    ['spec.template.metadata.labels', obj.spec?.template?.metadata?.labels],
    ['spec.selector.matchLabels', obj.spec?.selector?.matchLabels],
    ['spec.selector', obj.kind === 'Service' ? obj.spec?.selector : undefined],
  ];
  // Every other label map of the object (NetworkPolicy peers, affinity and spread selectors).
  const nested = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => nested(item, `${path}[${i}]`));
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      const at = path ? `${path}.${k}` : k;
      if ((k === 'matchLabels' || k === 'labels') && !labelMaps.some(([p]) => p === at)) labelMaps.push([at, v as Record<string, string>]);
      else nested(v, at);
    }
  };
  nested(obj.spec, 'spec');
  for (const [at, labels] of labelMaps) {
    for (const [k, v] of Object.entries(labels ?? {})) {
      if (!isQualifiedKey(k)) out.push(`${at}: key "${k}" is not a qualified name`);
      if (!LABEL_VALUE.test(v)) out.push(`${at}: value "${v}" of ${k} is not a label value`);
    }
  }
  for (const k of Object.keys(metadata.annotations ?? {})) if (!isQualifiedKey(k)) out.push(`annotation key "${k}" is not a qualified name`);
  if (obj.kind === 'PodDisruptionBudget') {
    const both = obj.spec?.minAvailable !== undefined && obj.spec?.maxUnavailable !== undefined;
    const neither = obj.spec?.minAvailable === undefined && obj.spec?.maxUnavailable === undefined;
    if (both) out.push('PodDisruptionBudget sets both minAvailable and maxUnavailable');
    if (neither) out.push('PodDisruptionBudget sets neither minAvailable nor maxUnavailable');
  }
  const podSpec = obj.spec?.template?.spec;
  if (podSpec) {
    for (const v of podSpec.volumes ?? []) if (!DNS_LABEL.test(v.name)) out.push(`volume "${v.name}" is not a DNS label`);
    for (const [i, c] of (podSpec.containers ?? []).entries()) {
      const at = `containers[${i}]`;
      if (!DNS_LABEL.test(c.name)) out.push(`${at}: name "${c.name}" is not a DNS label`);
      const names = new Set<string>();
      for (const [j, p] of (c.ports ?? []).entries()) {
        checkPort(p.containerPort, `${at}.ports[${j}].containerPort`, out);
        if (p.name !== undefined) {
          checkPort(p.name, `${at}.ports[${j}].name`, out);
          names.add(p.name);
        }
      }
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        const port = c[probe]?.httpGet?.port ?? c[probe]?.tcpSocket?.port;
        if (port === undefined) continue;
        checkPort(port, `${at}.${probe}`, out);
        if (typeof port === 'string' && !names.has(port)) out.push(`${at}.${probe}: port "${port}" is not a container port`);
      }
    }
  }
  if (obj.kind === 'Service') {
    for (const [j, p] of (obj.spec?.ports ?? []).entries()) {
      checkPort(p.port, `ports[${j}].port`, out);
      checkPort(p.targetPort, `ports[${j}].targetPort`, out);
      if (p.name !== undefined) checkPort(p.name, `ports[${j}].name`, out);
    }
  }
  if (obj.kind === 'NetworkPolicy') {
    for (const rule of obj.spec?.ingress ?? []) for (const p of rule.ports ?? []) checkPort(p.port, 'ingress port', out);
  }
  return out;
}

const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

/** A PrometheusRule (a CRD the schemas do not cover): the operator's documented shape. */
export function prometheusRuleErrors(obj: K8sDoc): string[] {
  const out: string[] = [];
  if (obj.apiVersion !== 'monitoring.coreos.com/v1' || obj.kind !== 'PrometheusRule') out.push('not a monitoring.coreos.com/v1 PrometheusRule');
  if (!isSubdomain(obj.metadata.name)) out.push(`name "${obj.metadata.name}" is not a DNS subdomain`);
  const extra = Object.keys(obj).filter((k) => !['apiVersion', 'kind', 'metadata', 'spec'].includes(k));
  if (extra.length) out.push(`unknown top-level fields: ${extra.join(', ')}`);
  const groups = obj.spec?.groups;
  if (!Array.isArray(groups) || groups.length === 0) return [...out, 'spec.groups is empty'];
  for (const g of groups) {
    if (typeof g.name !== 'string' || !g.name) out.push('a group has no name');
    for (const r of g.rules ?? []) {
      const keys = Object.keys(r).filter((k) => !['alert', 'expr', 'for', 'labels', 'annotations'].includes(k));
      if (keys.length) out.push(`rule ${r.alert}: unknown fields ${keys.join(', ')}`);
      if (typeof r.alert !== 'string' || !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(r.alert)) out.push(`rule name "${r.alert}" is not a metric-style name`);
      if (typeof r.expr !== 'string' || !balanced(r.expr)) out.push(`rule ${r.alert}: expr "${r.expr}" has unbalanced brackets or quotes`);
      if (r.for !== undefined && !DURATION.test(r.for)) out.push(`rule ${r.alert}: for "${r.for}" is not a Prometheus duration`);
      for (const m of [r.labels ?? {}, r.annotations ?? {}]) {
        for (const [k, v] of Object.entries(m)) if (typeof v !== 'string' || !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(k)) out.push(`rule ${r.alert}: bad label ${k}`);
      }
    }
  }
  return out;
}

function balanced(expr: string): boolean {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  let quoted = false;
  for (const ch of expr) {
    if (ch === '"') quoted = !quoted;
    if (quoted) continue;
    if ('([{'.includes(ch)) stack.push(ch);
    else if (ch in pairs && stack.pop() !== pairs[ch]) return false;
  }
  return !quoted && stack.length === 0;
}
