// The daemonsets on every node: their requests come off each node's allocatable before the bill
// packs pods onto it. Stated in the profile (`pricing.daemonsets`), or a default that cites the
// upstream manifests it comes from; where no manifest is cited, none, and the bill says so. Pure.
import * as z from 'zod';
import type { Fields } from '../profile/fields.js';
import { formatBytes, formatCpu } from '../units/format.js';
import type { NodeOverhead } from './binpack.js';
import type { Provider } from './catalog-types.js';

/** One daemonset's requests: CPU cores and memory bytes of one of its pods, and its pods on a node. */
export interface DaemonsetRequests {
  cpuCores: number;
  memoryBytes: number;
  pods: number;
}

/**
 * Zod schema of `pricing.daemonsets`: each daemonset by name, with the requests of its pod on a
 * node. A map of named daemonsets rather than one sum, so that what is subtracted can be checked
 * line by line against `kubectl get ds -A` and `kubectl describe node` (Allocated resources), and
 * the bill names what it took off; the requests are summed. Given, it replaces the default whole
 * (`{}` states that the nodes run none), so a bill never mixes the user's list with a guess.
 */
export function daemonsetsSchema(f: Fields) {
  const entry = z
    .strictObject({
      cpu: f.cpu({ min: 0 }).default(0).register(z.globalRegistry, { description: "CPU one pod of the daemonset requests: the sum of its containers' requests, or its largest init container's if that is more (CPU: 100m, 0.25; default 0)." }),
      memory: f.bytes({ min: 0 }).default(0).register(z.globalRegistry, { description: 'Memory one pod of the daemonset requests, counted the same way (size with a unit: 50Mi, 0.5GiB; default 0).' }),
      pods: f.count({ min: 0 }).default(1).register(z.globalRegistry, { description: 'Pods of it on each node (count; default 1, what a DaemonSet runs); they count against the max Pods of a node.' }),
    })
    .register(z.globalRegistry, { description: 'One daemonset: what each of its pods requests.' });
  return z
    .record(z.string().min(1), entry)
    .register(z.globalRegistry, {
      description:
        'The daemonsets every node runs (kube-proxy, the CNI, log and metric agents, CSI node plugins), by name, with each pod\'s requests: the bill packs each node\'s allocatable less their sum. Replaces the default (aws: kube-proxy 100m and aws-node 50m CPU, 2 Pods, from their upstream manifests; gcp, azure and on-prem: none, with a warning); {} states that the nodes run none. E.g. { kube-proxy: { cpu: 100m }, aws-node: { cpu: 50m }, fluent-bit: { cpu: 100m, memory: 200Mi } }.',
    });
}

/** `pricing.daemonsets` as validated: requests by daemonset name, in SI units. */
export type DaemonsetsInput = Record<string, { cpu: number; memory: number; pods: number }>;

/** A default daemonset: its requests and the manifest that gives them. */
interface CitedDaemonset extends DaemonsetRequests {
  name: string;
  source: string;
}

/*
 * The defaults are the daemonsets a provider's managed Kubernetes puts on every node, at the
 * requests their upstream manifests set, and only where those manifests are cited:
 * - kube-proxy: Kubernetes' own add-on, cluster/addons/kube-proxy/kube-proxy-ds.yaml, requests
 *   `cpu: {{ cpurequest }}`, which cluster/gce/gci/configure-helper.sh fills with
 *   ${KUBE_PROXY_CPU_REQUEST:-100m} (kubernetes/kubernetes @ 0e998fac8 and @ b574b11f6); no memory
 *   request in the DaemonSet. EKS runs its own build of kube-proxy as an add-on; its manifest is
 *   not among the cited sources, so the upstream figure stands for it.
 * - aws-node, the Amazon VPC CNI: config/master/aws-k8s-cni.yaml (aws/amazon-vpc-cni-k8s @
 *   f3efb24fa, v1.14.0) requests `cpu: 25m` for each of its two containers, aws-node and
 *   aws-eks-nodeagent (its init container asks 25m too, less than the sum), and no memory.
 * A pod's request is the sum of its containers' (or its largest init container's, if more).
 * Both pods run on the host network, which is why EKS's max-pods formula adds 2 to what the ENIs'
 * addresses allow (ENIs × (IPs − 1) + 2): the 2 Pods are taken off max-pods here, as they are on
 * the node. GCP and Azure (their CNI, logging and CSI agents) and on-prem (the site's CNI; kubeadm's
 * kube-proxy requests nothing) have no cited manifest: no default, and the bill warns.
 */
