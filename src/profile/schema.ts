/**
 * The profile schema (apiVersion capplan/v1). One zod schema gives the TypeScript types, the
 * validation with positioned messages, the committed JSON Schema for editors
 * (`schema/capplan-profile.schema.json`) and the README's field reference.
 *
 * Descriptions are registered on the schema each key builds for itself
 * (`.register(z.globalRegistry, { description })`, as the kinds do): zod's `.describe()` clones
 * the schema it is given, and every run builds these. A schema shared by several keys (the
 * targets section, which a phase's shape also uses) keeps `.describe()`, so that its description
 * stays its own.
 */
import * as z from 'zod';
import { growthSchema } from '../explore/growth.js';
import { gatesSchema } from '../gate/policy-schema.js';
import { alertsSchema } from './alerts.js';
import { KINDS } from '../kinds/registry.js';
import { ARCHES } from '../pricing/catalog-types.js';
import { priceOverridesSchema } from '../pricing/price-overrides.js';
import { daemonsetsSchema } from '../pricing/daemonsets.js';
import { componentName, headingName, optionalOnDemand, singleValued, type Fields } from './fields.js';
import { MAX_ARRIVAL_CV } from '../model/arrival-law.js';

/** The `pricing:` section: the provider and region to price in, cloud or on-prem, the daemonsets on every node, and overrides. */
export function pricingSchema(f: Fields) {
  return priceOverridesSchema().extend({
    target: z.enum(['cloud', 'onprem']).optional().register(z.globalRegistry, { description: 'Price a cloud deployment or an on-prem build (default cloud).' }),
    provider: z.enum(['aws', 'gcp', 'azure']).optional().register(z.globalRegistry, { description: 'Cloud provider of the bill (default aws).' }),
    region: z.string().min(1).optional().register(z.globalRegistry, { description: "Region of the bill (default: the catalog's region for the provider)." }),
    arch: z.enum(ARCHES).optional().register(z.globalRegistry, { description: 'CPU architecture of the images, for the node pools the bill buys: amd64 (default), arm64 (Graviton and other Arm nodes, usually cheaper per core; the manifests then select Arm nodes), or any (the cheaper of both; the images must be multi-arch).' }),
    daemonsets: daemonsetsSchema(f).optional(),
  });
}

/** The workload section: how many requests arrive at peak. */
export function workloadSchema(f: Fields) {
  return z
    .strictObject({
      phase: headingName('phase').default('now').register(z.globalRegistry, { description: 'Name of the phase this base workload describes (default "now").' }),
      sessionsPerDay: f.number({ min: 0 }).optional().register(z.globalRegistry, { description: 'User sessions per day (count per day); with requestsPerSession and peakFactor gives the peak rate.' }),
      requestsPerSession: f.number({ positive: true }).optional().register(z.globalRegistry, { description: 'Requests one session makes (number).' }),
      peakFactor: f.number({ min: 1 }).optional().register(z.globalRegistry, { description: 'Peak rate ÷ mean rate (number ≥ 1, e.g. 3; default 1, a day as busy at every hour, unless peakHourShare is given).' }),
      peakHourShare: f.fraction({ positive: true }).optional().register(z.globalRegistry, { description: "Share of the day's requests that fall in the busiest hour (e.g. 15%); alternative to peakFactor." }),
      rps: f.rate({ min: 0, bare: true }).optional().register(z.globalRegistry, { description: 'Peak user request rate directly (rate; a bare number is per second, as the key says: 800 or 800/s).' }),
      concurrentUsers: f.number({ min: 0 }).optional().register(z.globalRegistry, { description: 'Users active at peak (count); with thinkTime gives the rate by the interactive response-time law.' }),
      thinkTime: f.duration({ positive: true }).optional().register(z.globalRegistry, { description: 'Z of X = N / (R + Z): the pause after a response before the user sends the next request, not the whole time between requests (duration with a unit: 10s).' }),
      arrivalCv: f.number({ positive: true, max: MAX_ARRIVAL_CV }).optional().register(z.globalRegistry, { description: `Coefficient of variation of the time between arrivals, σ/mean (number > 0, at most ${MAX_ARRIVAL_CV}; default 1, Poisson; above 1 bursty: batches, retries, cron; below 1 smoother, paced clients). The entry's queue is GI/M/c with an H2 (cv > 1) or Erlang-mixture (cv < 1) interarrival law; downstream components get their cv by QNA.` }),
      responseTime: f.duration({ min: 0 }).optional().register(z.globalRegistry, { description: 'Expected response time R for the interactive law X = N / (R + Z) (duration with a unit: 200ms; default 0, the upper bound X = N / Z).' }),
      growth: optionalOnDemand(() => growthSchema(f)),
    })
    .superRefine((w, ctx) => {
      const bySessions = w.sessionsPerDay !== undefined;
      const byRps = w.rps !== undefined;
      const byUsers = w.concurrentUsers !== undefined;
      const ways = [bySessions, byRps, byUsers].filter(Boolean).length;
      if (ways === 0) {
        ctx.addIssue({ code: 'custom', path: [], message: 'needs a rate: sessionsPerDay with requestsPerSession, rps, or concurrentUsers with thinkTime', params: {} });
      } else if (ways > 1) {
        ctx.addIssue({ code: 'custom', path: [], message: 'give one of sessionsPerDay, rps or concurrentUsers as the rate', params: { hint: 'requestsPerSession may accompany rps or concurrentUsers to count sessions' } });
      }
      if (bySessions && w.requestsPerSession === undefined) {
        ctx.addIssue({ code: 'custom', path: ['requestsPerSession'], message: 'sessionsPerDay needs requestsPerSession', params: {} });
      }
      if (byUsers && w.thinkTime === undefined) {
        ctx.addIssue({ code: 'custom', path: ['thinkTime'], message: 'concurrentUsers needs thinkTime', params: {} });
      }
      if (w.peakFactor !== undefined && w.peakHourShare !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['peakHourShare'], message: 'give peakFactor or peakHourShare, not both', params: {} });
      }
      if (w.peakHourShare !== undefined && w.peakHourShare < 1 / 24) {
        ctx.addIssue({ code: 'custom', path: ['peakHourShare'], message: 'the busiest hour holds at least 1/24 (4.17%) of the day', params: {} });
      }
    })
    .register(z.globalRegistry, { description: 'How many requests arrive: sessions/day × requests/session × peak factor, a peak rps, or concurrent users with think time.' });
}

