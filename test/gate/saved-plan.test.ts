/**
 * Reading saved plans back: what a hostile or damaged file may hold and still be read, and what
 * it may not (limits, repeated names), each refused with a position.
 */
import { describe, expect, it } from 'vitest';
import { MAX_COMPONENTS } from '../../src/profile/limits.js';
import { parseSavedPlan } from '../../src/gate/saved-plan.js';
import { MAX_SAVED_ITEMS, MAX_SAVED_PHASES } from '../../src/gate/saved-plan-limits.js';

const component = (name: string) => ({ name, kind: 'service', replicas: 2 });
const plan = (phases: unknown[]) => JSON.stringify({ apiVersion: 'capplan/v1', phases }, null, 2);
const phase = (name: string, components: unknown[], extra: object = {}) => ({ name, peakRps: 10, components, ...extra });

/** "line:col" of the value of the key that `needle` (`"key": value`) starts with. */
function at(text: string, needle: string): string {
  const i = text.indexOf(needle) + needle.indexOf(': ') + 2;
  const before = text.slice(0, i).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

function problems(text: string): string[] {
  const r = parseSavedPlan(text, 'p.json');
  return r.ok ? [] : r.diagnostics.map((d) => `${d.line}:${d.col} ${d.path}: ${d.message}`);
}

describe('saved plans', () => {
  it('takes a component cost from the bill lines that name it, whatever else the lines hold', () => {
    // Seed 2026 case 29238: a null line was read as an object (exit 3).
    const text = plan([phase('now', [component('api')], { bill: { currency: 'USD', monthly: 9, lines: [null, 7, 'x', [], { component: 'api', monthly: 4 }, { component: 'api', monthly: 1 }] } })]);
    const r = parseSavedPlan(text, 'p.json');
    expect(r.ok && r.summary.phases[0]!.components[0]!.monthly).toBe(5);
  });

  it('refuses more phases, or more components in a phase, than a profile may plan, at the first one over', () => {
    // Each phase below is 5 lines from line 4, each component 5 lines from line 8 of its phase.
    const many = plan(Array.from({ length: MAX_SAVED_PHASES + 1 }, (_, i) => phase(`p${i}`, [])));
    expect(problems(many)).toEqual([`${4 + 5 * MAX_SAVED_PHASES}:5 phases[${MAX_SAVED_PHASES}]: ${MAX_SAVED_PHASES + 1} phases; a saved plan holds at most ${MAX_SAVED_PHASES}, the base workload and ${MAX_SAVED_PHASES - 1} growth phases (limit: phases)`]);
    const wide = plan([phase('now', Array.from({ length: MAX_COMPONENTS + 1 }, (_, i) => component(`c${i}`)))]);
    expect(problems(wide)).toEqual([`${8 + 5 * MAX_COMPONENTS}:9 phases[0].components[${MAX_COMPONENTS}]: ${MAX_COMPONENTS + 1} components; a phase of a saved plan holds at most ${MAX_COMPONENTS} (limit: components per phase)`]);
    expect(problems(plan([phase('now', Array.from({ length: MAX_COMPONENTS }, (_, i) => component(`c${i}`)))]))).toEqual([]);
  });

  it('refuses a list longer than MAX_SAVED_ITEMS anywhere, before the schema reads it', () => {
    // Seed 8 case 3902: 176,890 bad violations overflowed the stack in the schema (exit 3).
    const text = JSON.stringify({ apiVersion: 'capplan/v1', phases: [phase('now', [component('api')], { violations: Array(200_000).fill(1) })] });
    expect(problems(text)).toEqual([`1:${text.indexOf('1,1,1') + 1 + 2 * MAX_SAVED_ITEMS} phases[0].violations[${MAX_SAVED_ITEMS}]: 200000 items; a list or mapping of a saved plan holds at most ${MAX_SAVED_ITEMS} (limit: saved plan items)`]);
    const lines = plan([phase('now', [component('api')], { bill: { currency: 'USD', monthly: 1, lines: Array(MAX_SAVED_ITEMS).fill({}) } })]);
    expect(problems(lines)).toEqual([]);
  });

  it('refuses a plan or baseline without phases, at its phases key: the gate would compare nothing', () => {
    expect(problems(plan([]))).toEqual(['3:13 phases: no phases; a saved plan holds at least one (the base workload)']);
    const baseline = JSON.stringify({ header: { apiVersion: 'capplan/v1', kind: 'capplan-baseline' }, phases: [] }, null, 2);
    expect(problems(baseline)).toEqual(['6:13 phases: no phases; a saved plan holds at least one (the base workload)']);
  });

  it('refuses a baseline whose header names another kind of file, at its kind', () => {
    const baseline = (kind: unknown) => JSON.stringify({ header: { apiVersion: 'capplan/v1', kind }, phases: [phase('now', [component('api')])] }, null, 2);
    const r = parseSavedPlan(baseline('something-else'), 'b.json');
    expect(r.ok ? [] : r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.path}: ${d.message}`)).toEqual(['b.json:4:13 header.kind: not a capplan baseline (expected kind "capplan-baseline", got string "something-else")']);
    expect(problems(baseline(7))).toEqual(['4:13 header.kind: not a capplan baseline (expected kind "capplan-baseline", got number 7)']);
    expect(problems(baseline('capplan-baseline'))).toEqual([]);
  });

  it('refuses a name with a control character (a newline then ::error:: would be a workflow command), and reads no odd version or profile name', () => {
    const text = plan([phase('now', [component('api\n::error::pwn')])]);
    expect(problems(text)).toEqual([expect.stringMatching(/^\d+:\d+ phases\[0\]\.components\[0\]\.name: /)]);
    expect(problems(plan([phase('now\u001b[31m', [component('api')])]))).toHaveLength(1);
    const baseline = (version: unknown, profile: unknown) => JSON.stringify({ header: { apiVersion: 'capplan/v1', kind: 'capplan-baseline', profile, capplanVersion: version }, phases: [phase('now', [component('api')])] });
    const read = (version: unknown, profile: unknown) => {
      const r = parseSavedPlan(baseline(version, profile), 'b.json');
      if (!r.ok) throw new Error('not read');
      return [r.summary.capplanVersion, r.summary.profile];
    };
    expect(read('0.1.0', 'shop')).toEqual(['0.1.0', 'shop']);
    expect(read('x\u001b[31mred\n::error::pwn', 'shop\n::error::x')).toEqual([undefined, '']);
    expect(read(123, 'shop')).toEqual([undefined, 'shop']);
  });

  it('refuses a phase or a component named twice, at the second name', () => {
    const text = plan([phase('now', [component('api'), component('db'), component('api')]), phase('now', [])]);
    expect(problems(text)).toEqual([
      '26:15 phases[1].name: phase "now" appears twice (also phases[0]); a saved plan names each phase once',
      '19:19 phases[0].components[2].name: component "api" appears twice in phase "now" (also components[0]); a phase names each component once',
    ]);
  });

  it('refuses a negative money figure the gate reads, at the figure: a phase bill, a component cost, a bill line', () => {
    // gate.md: "a missing or negative figure … is refused"; bill.monthly -1 was read as a cost of -$1.00.
    const bill = (b: object) => plan([phase('now', [component('api')], { bill: { currency: 'USD', monthly: 9, ...b } })]);
    const cases: [object, string, string][] = [
      [{ monthly: -1 }, '"monthly": -1', 'phases[0].bill.monthly: must be at least 0, got -1'],
      [{ byComponent: { api: -2 } }, '"api": -2', 'phases[0].bill.byComponent.api: must be at least 0, got -2'],
      [{ lines: [{ component: 'api', monthly: -3 }] }, '"monthly": -3', 'phases[0].bill.lines[0].monthly: must be at least 0, got -3'],
      [{ packingWaste: -4 }, '"packingWaste": -4', 'phases[0].bill.packingWaste: must be at least 0, got -4'],
    ];
    for (const [b, needle, message] of cases) {
      const text = bill(b);
      expect(problems(text)).toEqual([`${at(text, needle)} ${message}`]);
    }
  });

  it('says what a figure should be in its own words, not the validator’s', () => {
    const text = plan([phase('now', [{ name: 'api', kind: 'service', replicas: 1e300, inputs: { serviceTime: [1, 2] } }])]);
    const found = problems(text);
    expect(found).toEqual([
      `${at(text, '"replicas": 1e+300')} phases[0].components[0].replicas: must be a whole number of at most 9007199254740991, got 1e+300`,
      `${at(text, '"serviceTime": [')} phases[0].components[0].inputs.serviceTime: expected number, string, boolean or null, got a list`,
    ]);
    expect(found.join('\n')).not.toMatch(/Too big|Invalid input/);
  });
});

