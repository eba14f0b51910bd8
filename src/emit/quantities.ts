/**
 * The quantities a phase's manifests would carry, checked before emitting: each must be finite
 * and within Kubernetes' range (|x| < 2^63, after rounding up to the unit it is written in), or
 * the profile value that drives it is refused with its position (the emitters assert the same
 * and stop with an internal error if one ever slips through).
 */
import { fillOf, redisMaxmemoryBytes, requestsOf, volumeBytesPerNode } from '../plan/footprint.js';
import { HORIZONTAL_KINDS, STATEFUL_KINDS } from './context.js';
import type { ComponentPlan, PhasePlan } from '../plan/types.js';
import { cpuQuantity, GIB, MAX_QUANTITY, memoryQuantity, MIB } from './units.js';

/** A quantity Kubernetes cannot represent, and the component key (relative to the component) that drives it. */
export interface QuantityProblem {
  component: string;
  key: string[];
  message: string;
}

/** Whether `value`, rounded up to whole `unit`s, is finite and within range. */
function fits(value: number, unit: number): boolean {
  return Number.isFinite(value) && Math.max(1, Math.ceil(value / unit)) * unit < MAX_QUANTITY;
}

/** The profile key most responsible for a stateful component's volume: the retention when growth over it dominates, else the dataset. */
function storageKey(c: ComponentPlan): string[] {
  const s = c.storage;
  if (c.kind === 'cache') return ['nodeMemory'];
  if (!s) return ['dataset'];
  return s.growthBytesPerS * s.retentionS >= s.datasetBytes ? ['retention'] : ['dataset'];
}

/** Every quantity of a phase's manifests that Kubernetes (or Compose) could not take. */
export function quantityProblems(phase: PhasePlan): QuantityProblem[] {
  const out: QuantityProblem[] = [];
  const check = (c: ComponentPlan, value: number, unit: number, key: string[], what: string, unitName: string) => {
    if (fits(value, unit) || out.some((o) => o.component === c.name && o.key.join('.') === key.join('.'))) return;
    const shown = Number.isFinite(value) ? `${value.toExponential(3)} ${unitName}` : String(value);
    out.push({ component: c.name, key, message: `${what}, ${shown}, is beyond what a manifest can carry (Kubernetes quantities stay below 2^63 ≈ 9.2e18)` });
  };
  for (const c of phase.components) {
    const pods = !c.managed && (HORIZONTAL_KINDS.has(c.kind) || STATEFUL_KINDS.has(c.kind));
    const r = requestsOf(c);
    if (pods) {
      check(c, r.cpuCores * 1000, 1, ['resources', 'cpu'], 'the CPU request', 'millicores');
      check(c, r.memoryBytes, MIB, ['resources', 'memory'], 'the memory request', 'bytes');
      if (c.deploy.cpuLimit !== null) check(c, c.deploy.cpuLimit * 1000, 1, ['deploy', 'limits', 'cpu'], 'the CPU limit', 'millicores');
      if (c.deploy.memoryLimit !== null) check(c, c.deploy.memoryLimit, MIB, ['deploy', 'limits', 'memory'], 'the memory limit', 'bytes');
    }
    if (c.managed && c.resources.memoryBytes !== null) check(c, c.resources.memoryBytes, MIB, ['resources', 'memory'], 'the memory of one node', 'bytes');
    if (c.kind === 'cache') check(c, redisMaxmemoryBytes(c, phase.targets.memoryUtilization), 1, ['nodeMemory'], 'Redis maxmemory', 'bytes');
    const volume = volumeBytesPerNode(c, phase.targets.memoryUtilization);
    if (!c.managed && volume !== null) check(c, volume, GIB, storageKey(c), 'the volume of one node', 'bytes');
    if (c.managed && c.storageBytes !== null) check(c, c.storageBytes / fillOf(c), GIB, storageKey(c), 'the storage to buy', 'bytes');
  }
  return out;
}

/** Whole units a quantity is written in (the emitters round up to the millicore and the MiB). */
const written = (value: number, unit: number) => Math.max(1, Math.ceil(value / unit - 1e-9));

/**
 * Limits below their requests (`deploy.limits` under `resources` or the default requests).
 * Kubernetes refuses such a container ("must be less than or equal to cpu limit") and Docker a
 * memory reservation above its limit, so the manifests would not apply; refused before emitting,
 * at the limit's place. Compared as written, after rounding.
 */
export function limitProblems(phase: PhasePlan): QuantityProblem[] {
  const out: QuantityProblem[] = [];
  for (const c of phase.components) {
    if (c.managed || !(HORIZONTAL_KINDS.has(c.kind) || STATEFUL_KINDS.has(c.kind))) continue;
    const r = requestsOf(c);
    const from = (set: number | null) => (set === null ? 'the default request for its kind; set resources' : 'resources');
    if (c.deploy.cpuLimit !== null && fits(c.deploy.cpuLimit * 1000, 1) && fits(r.cpuCores * 1000, 1) && written(c.deploy.cpuLimit * 1000, 1) < written(r.cpuCores * 1000, 1)) {
      out.push({
        component: c.name,
        key: ['deploy', 'limits', 'cpu'],
        message: `the CPU limit ${cpuQuantity(c.deploy.cpuLimit)} is below the CPU request ${cpuQuantity(r.cpuCores)} (${from(c.resources.cpuCores)}.cpu): Kubernetes refuses a container whose request exceeds its limit`,
      });
    }
    if (c.deploy.memoryLimit !== null && fits(c.deploy.memoryLimit, MIB) && fits(r.memoryBytes, MIB) && written(c.deploy.memoryLimit, MIB) < written(r.memoryBytes, MIB)) {
      out.push({
        component: c.name,
        key: ['deploy', 'limits', 'memory'],
        message: `the memory limit ${memoryQuantity(c.deploy.memoryLimit)} is below the memory request ${memoryQuantity(r.memoryBytes)} (${from(c.resources.memoryBytes)}.memory): Kubernetes refuses a container whose request exceeds its limit, and Docker a reservation above its limit`,
      });
    }
  }
  return out;
}