/** The most regions a phase may have. */
export const MAX_REGIONS = 50;

/** A region name (a label: us-east, eu-west-1). */
const regionName = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { error: 'a region name: lowercase letters, digits and "-"' });

/** The targets section. */
export function targetsSchema(f: Fields) {
  return z
    .strictObject({
    latencyP95: f.duration({ positive: true }).optional().register(z.globalRegistry, { description: 'End-to-end p95 response time target (duration with a unit: 500ms).' }),
    availability: f.fraction({ positive: true, below: { value: 1, why: 'no number of replicas keeps a system up all the time; give the target you design for, e.g. 99.9% or 99.99%' } }).optional().register(z.globalRegistry, { description: 'Availability target below 100 % (e.g. 99.9%); ≥ 99.9 % in one zone adds N+1 replicas and standbys.' }),
    cpuUtilization: f.fraction({ positive: true }).default(0.7).register(z.globalRegistry, { description: 'Utilisation a horizontal component is sized to at peak (default 70%).' }),
    memoryUtilization: f.fraction({ positive: true }).default(0.8).register(z.globalRegistry, { description: 'Fullest memory may get: cache nodes, GPU memory (default 80%).' }),
    zones: f.count({ min: 1, max: 100 }).default(1).register(z.globalRegistry, { description: 'Availability zones (or other failure domains); with more than one the plan survives the loss of a zone (count, at most 100).' }),
    minHeadroom: f.number({ positive: true }).optional().register(z.globalRegistry, { description: 'CI gate: least acceptable max sustainable rate ÷ peak rate (number, e.g. 1.3).' }),
    regions: z
      .union([f.count({ min: 1, max: MAX_REGIONS }), z.array(regionName).min(1).max(MAX_REGIONS)], { error: 'expected a count of regions (2) or a list of their names ([us-east, eu-west])' })
      .optional()
      .register(z.globalRegistry, { description: 'Regions the system runs in, each a whole copy of the stack (its own load balancer, replicas and caches) serving an even share of the users: a count, or the names (e.g. [us-east, eu-west]); components are sized per region (default 1).' }),
    nodes: f
      .count({ min: 1 })
      .optional()
      .register(z.globalRegistry, { description: 'Machines the design puts this phase on (count): the on-prem bill says when the requests need more servers than these.' }),
    regionFailover: z
      .boolean()
      .optional()
      .register(z.globalRegistry, { description: 'Each region must also carry the share of one lost region: regions are sized for peak ÷ (regions − 1) instead of peak ÷ regions (true/false, default false).' }),
    })
    .superRefine((t, ctx) => {
      const count = typeof t.regions === 'number' ? t.regions : (t.regions?.length ?? 1);
      if (t.regionFailover && count < 2) ctx.addIssue({ code: 'custom', path: ['regionFailover'], message: 'failing over needs at least two regions', params: {} });
      if (Array.isArray(t.regions) && new Set(t.regions).size !== t.regions.length) ctx.addIssue({ code: 'custom', path: ['regions'], message: 'region names must differ', params: {} });
    })
    .register(z.globalRegistry, { description: 'What the plan must meet: latency, availability, utilisation, zones, regions, headroom.' });
}

/**
 * One component, discriminated by `kind`. With `onDemand` (validation) each kind's schema is
 * built the first time a component of that kind is parsed: building all eight was most of a small
 * command's start (`capplan size` validates one service). The JSON Schema and the field reference
 * walk every kind, so they take them built.
 */
