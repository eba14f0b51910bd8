/** capplan runway: growth curves, the month each component must scale and each violation appears (by hand), storage, the gate. */
import { describe, expect, it } from 'vitest';
import { growthCurve, monthLabel, monthsBetween, parseGrowthRate } from '../../src/explore/growth.js';
import { renderRunwayJson, renderRunwayMarkdown, renderRunwayText, runwayMonthRows } from '../../src/explore/render-runway.js';
import { planRunway, storedAt } from '../../src/explore/runway.js';
import { billOptions } from '../../src/cli/plan-pipeline.js';
import { priceBill } from '../../src/pricing/bill.js';
import { storageHeld } from '../../src/plan/footprint.js';
import { evaluateGates } from '../../src/gate/evaluate.js';
import { resolvePolicy } from '../../src/gate/policy.js';
import { SECONDS_PER_BILLING_MONTH } from '../../src/plan/footprint.js';
import { plainPalette } from '../../src/render/palette.js';
import { problems } from '../support/problems.js';
import { bundledProfiles } from '../support/profiles.js';
import { overWidth, planFile, planYaml } from './helpers.js';

const grow = (growth: string, gates = '') => `apiVersion: capplan/v1
name: grow
workload: { rps: 50, growth: ${growth} }
targets: { cpuUtilization: 70%, minHeadroom: 1.3 }
components:
  api: { kind: service, capacity: 100/s, replicas: { min: 2, max: 4 } }
${gates}`;

describe('growth curves', () => {
  it('reads rates per week, month, quarter and year', () => {
    expect(parseGrowthRate('8%/month')).toEqual({ fraction: 0.08, periodMonths: 1 });
    expect(parseGrowthRate('100% per year')).toEqual({ fraction: 1, periodMonths: 12 });
    expect(parseGrowthRate('5 %/quarter')).toEqual({ fraction: 0.05, periodMonths: 3 });
    expect(parseGrowthRate('8%')).toBeNull();
    expect(parseGrowthRate('8%/fortnight')).toBeNull();
  });
  it('compounds, adds linearly, and interpolates points compound-wise', () => {
    // 100 %/year compound is 2^(m/12): 2 at a year, √2 at six months.
    const yearly = growthCurve({ fraction: 1, periodMonths: 12 });
    expect(yearly.at(12)).toBeCloseTo(2, 12);
    expect(yearly.at(6)).toBeCloseTo(Math.SQRT2, 12);
    expect(growthCurve({ rate: { fraction: 0.1, periodMonths: 1 }, model: 'linear' }).at(7)).toBeCloseTo(1.7, 12);
    // (0, 1) → (6, 2) → (12, 8): g(3) = 2^(3/6), g(9) = 2 × 4^(3/6) = 4, after month 12 the last
    // segment's 4^(1/6) a month goes on: g(15) = 8 × 4^(3/6) = 16.
    const pts = growthCurve({ points: [{ month: 6, scale: 2 }, { month: 12, scale: 8 }] });
    expect(pts.at(0)).toBe(1);
    expect(pts.at(3)).toBeCloseTo(Math.SQRT2, 12);
    expect(pts.at(9)).toBeCloseTo(4, 12);
    expect(pts.at(15)).toBeCloseTo(16, 12);
    expect(pts.lastPointMonth).toBe(12);
  });
  it('dates months from a start month', () => {
    expect(monthsBetween('2026-11', '2027-02')).toBe(3);
    expect(monthLabel('2026-11', 14)).toBe('2028-01');
    const dated = growthCurve({ start: '2027-01', points: [{ date: '2027-07', scale: 2 }] });
    expect(dated.at(6)).toBeCloseTo(2, 12);
  });
  it('reports bad growth settings with their position', async () => {
    expect((await problems(grow('8%')))[0]).toMatch(/^p\.yaml:3:\d+ workload\.growth: /);
    expect(await problems(grow('{ points: [{ month: 6, date: 2027-01, scale: 2 }] }'))).toEqual([expect.stringContaining('workload.growth.points[0]: give month or date, not both')]);
    expect(await problems(grow('{ points: [{ date: 2027-01, scale: 2 }] }'))).toEqual([expect.stringContaining('needs growth.start')]);
    expect(await problems(grow('{ points: [{ month: 6, scale: 2 }, { month: 3, scale: 3 }] }'))).toEqual([expect.stringContaining('increasing month order')]);
  });
  it('names what is wrong inside a growth mapping, not "Invalid input, got a mapping"', async () => {
    // Each of these printed only `workload.growth: Invalid input, got a mapping`.
    expect(await problems(grow('{ points: [{ month: 6, scale: 0 }] }'))).toEqual([expect.stringContaining('workload.growth.points[0].scale: must be greater than 0')]);
    expect(await problems(grow('{ rate: 10%/month, model: linaer }'))).toEqual([expect.stringMatching(/workload\.growth\.model: expected one of "compound", "linear", got "linaer"\n {2}hint: did you mean "linear"\?/)]);
    expect(await problems(grow('{ rate: -150%/year }'))).toEqual([expect.stringContaining('workload.growth.rate: a growth of -150%/year would take the load below zero')]);
    expect(await problems(grow('{ rat: 10%/month }'))).toEqual([expect.stringMatching(/workload\.growth\.rat: unknown key "rat"\n {2}hint: did you mean "rate"\?/)]);
    expect(await problems(grow('{ rate: 10%/month, points: [{ month: 6, scale: 2 }] }'))).toEqual([expect.stringContaining('workload.growth: mixes the keys of different forms: expected { rate, model, start } or { start, points }')]);
    // A negative month printed "points[0].date: undefined is before start undefined" beside it.
    expect(await problems(grow('{ points: [{ month: -1, scale: 2 }] }'))).toEqual([expect.stringContaining('workload.growth.points[0].month: expected a whole number of months from 0 to 1200')]);
    expect(await problems(grow('{ points: [{ month: 1.5, scale: 2 }] }'))).toEqual([expect.stringContaining('workload.growth.points[0].month: expected a whole number')]);
  });
});

