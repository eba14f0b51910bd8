// The committed catalog must be exactly what scripts/build-catalog.mjs produces from the
// reference files today: a stale catalog (or a hand edit) fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shippedCatalog } from '../../src/pricing/catalog.js';
import type { Catalog } from '../../src/pricing/catalog-types.js';

interface BuildModule {
  buildCatalog(files: Record<string, string>): Catalog;
  serialiseCatalog(catalog: Catalog): string;
  readReferenceFiles(dir: URL): Promise<Record<string, string>>;
}

const SCRIPT = new URL('../../scripts/build-catalog.mjs', import.meta.url).href;
const DATA = new URL('../../src/pricing/catalog-data.json', import.meta.url);
const REFERENCE = new URL('../../data/reference/pricing/', import.meta.url);

async function regenerate(): Promise<{ text: string; catalog: Catalog }> {
  const build = (await import(SCRIPT)) as BuildModule;
  const catalog = build.buildCatalog(await build.readReferenceFiles(REFERENCE));
  return { text: build.serialiseCatalog(catalog), catalog };
}

describe('shipped catalog', () => {
  it('is byte-identical to a fresh build from data/reference/pricing', async () => {
    const { text } = await regenerate();
    expect(readFileSync(DATA, 'utf8')).toBe(text);
  });

  it('builds the same bytes twice (deterministic)', async () => {
    expect((await regenerate()).text).toBe((await regenerate()).text);
  });

  it('stays small', () => {
    expect(readFileSync(DATA).byteLength).toBeLessThan(150_000);
  });

  it('cites a known source for every row and dates every price source', () => {
    const c = shippedCatalog();
    const ids = new Set(c.sources.map((s) => s.id));
    const cited = [
      ...c.instances.map((i) => i.source),
      ...c.unitPrices.map((u) => u.source),
      ...c.onprem.parts.map((p) => p.source),
      ...c.providers.flatMap((p) => [p.priceSource, p.specSource, p.allocatableSource]),
      ...c.notices.flatMap((n) => n.sources),
      c.fallbackUnitPrices.source,
    ];
    expect(cited.filter((id) => !ids.has(id))).toEqual([]);
    for (const i of c.instances) expect(i.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const u of c.unitPrices.filter((x) => x.usd !== null)) expect(u.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('covers general, compute, memory, burstable and GPU families for every provider', () => {
    const c = shippedCatalog();
    for (const provider of ['aws', 'gcp', 'azure']) {
      const categories = new Set(c.instances.filter((i) => i.provider === provider).map((i) => i.category));
      expect([...categories].sort()).toEqual(['burstable', 'compute', 'general', 'gpu', 'memory']);
    }
  });

  it('keeps the upstream NOTICE texts and the AWS disclaimer', () => {
    const c = shippedCatalog();
    const notice = readFileSync(new URL('raw/aws-karpenter/NOTICE', REFERENCE), 'utf8').trim();
    expect(c.notices.map((n) => n.text)).toContain(notice);
    expect(c.notices.some((n) => n.text.includes('AKS Karpenter Provider'))).toBe(true);
    expect(c.notices.some((n) => n.text.includes('OpenCost'))).toBe(true);
    expect(c.disclaimers.aws).toMatch(/^This pricing list is for informational purposes only\./);
  });

  it('marks on-prem parts indicative and dated', () => {
    for (const p of shippedCatalog().onprem.parts) {
      expect(p.indicative).toBe(true);
      expect(p.asOf).toBe('2025-10-28');
    }
  });
});