export function componentSchema(f: Fields, onDemand = false) {
  const options = KINDS.map((k) => (onDemand ? kindOnDemand(k.kind, () => k.schema(f)) : k.schema(f))) as unknown as [z.ZodObject, ...z.ZodObject[]];
  return z.discriminatedUnion('kind', options);
}

/**
 * A kind's schema built on first use (z.lazy, which keeps what it built). zod's discriminated
 * union reads each option's discriminator values (`_zod.propValues`) to dispatch, which of a
 * lazy would build it: the kind's name answers that without building.
 */
function kindOnDemand(kind: string, build: () => z.ZodType): z.ZodType {
  const schema = z.lazy(build);
  Object.defineProperty(schema._zod, 'propValues', { value: { kind: new Set([kind]) }, configurable: true, writable: true });
  return schema;
}

/** A growth phase: a name, a scale on the workload, and overrides merged over the base profile. */
export function phaseSchema(f: Fields) {
  return z.strictObject({
    name: headingName('phase').register(z.globalRegistry, { description: 'Phase name (e.g. "12 months").' }),
    description: z.string().optional().register(z.globalRegistry, { description: 'What happens in this phase (free text).' }),
    scale: f.number({ positive: true }).default(1).register(z.globalRegistry, { description: "Multiplier on the base workload's rate (sessionsPerDay, rps or concurrentUsers)." }),
    after: f.duration({ min: 0, guesses: [' months', 'd'] }).optional().register(z.globalRegistry, { description: 'Time from the start of the base phase to this one (duration with a unit: 12 months); the bill charges storage for the data held by then (default: the end of the retention period).' }),
    workload: z.record(z.string(), z.unknown()).optional().register(z.globalRegistry, { description: 'Workload keys that change in this phase (merged over workload, then scaled).' }),
    targets: z.record(z.string(), z.unknown()).optional().register(z.globalRegistry, { description: 'Target keys that change in this phase.' }),
    components: z.record(z.string(), z.unknown()).optional().register(z.globalRegistry, { description: 'Component settings that change in this phase, or components it adds (merged over components).' }),
  });
}

/** The base workload's and the targets' schemas as the profile holds them (validation parses them on their own too, and builds them once). */
export function sectionSchemas(f: Fields) {
  return { workload: workloadSchema(f), targets: targetsSchema(singleValued(f)).prefault({}) };
}

/** The whole profile as written (before phases are merged); `components` is the schema of one component (validation passes its own, built on demand), `sections` the workload and targets schemas. */
export function profileSchema(f: Fields, component: z.ZodType = componentSchema(f), sections: ReturnType<typeof sectionSchemas> = sectionSchemas(f)) {
  return z.strictObject({
    $schema: z.string().optional().register(z.globalRegistry, { description: 'JSON Schema reference for editors (ignored).' }),
    apiVersion: z.literal('capplan/v1', { error: 'expected apiVersion: capplan/v1' }).register(z.globalRegistry, { description: 'Profile format version: capplan/v1.' }),
    name: headingName('system').register(z.globalRegistry, { description: 'System name.' }),
    description: z.string().optional().register(z.globalRegistry, { description: 'What the system is (free text).' }),
    workload: sections.workload,
    targets: sections.targets.describe('What the plan must meet (defaults: 70% CPU, 80% memory, 1 zone).'),
    phases: optionalOnDemand(() => z.array(phaseSchema(f))).register(z.globalRegistry, { description: 'Growth phases after the base workload, each planned (the roadmap).' }),
    components: z
      .record(componentName, component)
      .refine((c) => Object.keys(c).length > 0, { error: 'a profile needs at least one component' })
      .register(z.globalRegistry, { description: 'The components of the stack, by name.' }),
    pricing: optionalOnDemand(() => pricingSchema(singleValued(f))).register(z.globalRegistry, { description: 'Where the bill is priced (provider, region, cloud or on-prem) and prices you know better than the catalog.' }),
    gates: optionalOnDemand(() => gatesSchema(singleValued(f))).register(z.globalRegistry, { description: 'CI gate policy for `capplan check`: each rule error | warn | off with its threshold (see docs/gate.md).' }),
    alerts: alertsSchema(singleValued(f)),
    notes: z
      .array(z.string().min(1).max(2000))
      .max(64)
      .optional()
      .register(z.globalRegistry, { description: 'Statements the plan carries with it (free text): how the profile reads its source, figures the source pairs that do not agree.' }),
  });
}

/** A profile as validated (base, phases unmerged). */
export type ProfileInput = z.output<ReturnType<typeof profileSchema>>;
/** Workload settings in SI units. */
export type WorkloadSettings = z.output<ReturnType<typeof workloadSchema>>;
/** Target settings in SI units. */
export type TargetSettings = z.output<ReturnType<typeof targetsSchema>>;
/** One component's settings in SI units; each kind's module types its own fields. */
export type ComponentSettings = { kind: string } & Record<string, unknown>;
