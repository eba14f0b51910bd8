import { describe, expect, it } from 'vitest';
import { listInstances, onpremSourceIds, shippedCatalog } from '../../src/pricing/catalog.js';
import { DEFAULT_LAYOUT } from '../../src/render/layout.js';
import { applyPriceOverrides } from '../../src/pricing/price-overrides.js';
import {
  PLAIN_PALETTE,
  catalogJsonRows,
  catalogNotices,
  renderCatalogJson,
  renderCatalogMarkdown,
  renderCatalogTable,
  type Palette,
} from '../../src/pricing/render-catalog.js';

const tag = (name: string) => (s: string): string => `<${name}>${s}</${name}>`;
const TAGGING: Palette = { bold: tag('b'), dim: tag('d'), red: tag('r'), yellow: tag('y'), green: tag('g'), cyan: tag('c') };

describe('renderCatalogJson', () => {
  it('prints a document of the instances, with the documented keys in a stable order', () => {
    const doc = JSON.parse(renderCatalogJson(listInstances({ provider: 'gcp', gpu: true }))) as { instances: Record<string, unknown>[] };
    expect(Object.keys(doc)).toEqual(['apiVersion', 'kind', 'instances', 'sources', 'notices']);
    expect(doc).toMatchObject({ apiVersion: 'capplan/v1', kind: 'capplan-catalog' });
    const rows = doc.instances;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(Object.keys(r)).toEqual(['provider', 'region', 'name', 'vcpu', 'memoryGiB', 'gpu', 'hourly', 'source', 'asOf']);
    expect(rows.find((r) => r.name === 'g2-standard-4')).toEqual({
      provider: 'gcp', region: 'us-central1', name: 'g2-standard-4', vcpu: 4, memoryGiB: 16,
      gpu: { count: 1, model: 'L4', memoryGiB: 24 }, hourly: 0.706832255, source: 'gcp-gce-prices', asOf: '2026-08-03',
    });
  });

  it('carries the sources of the listed prices (title, licence, date) and the notices their terms require', () => {
    type Doc = { instances: { source: string }[]; sources: Record<string, unknown>[]; notices: string[] };
    const aws = JSON.parse(renderCatalogJson(listInstances({ provider: 'aws' }))) as Doc;
    expect(aws.sources.map((s) => s.id)).toEqual([...new Set(aws.instances.map((i) => i.source))]);
    const ec2 = aws.sources.find((s) => s.id === 'aws-ec2-prices')!;
    expect(Object.keys(ec2)).toEqual(['id', 'prices', 'title', 'url', 'repo', 'path', 'commit', 'licence', 'asOf', 'note']);
    const shipped = shippedCatalog().sources.find((s) => s.id === 'aws-ec2-prices')!;
    expect(ec2).toMatchObject({ prices: 'instances', title: shipped.title, licence: shipped.licence, asOf: shipped.asOf, repo: shipped.repo, commit: shipped.commit });
    expect(aws.notices).toEqual([expect.stringMatching(/^This pricing list is for informational purposes only\./)]);
    // GCP has no notice; the on-prem parts' sources only in an unfiltered listing, dated by their oldest part.
    const gcp = JSON.parse(renderCatalogJson(listInstances({ provider: 'gcp' }))) as Doc;
    expect(gcp.notices).toEqual([]);
    expect(gcp.sources.every((s) => s.prices === 'instances')).toBe(true);
    const all = JSON.parse(renderCatalogJson(listInstances(), { onprem: true })) as Doc;
    const onprem = all.sources.filter((s) => s.prices === 'onprem');
    expect(onprem.map((s) => s.id)).toEqual(onpremSourceIds());
    for (const s of onprem) {
      const dates = shippedCatalog().onprem.parts.filter((p) => p.source === s.id).map((p) => p.asOf).filter((d) => d !== null).sort();
      expect(s.asOf).toBe(dates[0] ?? shippedCatalog().sources.find((x) => x.id === s.id)?.asOf ?? null);
    }
    // The same sources the table lists under its rows.
    const table = renderCatalogTable(listInstances(), { onprem: true, layout: { ...DEFAULT_LAYOUT, width: 400 } });
    for (const s of all.sources) expect(table).toContain(`${s.id}${s.prices === 'onprem' ? ' (on-prem parts, --target onprem)' : ''}: ${String(s.title)}`);
    expect(JSON.parse(renderCatalogJson([])) ).toEqual({ apiVersion: 'capplan/v1', kind: 'capplan-catalog', instances: [], sources: [], notices: [] });
  });

  it('is the same bytes for the same input', () => {
    const a = renderCatalogJson(listInstances());
    expect(renderCatalogJson(listInstances())).toBe(a);
    expect(catalogJsonRows([])).toEqual([]);
  });
});

