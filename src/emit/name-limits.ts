/**
 * The length limits of the names the emitters derive from component names, and the check that
 * refuses a component whose name would make one too long. The profile takes component names of up
 * to 63 characters (a DNS-1035 label, what every target needs); the emitters add suffixes
 * (`<name>-sentinel`, `<name>-replica`) and Kubernetes adds its own (a StatefulSet's pods are
 * labelled `controller-revision-hash: <name>-<hash>`), so some components need shorter names in
 * some outputs. Those limits are checked when a target is emitted, not when the profile is
 * validated: a name `emit k8s` cannot take is still fine for `plan`, `report` and `emit compose`.
 *
 * The check walks the emitted objects themselves (every object name, label key and value, container,
 * volume and port name), so a suffix added later is checked without a new rule. An over-long string
 * is put down to the component whose name it contains (the longest such name: `cache-sentinel`
 * contains `cache`), and the component is refused at its name with the longest name it could have.
 *
 * Limits (kubernetes.io, "Object Names and IDs"; the Kubernetes identifiers design note):
 * - Service: DNS-1035 label, at most 63 characters;
 * - StatefulSet: a DNS label, but at most 52 in practice: the controller labels each pod
 *   `controller-revision-hash: <name>-<hash of up to 10 characters>`, and a label value holds 63,
 *   so a longer StatefulSet never gets a pod (kubernetes/kubernetes#64023, still open);
 * - Deployment: a DNS subdomain, but Kubernetes advises a DNS label (63) for its pods' host names;
 * - every other object (HPA, PDB, NetworkPolicy, ConfigMap, PVC, PrometheusRule, Secret
 *   references): DNS-1123 subdomain, at most 253;
 * - label values and the name part of label keys: at most 63; a key's prefix is a subdomain (253);
 * - container and volume names (also a StatefulSet's volume claim templates): DNS-1123 label, 63;
 * - port names: IANA_SVC_NAME, at most 15;
 * - Compose: the specification puts no length on service or volume names (only [a-zA-Z0-9._-]),
 *   but other containers reach a service by its name through Docker's DNS, and a DNS label holds
 *   at most 63 octets (RFC 1035 §2.3.4): a longer service name resolves nowhere. Volume names
 *   (project_volume) and container names (project-service-N) have no limit Docker enforces.
 */
import type { ComponentPlan } from '../plan/types.js';
import { EmitError, EmitErrors } from './context.js';
import type { K8sObject } from './k8s-meta.js';

/** A limit and the rule behind it, said so that it completes "… would be N characters: <why>". */
export interface NameRule {
  limit: number;
  why: string;
}

/** The rules the emitters' names follow. */
export const NAME_RULES = {
  service: { limit: 63, why: 'a Service name is a DNS-1035 label, at most 63 characters' },
  statefulSet: {
    limit: 52,
    why: 'a StatefulSet name can have at most 52 characters in practice (the controller labels each pod controller-revision-hash: <name>-<hash of up to 10 characters>, and a label value holds 63; kubernetes/kubernetes#64023)',
  },
  deployment: { limit: 63, why: "a Deployment name should be a DNS-1123 label, at most 63 characters, as its pods' host names come from it" },
  subdomain: { limit: 253, why: 'an object name is a DNS-1123 subdomain, at most 253 characters' },
  labelValue: { limit: 63, why: 'a label value holds at most 63 characters' },
  labelKeyName: { limit: 63, why: 'the name part of a label key holds at most 63 characters' },
  labelKeyPrefix: { limit: 253, why: 'the prefix of a label key is a DNS-1123 subdomain, at most 253 characters' },
  container: { limit: 63, why: 'a container name is a DNS-1123 label, at most 63 characters' },
  volume: { limit: 63, why: 'a volume name is a DNS-1123 label, at most 63 characters' },
  portName: { limit: 15, why: 'a port name is an IANA_SVC_NAME, at most 15 characters' },
  composeService: {
    limit: 63,
    why: "a Compose service name is the host name other containers reach it by (Docker's DNS), and a DNS label holds at most 63 characters",
  },
} as const satisfies Record<string, NameRule>;

