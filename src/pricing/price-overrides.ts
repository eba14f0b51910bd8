// A profile's `pricing:` section: enterprise discounts and prices the user knows better than the
// catalog (negotiated rates, street prices), and on-prem drives the catalog lacks. Applying it is
// pure: a new catalog comes back, with every changed or added price marked, plus warnings for
// names the catalog does not know.
import * as z from 'zod';
import { didYouMean } from '../profile/diagnostic.js';
import { DRIVE_KINDS, type Catalog, type CatalogSource, type OnpremPart, type UnitPrice, type UnitPriceItem } from './catalog-types.js';

/*
 * The schemas are built when asked for: validation asks only for a profile with a `pricing:`
 * section, and building them at load was ~1 ms of every run (src/profile/schema.ts).
 */
/** The value a bound refuses, for its message. */
const got = (issue: { input?: unknown }) => (typeof issue.input === 'number' ? ` (got ${issue.input})` : '');
const usd = () => z.number().min(0, { error: (i) => `a price must be at least $0${got(i)}` });

/** Zod schema of an on-prem drive a profile adds to the catalog (`pricing.onprem.parts.<id>`). */
export function addedDriveSchema() {
  return z
    .strictObject({
      kind: z.enum(DRIVE_KINDS).describe(`Drive kind: ${DRIVE_KINDS.join(', ')}; prices the disk components whose device is that class`),
      capexUsd: usd().describe('Purchase price of one drive, USD'),
      capacityGB: z.number().positive({ error: (i) => `must be more than 0 GB${got(i)}` }).describe("Capacity of one drive in decimal GB (2000 for 2 TB); at least the device class's size for the bill to use it"),
      name: z.string().min(1).optional().describe('Name printed on the bill line (default: the id)'),
    })
    .describe('A drive the catalog lacks, e.g. { kind: hdd, capexUsd: 60, capacityGB: 2000, name: "2 TB HDD" }');
}

/** An on-prem drive a profile adds. */
export type AddedDrive = z.infer<ReturnType<typeof addedDriveSchema>>;

/** Zod schema of an on-prem server a profile adds to the catalog (`pricing.onprem.parts.<id>` with `kind: server`). */
export function addedServerSchema() {
  return z
    .strictObject({
      kind: z.literal('server').describe('A server: the bill packs the pods onto servers of this spec (the cheapest per month of those that hold every pod)'),
      capexUsd: usd().describe('Purchase price of one server, USD'),
      cores: z.number().positive({ error: (i) => `must be more than 0 cores${got(i)}` }).describe('CPU cores one server gives to pods (number)'),
      memoryGiB: z.number().positive({ error: (i) => `must be more than 0 GiB${got(i)}` }).describe('Memory one server gives to pods, GiB'),
      gpus: z.number().int({ error: (i) => `expected a whole number of GPUs${got(i)}` }).min(0, { error: (i) => `must be at least 0${got(i)}` }).optional().describe('GPUs in one server (default 0); GPU pods are packed onto servers with GPUs only'),
      gpuMemoryGiB: z.number().positive({ error: (i) => `must be more than 0 GiB${got(i)}` }).optional().describe("Memory of each GPU, GiB (an agent's share of its model must fit it; unknown: any share fits)"),
      name: z.string().min(1).optional().describe('Name printed on the bill line (default: the id)'),
    })
    .describe('A server the catalog lacks, e.g. { kind: server, capexUsd: 6000, cores: 32, memoryGiB: 256 }');
}

/** An on-prem server a profile adds. */
export type AddedServer = z.infer<ReturnType<typeof addedServerSchema>>;

