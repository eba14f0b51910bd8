/**
 * NetworkPolicy egress for components with `deploy.egress: calls`. A policy that lists Egress
 * among its policyTypes with no egress rule blocks every outgoing connection, DNS included, so a
 * pod could not even resolve its database's name; these rules allow exactly what the plan's
 * request graph needs: DNS to kube-dns, each in-cluster callee's pods on their port, managed
 * callees (which live outside the cluster) on their port anywhere, and HTTPS out for an adapter
 * (its third-party API) or a managed adapter it calls.
 */
import type { ComponentPlan } from '../plan/types.js';
import { STATEFUL_KINDS, portOf, type PhaseContext } from './context.js';
import { selectorLabels } from './k8s-meta.js';
import { SENTINEL_PORT, sentinelName, sentinelsOf } from './sentinel.js';

/** Namespace and pod labels of the cluster DNS (kube-dns / CoreDNS keep the k8s-app: kube-dns label). */
export const DNS_NAMESPACE = 'kube-system';
/** Pod labels of the cluster DNS. */
export const DNS_POD_LABELS: Readonly<Record<string, string>> = { 'k8s-app': 'kube-dns' };
/** Port of third-party APIs (HTTPS). */
export const HTTPS_PORT = 443;

/** The components a component reaches on the network: its calls, through network components (links) to what they carry. */
export function calleesOf(ctx: PhaseContext, c: ComponentPlan): ComponentPlan[] {
  const byName = new Map(ctx.phase.components.map((x) => [x.name, x]));
  const out = new Map<string, ComponentPlan>();
  const walk = (names: readonly string[], seen: Set<string>) => {
    for (const n of names) {
      const x = byName.get(n);
      if (!x || seen.has(n)) continue;
      seen.add(n);
      if (x.kind === 'network') walk(x.calls, seen);
      else if (x.kind !== 'disk') out.set(n, x);
    }
  };
  walk(c.calls, new Set([c.name]));
  return [...out.values()];
}

/** The egress rules of a component whose egress is restricted to its calls. */
export function egressRules(ctx: PhaseContext, c: ComponentPlan): unknown[] {
  const rules: unknown[] = [
    {
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': DNS_NAMESPACE } }, podSelector: { matchLabels: { ...DNS_POD_LABELS } } }],
      ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
    },
  ];
  const callees = calleesOf(ctx, c);
  for (const x of callees.filter((k) => ctx.workloads.has(k.name))) {
    rules.push({ to: [{ podSelector: { matchLabels: selectorLabels(ctx, x.name) } }], ports: [{ port: portOf(x), protocol: 'TCP' }] });
    // A Sentinel-watched cache is found by asking its Sentinels for the primary.
    if (sentinelsOf(x) > 0) {
      rules.push({ to: [{ podSelector: { matchLabels: { ...selectorLabels(ctx, x.name), 'app.kubernetes.io/name': sentinelName(x) } } }], ports: [{ port: SENTINEL_PORT, protocol: 'TCP' }] });
    }
  }
  if (STATEFUL_KINDS.has(c.kind)) rules.push({ to: [{ podSelector: { matchLabels: selectorLabels(ctx, c.name) } }] });
  const outside = new Set<number>();
  for (const x of callees.filter((k) => k.managed)) outside.add(x.kind === 'adapter' ? HTTPS_PORT : portOf(x));
  if (c.kind === 'adapter') outside.add(HTTPS_PORT);
  for (const port of [...outside].sort((a, b) => a - b)) rules.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port, protocol: 'TCP' }] });
  return rules;
}
