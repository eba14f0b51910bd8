// Typed, pure access to the shipped price catalog. The data is imported as a module (no file or
// network access at run time); every function also takes a catalog so overridden or test
// catalogs go through the same code.
import data from './catalog-data.json' with { type: 'json' };
import { byCodePoint } from './compare.js';
import { HOURS_PER_MONTH } from './hours.js';
import type {
  Catalog,
  CatalogSource,
  InstanceCategory,
  InstanceType,
  Provider,
  UnitPrice,
  UnitPriceItem,
} from './catalog-types.js';

export { HOURS_PER_MONTH } from './hours.js';

const SHIPPED = data as unknown as Catalog;
const PROVIDER_ORDER: readonly Provider[] = ['aws', 'gcp', 'azure'];
const CATEGORY_ORDER: readonly InstanceCategory[] = ['general', 'compute', 'memory', 'burstable', 'gpu'];
const DAY_MS = 86_400_000;

/** The catalog shipped inside the package. */
export function shippedCatalog(): Catalog {
  return SHIPPED;
}

/** Which instances to list: all fields optional, combined with AND. */
export interface InstanceFilter {
  provider?: Provider;
  region?: string;
  /** true: only GPU instances; false: only instances without GPUs. */
  gpu?: boolean;
  category?: InstanceCategory;
}

/** Orders instances by provider, region, category, family, vCPU, memory, then name. */
export function compareInstances(a: InstanceType, b: InstanceType): number {
  return (
    PROVIDER_ORDER.indexOf(a.provider) - PROVIDER_ORDER.indexOf(b.provider) ||
    byCodePoint(a.region, b.region) ||
    CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) ||
    byCodePoint(a.family, b.family) ||
    a.vcpu - b.vcpu ||
    a.memoryGiB - b.memoryGiB ||
    byCodePoint(a.name, b.name)
  );
}

/**
 * Lists already made, per catalog (catalogs are never changed once built) and filter: a Monte
 * Carlo or a runway prices thousands of bills, each listing and sorting the region's types.
 */
const listed = new WeakMap<Catalog, Map<string, InstanceType[]>>();

/** Instances matching the filter, in the deterministic order of compareInstances (a new array each call). */
export function listInstances(filter: InstanceFilter = {}, catalog: Catalog = SHIPPED): InstanceType[] {
  const key = `${filter.provider ?? ''}|${filter.region ?? ''}|${filter.gpu ?? ''}|${filter.category ?? ''}`;
  let lists = listed.get(catalog);
  if (!lists) listed.set(catalog, (lists = new Map()));
  let list = lists.get(key);
  if (!list) lists.set(key, (list = filterInstances(filter, catalog)));
  return list.slice();
}

function filterInstances(filter: InstanceFilter, catalog: Catalog): InstanceType[] {
  return catalog.instances
    .filter(
      (i) =>
        (filter.provider === undefined || i.provider === filter.provider) &&
        (filter.region === undefined || i.region === filter.region) &&
        (filter.gpu === undefined || (i.gpu !== null) === filter.gpu) &&
        (filter.category === undefined || i.category === filter.category),
    )
    .sort(compareInstances);
}

/** One instance type by provider, region and name, or undefined. */
export function findInstance(
  provider: Provider,
  region: string,
  name: string,
  catalog: Catalog = SHIPPED,
): InstanceType | undefined {
  return catalog.instances.find((i) => i.provider === provider && i.region === region && i.name === name);
}

/** The regions the catalog prices, per provider, in provider order. */
export function catalogRegions(catalog: Catalog = SHIPPED): { provider: Provider; region: string }[] {
  return catalog.providers.map((p) => ({ provider: p.provider, region: p.region }));
}

/** Every source of the catalog (origin, licence, date), in catalog order. */
export function catalogSources(catalog: Catalog = SHIPPED): CatalogSource[] {
  return [...catalog.sources];
}

/** One source by id, or undefined. */
export function findSource(id: string, catalog: Catalog = SHIPPED): CatalogSource | undefined {
  return catalog.sources.find((s) => s.id === id);
}

/** catalogAsOf's answers, per catalog and provider. */
const datedBy = new WeakMap<Catalog, Map<string, string | null>>();