const KUBE_PROXY: CitedDaemonset = {
  name: 'kube-proxy',
  cpuCores: 0.1,
  memoryBytes: 0,
  pods: 1,
  source: 'kubernetes/kubernetes cluster/addons/kube-proxy/kube-proxy-ds.yaml (cpu request 100m from cluster/gce/gci/configure-helper.sh)',
};
const AWS_NODE: CitedDaemonset = {
  name: 'aws-node',
  cpuCores: 0.05,
  memoryBytes: 0,
  pods: 1,
  source: 'aws/amazon-vpc-cni-k8s config/master/aws-k8s-cni.yaml v1.14.0 (aws-node 25m + aws-eks-nodeagent 25m)',
};

const DEFAULTS: Partial<Record<Provider, readonly CitedDaemonset[]>> = { aws: [KUBE_PROXY, AWS_NODE] };

/** The daemonsets a bill subtracts from every node, what they add up to, and where they come from. */
export interface NodeDaemonsets {
  /** Sum of the requests on one node. */
  overhead: NodeOverhead;
  /** Each daemonset's requests, by name in the order given (the default's or the profile's). */
  daemonsets: (DaemonsetRequests & { name: string })[];
  /** `profile`: pricing.daemonsets; `default`: the provider's cited default; `none`: no default and none stated. */
  basis: 'profile' | 'default' | 'none';
  /** The manifests a default cites. */
  sources: string[];
}

/** The daemonsets of a bill: the profile's when it states them, else the provider's cited default, else none. */
export function nodeDaemonsets(given: DaemonsetsInput | undefined, target: 'cloud' | 'onprem', provider: Provider): NodeDaemonsets {
  if (given !== undefined) {
    const daemonsets = Object.entries(given).map(([name, d]) => ({ name, cpuCores: d.cpu, memoryBytes: d.memory, pods: d.pods }));
    return { overhead: sum(daemonsets), daemonsets, basis: 'profile', sources: [] };
  }
  const cited = target === 'cloud' ? DEFAULTS[provider] : undefined;
  if (cited === undefined) return { overhead: { cpuCores: 0, memoryBytes: 0, pods: 0 }, daemonsets: [], basis: 'none', sources: [] };
  const daemonsets = cited.map(({ source: _s, ...d }) => d);
  return { overhead: sum(daemonsets), daemonsets, basis: 'default', sources: cited.map((d) => d.source) };
}

function sum(daemonsets: readonly DaemonsetRequests[]): NodeOverhead {
  let cpuCores = 0;
  let memoryBytes = 0;
  let pods = 0;
  for (const d of daemonsets) {
    cpuCores += d.cpuCores;
    memoryBytes += d.memoryBytes;
    pods += d.pods;
  }
  return { cpuCores, memoryBytes, pods };
}

/** Whether the daemonsets take anything off a node. */
export function hasOverhead(o: NodeOverhead): boolean {
  return o.cpuCores > 0 || o.memoryBytes > 0 || o.pods > 0;
}

/** The overhead as the bill says it: "250m CPU, 512 MiB and 4 Pods". */
export function describeOverhead(o: NodeOverhead): string {
  const parts = [`${formatCpu(o.cpuCores)} CPU`];
  if (o.memoryBytes > 0) parts.push(formatBytes(o.memoryBytes));
  parts.push(`${o.pods} Pod${o.pods === 1 ? '' : 's'}`);
  return parts.length === 2 ? parts.join(' and ') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** The bill's line on node capacity, or null when the daemonsets take nothing off. */
export function capacityLine(d: NodeDaemonsets, provider: string): string | null {
  if (!hasOverhead(d.overhead)) return null;
  const names = d.daemonsets.map((x) => x.name).join(', ');
  const basis = d.basis === 'default' ? `the ${provider} default, from their upstream manifests; pricing.daemonsets states yours` : 'pricing.daemonsets';
  return `node capacity: allocatable less daemonset overhead of ${describeOverhead(d.overhead)} a node (${names}: ${basis})`;
}

/** The warning of a bill whose nodes are packed with no daemonset stated or defaulted, or null. */
export function missingDaemonsetsWarning(d: NodeDaemonsets, target: 'cloud' | 'onprem', provider: string): string | null {
  if (d.basis !== 'none') return null;
  const where = target === 'onprem' ? "each server's cores and memory are" : `each ${provider} node's allocatable is`;
  return `no daemonset requests are subtracted from nodes: ${where} packed to the full, as if no kube-proxy, CNI, log or metric agent ran there (capplan has no cited default for ${target === 'onprem' ? 'on-prem' : provider}); state them in pricing.daemonsets, e.g. { kube-proxy: { cpu: 100m }, my-cni: { cpu: 50m, memory: 64Mi } }, or {} when there are none`;
}