/** One length-limited string an emitter writes. */
export interface LimitedName extends NameRule {
  value: string;
  /** What it is, for a message: `StatefulSet "x-sentinel"`, `label app.kubernetes.io/name "x"`. */
  what: string;
}

/** The rule of an object's own name, by its kind. */
function objectNameRule(kind: string): NameRule {
  if (kind === 'Service') return NAME_RULES.service;
  if (kind === 'StatefulSet') return NAME_RULES.statefulSet;
  if (kind === 'Deployment') return NAME_RULES.deployment;
  return NAME_RULES.subdomain;
}

function isRecord(node: unknown): node is Record<string, unknown> {
  return node !== null && typeof node === 'object' && !Array.isArray(node);
}

/** Receives each length-limited string of an object; `what` is built only when asked (most strings are within their limits). */
type NameSink = (value: string, rule: NameRule, what: () => string) => void;

/** The strings of a label map (metadata.labels, a selector's matchLabels, a Service's selector). */
function labelNames(labels: Record<string, unknown>, sink: NameSink): void {
  for (const key in labels) {
    const value = labels[key];
    const slash = key.lastIndexOf('/');
    if (slash >= 0) sink(key.slice(0, slash), NAME_RULES.labelKeyPrefix, () => `label key prefix of ${key}`);
    sink(slash >= 0 ? key.slice(slash + 1) : key, NAME_RULES.labelKeyName, () => `label key ${key}`);
    if (typeof value === 'string') sink(value, NAME_RULES.labelValue, () => `label ${key} "${value}"`);
  }
}

/**
 * Walks every length-limited string of a Kubernetes object: its name, and through the whole
 * object every label map, container, volume and port name, a StatefulSet's governing Service and
 * claim templates, and the names it refers to (Secrets, claims, the autoscaler's target). A
 * PrometheusRule's rules are Prometheus', not Kubernetes' labels: only its metadata is walked.
 */
function walkK8sNames(obj: K8sObject, sink: NameSink): void {
  sink(obj.metadata.name, objectNameRule(obj.kind), () => `${obj.kind} "${obj.metadata.name}"`);
  const named = (node: unknown, rule: NameRule, what: string) => {
    if (isRecord(node) && typeof node.name === 'string') {
      const name = node.name;
      sink(name, rule, () => `${what} "${name}"`);
    }
  };
  const visit = (node: unknown, key: string, parentKey: string): void => {
    if (Array.isArray(node)) {
      for (const item of node) {
        if (key === 'containers' || key === 'initContainers') named(item, NAME_RULES.container, 'container');
        else if (key === 'volumes' || key === 'volumeMounts') named(item, NAME_RULES.volume, 'volume');
        else if (key === 'ports') named(item, NAME_RULES.portName, 'port name');
        else if (key === 'volumeClaimTemplates' && isRecord(item)) named(item.metadata, NAME_RULES.volume, 'volume claim template');
        if (item !== null && typeof item === 'object') visit(item, '', key);
      }
      return;
    }
    if (typeof node === 'string') {
      // A port given by name (a Service's targetPort, a probe's port), a StatefulSet's Service, a disk's claim.
      if (key === 'port' || key === 'targetPort') sink(node, NAME_RULES.portName, () => `port name "${node}"`);
      else if (key === 'serviceName') sink(node, NAME_RULES.service, () => `governing Service "${node}"`);
      else if (key === 'claimName') sink(node, NAME_RULES.subdomain, () => `PersistentVolumeClaim "${node}"`);
      return;
    }
    if (!isRecord(node)) return;
    if (key === 'labels' || key === 'matchLabels' || (key === 'selector' && parentKey === 'spec' && obj.kind === 'Service')) {
      labelNames(node, sink);
      return;
    }
    if (key === 'secretKeyRef') named(node, NAME_RULES.subdomain, 'Secret');
    if (key === 'scaleTargetRef') named(node, objectNameRule(typeof node.kind === 'string' ? node.kind : ''), typeof node.kind === 'string' ? node.kind : 'target');
    for (const k in node) visit(node[k], k, key);
  };
  // The object's own name was the first; of its metadata, the labels. A PrometheusRule's spec holds Prometheus rules.
  if (isRecord(obj.metadata.labels)) labelNames(obj.metadata.labels, sink);
  for (const k in obj) {
    if (k !== 'apiVersion' && k !== 'kind' && k !== 'metadata' && !(obj.kind === 'PrometheusRule' && k === 'spec')) visit(obj[k], k, '');
  }
}