/** Zod schema of a profile's `pricing:` section (all prices USD). */
export function priceOverridesSchema() {
  return z.strictObject({
    discountPercent: z
      .number()
      .min(0, { error: (i) => `must be at least 0 %${got(i)}` })
      .max(100, { error: (i) => `must be at most 100 %${got(i)}` })
      .optional()
      .describe('Percent off every cloud list price in the catalog (instances, storage, egress), e.g. 20 for an enterprise discount; explicit prices below are taken as given'),
    instances: z
      .record(z.string(), usd())
      .optional()
      .describe('Hourly USD per instance type, keyed by name ("m7i.xlarge") or provider/name ("aws/m7i.xlarge")'),
    storage: z
      .strictObject({
        usdPerGiBMonth: usd().optional().describe('Block storage, USD per GiB-month'),
        iopsUsdPerMonth: usd().optional().describe('Provisioned IOPS, USD per IOPS-month (above any included IOPS)'),
        throughputUsdPerMiBsMonth: usd().optional().describe('Provisioned throughput, USD per MiB/s-month (above any included throughput, e.g. gp3 beyond 125 MiB/s)'),
      })
      .optional(),
    egress: z
      .strictObject({
        internetUsdPerGiB: usd().optional().describe('Egress to the internet, USD per GiB (replaces any tiers)'),
        interZoneUsdPerGiB: usd().optional().describe('Cross-zone transfer, USD per GiB'),
        interRegionUsdPerGiB: usd().optional().describe('Cross-region transfer, USD per GiB'),
      })
      .optional(),
    services: z
      .strictObject({
        loadBalancerHourlyUsd: usd().optional().describe('One load balancer, USD per hour'),
        controlPlaneHourlyUsd: usd().optional().describe('Kubernetes control plane, USD per cluster-hour'),
        managedPostgresNodeHourlyUsd: usd().optional().describe('Managed PostgreSQL, USD per node-hour'),
        managedRedisNodeHourlyUsd: usd().optional().describe('Managed Redis, USD per node-hour'),
      })
      .optional(),
    onprem: z
      .strictObject({
        parts: z
          .record(z.string().min(1), z.union([usd(), z.discriminatedUnion('kind', [addedDriveSchema(), addedServerSchema()])], { error: 'expected a capex in USD (a number, re-pricing a catalog part), a drive { kind, capexUsd, capacityGB } or a server { kind: server, capexUsd, cores, memoryGiB, gpus, gpuMemoryGiB }' }))
          .optional()
          .describe('On-prem parts by id: a number re-prices a catalog part (capex USD, e.g. { "nvme-1tb-samsung-980-pro": 90 }); an object adds a drive (e.g. { hdd-2tb: { kind: hdd, capexUsd: 60, capacityGB: 2000 } }) or a server (e.g. { server-32c-256g: { kind: server, capexUsd: 6000, cores: 32, memoryGiB: 256, gpus: 0 } }), or replaces the catalog part of that id'),
        amortisationMonths: z.number().int({ error: (i) => `expected a whole number of months${got(i)}` }).positive({ error: (i) => `must be at least 1 month${got(i)}` }).optional().describe('Months over which on-prem capex is spread'),
      })
      .optional(),
  });
}

/** A profile's `pricing:` section. */
export type PriceOverrides = z.infer<ReturnType<typeof priceOverridesSchema>>;

/** Source id of prices set in a profile. */
export const PROFILE_SOURCE_ID = 'profile-pricing';

const PROFILE_SOURCE: CatalogSource = {
  id: PROFILE_SOURCE_ID,
  title: "Profile pricing: section",
  url: null,
  repo: null,
  path: null,
  commit: null,
  licence: 'n/a',
  asOf: null,
  note: 'prices set by the user in the profile',
};

const SET_IN_PROFILE = 'set in the profile';

/** A key of the profile's `pricing:` section that names nothing in the catalog: where it is written, and why its price is not used. */
export interface PriceOverrideProblem {
  segments: string[];
  message: string;
}

/**
 * Applies a profile's price overrides to a catalog. Explicit prices replace catalog prices and
 * cite the profile; discountPercent lowers every other cloud list price (not on-prem street
 * prices). Unknown instance names or part ids come back as warnings (as notes' texts, and
 * `problems` with the keys' paths).
 */