describe('renderCatalogTable', () => {
  it('shows the columns, prices, sources and the AWS disclaimer for AWS rows', () => {
    const out = renderCatalogTable(listInstances({ provider: 'aws', category: 'general' }));
    expect(out.split('\n')[0]).toMatch(/^aws us-east-1: \d+ instance types$/);
    for (const h of ['name', 'vCPU', 'GiB', 'GPU', 'network', '$/hour']) expect(out).toContain(h);
    expect(out).toMatch(/m7i\.xlarge\s+4\s+16\s+—\s+1\.56 Gbps\s+\$0\.2016\s/);
    // At 60 columns the source and date columns give way (the sources are listed under the table).
    const narrow = renderCatalogTable(listInstances({ provider: 'aws', category: 'general' }), { layout: { width: 60, unicode: true, detail: 'normal' } });
    expect(narrow).toMatch(/m7i\.xlarge\s+4\s+16\s+—\s+1\.56 Gbps\s+\$0\.2016\n/);
    expect(narrow).not.toMatch(/\$0\.2016\s+aws-ec2-prices/);
    const wide = renderCatalogTable(listInstances({ provider: 'aws', category: 'general' }), { layout: { width: Infinity, unicode: true, detail: 'normal' } });
    expect(wide).toMatch(/m7i\.xlarge\s+4\s+16\s+—\s+1\.56 Gbps\s+\$0\.2016\s+aws-ec2-prices\s+2026-07-20\n/);
    expect(out).toContain('aws-ec2-prices: Amazon EC2 on-demand Linux prices');
    // Wrapped at the width, the notice is all there.
    expect(out.replace(/\s+/g, ' ')).toContain(shippedCatalog().disclaimers.aws!.replace(/\s+/g, ' '));
    expect(out).not.toContain('\u001b[');
  });

  it('omits the AWS disclaimer when no AWS row is shown', () => {
    const out = renderCatalogTable(listInstances({ provider: 'azure' }));
    expect(out).not.toContain('informational purposes only');
    expect(catalogNotices(listInstances({ provider: 'azure' }))).toEqual([]);
    expect(catalogNotices(listInstances({ provider: 'aws' }))).toHaveLength(1);
  });

  it('colours through the palette only', () => {
    const out = renderCatalogTable(listInstances({ provider: 'gcp', gpu: true }).slice(0, 2), { palette: TAGGING });
    expect(out).toContain('<b>$/hour</b>');
    expect(out).toContain('<c>a2-highgpu-1g</c>');
    expect(out).toContain('<d>network (gcp): maximum egress (up to)</d>');
  });

  it('formats GPUs and marks profile-adjusted prices', () => {
    const { catalog } = applyPriceOverrides(shippedCatalog(), { instances: { 'g2-standard-4': 0.5 } });
    const out = renderCatalogTable(listInstances({ provider: 'gcp', gpu: true }, catalog), { palette: PLAIN_PALETTE, catalog });
    const wide = renderCatalogTable(listInstances({ provider: 'gcp', gpu: true }, catalog), { palette: PLAIN_PALETTE, catalog, layout: { width: Infinity, unicode: true, detail: 'normal' } });
    expect(wide).toMatch(/g2-standard-4\s+4\s+16\s+1× L4 24 GiB\s+10 Gbps\s+\$0\.50\*\s+profile-pricing\s+undated\n/);
    expect(out).toContain('* price changed by the profile pricing: section');
    expect(out).toMatch(/1× A100 40GB\s/);
  });

  it('keeps only the tables and the required notice under --quiet', () => {
    const out = renderCatalogTable(listInstances({ provider: 'aws', category: 'general' }), { layout: { width: 80, unicode: true, detail: 'quiet' } });
    expect(out).toMatch(/m7i\.xlarge\s+4\s+16/);
    expect(out).not.toContain('on-demand USD per hour');
    expect(out).not.toContain('aws-ec2-prices: Amazon EC2');
    expect(out).toContain('informational purposes only');
  });

  it('says so when nothing matches', () => {
    expect(renderCatalogTable([])).toBe('no instance types match\n');
  });
});