/** Every length-limited string of a Kubernetes object (see walkK8sNames), within its limit or not. */
export function k8sLimitedNames(obj: K8sObject): LimitedName[] {
  const out: LimitedName[] = [];
  walkK8sNames(obj, (value, rule, what) => out.push({ ...rule, value, what: what() }));
  return out;
}

/** Adds to `out` the strings of a Kubernetes object over their limits (see walkK8sNames). */
export function k8sNamesOverLimit(obj: K8sObject, out: LimitedName[]): void {
  walkK8sNames(obj, (value, rule, what) => {
    if (value.length > rule.limit) out.push({ ...rule, value, what: what() });
  });
}

/** The Compose file's length-limited names: its services (each a host name in Docker's DNS). */
export function composeLimitedNames(services: Readonly<Record<string, unknown>>): LimitedName[] {
  return Object.keys(services).map((name) => ({ ...NAME_RULES.composeService, value: name, what: `service "${name}"` }));
}

/** A component whose name makes a derived name too long: the message and hint of its refusal. */
export interface NameProblem {
  component: string;
  message: string;
  hint: string;
  /** The longest name this component may have in this output. */
  longest: number;
}

/**
 * The components whose names make a derived name too long for `output` (`emit k8s`,
 * `emit compose`), one problem each, in profile order: the derived name that leaves the component
 * the shortest name (the one that binds), how many others are too long as well, and the longest
 * name allowed. A string over its limit that contains no component's name is capplan's own (a
 * fixed port name): an internal error, which the tests keep from happening.
 */
export function nameProblems(output: string, names: readonly LimitedName[], components: readonly ComponentPlan[]): NameProblem[] {
  const over = names.filter((n) => n.value.length > n.limit);
  if (over.length === 0) return [];
  const byLength = [...components].sort((a, b) => b.name.length - a.name.length);
  const found = new Map<string, { binding: LimitedName; longest: number; others: Set<string> }>();
  // One string recurs in many objects (a label in every selector and NetworkPolicy peer): its owner is looked up once.
  const owners = new Map<string, ComponentPlan | undefined>();
  for (const n of over) {
    if (!owners.has(n.value)) owners.set(n.value, byLength.find((c) => n.value.includes(c.name)));
    const owner = owners.get(n.value);
    if (!owner) throw new Error(`internal: ${output} writes ${n.what}, ${n.value.length} characters: ${n.why}`);
    const longest = n.limit - (n.value.length - owner.name.length);
    const seen = found.get(owner.name);
    if (!seen) {
      found.set(owner.name, { binding: n, longest, others: new Set() });
    } else if (longest < seen.longest) {
      seen.others.add(seen.binding.what);
      seen.binding = n;
      seen.longest = longest;
    } else if (n.what !== seen.binding.what) {
      seen.others.add(n.what);
    }
  }
  return components.flatMap((c) => {
    const f = found.get(c.name);
    if (!f) return [];
    const { binding, longest } = f;
    f.others.delete(binding.what);
    const others = f.others.size === 0 ? '' : `; ${f.others.size} other name${f.others.size === 1 ? '' : 's'} derived from it ${f.others.size === 1 ? 'is' : 'are'} too long as well`;
    return [
      {
        component: c.name,
        message: `too long for ${output}: ${binding.what} would be ${binding.value.length} characters; ${binding.why}${others}`,
        hint: `${output} takes a name of at most ${longest} characters for this component (it has ${c.name.length}); rename it`,
        longest,
      },
    ];
  });
}

/** Throws EmitErrors, each at its component's name, when a component's name makes a derived name too long; see nameProblems. */
export function assertNamesFit(output: string, names: readonly LimitedName[], components: readonly ComponentPlan[]): void {
  const problems = nameProblems(output, names, components);
  if (problems.length === 0) return;
  throw new EmitErrors(problems.map((p) => new EmitError(p.message, p.hint, { component: p.component, key: [], onName: true })));
}
