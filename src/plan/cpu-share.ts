/**
 * The CPU a replica uses at its target utilisation, as a share of its CPU request: what an
 * autoscaler's CPU target and a CPU alert compare with. The plan sizes workers by how long they
 * are busy; a worker held by blocking calls is busy for its own time plus the callees' answers but
 * computes only in its own time. With the request taken to be the CPU of every worker busy on its
 * own work (the manifests' assumption, docs/manifests.md), the CPU at the target utilisation u is
 * u × own time ÷ held time (u itself when nothing holds the workers). Pure.
 */
import type { ComponentPlan } from './types.js';

/** Below this share of its request, CPU cannot steer an autoscaler: idle noise (probes, GC) is of the same size. */
export const MIN_CPU_TARGET = 0.1;

/** The CPU share at the target utilisation, with the own and held times behind it when blocking calls hold the workers. */
export interface CpuAtTarget {
  share: number;
  /** Mean own time and held time of a worker per operation (seconds), or null when nothing holds the workers. */
  held: { ownS: number; heldS: number } | null;
}

export function cpuAtTarget(c: Pick<ComponentPlan, 'targetUtilization' | 'detail'>): CpuAtTarget {
  const ownS = c.detail.ownTime;
  const heldS = c.detail.heldTime;
  if (typeof ownS !== 'number' || typeof heldS !== 'number' || !(heldS > ownS) || !(ownS >= 0)) return { share: c.targetUtilization, held: null };
  return { share: (c.targetUtilization * ownS) / heldS, held: { ownS, heldS } };
}

/** Whether CPU is too small a signal to autoscale this component on. */
export function cpuBlind(c: Pick<ComponentPlan, 'targetUtilization' | 'detail'>): boolean {
  const cpu = cpuAtTarget(c);
  return cpu.held !== null && cpu.share < MIN_CPU_TARGET;
}
