/**
 * `disk`: storage devices. Devices by throughput, by IOPS and by capacity growth over the
 * retention period; each device is an M/M/c server for I/Os with c = IOPS × latency (the
 * I/Os in flight at full rate, by Little's law) and service rate 1 / latency.
 */
import * as z from 'zod';
import { LONG_DURATION_UNITS } from '../profile/fields.js';
import { DEFAULT_FILL } from '../plan/footprint.js';
import type { Binding, SizedComponent, Constraint } from '../plan/types.js';
import { erlangC, mmc, mmcResponseTimePercentile } from '../model/queueing.js';
import { formatByteRate, formatBytesDecimal, formatDuration, formatNumber } from '../units/format.js';
import { exponentialLaw } from '../model/service-law.js';
import { DEVICES, type DeviceClass } from './hardware.js';
import { singleQueueModel } from './replica-queue.js';
import { floorConstraint } from './constraint-text.js';
import { capUnits, ceilish } from './horizontal.js';
import { defineKind, replicaBounds } from './kind.js';
import { DEFAULT_RETENTION_S, storedShare } from './stored-share.js';

/** Fill level a volume is sized to when the profile does not say (80 %). */
export { DEFAULT_FILL };

/** The disk kind. */
export const disk = defineKind({
  kind: 'disk',
  title: 'Storage devices: throughput and IOPS against the device class, capacity growth over the retention period.',
  schema: (f) =>
    z
      .strictObject({
        kind: z.literal('disk'),
        description: z.string().optional().register(z.globalRegistry, { description: 'What this storage is (free text).' }),
        writeBytesPerRequest: f.bytes({ min: 0 }).default(0).register(z.globalRegistry, { description: 'Bytes written per user request (size with a unit: 10KB).' }),
        readBytesPerRequest: f.bytes({ min: 0 }).default(0).register(z.globalRegistry, { description: 'Bytes read per user request (size with a unit: 10KB).' }),
        iopsPerRequest: f.number({ min: 0 }).default(0).register(z.globalRegistry, { description: 'I/O operations per user request (number).' }),
        device: z
          .union([
            z.enum(Object.keys(DEVICES) as [string, ...string[]]),
            z.strictObject({
              throughput: f.byteRate({ positive: true }).register(z.globalRegistry, { description: 'Sequential throughput of one device (data rate with a unit: 500 MB/s).' }),
              iops: f.rate({ positive: true, bare: true }).register(z.globalRegistry, { description: 'Random I/Os per second of one device (rate; a bare number is per second, as the key says: 16000 or 16000 IOPS).' }),
              latency: f.duration({ positive: true }).register(z.globalRegistry, { description: 'Latency of one I/O (duration with a unit: 1ms).' }),
              size: f.bytes({ positive: true }).register(z.globalRegistry, { description: 'Capacity of one device (size with a unit: 1TB).' }),
            }),
          ])
          .default('ssd')
          .register(z.globalRegistry, { description: `Device class: ${Object.keys(DEVICES).join(', ')}, or { throughput, iops, latency, size } (default ssd).` }),
        retention: f.duration({ positive: true, guesses: LONG_DURATION_UNITS }).optional().register(z.globalRegistry, { description: 'How long written data is kept (duration with a unit: 90d); sizes capacity growth (default 365 d when writeBytesPerRequest is above 0, with a warning).' }),
        dataset: f.bytes({ min: 0 }).default(0).register(z.globalRegistry, { description: 'Data already stored (size with a unit: 500GB; bits are refused).' }),
        fill: f.fraction({ positive: true }).default(DEFAULT_FILL).register(z.globalRegistry, { description: 'Fullest a device may get (fraction; default 80%).' }),
        utilization: f.fraction({ positive: true }).optional().register(z.globalRegistry, { description: 'Device utilisation to size to (fraction; default targets.cpuUtilization).' }),
        replicas: replicaBounds(f),
        managed: z.boolean().default(false).register(z.globalRegistry, { description: 'Bought as managed block storage (true/false).' }),
      })
      .superRefine((v, ctx) => {
        if (v.writeBytesPerRequest === 0 && v.readBytesPerRequest === 0 && v.iopsPerRequest === 0 && v.dataset === 0) {
          ctx.addIssue({ code: 'custom', path: [], message: 'needs writeBytesPerRequest, readBytesPerRequest, iopsPerRequest or dataset', params: {} });
        }
      }),
  size: (c, ctx): SizedComponent => {
    const dev: DeviceClass = typeof c.device === 'string'
      ? DEVICES[c.device]!
      : { name: 'custom', bytesPerSecond: c.device.throughput, iops: c.device.iops, latencyS: c.device.latency, sizeBytes: c.device.size, source: 'profile' };
    const u = c.utilization ?? ctx.targets.cpuUtilization;
    const X = ctx.workload.peakRps;
    const bytes = X * (c.writeBytesPerRequest + c.readBytesPerRequest);
    const iops = X * c.iopsPerRequest;
    // Written data is kept a year unless the profile says (the same default as a database's; a warning says so).
    const retention = c.retention ?? (c.writeBytesPerRequest > 0 ? DEFAULT_RETENTION_S : 0);
    // With regions, each region's devices hold its share of the system's data (SizingContext.dataShare).
    const held = storedShare(ctx);
    const systemMean = held.systemRate(ctx.workload.meanRps);
    const storage = (c.dataset + systemMean * c.writeBytesPerRequest * retention) * held.share;
    const stored = `(${formatBytesDecimal(c.dataset)} + ${formatNumber(systemMean)}/s × ${formatBytesDecimal(c.writeBytesPerRequest)} × ${formatDuration(retention)})${held.why === '' ? '' : ` × ${formatNumber(held.share)}`}`;
    const constraints: Constraint[] = [
      {
        binding: 'bandwidth',
        required: Math.max(0, ceilish(bytes / (dev.bytesPerSecond * u))),
        formula: 'devices ≥ ⌈bytes/s / (device throughput × u)⌉',
        substituted: `⌈${formatByteRate(bytes)} / (${formatByteRate(dev.bytesPerSecond)} × ${formatNumber(u)})⌉`,
      },
      {
        binding: 'iops',
        required: Math.max(0, ceilish(iops / (dev.iops * u))),
        formula: 'devices ≥ ⌈IOPS / (device IOPS × u)⌉',
        substituted: `⌈${formatNumber(iops)} / (${formatNumber(dev.iops)} × ${formatNumber(u)})⌉`,
      },
      {
        binding: 'storage',
        required: Math.max(0, ceilish(storage / (dev.sizeBytes * c.fill))),
        formula: held.why === ''
          ? 'devices ≥ ⌈(dataset + λ̄ × write bytes × retention) / (size × fill)⌉ (mean rate)'
          : `devices ≥ ⌈(dataset + λ̄ × write bytes × retention) × d / (size × fill)⌉ (the system's mean rate; d: ${held.why})`,
        substituted: `⌈${stored} / (${formatBytesDecimal(dev.sizeBytes)} × ${formatNumber(c.fill)})⌉ = ⌈${formatBytesDecimal(storage)} / ${formatBytesDecimal(dev.sizeBytes * c.fill)}⌉`,
      },
      { binding: 'minReplicas', required: Math.max(1, c.replicas?.min ?? 1), formula: 'devices ≥ min', substituted: `min = ${Math.max(1, c.replicas?.min ?? 1)}` },
    ];
    for (const k of constraints) if (k.binding !== 'minReplicas') k.substituted += ` = ${k.required}`;
    let best = constraints[0]!;
    for (const k of constraints) if (k.required > best.required) best = k;
    if (best.required <= 1) {
      best = floorConstraint(1, 'devices');
      constraints.push(best);
    }
    const capped = capUnits(best.required, `${dev.name} devices`, ctx.name, ctx.path);
    let devices = capped.n;
    let binding: Binding = best.binding;
    const violations = capped.violation ? [capped.violation] : [];
    const max = c.replicas?.max;
    if (max !== undefined && devices > max) {
      violations.push({
        component: ctx.name, kind: 'maxReplicas' as const,
        message: `needs ${formatNumber(devices)} ${dev.name} devices (${best.binding}) but max is ${max}`,
        remedy: `raise replicas.max to ${formatNumber(devices)}, use a faster or larger device class, or shorten retention`,
        path: `${ctx.path}.replicas`,
      });
      devices = max;
      binding = 'maxReplicas';
    }
    // M/M/c per device for I/Os: c = IOPS × latency in flight (Little's law), μ = 1 / latency.
    const servers = Math.max(1, Math.round(dev.iops * dev.latencyS));
    const perWorker = 1 / dev.latencyS;
    const ioRate = iops / devices;
    const metrics = mmc(servers, ioRate, perWorker);
    const utilization = Math.max(bytes / (devices * dev.bytesPerSecond), iops / (devices * dev.iops));
    const limits = [
      c.writeBytesPerRequest + c.readBytesPerRequest > 0 ? { rps: (devices * dev.bytesPerSecond) / (c.writeBytesPerRequest + c.readBytesPerRequest), by: 'bandwidth' } : null,
      c.iopsPerRequest > 0 ? { rps: (devices * dev.iops) / c.iopsPerRequest, by: 'iops' } : null,
    ].filter((x): x is { rps: number; by: string } => x !== null);
    const breaking = limits.reduce((a, b) => (b.rps < a.rps ? b : a), { rps: Infinity, by: 'capacity' });
    return {
      name: ctx.name,
      kind: 'disk',
      demand: bytes,
      demandUnit: 'B/s',
      replicas: devices,
      binding,
      utilization,
      latencyP95: c.iopsPerRequest > 0 ? mmcResponseTimePercentile(ctx.percentile, servers, ioRate, perWorker) : null,
      waitProbability: c.iopsPerRequest > 0 && metrics.stable ? erlangC(servers, ioRate / perWorker) : null,
      maxRps: breaking.rps * u,
      violations,
      breakingRps: breaking.rps,
      maxRpsBy: breaking.by,
      visits: c.iopsPerRequest,
      capacityPerUnit: dev.bytesPerSecond,
      capacityUnit: 'B/s',
      targetUtilization: u,
      unitLabel: 'devices',
      topology: `${devices} × ${dev.name}`,
      managed: c.managed,
      resources: { cpuCores: null, memoryBytes: null, gpus: 0 },
      latencyMean: c.iopsPerRequest > 0 ? metrics.meanResponseS : null,
      latencyBudget: null,
      queue: c.iopsPerRequest > 0 ? singleQueueModel({ workers: servers, service: exponentialLaw(dev.latencyS), holding: null, balancing: 'random', constantDelayS: 0 }, ioRate, devices, 1 / devices).queue : null,
      synchronous: true,
      storageBytes: storage,
      storage: { datasetBytes: c.dataset * held.share, growthBytesPerS: systemMean * c.writeBytesPerRequest * held.share, retentionS: retention, fill: c.fill },
      egressBytesPerMonth: null,
      capacityDerivation: `${dev.name}: ${formatByteRate(dev.bytesPerSecond)}, ${formatNumber(dev.iops)} IOPS, ${formatDuration(dev.latencyS)} per I/O, ${formatBytesDecimal(dev.sizeBytes)} (${dev.source})`,
      constraints,
      detail: { device: dev.name, iops, storageBytes: storage, deviceSize: dev.sizeBytes, deviceIops: dev.iops, ioServers: servers },
      path: ctx.path,
      notes: [],
      model: c.iopsPerRequest > 0 ? [`queue (one device): M/M/${servers} for I/Os, c = IOPS × latency = ${formatNumber(dev.iops)} × ${formatDuration(dev.latencyS)} (Little's law)`] : [],
    };
  },
});