describe('runway', () => {
  it('finds the month a component must scale and the month replicas.max is exceeded, by hand', async () => {
    const { profile } = await planYaml(grow('10%/month'));
    const r = planRunway(profile, 0, growthCurve(profile.input.workload.growth!), { months: 24 });
    /*
     * Month 0: λ = 50/s needs ⌈50 / (100 × 0.7)⌉ = 1, min 2 → 2 replicas carrying 2 × 100 × 0.7 =
     * 140 req/s. Headroom at month m: 140 / (50 × 1.1^m) < 1.3 ⟺ 1.1^m > 2.1538 ⟺
     * m > ln 2.1538 / ln 1.1 = 8.05: month 9 (1.1^8 = 2.1436 leaves 1.306×, 1.1^9 = 2.3579 leaves
     * 1.187×). Replicas needed ⌈50 × 1.1^m / 70⌉ > max 4 ⟺ 1.1^m > 5.6 ⟺ m > 18.07: month 19
     * (1.1^18 = 5.560 → 278/s → 4; 1.1^19 = 6.116 → 306/s → 5).
     */
    expect(r.events.map((e) => [e.month, e.component, e.kind])).toEqual([[9, 'api', 'scale'], [19, 'api', 'maxReplicas']]);
    expect(r.runwayMonths).toBe(9);
    expect(r.headline).toBe('api must scale (headroom 1.19×) in month 9');
    expect(r.months[8]!.components[0]!.headroomToday).toBeCloseTo(140 / (50 * 1.1 ** 8), 12);
    expect(r.months[12]!.components[0]!.replicas).toBe(3); // ⌈50 × 1.1^12 / 70⌉ = ⌈2.24⌉
    expect(r.months[12]!.peakRps).toBeCloseTo(50 * 1.1 ** 12, 9);
  });
  it('does not say an adapter "nears" its provider\'s rate limit in the month it is over it, and does say so before', async () => {
    const limited = (minHeadroom: number) => `apiVersion: capplan/v1
name: limited
workload: { rps: 50, growth: 10%/month }
targets: { minHeadroom: ${minHeadroom} }
components:
  notify: { kind: adapter, capacity: 1000/s, rateLimit: 100/s }
`;
    /*
     * The limit carries 100 req/s: 50 × 1.1^m > 100 ⟺ m > ln 2 / ln 1.1 = 7.27: over in month 8.
     * With minHeadroom 1, the headroom falls below it in that same month: the violation says it.
     * With minHeadroom 1.3: 100 / (50 × 1.1^m) < 1.3 ⟺ 1.1^m > 1.538 ⟺ m > 4.52: near in month 5.
     */
    const over = planRunway((await planYaml(limited(1))).profile, 0, growthCurve({ fraction: 0.1, periodMonths: 1 }), { months: 12 });
    expect(over.events.map((e) => [e.month, e.component, e.kind])).toEqual([[8, 'notify', 'rateLimit']]);
    const near = planRunway((await planYaml(limited(1.3))).profile, 0, growthCurve({ fraction: 0.1, periodMonths: 1 }), { months: 12 });
    expect(near.events.map((e) => [e.month, e.component, e.kind])).toEqual([[5, 'notify', 'scale'], [8, 'notify', 'rateLimit']]);
    expect(near.events[0]!.summary).toMatch(/^notify nears the provider's rate limit \(headroom 1\.24×\)$/);
  });
  it('says a component must scale when the month\'s plan needs more units, before its headroom runs out (zone loss), by hand', async () => {
    const { profile } = await planYaml(grow('10%/month').replace('minHeadroom: 1.3 }', 'minHeadroom: 1.3, zones: 2 }'));
    const r = planRunway(profile, 0, growthCurve(profile.input.workload.growth!), { months: 24 });
    /*
     * Over two zones n replicas must carry the load with a zone lost: (n − ⌈n/2⌉) × 100 × 0.7 ≥
     * 50 × 1.1^m. Today's 2 leave one (70 req/s): month 3 (66.55 req/s) holds, month 4 (73.2 req/s)
     * needs n = 4 (n = 3 still leaves one). Today's headroom runs out only in month 9 (as above),
     * and 4 replicas (two left, 140 req/s) fall short in month 11 (142.7 req/s needs 6 > max 4).
     */
    expect(r.months.slice(0, 6).map((m) => m.components[0]!.replicas)).toEqual([2, 2, 2, 2, 4, 4]);
    expect(r.events.map((e) => [e.month, e.component, e.kind])).toEqual([[4, 'api', 'scale'], [11, 'api', 'maxReplicas']]);
    expect(r.headline).toBe('api must scale to 4 replicas (zoneLoss) in month 4');
    expect(r.events[0]!.message).toMatch(/^this month's plan needs 4 replicas \(binding zoneLoss\): today's 2 replicas no longer meet the targets, though they carry 140 req\/s at the target utilisation \(1\.91× headroom at the peak of 73\.2 req\/s\)$/);
    // A shrinking load never makes a component scale: fewer units are not an event.
    const shrink = planRunway(profile, 0, growthCurve({ fraction: -0.1, periodMonths: 1 }), { months: 12 });
    expect(shrink.events.filter((e) => e.kind === 'scale')).toEqual([]);
  });
  it('lists a change of layout at the same count in the plan table\'s short form (the bundled thea-ia: agents gain a GPU per replica)', async () => {
    const { profile } = await planFile('profiles/thea-ia.yaml');
    const r = planRunway(profile, 0, growthCurve(profile.input.workload.growth!), { months: 24 });
    // Month 21: 2 replicas × 1 GPU → 2 replicas × 2 GPUs, the same replica count (the bill doubles
    // the GPUs); before, the table listed nothing for the agents that month.
    const rows = runwayMonthRows(r, 80);
    expect(rows.rows.find((row) => row[0] === 'month 21')!.at(-1)).toBe('agents 2×1g→2×2g');
    expect(rows.legend).toBe('g GPUs each');
    expect(renderRunwayText(r, { palette: plainPalette })).toContain('\n  units: g GPUs each\n');
    expect(renderRunwayMarkdown(r)).toContain('\nUnits: g GPUs each.\n');
    expect(r.events.find((e) => e.component === 'agents')).toMatchObject({ month: 21, kind: 'scale', summary: 'agents must scale to 2 replicas × 2 GPUs (4 GPUs) (redundancy)' });
  });
  it('lists a change of node type where the bill changes it (the medium template: api 3 → 5 moves the pool to larger nodes)', async () => {
    const { profile } = await planFile('profiles/templates/medium.yaml');
    const options = billOptions(profile, {}).options;
    const r = planRunway(profile, 0, growthCurve(profile.input.workload.growth!), { months: 12, price: (p) => priceBill(p, options) });
    // Three zones, one instance type per pool, the same node count in every zone: api's 3 → 5
    // replicas in month 10 no longer fit three m7i.4xlarge, and three c7i.8xlarge are cheaper than
    // six m7i.4xlarge. The bill rises by far more than two replicas' requests, and the table says why.
    expect([r.months[9]!.nodes, r.months[10]!.nodes]).toEqual(['3×m7i.4xlarge', '3×c7i.8xlarge']);
    expect(r.months[10]!.monthly! - r.months[9]!.monthly!).toBeGreaterThan(1000);
    const rows = runwayMonthRows(r, 80);
    expect(rows.rows.find((row) => row[0] === 'month 10')!.at(-1)).toBe('api 3→5, nodes 3×m7i.4xlarge→3×c7i.8xlarge');
    // A month whose units change on the same nodes says nothing of the nodes.
    expect(rows.rows.find((row) => row[0] === 'month 4')!.at(-1)).toBe('jobs 8→9');
    expect(JSON.parse(renderRunwayJson(r)).months[10].nodes).toBe('3×c7i.8xlarge');
    // Unpriced, there are no nodes to speak of.
    expect(planRunway(profile, 0, growthCurve(profile.input.workload.growth!), { months: 1 }).months[1]!.nodes).toBeNull();
  });
  it('leaves a disk sized by its data to the storage event, which counts the data the months wrote (the large template)', async () => {
    const { profile } = await planFile('profiles/templates/large.yaml');
    const r = planRunway(profile, 0, growthCurve(profile.input.workload.growth!), { months: 24 });
    const volumes = (m: number) => r.months[m]!.components.find((c) => c.name === 'volumes')!;
    // Month 6's plan sizes 2 devices for its own rate over the whole 90-day retention, while the
    // data written so far still fits today's one (13.8 of 14.1 TB at its fill limit); month 7's does not.
    expect([volumes(5).replicas, volumes(6).replicas]).toEqual([1, 2]);
    expect(volumes(6).storageBytes! / 1e12).toBeLessThan(14.1);
    expect(volumes(7).storageBytes! / 1e12).toBeGreaterThan(14.1);
    expect(r.events.filter((e) => e.component === 'volumes').map((e) => [e.month, e.kind])).toEqual([[7, 'storage'], [21, 'scale']]);
  });
  it('follows a linear rate: 1 + 0.1 m passes 140/65 in month 12', async () => {
    const { profile } = await planYaml(grow('{ rate: 10%/month, model: linear }'));
    const r = planRunway(profile, 0, growthCurve(profile.input.workload.growth!), { months: 24 });
    expect(r.runwayMonths).toBe(12);
  });
  it('accumulates storage within the retention, by hand', () => {
    /*
     * 50 req/s mean, 1 write of 1 KB each, 1.1^k growth, retention 60 d = 5,184,000 s = 1.9726 of
     * the 730-hour months. At month 3 the months still kept are k = 3 (whole), k = 2 (0.9726 of
     * it), k = 1 (none): 10 GB + 50 × 1000 B × 2,628,000 s × (1.1³ + 0.9726 × 1.1²)
     * = 10 GB + 1.314e11 × 2.50785 = 339.53 GB.
     */
    const growth = [0, 1, 2, 3].map((k) => 50 * 1.1 ** k * 1000);
    const held = storedAt(10e9, 60 * 86_400, growth, 3);
    expect(SECONDS_PER_BILLING_MONTH).toBe(2_628_000);
    expect(held).toBeCloseTo(10e9 + 50 * 1000 * 2_628_000 * (1.1 ** 3 + (5_184_000 / 2_628_000 - 1) * 1.1 ** 2), 0);
    expect(held / 1e9).toBeCloseTo(339.53, 2);
  });
  it('gates on gates.minRunway, and skips the rule without growth', async () => {
    const strict = await planYaml(grow('10%/month', 'gates: { minRunway: 12 months }\n'));
    const policy = resolvePolicy(strict.profile.input.gates);
    expect(policy.runway.minMonths).toBeCloseTo(12, 12);
    const r = planRunway(strict.profile, 0, growthCurve(strict.profile.input.workload.growth!), { months: 12 });
    const runway = { phase: r.phase, months: r.runwayMonths, horizonMonths: 12, headline: r.headline, component: 'api' };
    const failed = evaluateGates(strict.plan, null, policy, { runway });
    expect(failed.findings.filter((f) => f.rule === 'runway').map((f) => f.message)).toEqual(['runway 9 months is under the minimum 12 months: api must scale (headroom 1.19×) in month 9']);
    const lax = resolvePolicy({ ...strict.profile.input.gates, minRunway: 6 * (365.25 * 86_400) / 12 });
    expect(evaluateGates(strict.plan, null, lax, { runway }).findings.filter((f) => f.rule === 'runway')).toEqual([]);
    expect(evaluateGates(strict.plan, null, policy).skipped).toContainEqual({ rule: 'runway', reason: 'no workload.growth in the profile' });
  });
  it('bills each month for the data it holds', async () => {
    const db = `apiVersion: capplan/v1
name: data
workload: { rps: 50, growth: 10%/month }
components:
  db: { kind: database, capacity: 1000/s, writesPerRequest: 1, bytesPerWrite: 1KB, retention: 60d, dataset: 10GB }
`;
    const { profile } = await planYaml(db);
    const held: number[] = [];
    const r = planRunway(profile, 0, growthCurve(profile.input.workload.growth!), {
      months: 3,
      price: (p) => {
        held.push(storageHeld(p.components[0]!, p)!.bytes);
        return { currency: 'USD', monthly: 0, lines: [] };
      },
    });
    // The bill's storage model holds what the runway accumulated (10 GB + the months kept).
    expect(held[3]! / 1e9).toBeCloseTo(339.53, 2);
    expect(r.months[3]!.components[0]!.storageBytes! / 1e9).toBeCloseTo(339.53, 2);
    expect(held[0]).toBe(10e9);
  });
  it('runs on every bundled profile, the same bytes each time, within 80 columns', async () => {
    for (const file of await bundledProfiles()) {
      const { profile } = await planFile(file);
      const curve = growthCurve(profile.input.workload.growth ?? { fraction: 0.08, periodMonths: 1 });
      const a = planRunway(profile, 0, curve, { months: 12 });
      const b = planRunway(profile, 0, curve, { months: 12 });
      expect(renderRunwayJson(b)).toBe(renderRunwayJson(a));
      expect(renderRunwayMarkdown(b)).toBe(renderRunwayMarkdown(a));
      expect(overWidth(renderRunwayText(a, { palette: plainPalette })), file).toEqual([]);
      // More load each month never means fewer units.
      for (let m = 1; m < a.months.length; m++) {
        a.months[m]!.components.forEach((c, i) => expect(c.replicas, `${file} ${c.name} month ${m}`).toBeGreaterThanOrEqual(a.months[m - 1]!.components[i]!.replicas));
      }
    }
  });
});
