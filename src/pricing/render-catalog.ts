/**
 * Renderers for `capplan catalog --format table|json|markdown`: pure functions from instance rows
 * to text. Colours come in as a palette so tests (and NO_COLOR) pass identity functions; the table
 * fits the layout's width (one table per provider and region, columns dropped when narrow).
 */
import { disclaimersFor, findSource, onpremSourceIds, shippedCatalog } from './catalog.js';
import type { Catalog, CatalogSource, GpuSpec, InstanceType, Provider } from './catalog-types.js';
import { DEFAULT_LAYOUT, type Layout } from '../render/layout.js';
import { mdTable, mdTextWithCode } from '../render/markdown.js';
import { plainPalette as PLAIN_PALETTE, type Palette } from '../render/palette.js';
import { drawTable, type Column } from '../render/table.js';
import { wrapStyled } from '../render/wrap.js';

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

/** One source of the listed prices in the JSON output of `capplan catalog` (keys in this order). */
export interface CatalogJsonSource extends CatalogSource {
  /** What it prices: the listed instance types, or the on-prem parts (--target onprem). `asOf`: the oldest date of the prices taken from it (the source's own date when they are undated). */
  prices: 'instances' | 'onprem';
}

/**
 * The sources of the listed prices, each once, as the table lists them under its rows: the
 * instances' sources in the order of their first row, then (for an unfiltered listing) the
 * on-prem parts' sources, dated by their oldest part.
 */
export function catalogSources(instances: readonly InstanceType[], catalog: Catalog = shippedCatalog(), onprem = false): CatalogJsonSource[] {
  const entry = (id: string, prices: CatalogJsonSource['prices'], asOf: string | null): CatalogJsonSource => {
    const s = findSource(id, catalog);
    return { id, prices, title: s?.title ?? id, url: s?.url ?? null, repo: s?.repo ?? null, path: s?.path ?? null, commit: s?.commit ?? null, licence: s?.licence ?? 'unknown', asOf, note: s?.note ?? null };
  };
  const out = [...new Set(instances.map((i) => i.source))].map((id) => entry(id, 'instances', findSource(id, catalog)?.asOf ?? null));
  if (onprem) {
    for (const id of onpremSourceIds(catalog)) {
      const dated = catalog.onprem.parts.filter((p) => p.source === id).map((p) => p.asOf).filter((d): d is string => d !== null).sort()[0];
      out.push(entry(id, 'onprem', dated ?? findSource(id, catalog)?.asOf ?? null));
    }
  }
  return out;
}

/**
 * `capplan catalog --format json`: `{ apiVersion, kind: "capplan-catalog", instances, sources,
 * notices }`, two-space indented: the rows, where their prices come from (title, licence,
 * date) and the notices the sources' terms require next to their prices.
 */
