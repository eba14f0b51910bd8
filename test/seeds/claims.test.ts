/**
 * Each bundled profile's header says what the plan finds in its document's numbers; this test
 * keeps it true (issue 14): every claim's phrase is in the header and each number in braces is
 * what the plan's JSON says, and every number of the findings block is in a claim or in a
 * quotation of the document, so a header cannot state a figure nobody checks.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';
import { renderPlanJson } from '../../src/render/json.js';
import { checkedNumbers, findingsBlock, phraseOf, reads, uncovered, type Claim, type PlanJson } from './claims.js';
import { CLAIMS } from './claims-of.js';
import { ROOT, SEEDS, read } from './sources.js';

/** The plan of a bundled profile as its JSON reads, priced as the profile says (a fixed date: no catalog-age note). */
async function planJson(file: string): Promise<PlanJson> {
  const { plan } = await planProfileFile(join(ROOT, file), {}, new Date('2026-11-25T00:00:00Z'));
  return JSON.parse(renderPlanJson(plan)) as PlanJson;
}

describe.each(SEEDS.map((s) => [s.profile, s] as const))('%s', async (_name, seed) => {
  const text = read(seed.profile);
  const document = read(seed.source);
  const block = findingsBlock(text);
  const claims: readonly Claim[] = CLAIMS[seed.profile] ?? [];
  const plan = await planJson(seed.profile);

  it('has a findings block with claims', () => {
    expect(block.length).toBeGreaterThan(0);
    expect(claims.length).toBeGreaterThan(0);
  });

  it.each(claims.map((c) => [phraseOf(c), c] as const))('says "%s" as the plan does', (phrase, claim) => {
    expect(block, 'the phrase is in the header').toContain(phrase);
    const written = [...claim.says.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const values = claim.values(plan);
    expect(values.length, 'one value per number in braces').toBe(written.length);
    written.forEach((w, i) => expect(reads(values[i]!, w, claim.approx), `${w} (plan: ${values[i]})`).toBe(true));
    expect(checkedNumbers(claim).length).toBe(written.length);
  });

  it('states no number that is neither checked nor quoted from the document', () => {
    expect(uncovered(block, claims, document)).toEqual([]);
  });
});
