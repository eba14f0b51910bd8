/**
 * `agent`: AI/ML inference on GPUs or CPU cores with a concurrency limit. Capacity per replica is
 * units × per-unit rate (a GPU's queries/s, or tokens/s ÷ tokens per query). With
 * `scaling: vertical`, units per replica grow first (up to `maxUnitsPerReplica`), then replicas;
 * GPU memory must hold the model plus the working memory of every in-flight request.
 */
import * as z from 'zod';
import type { Constraint, Violation } from '../plan/types.js';
import { formatBytes, formatNumber } from '../units/format.js';
import { ceilish } from './horizontal.js';
import { planHorizontal } from './horizontal-plan.js';
import { baseFields, defineKind, type ReplicaCapacity } from './kind.js';
import { callFigures } from './horizontal-model.js';
import { checkReplicaBounds } from './refine.js';
import { balancingField, checkShape, operationsMeanS } from './service-shape.js';

/** The agent kind. */
export const agent = defineKind({
  kind: 'agent',
  title: 'AI/ML inference: GPUs or cores per replica (vertical) and replicas; queries/s or tokens/s per GPU, concurrency, GPU memory.',
  schema: (f) =>
    z
      .strictObject({
        kind: z.literal('agent'),
        ...baseFields(f),
        gpu: f.count({ min: 0 }).optional().register(z.globalRegistry, { description: 'GPUs per replica at the stated capacity (count; 0 or absent: CPU inference).' }),
        perGpu: f.rate({ positive: true }).optional().register(z.globalRegistry, { description: 'Queries one GPU serves at 100 % busy (rate with a unit: 40/s; alternative to capacity).' }),
        tokensPerSecond: f.rate({ positive: true, bare: true }).optional().register(z.globalRegistry, { description: 'Tokens one GPU (or one replica, without GPUs) generates at 100 % busy (rate; a bare number is per second, as the key says: 2000 or 2000/s).' }),
        tokensPerRequest: f.number({ positive: true }).optional().register(z.globalRegistry, { description: 'Tokens generated per query (with tokensPerSecond gives queries/s).' }),
        concurrency: f.count({ min: 1 }).optional().register(z.globalRegistry, { description: 'Queries in flight per replica at the stated capacity (batch slots; the c of M/M/c).' }),
        scaling: z.enum(['horizontal', 'vertical']).default('horizontal').register(z.globalRegistry, { description: 'horizontal: add replicas of fixed size; vertical: grow GPUs (or cores) per replica first.' }),
        maxUnitsPerReplica: f.count({ min: 1, max: 1024 }).default(8).register(z.globalRegistry, { description: 'Most GPUs (or cores) one replica may grow to under vertical scaling (count; default 8, the largest common GPU node).' }),
        gpuMemory: f.bytes({ positive: true }).optional().register(z.globalRegistry, { description: 'Memory of one GPU (size with a unit: 24GiB, 80GB).' }),
        modelMemory: f.bytes({ positive: true }).optional().register(z.globalRegistry, { description: 'Memory the model weights take (size with a unit: 14GiB), split over the GPUs of a replica.' }),
        memoryPerRequest: f.bytes({ min: 0 }).optional().register(z.globalRegistry, { description: 'Working memory per in-flight query, e.g. KV cache (size with a unit: 512Mi).' }),
        balancing: balancingField(),
      })
      .superRefine((v, ctx) => {
        checkReplicaBounds(v, ctx);
        checkShape(v, ctx, { tokens: v.tokensPerSecond !== undefined });
        const tokenOps = v.operations !== undefined && v.operations.every((o) => o.tokens !== undefined);
        const timedOps = v.operations !== undefined && v.operations.every((o) => o.serviceTime !== undefined);
        const ways = [v.capacity !== undefined || v.serviceTime !== undefined || timedOps, v.perGpu !== undefined, v.tokensPerSecond !== undefined].filter(Boolean).length;
        if (ways === 0) {
          ctx.addIssue({ code: 'custom', path: [], message: 'needs capacity (queries/s per replica), serviceTime, perGpu, or tokensPerSecond with tokensPerRequest', params: {} });
        } else if (ways > 1) {
          ctx.addIssue({ code: 'custom', path: [], message: 'give one of capacity/serviceTime, perGpu, or tokensPerSecond', params: {} });
        }
        if (v.tokensPerSecond !== undefined && v.tokensPerRequest === undefined && !tokenOps) {
          ctx.addIssue({ code: 'custom', path: ['tokensPerRequest'], message: 'tokensPerSecond needs tokensPerRequest (or operations with tokens)', params: {} });
        }
        if (tokenOps && v.tokensPerRequest !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['tokensPerRequest'], message: 'operations with tokens set the mean tokens per query: drop tokensPerRequest', params: {} });
        }
        if (v.perGpu !== undefined && !(v.gpu ?? 0)) {
          ctx.addIssue({ code: 'custom', path: ['perGpu'], message: 'perGpu needs gpu (GPUs per replica) of at least 1', params: {} });
        }
        if (typeof v.capacity === 'object') {
          ctx.addIssue({ code: 'custom', path: ['capacity'], message: 'agents take a capacity rate; fit USL curves on services', params: {} });
        }
        if (v.modelMemory !== undefined && v.gpuMemory === undefined) {
          ctx.addIssue({ code: 'custom', path: ['gpuMemory'], message: 'modelMemory needs gpuMemory (memory of one GPU)', params: {} });
        }
      }),
  size: (c, ctx) => {
    const gpus = c.gpu ?? c.resources?.gpu ?? 0;
    // Units that scale vertically: GPUs, else CPU cores (a fraction of a core when resources.cpu says so).
    const baseUnits = gpus > 0 ? gpus : c.resources?.cpu ?? 1;
    const unitName = gpus > 0 ? 'GPU' : 'core';
    // Rate of one replica at its stated size, and its concurrency.
    let perReplicaBase: number;
    let how: string;
    const tokenOps = c.operations !== undefined && c.operations.every((o) => o.tokens !== undefined);
    const meanTokens = c.tokensPerRequest ?? (tokenOps ? c.operations!.reduce((sum, o) => sum + o.share * o.tokens!, 0) : null);
    if (c.perGpu !== undefined) {
      perReplicaBase = c.perGpu * gpus;
      how = `${formatNumber(c.perGpu)} query/s per GPU × ${gpus} GPU`;
    } else if (c.tokensPerSecond !== undefined && meanTokens !== null) {
      const tokens = meanTokens;
      const perUnit = c.tokensPerSecond / tokens;
      perReplicaBase = gpus > 0 ? perUnit * gpus : perUnit;
      how = `${formatNumber(c.tokensPerSecond)} tokens/s ÷ ${formatNumber(tokens)} tokens per query${c.tokensPerRequest === undefined ? ' (the operations’ mean)' : ''}${gpus > 0 ? ` × ${gpus} GPU` : ''}`;
    } else if (typeof c.capacity === 'number') {
      perReplicaBase = c.capacity;
      how = `capacity ${formatNumber(c.capacity)} query/s`;
    } else {
      const serviceTime = c.serviceTime ?? operationsMeanS(c)!;
      perReplicaBase = (c.workers ?? c.concurrency ?? 1) / serviceTime;
      how = `c / S = ${c.workers ?? c.concurrency ?? 1} / ${formatNumber(serviceTime)} s`;
    }
    const slotsBase = c.concurrency ?? c.workers ?? 1;
    const perUnit = perReplicaBase / baseUnits;
    const slotsPerUnit = slotsBase / baseUnits;
    const u = c.utilization ?? ctx.targets.cpuUtilization;
    const lambda = ctx.workload.peakRps * callFigures(c, ctx).visits;

    // Units per replica: fixed (horizontal), or grown until the floor of replicas carries λ (vertical).
    const extra: Constraint[] = [];
    const violations: Violation[] = [];
    let units = baseUnits;
    if (c.scaling === 'vertical') {
      const floor = Math.max(c.replicas?.min ?? 1, ctx.targets.zones > 1 ? ctx.targets.zones : 1);
      const survivors = ctx.targets.zones > 1 ? floor - Math.ceil(floor / ctx.targets.zones) : floor;
      const wanted = Math.max(baseUnits, ceilish(lambda / (Math.max(1, survivors) * perUnit * u)));
      units = Math.min(c.maxUnitsPerReplica, wanted);
      extra.push({
        binding: 'throughput',
        required: floor,
        formula: `vertical: ${unitName}s per replica g = min(max, ⌈λ / (replicas × per-${unitName} rate × u)⌉)`,
        substituted: `g = min(${c.maxUnitsPerReplica}, ⌈${formatNumber(lambda)} / (${Math.max(1, survivors)} × ${formatNumber(perUnit)} × ${formatNumber(u)})⌉) = ${formatNumber(units)}`,
      });
    }
    // GPU memory: weights split over the replica's GPUs, plus working memory per in-flight query.
    let gpuMemoryPerGpu: number | null = null;
    if (gpus > 0 && c.gpuMemory !== undefined && c.modelMemory !== undefined) {
      const perRequest = c.memoryPerRequest ?? 0;
      const need = (g: number) => c.modelMemory! + slotsPerUnit * g * perRequest;
      const fits = (g: number) => need(g) <= g * c.gpuMemory! * ctx.targets.memoryUtilization;
      let g = units;
      while (!fits(g) && g < c.maxUnitsPerReplica) g++;
      if (!fits(g)) {
        violations.push({
          component: ctx.name,
          kind: 'memory',
          message: `the model (${formatBytes(c.modelMemory)} + ${formatBytes(perRequest)} per in-flight query) does not fit in ${c.maxUnitsPerReplica} × ${formatBytes(c.gpuMemory)} GPUs at ${formatNumber(ctx.targets.memoryUtilization * 100)}% memory`,
          remedy: 'use larger GPUs, quantise the model, lower concurrency, or raise maxUnitsPerReplica',
          path: `${ctx.path}.modelMemory`,
        });
      } else if (g > units) {
        units = g;
      }
      // What each GPU must hold for the replica's share to stay within the memory target: the bill
      // prices only GPUs with that much memory (a GPU of the catalog that cannot hold the model is
      // no price for it).
      gpuMemoryPerGpu = need(units) / (units * ctx.targets.memoryUtilization);
      extra.push({
        binding: 'memory',
        required: 0,
        formula: 'model + slots × memoryPerRequest ≤ GPUs × gpuMemory × memory target',
        substituted: `${formatBytes(need(units))} ≤ ${units} × ${formatBytes(c.gpuMemory)} × ${formatNumber(ctx.targets.memoryUtilization)} = ${formatBytes(units * c.gpuMemory * ctx.targets.memoryUtilization)}`,
      });
    }
    const capacity: ReplicaCapacity = {
      perReplica: perUnit * units,
      workers: Math.max(1, Math.round(slotsPerUnit * units)),
      perWorker: (perUnit * units) / Math.max(1, Math.round(slotsPerUnit * units)),
      derivation: `μ = ${how}${units !== baseUnits ? `, scaled to ${units} ${unitName}s: ${formatNumber(perUnit)} × ${units} = ${formatNumber(perUnit * units)} query/s` : ''} per replica, c = ${Math.max(1, Math.round(slotsPerUnit * units))} in flight`,
      notes: [],
    };
    const plan = planHorizontal(c, ctx, {
      noun: 'query',
      capacity,
      extraConstraints: [],
      detail: {
        scaling: c.scaling,
        unitsPerReplica: units,
        unit: unitName,
        ...(gpus > 0 ? { gpusPerReplica: units } : { coresPerReplica: units }),
        ...(gpuMemoryPerGpu !== null ? { gpuMemoryPerGpu } : {}),
        ...(meanTokens !== null ? { tokensPerSecond: lambda * meanTokens } : {}),
      },
    });
    const totalUnits = plan.replicas * units;
    const showUnits = gpus > 0 || c.scaling === 'vertical';
    const u1 = (n: number) => `${formatNumber(n)} ${unitName}${n === 1 ? '' : 's'}`;
    return {
      ...plan,
      constraints: [...extra, ...plan.constraints],
      violations: [...violations, ...plan.violations],
      topology: showUnits ? `${plan.topology} × ${u1(units)} (${u1(totalUnits)})` : plan.topology,
      unitLabel: 'replicas',
      resources: { ...plan.resources, gpus: gpus > 0 ? units : 0, cpuCores: gpus > 0 ? plan.resources.cpuCores : (c.resources?.cpu !== undefined ? units : plan.resources.cpuCores) },
      detail: { ...plan.detail, ...(gpus > 0 ? { totalGpus: totalUnits } : { totalCores: totalUnits }) },
    };
  },
});