describe('renderCatalogMarkdown', () => {
  const WIDE = { width: Infinity, unicode: true, detail: 'normal' } as const;
  /** The rows of the tables in the table format, as their cells (split at two or more spaces). */
  const tableRows = (text: string) => {
    const rows: string[][] = [];
    let inTable = false;
    for (const line of text.split('\n')) {
      if (/^\s*─+$/.test(line)) inTable = true;
      else if (line.trim() === '') inTable = false;
      else if (inTable) rows.push(line.trim().split(/\s{2,}/));
    }
    return rows;
  };
  /** The body rows of the Markdown tables, as their cells. */
  const markdownRows = (md: string) =>
    md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| name |') && !l.startsWith('| --- |')).map((l) => l.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()));

  it('has one table row per row of the table format, with the same cells', () => {
    for (const instances of [listInstances(), listInstances({ provider: 'gcp', gpu: true }), listInstances({ provider: 'aws', category: 'general' })]) {
      const md = renderCatalogMarkdown(instances);
      const table = tableRows(renderCatalogTable(instances, { layout: WIDE }));
      expect(table).toHaveLength(instances.length);
      expect(markdownRows(md)).toEqual(table);
      // A heading and a table per provider and region, as the table format groups them.
      const groups = renderCatalogTable(instances, { layout: WIDE }).split('\n').filter((l) => /^\S+ \S+: \d+ instance types?$/.test(l));
      expect(md.split('\n').filter((l) => l.startsWith('### '))).toEqual(groups.map((g) => `### ${g}`));
      expect(md.split('\n').filter((l) => l === '| name | vCPU | GiB | GPU | network | $/hour | source | date |')).toHaveLength(groups.length);
    }
  });

  it('keeps the lines on units, sources, dates and the notices', () => {
    const instances = listInstances({ provider: 'aws', category: 'general' });
    const md = renderCatalogMarkdown(instances);
    expect(md).toMatch(/^## Instance types and prices\n\n### aws us-east-1: \d+ instance types\n\n\| name \| vCPU \| GiB \| GPU \| network \| \$\/hour \| source \| date \|\n\| --- \| ---: \| ---: \| --- \| ---: \| ---: \| --- \| --- \|\n/);
    expect(md).toContain(`\n- ${instances.length} instance types; on-demand USD per hour (× 730 h for a month); GiB of memory\n`);
    expect(md).toContain('\n- network (aws): baseline bandwidth\n');
    expect(md).toMatch(/\n- aws-ec2-prices: Amazon EC2 on-demand Linux prices.*, as of \d{4}-\d{2}-\d{2} \(/);
    expect(md).toContain(`\n- ${shippedCatalog().disclaimers.aws!}\n`);
    expect(md).not.toContain('\u001b[');
    expect(renderCatalogMarkdown(instances)).toBe(md);
  });

  it('marks profile-adjusted prices and undated rows, escapes | and a leading *', () => {
    const { catalog } = applyPriceOverrides(shippedCatalog(), { instances: { 'g2-standard-4': 0.5 } });
    const instances = listInstances({ provider: 'gcp', gpu: true }, catalog);
    const md = renderCatalogMarkdown(instances, { catalog });
    expect(md).toContain('\n| g2-standard-4 | 4 | 16 | 1× L4 24 GiB | 10 Gbps | $0.50\\* | profile-pricing | undated |\n');
    expect(md).toContain('\n- \\* price changed by the profile pricing: section\n');
    const odd = renderCatalogMarkdown([{ ...instances[0]!, name: 'a|b' }], { catalog });
    expect(odd).toContain('\n| a\\|b | ');
    expect(markdownRows(odd)[0]).toHaveLength(8);
  });

  it('says so when nothing matches', () => {
    expect(renderCatalogMarkdown([])).toBe('## Instance types and prices\n\nNo instance types match.\n');
  });
});
