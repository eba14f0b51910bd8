import { describe, expect, it } from 'vitest';
import { listInstances, shippedCatalog } from '../../src/pricing/catalog.js';
import { applyPriceOverrides } from '../../src/pricing/price-overrides.js';
import {
  PLAIN_PALETTE,
  catalogJsonRows,
  catalogNotices,
  renderCatalogJson,
  renderCatalogTable,
  type Palette,
} from '../../src/pricing/render-catalog.js';

const tag = (name: string) => (s: string): string => `<${name}>${s}</${name}>`;
const TAGGING: Palette = { bold: tag('b'), dim: tag('d'), red: tag('r'), yellow: tag('y'), green: tag('g'), cyan: tag('c') };

describe('renderCatalogJson', () => {
  it('prints an array of objects with the documented keys in a stable order', () => {
    const rows = JSON.parse(renderCatalogJson(listInstances({ provider: 'gcp', gpu: true }))) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(Object.keys(r)).toEqual(['provider', 'region', 'name', 'vcpu', 'memoryGiB', 'gpu', 'hourly', 'source', 'asOf']);
    expect(rows.find((r) => r.name === 'g2-standard-4')).toEqual({
      provider: 'gcp', region: 'us-central1', name: 'g2-standard-4', vcpu: 4, memoryGiB: 16,
      gpu: { count: 1, model: 'L4', memoryGiB: 24 }, hourly: 0.706832255, source: 'gcp-gce-prices', asOf: '2026-08-03',
    });
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
