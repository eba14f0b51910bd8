/**
 * `network`: links or NICs carrying the request bytes. Links by bytes/s against the link speed at
 * the target utilisation (N+1 when availability ≥ 99.9 %); each link is an M/M/1 server whose
 * service time is the transmission time of one request's bytes; egress volume for the bill.
 */
import * as z from 'zod';
import type { SizedComponent } from '../plan/types.js';
import { formatBitRate, formatByteRate, formatBytesDecimal, formatNumber } from '../units/format.js';
import { SECONDS_PER_MONTH } from './database.js';
import { LINKS } from './hardware.js';
import { planHorizontal } from './horizontal-plan.js';
import { defineKind, replicaBounds } from './kind.js';

/** The network kind. */
export const network = defineKind({
  kind: 'network',
  title: 'Network links/NICs: bytes/s against link speed at the target utilisation, transmission latency, egress volume.',
  schema: (f) =>
    z
      .strictObject({
        kind: z.literal('network'),
        description: z.string().optional().register(z.globalRegistry, { description: 'What this link is (free text).' }),
        bytesPerRequest: f.bytes({ positive: true }).register(z.globalRegistry, { description: 'Bytes one user request moves over this link, request plus response (size with a unit: 50KB).' }),
        link: z
          .union([z.enum(Object.keys(LINKS) as [string, ...string[]]), f.byteRate({ positive: true })])
          .default('1GbE')
          .register(z.globalRegistry, { description: `Link speed: ${Object.keys(LINKS).join(', ')}, or a data rate with a unit: 10 Gbit/s, 10Gbps, 125 MB/s (default 1GbE).` }),
        egress: f.fraction({ min: 0, max: 1 }).default(0).register(z.globalRegistry, { description: 'Fraction of the bytes that leave to the internet (billed as egress).' }),
        rtt: f.duration({ min: 0 }).default(0).register(z.globalRegistry, { description: 'Round-trip propagation delay added to each request (duration with a unit: 2ms; 0 for none).' }),
        utilization: f.fraction({ positive: true }).optional().register(z.globalRegistry, { description: 'Link utilisation to size to (fraction; default targets.cpuUtilization).' }),
        replicas: replicaBounds(f),
        calls: z.array(z.string()).optional().register(z.globalRegistry, { description: 'Components reached over this link (names).' }),
      }),
  size: (c, ctx): SizedComponent => {
    const link = typeof c.link === 'string' ? LINKS[c.link]!.bytesPerSecond : c.link;
    const linkName = typeof c.link === 'string' ? c.link : formatBitRate(c.link);
    const perRequestS = c.bytesPerRequest / link;
    const plan = planHorizontal(
      { kind: 'network', perRequest: 1, capacity: link / c.bytesPerRequest, utilization: c.utilization, replicas: c.replicas, managed: false },
      // Links are not spread over zones: redundancy is N+1 when the availability target asks for it.
      { ...ctx, targets: { ...ctx.targets, zones: 1, availability: ctx.targets.zones > 1 ? Math.max(ctx.targets.availability ?? 0, 0.999) : ctx.targets.availability } },
      { noun: 'req', label: 'links', constantDelayS: c.rtt, ...(ctx.targets.zones > 1 ? { nPlusOneWhy: `links are not spread over zones: with ${ctx.targets.zones} zones one link may be lost` } : {}) },
    );
    const demand = ctx.workload.peakRps * c.bytesPerRequest;
    const egressBytesPerMonth = ctx.workload.meanRps * c.bytesPerRequest * c.egress * SECONDS_PER_MONTH;
    return {
      ...plan,
      demand,
      demandUnit: 'B/s',
      binding: plan.binding === 'throughput' ? 'bandwidth' : plan.binding,
      capacityPerUnit: link,
      capacityUnit: 'B/s',
      constraints: plan.constraints.map((k) => (k.binding === 'throughput' ? { ...k, binding: 'bandwidth' as const, substituted: `${k.substituted} (${formatByteRate(demand)} over ${linkName} links)` } : k)),
      capacityDerivation: `link ${linkName} = ${formatByteRate(link)}; ${formatBytesDecimal(c.bytesPerRequest)} per request → μ = ${formatNumber(link / c.bytesPerRequest)} req/s per link, transmission ${formatNumber(perRequestS * 1000)} ms`,
      egressBytesPerMonth: c.egress > 0 ? egressBytesPerMonth : null,
      resources: { cpuCores: null, memoryBytes: null, gpus: 0 },
      notes: [],
      detail: {
        link: linkName,
        linkBytesPerSecond: link,
        bytesPerRequest: c.bytesPerRequest,
        ...(c.egress > 0 ? { egressPerMonth: formatBytesDecimal(egressBytesPerMonth) } : {}),
      },
    };
  },
});
