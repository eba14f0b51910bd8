/**
 * Names, labels and metadata shared by every Kubernetes object capplan writes. One label set ties
 * a component's Service, PodDisruptionBudget, HorizontalPodAutoscaler and NetworkPolicy to its
 * pods: the selector is `app.kubernetes.io/name` (the component) and `app.kubernetes.io/part-of`
 * (the profile); pods also carry `app.kubernetes.io/component` (the kind) and
 * `app.kubernetes.io/managed-by: capplan`.
 */
import type { ComponentPlan } from '../plan/types.js';
import type { PhaseContext } from './context.js';

/** A Kubernetes object as plain data. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** The metadata capplan sets. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
}

/** Options of the Kubernetes emitter that shape every object. */
export interface K8sScope {
  ctx: PhaseContext;
  /** Namespace written into each object (and the kustomization), or null for the current one. */
  namespace: string | null;
  /** Whether a PrometheusRule is emitted (NetworkPolicies then admit the monitoring namespace). */
  alerts: boolean;
}

/** The labels that select a component's pods. */
export function selectorLabels(ctx: PhaseContext, name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': ctx.partOf };
}

/** Every label of a component's objects and pods. */
export function componentLabels(ctx: PhaseContext, c: ComponentPlan): Record<string, string> {
  return {
    ...selectorLabels(ctx, c.name),
    'app.kubernetes.io/component': c.kind,
    'app.kubernetes.io/managed-by': 'capplan',
  };
}

/** Metadata of one of a component's objects. */
export function componentMeta(scope: K8sScope, c: ComponentPlan, annotations?: Record<string, string>): ObjectMeta {
  return {
    name: c.name,
    ...(scope.namespace !== null ? { namespace: scope.namespace } : {}),
    labels: componentLabels(scope.ctx, c),
    ...(annotations ? { annotations } : {}),
  };
}

/** Annotations that say where a workload's size comes from. */
export function planAnnotations(ctx: PhaseContext, c: ComponentPlan): Record<string, string> {
  return {
    'capplan/binding': c.binding,
    'capplan/phase': ctx.phase.name,
    'capplan/topology': c.topology,
  };
}
