/** `capplan catalog`: what the shipped price catalog holds, with sources and dates. */
import { Option, type Command } from 'commander';
import type { Provider } from '../../pricing/catalog-types.js';
import { contextOf, formatOf, withFormat, type CliContext, type Format } from '../context.js';
import { EXIT, UsageError } from '../errors.js';
import { examples } from '../help.js';
import type { SetExit } from './set-exit.js';

/** Options of `capplan catalog`. */
export interface CatalogOptions {
  provider?: Provider | undefined;
  region?: string | undefined;
  gpu: boolean;
  format: Format;
}

/** Lists the catalog's instance types; returns the exit code. */
export async function runCatalog(opts: CatalogOptions, ctx: CliContext, today: Date = new Date()): Promise<number> {
  const [{ catalogAgeWarning, catalogRegions, findSource, listInstances, onpremSourceIds, shippedCatalog }, { renderCatalogJson, renderCatalogMarkdown, renderCatalogTable }] = await Promise.all([
    import('../../pricing/catalog.js'),
    import('../../pricing/render-catalog.js'),
  ]);
  const regions = catalogRegions().filter((r) => opts.provider === undefined || r.provider === opts.provider);
  if (opts.region !== undefined && !regions.some((r) => r.region === opts.region)) {
    throw new UsageError(`the catalog has no region "${opts.region}"${opts.provider ? ` for ${opts.provider}` : ''}`, `regions: ${regions.map((r) => `${r.provider} ${r.region}`).join(', ')}`);
  }
  const rows = listInstances({ provider: opts.provider, region: opts.region, ...(opts.gpu ? { gpu: true } : {}) });
  // An unfiltered listing covers the whole catalog: the on-prem parts' sources are listed and dated too.
  const onprem = opts.provider === undefined && opts.region === undefined && !opts.gpu;
  if (opts.format === 'json') {
    // The document carries the sources and the notices their terms require; stderr keeps only the warnings.
    await ctx.out(renderCatalogJson(rows, { onprem }));
  } else if (opts.format === 'markdown') {
    await ctx.out(renderCatalogMarkdown(rows, { onprem }));
  } else {
    await ctx.out(renderCatalogTable(rows, { palette: ctx.palette, layout: ctx.layout, onprem }));
  }
  // Each listed source that is more than a year old, by name and date.
  const catalog = shippedCatalog();
  const dated = (id: string, asOf: string | null, what: string) => (asOf === null ? null : catalogAgeWarning(asOf, today, what));
  const warnings = [
    ...[...new Set(rows.map((r) => r.source))].map((id) => dated(id, rows.filter((r) => r.source === id).map((r) => r.asOf).filter((d): d is string => d !== null).sort()[0] ?? null, `${id} prices`)),
    ...(onprem ? onpremSourceIds(catalog).map((id) => dated(id, catalog.onprem.parts.filter((p) => p.source === id).map((p) => p.asOf).filter((d): d is string => d !== null).sort()[0] ?? findSource(id)?.asOf ?? null, `on-prem part prices (${id}, for --target onprem)`)) : []),
  ];
  for (const w of warnings) if (w) ctx.warn(w);
  return EXIT.ok;
}

/** Registers `catalog`. */
export function registerCatalog(program: Command, setExit: SetExit): void {
  const cmd = withFormat(
    program
      .command('catalog')
      .description('list the instance types and prices the bills use, with their sources and dates')
      .addOption(new Option('--provider <provider>', 'only this provider').choices(['aws', 'gcp', 'azure']))
      .option('--region <region>', 'only this region')
      .option('--gpu', 'only instance types with GPUs'),
  );
  examples(cmd, [
    ['capplan catalog --provider aws --gpu', 'AWS instance types with GPUs'],
    ['capplan catalog --provider gcp --region us-central1 --json', 'one region as JSON'],
    ['capplan catalog --provider azure --format markdown > prices.md', 'as a Markdown document'],
  ]);
  cmd.action(async (o: { provider?: Provider; region?: string; gpu?: boolean; format?: string; json?: boolean }, cmd: Command) => {
    setExit(await runCatalog({ provider: o.provider, region: o.region, gpu: o.gpu === true, format: formatOf(o) }, contextOf(cmd)));
  });
}
