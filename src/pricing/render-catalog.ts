// Renderers for `capplan catalog --format table|json`: pure functions from instance rows to
// text. Colours come in as a palette so tests (and NO_COLOR) pass identity functions.
import { disclaimersFor, findSource, shippedCatalog } from './catalog.js';
import type { Catalog, GpuSpec, InstanceType, Provider } from './catalog-types.js';
import { plainPalette as PLAIN_PALETTE, type Palette } from '../render/palette.js';
import { renderTextTable } from '../render/text-table.js';

export { type Palette, plainPalette as PLAIN_PALETTE } from '../render/palette.js';

/** One instance in the JSON output of `capplan catalog` (keys in this order). */
export interface CatalogJsonRow {
  provider: Provider;
  region: string;
  name: string;
  vcpu: number;
  memoryGiB: number;
  gpu: GpuSpec | null;
  hourly: number;
  source: string;
  asOf: string | null;
}

/** The JSON rows for instances, in the order given, with a stable key order. */
export function catalogJsonRows(instances: readonly InstanceType[]): CatalogJsonRow[] {
  return instances.map((i) => ({
    provider: i.provider,
    region: i.region,
    name: i.name,
    vcpu: i.vcpu,
    memoryGiB: i.memoryGiB,
    gpu: i.gpu === null ? null : { count: i.gpu.count, model: i.gpu.model, memoryGiB: i.gpu.memoryGiB },
    hourly: i.hourlyUsd,
    source: i.source,
    asOf: i.asOf,
  }));
}

/** `capplan catalog --format json`: an array of CatalogJsonRow, two-space indented. */
export function renderCatalogJson(instances: readonly InstanceType[]): string {
  return `${JSON.stringify(catalogJsonRows(instances), null, 2)}\n`;
}

/**
 * Notes that must accompany the listed prices (the AWS price-list disclaimer when AWS rows are
 * shown). The table renderer prints them; with JSON on stdout the CLI prints them on stderr.
 */
export function catalogNotices(instances: readonly InstanceType[], catalog: Catalog = shippedCatalog()): string[] {
  return disclaimersFor(new Set(instances.map((i) => i.provider)), catalog);
}

/** `capplan catalog --format table`: the instance table, its sources and required notices. */
export function renderCatalogTable(
  instances: readonly InstanceType[],
  opts: { palette?: Palette; catalog?: Catalog } = {},
): string {
  const p = opts.palette ?? PLAIN_PALETTE;
  const catalog = opts.catalog ?? shippedCatalog();
  if (instances.length === 0) return `${p.yellow('no instance types match')}\n`;
  const head = ['provider', 'region', 'name', 'vCPU', 'memory GiB', 'GPU', 'network', 'hourly price', 'source', 'date'];
  const rows = instances.map((i) => [
      i.provider,
      i.region,
      p.cyan(i.name),
      String(i.vcpu),
      formatNumber(i.memoryGiB),
      formatGpu(i.gpu),
      i.networkGbps === null ? '—' : `${formatNumber(i.networkGbps)} Gbps`,
      formatUsd(i.hourlyUsd) + (i.adjustment ? '*' : ''),
      i.source,
      i.asOf ?? p.yellow('undated'),
    ]);
  const lines = [renderTextTable(head, rows, { style: p.bold, align: ['left', 'left', 'left', 'right', 'right', 'left', 'right', 'right', 'left', 'left'] })];
  lines.push(p.dim(`${instances.length} instance type${instances.length > 1 ? 's' : ''}; on-demand USD per hour (× ${catalog.hoursPerMonth} h for a month)`));
  if (instances.some((i) => i.adjustment)) lines.push(p.dim('* price changed by the profile pricing: section'));
  const providers = [...new Set(instances.map((i) => i.provider))];
  for (const info of catalog.providers) {
    if (providers.includes(info.provider)) lines.push(p.dim(`network (${info.provider}): ${info.networkBasis}`));
  }
  for (const id of [...new Set(instances.map((i) => i.source))]) {
    const s = findSource(id, catalog);
    if (s) lines.push(p.dim(`${id}: ${s.title}${s.asOf ? `, as of ${s.asOf}` : ''} (${s.licence})`));
  }
  for (const notice of catalogNotices(instances, catalog)) lines.push(p.dim(notice));
  return `${lines.join('\n')}\n`;
}

function formatGpu(gpu: GpuSpec | null): string {
  if (gpu === null) return '—';
  const memory = gpu.memoryGiB === null || /\d\s*GB/.test(gpu.model) ? '' : ` ${formatNumber(gpu.memoryGiB)} GiB`;
  return `${gpu.count}× ${gpu.model}${memory}`;
}

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toFixed(2)));
}

/** USD with up to six decimals, trailing zeros trimmed (at least two kept). */
function formatUsd(x: number): string {
  const [whole, frac = ''] = x.toFixed(6).split('.');
  const trimmed = frac.replace(/0+$/, '').padEnd(2, '0');
  return `$${whole}.${trimmed}`;
}