/**
 * The date the prices are "as of": the oldest dated price for the provider (instances and unit
 * prices), or of the on-prem parts, or of everything when no scope is given. Null when the
 * scope holds no dated price.
 */
export function catalogAsOf(scope: { provider?: Provider | 'onprem' } = {}, catalog: Catalog = SHIPPED): string | null {
  let dates = datedBy.get(catalog);
  if (!dates) datedBy.set(catalog, (dates = new Map()));
  const key = scope.provider ?? '';
  if (!dates.has(key)) dates.set(key, oldestDate(scope.provider, catalog));
  return dates.get(key)!;
}

function oldestDate(p: Provider | 'onprem' | undefined, catalog: Catalog): string | null {
  const dates: (string | null)[] = [];
  if (p !== 'onprem') {
    for (const i of catalog.instances) if (p === undefined || i.provider === p) dates.push(i.asOf);
    for (const u of catalog.unitPrices) if ((p === undefined || u.provider === p) && u.usd !== null) dates.push(u.asOf);
  }
  if (p === undefined || p === 'onprem') for (const part of catalog.onprem.parts) dates.push(part.asOf);
  const dated = dates.filter((d): d is string => d !== null).sort();
  return dated[0] ?? null;
}

/** A unit price by provider, region and item (and variant, when several), or undefined. */
export function findUnitPrice(
  provider: Provider,
  region: string,
  item: UnitPriceItem,
  catalog: Catalog = SHIPPED,
  variant?: string,
): UnitPrice | undefined {
  return catalog.unitPrices.find(
    (u) =>
      u.provider === provider &&
      u.region === region &&
      u.item === item &&
      (variant === undefined || u.variant === variant),
  );
}

/*
 * Monthly cost of an hourly price: monthlyUsd = hourlyUsd × H, with H = 730 h per month
 * (HOURS_PER_MONTH) unless the catalog says otherwise.
 */
/** Monthly USD of an hourly USD price. */
export function monthlyFromHourly(hourlyUsd: number, hoursPerMonth: number = HOURS_PER_MONTH): number {
  return hourlyUsd * hoursPerMonth;
}

/** The disclaimers to print next to prices of these providers (AWS requires one). */
export function disclaimersFor(providers: Iterable<Provider>, catalog: Catalog = SHIPPED): string[] {
  const wanted = new Set(providers);
  const out: string[] = [];
  for (const info of catalog.providers) {
    if (!wanted.has(info.provider) || info.disclaimer === null) continue;
    const text = catalog.disclaimers[info.disclaimer];
    if (text !== undefined && !out.includes(text)) out.push(text);
  }
  return out;
}

/**
 * A warning when prices dated asOf are older than a year on `today` (both ISO dates,
 * YYYY-MM-DD, or Date), or when they carry no date; null when they are fresh. Pure: the caller
 * passes today's date in.
 */
export function catalogAgeWarning(asOf: string | null, today: string | Date, what = 'prices'): string | null {
  const now = toUtcDay(today, 'today');
  if (asOf === null) {
    return `${what} are undated (their source gives no date): check them before relying on the bill`;
  }
  const then = toUtcDay(asOf, 'asOf');
  const anniversary = new Date(then);
  anniversary.setUTCFullYear(then.getUTCFullYear() + 1);
  if (now.getTime() <= anniversary.getTime()) return null;
  const days = Math.round((now.getTime() - then.getTime()) / DAY_MS);
  return (
    `${what} as of ${asOf} are more than a year old (${days} days on ${isoDay(now)}): ` +
    "update capplan, or pass your own prices in the profile's pricing: section"
  );
}

/** The sources of the on-prem parts' prices, in catalog order. */
export function onpremSourceIds(catalog: Catalog = SHIPPED): string[] {
  return [...new Set(catalog.onprem.parts.map((p) => p.source))];
}

function toUtcDay(value: string | Date, what: string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new RangeError(`${what}: invalid date`);
    return new Date(Date.UTC(value.getUTCFullYear(), value.getUTCMonth(), value.getUTCDate()));
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (day === null || Number.isNaN(day.getTime()) || isoDay(day) !== value.slice(0, 10)) {
    throw new RangeError(`${what}: expected a date like 2026-11-22, got ${JSON.stringify(value)}`);
  }
  return day;
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