export function renderCatalogJson(instances: readonly InstanceType[], opts: { onprem?: boolean; catalog?: Catalog } = {}): string {
  const catalog = opts.catalog ?? shippedCatalog();
  const doc = {
    apiVersion: 'capplan/v1',
    kind: 'capplan-catalog',
    instances: catalogJsonRows(instances),
    sources: catalogSources(instances, catalog, opts.onprem === true),
    notices: catalogNotices(instances, catalog),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * Notes that must accompany the listed prices (the AWS price-list disclaimer when AWS rows are
 * shown). The table renderer prints them; with JSON on stdout the CLI prints them on stderr.
 */
export function catalogNotices(instances: readonly InstanceType[], catalog: Catalog = shippedCatalog()): string[] {
  return disclaimersFor(new Set(instances.map((i) => i.provider)), catalog);
}

/**
 * Columns of one provider's table; when narrow, the source goes first (each group's heading and
 * the list under the tables name the sources), then the date, then the network.
 */
const COLUMNS: readonly Column[] = [
  { header: 'name' },
  { header: 'vCPU', align: 'right' },
  { header: 'GiB', align: 'right' },
  { header: 'GPU', wrap: true, minWidth: 8 },
  { header: 'network', align: 'right', drop: 3 },
  { header: '$/hour', align: 'right' },
  { header: 'source', drop: 1 },
  { header: 'date', drop: 2 },
];

/** The instances grouped by provider and region, in the order given, each with its heading ("aws us-east-1: 12 instance types"). */
function catalogGroups(instances: readonly InstanceType[]): { heading: string; group: InstanceType[] }[] {
  const groups = new Map<string, InstanceType[]>();
  for (const i of instances) groups.set(`${i.provider} ${i.region}`, [...(groups.get(`${i.provider} ${i.region}`) ?? []), i]);
  return [...groups].map(([where, group]) => ({ heading: `${where}: ${group.length} instance type${group.length > 1 ? 's' : ''}`, group }));
}

/** The cells of one instance, in COLUMNS order, styled through the palette. */
function catalogCells(i: InstanceType, p: Palette): string[] {
  return [
    p.cyan(i.name),
    String(i.vcpu),
    formatNumber(i.memoryGiB),
    formatGpu(i.gpu),
    i.networkGbps === null ? '—' : `${formatNumber(i.networkGbps)} Gbps`,
    formatUsd(i.hourlyUsd) + (i.adjustment ? '*' : ''),
    i.source,
    i.asOf ?? p.yellow('undated'),
  ];
}

/**
 * The lines under the tables: the count and units, the adjusted-price mark, each provider's
 * network basis, each source with its title, date and licence, then the required notices.
 */
function catalogFootLines(instances: readonly InstanceType[], catalog: Catalog, onprem: boolean): string[] {
  const lines = [`${instances.length} instance type${instances.length > 1 ? 's' : ''}; on-demand USD per hour (× ${catalog.hoursPerMonth} h for a month); GiB of memory`];
  if (instances.some((i) => i.adjustment)) lines.push('* price changed by the profile pricing: section');
  const providers = [...new Set(instances.map((i) => i.provider))];
  for (const info of catalog.providers) {
    if (providers.includes(info.provider)) lines.push(`network (${info.provider}): ${info.networkBasis}`);
  }
  // The on-prem parts (--target onprem) are not rows of these tables, but their prices are in the catalog too.
  for (const s of catalogSources(instances, catalog, onprem)) {
    const known = findSource(s.id, catalog) !== undefined;
    if (s.prices === 'instances') {
      if (known) lines.push(`${s.id}: ${s.title}${s.asOf ? `, as of ${s.asOf}` : ''} (${s.licence})`);
    } else {
      lines.push(`${s.id} (on-prem parts, --target onprem): ${s.title}${s.asOf ? `, as of ${s.asOf}` : ''}${known ? ` (${s.licence})` : ''}`);
    }
  }
  return [...lines, ...catalogNotices(instances, catalog)];
}

/** `capplan catalog --format table`: a table per provider and region, its sources and required notices. */
export function renderCatalogTable(
  instances: readonly InstanceType[],
  /** onprem: list the on-prem parts' sources too (an unfiltered listing). */
  opts: { palette?: Palette; catalog?: Catalog; layout?: Layout; onprem?: boolean } = {},
): string {
  const p = opts.palette ?? PLAIN_PALETTE;
  const catalog = opts.catalog ?? shippedCatalog();
  const layout = opts.layout ?? DEFAULT_LAYOUT;
  const w = layout.width;
  if (instances.length === 0) return `${p.yellow('no instance types match')}\n`;
  const lines: string[] = [];
  for (const { heading, group } of catalogGroups(instances)) {
    if (lines.length) lines.push('');
    lines.push(...wrapStyled(heading, w, (s) => p.bold(p.cyan(s))));
    lines.push(drawTable(COLUMNS, group.map((i) => catalogCells(i, p)), { layout, palette: p }).text);
  }
  const say = (text: string) => lines.push(...wrapStyled(text, w, p.dim, { rest: '  ' }));
  lines.push('');
  if (layout.detail === 'quiet') {
    // The notices stay: the price sources' terms require them next to their prices.
    for (const notice of catalogNotices(instances, catalog)) say(notice);
    return `${lines.join('\n').trimEnd()}\n`;
  }
  for (const line of catalogFootLines(instances, catalog, opts.onprem === true)) say(line);
  return `${lines.join('\n')}\n`;
}

/**
 * `capplan catalog --format markdown`: the table format's rows as a Markdown table per provider
 * and region (every column, none dropped), then its lines on units, sources, dates and the
 * required notices as a list. Never coloured or wrapped.
 */
export function renderCatalogMarkdown(instances: readonly InstanceType[], opts: { catalog?: Catalog; onprem?: boolean } = {}): string {
  const catalog = opts.catalog ?? shippedCatalog();
  const out = ['## Instance types and prices', ''];
  if (instances.length === 0) return `${[...out, 'No instance types match.'].join('\n')}\n`;
  const align = COLUMNS.map((c) => c.align ?? 'left');
  for (const { heading, group } of catalogGroups(instances)) {
    out.push(`### ${heading}`, '', mdTable(COLUMNS.map((c) => c.header), group.map((i) => catalogCells(i, PLAIN_PALETTE)), align), '');
  }
  // A line may begin with "*" (the adjusted-price mark), which mdText escapes with the rest: the item would hold a nested list.
  for (const line of catalogFootLines(instances, catalog, opts.onprem === true)) out.push(`- ${mdTextWithCode(line)}`);
  return `${out.join('\n')}\n`;
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