export function applyPriceOverrides(
  catalog: Catalog,
  overrides: PriceOverrides,
): { catalog: Catalog; warnings: string[]; problems: PriceOverrideProblem[] } {
  const warnings: string[] = [];
  const problems: PriceOverrideProblem[] = [];
  const factor = 1 - (overrides.discountPercent ?? 0) / 100;
  const discount = factor < 1 ? `list price less ${overrides.discountPercent} % (profile discount)` : undefined;
  const explicit = overrides.instances ?? {};
  const matched = new Set<string>();
  const burstable = new Set<string>();

  const instances = catalog.instances.map((i) => {
    const key = [`${i.provider}/${i.name}`, i.name].find((k) => explicit[k] !== undefined);
    if (key !== undefined) {
      matched.add(key);
      if (i.category === 'burstable') burstable.add(key);
      return { ...i, hourlyUsd: explicit[key] as number, source: PROFILE_SOURCE_ID, asOf: null, adjustment: SET_IN_PROFILE };
    }
    return discount ? { ...i, hourlyUsd: i.hourlyUsd * factor, adjustment: discount } : { ...i };
  });
  for (const key of Object.keys(explicit).sort()) {
    if (matched.has(key)) continue;
    const message = `no instance type of that name in the catalog, so the price is not used${unknownInstanceHint(key, catalog)}`;
    warnings.push(`pricing.instances.${key}: ${message}`);
    problems.push({ segments: ['pricing', 'instances', key], message });
  }
  // A bill never places pods on a burstable type (binpack.ts, poolCandidates): its CPU is a credit
  // balance, not the sustained CPU the plan sizes for. A price given for one would be silently unused.
  for (const key of [...burstable].sort()) {
    const message = 'a burstable type: bills never place pods on one (its sustained CPU is a fraction of its vCPUs, spent from credits), so the price is not used';
    warnings.push(`pricing.instances.${key}: ${message}`);
    problems.push({ segments: ['pricing', 'instances', key], message });
  }

  const set: Partial<Record<UnitPriceItem, number | undefined>> = {
    blockStorage: overrides.storage?.usdPerGiBMonth,
    blockStorageIops: overrides.storage?.iopsUsdPerMonth,
    blockStorageThroughput: overrides.storage?.throughputUsdPerMiBsMonth,
    egressInternet: overrides.egress?.internetUsdPerGiB,
    egressInterZone: overrides.egress?.interZoneUsdPerGiB,
    egressInterRegion: overrides.egress?.interRegionUsdPerGiB,
    loadBalancer: overrides.services?.loadBalancerHourlyUsd,
    controlPlane: overrides.services?.controlPlaneHourlyUsd,
    managedPostgres: overrides.services?.managedPostgresNodeHourlyUsd,
    managedRedis: overrides.services?.managedRedisNodeHourlyUsd,
  };
  const unitPrices = catalog.unitPrices.map((u): UnitPrice => {
    const value = set[u.item];
    if (value !== undefined) {
      return { ...u, usd: value, tiers: null, volumeTiers: null, source: PROFILE_SOURCE_ID, asOf: null, adjustment: SET_IN_PROFILE };
    }
    if (!discount || u.usd === null) return { ...u };
    return {
      ...u,
      usd: u.usd * factor,
      tiers: u.tiers?.map((t) => ({ ...t, usd: t.usd * factor })) ?? null,
      volumeTiers: u.volumeTiers?.map((t) => ({ ...t, usd: t.usd * factor })) ?? null,
      adjustment: discount,
    };
  });

  const { parts, unknown } = overrideParts(catalog.onprem.parts, overrides.onprem?.parts ?? {});
  for (const id of unknown) {
    const message = 'no on-prem part with that id in the catalog (to add a drive, give { kind, capexUsd, capacityGB }; a server, { kind: server, capexUsd, cores, memoryGiB })';
    warnings.push(`pricing.onprem.parts.${id}: ${message}`);
    problems.push({ segments: ['pricing', 'onprem', 'parts', id], message });
  }

  const usesProfile = instances.some((i) => i.source === PROFILE_SOURCE_ID) ||
    unitPrices.some((u) => u.source === PROFILE_SOURCE_ID) ||
    parts.some((p) => p.source === PROFILE_SOURCE_ID);
  const sources = usesProfile && !catalog.sources.some((s) => s.id === PROFILE_SOURCE_ID)
    ? [...catalog.sources, PROFILE_SOURCE]
    : [...catalog.sources];

  return {
    catalog: {
      ...catalog,
      sources,
      instances,
      unitPrices,
      onprem: {
        ...catalog.onprem,
        amortisationMonths: overrides.onprem?.amortisationMonths ?? catalog.onprem.amortisationMonths,
        parts,
      },
    },
    warnings,
    problems,
  };
}

/** Why a `pricing.instances` key matched nothing: the provider it names lacks the type, or a close name. */
function unknownInstanceHint(key: string, catalog: Catalog): string {
  const slash = key.indexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  const elsewhere = [...new Set(catalog.instances.filter((i) => i.name === name).map((i) => i.provider))].sort();
  if (elsewhere.length) return ` (${name} is ${elsewhere.join(' and ')}: write ${elsewhere.map((p) => `${p}/${name}`).join(' or ')})`;
  const suggestion = didYouMean(name, new Set(catalog.instances.map((i) => i.name)));
  // Offering another burstable type would offer a price that is not used either.
  if (suggestion !== undefined && catalog.instances.some((i) => i.name === suggestion && i.category === 'burstable')) {
    return ` (it reads like a burstable type such as ${suggestion}: bills never place pods on one, its sustained CPU being a fraction of its vCPUs, so no price for one is used)`;
  }
  return suggestion ? ` (did you mean ${suggestion}?)` : ' (capplan catalog lists them)';
}

const ADDED_IN_PROFILE = 'added in the profile';

/** A drive or server added by a profile, as a catalog part citing the profile. */
function addedPart(id: string, added: AddedDrive | AddedServer): OnpremPart {
  const server = added.kind === 'server' ? added : null;
  return {
    id,
    kind: added.kind,
    name: added.name ?? id,
    capexUsd: added.capexUsd,
    cores: server ? server.cores : null,
    memoryGiB: server ? server.memoryGiB : null,
    ...(server ? { gpus: server.gpus ?? 0, gpuMemoryGiB: server.gpuMemoryGiB ?? null } : {}),
    capacityBytes: server ? null : (added as AddedDrive).capacityGB * 1e9,
    ports10GbE: null,
    ports25GbE: null,
    speedGbps: null,
    bays: null,
    indicative: false,
    source: PROFILE_SOURCE_ID,
    asOf: null,
    quote: '',
    note: null,
    adjustment: `${ADDED_IN_PROFILE} (pricing.onprem.parts.${id})`,
  };
}

/**
 * The catalog's on-prem parts with a profile's `pricing.onprem.parts` applied: a number
 * re-prices the catalog part of that id (unknown ids are warnings); an object is a drive or a server of the
 * profile's own, replacing the catalog part of that id or, for a new id, added after the
 * catalog's parts in the profile's order.
 */
function overrideParts(
  catalogParts: readonly OnpremPart[],
  given: Readonly<Record<string, number | AddedDrive | AddedServer>>,
): { parts: OnpremPart[]; unknown: string[] } {
  const unknown: string[] = [];
  const parts = catalogParts.map((p) => {
    const o = given[p.id];
    if (o === undefined) return { ...p };
    if (typeof o === 'number') return { ...p, capexUsd: o, source: PROFILE_SOURCE_ID, asOf: null, adjustment: SET_IN_PROFILE };
    return addedPart(p.id, o);
  });
  const known = new Set(catalogParts.map((p) => p.id));
  for (const [id, o] of Object.entries(given)) {
    if (known.has(id)) continue;
    if (typeof o === 'number') unknown.push(id);
    else parts.push(addedPart(id, o));
  }
  return { parts, unknown: unknown.sort((a, b) => (`pricing.onprem.parts.${a}: ` < `pricing.onprem.parts.${b}: ` ? -1 : 1)) };
}
