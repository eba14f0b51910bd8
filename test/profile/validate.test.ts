import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/cli/errors.js';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { renderDiagnostic, type Diagnostic } from '../../src/profile/diagnostic.js';
import { MAX_DEPTH, MAX_PROFILE_BYTES } from '../../src/profile/source.js';

const BASE = `apiVersion: capplan/v1
name: t
workload:
  rps: 100/s
components:
  api:
    kind: service
    serviceTime: 20ms
    workers: 4
`;

async function problems(text: string): Promise<string[]> {
  try {
    await loadProfileText(text, 'p.yaml');
  } catch (error) {
    if (error instanceof InputError) return error.diagnostics.map((d: Diagnostic) => renderDiagnostic(d));
    throw error;
  }
  return [];
}

describe('a valid profile', () => {
  it('loads with units in SI and the base phase named "now"', async () => {
    const { profile } = await loadProfileText(BASE, 'p.yaml');
    expect(profile.phases.map((p) => p.name)).toEqual(['now']);
    const api = profile.phases[0]!.components[0]!;
    expect(api.settings).toMatchObject({ kind: 'service', serviceTime: 0.02, workers: 4 });
    expect(profile.phases[0]!.workload.peakRps).toBe(100);
    expect(profile.phases[0]!.targets.cpuUtilization).toBe(0.7);
  });
});

describe('every problem, positioned', () => {
  it('lists every way to give a component its capacity, in one sentence', async () => {
    const [service] = await problems(BASE.replace('    serviceTime: 20ms\n    workers: 4\n', ''));
    expect(service).toMatch(/^p\.yaml:\d+:\d+ components\.api: needs capacity \(e\.g\. 1000\/s\), serviceTime \(e\.g\. 20ms\) or operations, each with a serviceTime$/m);
    const [db] = await problems(BASE.replace('    serviceTime: 20ms\n    workers: 4\n', '    serviceTime: 20ms\n    calls: [db]\n  db:\n    kind: database\n'));
    expect(db).toMatch(/components\.db: needs capacity \(e\.g\. 1000\/s\) or serviceTime \(e\.g\. 20ms\)$/m);
  });
  it('reports a bad bound inside replicas: { min, max } at the bound, not "Invalid input, got a mapping"', async () => {
    expect(await problems(BASE.replace('workers: 4', 'workers: 4\n    replicas: { min: 2, max: 0 }'))).toEqual(['p.yaml:10:30 components.api.replicas.max: must be at least 1 (got 0)']);
    expect(await problems(BASE.replace('workers: 4', 'workers: 4\n    replicas: { min: -1 }'))).toEqual(['p.yaml:10:22 components.api.replicas.min: must be at least 0 (got -1)']);
  });
  it('reports an unknown key with "did you mean"', async () => {
    const out = await problems(BASE.replace('workers: 4', 'wokers: 4'));
    expect(out).toEqual(['p.yaml:9:5 components.api.wokers: unknown key "wokers"\n  hint: did you mean "workers"?']);
  });
  it('says where a key written in the wrong section belongs (targets.regions under workload, zones at the top)', async () => {
    const text = 'apiVersion: capplan/v1\nname: t\nzones: 3\nworkload: { rps: 10, regions: 2 }\ntargets: { peakFactor: 2 }\ncomponents:\n  api: { kind: service, capacity: 100/s }\n';
    expect(await problems(text)).toEqual([
      'p.yaml:3:1 zones: unknown key "zones"\n  hint: "zones" is a key of targets, not a top-level key: move it there',
      'p.yaml:4:22 workload.regions: unknown key "regions"\n  hint: "regions" is a key of targets, not of workload: move it there',
      'p.yaml:5:12 targets.peakFactor: unknown key "peakFactor"\n  hint: "peakFactor" is a key of workload, not of targets: move it there',
    ]);
  });
  it('reports several problems at once, in file order', async () => {
    const text = BASE.replace('rps: 100/s', 'rps: 100 bananas').replace('serviceTime: 20ms', 'serviceTime: -3ms').replace('workers: 4', 'workers: four');
    const out = await problems(text);
    expect(out).toHaveLength(3);
    expect(out[0]).toMatch(/^p\.yaml:4:8 workload\.rps: /);
    expect(out[1]).toBe('p.yaml:8:18 components.api.serviceTime: must be greater than 0 s (got -3 ms)');
    expect(out[2]).toMatch(/^p\.yaml:9:14 components\.api\.workers: /);
  });
  it('reports an unknown kind with a suggestion', async () => {
    const out = await problems(BASE.replace('kind: service', 'kind: sevice'));
    expect(out[0]).toMatch(/^p\.yaml:7:11 components\.api\.kind: kind "sevice": unknown kind; expected one of service, adapter/);
    expect(out[0]).toContain('did you mean "service"?');
  });
  it('reports a missing required key at its parent', async () => {
    const out = await problems(BASE.replace('apiVersion: capplan/v1\n', ''));
    expect(out[0]).toMatch(/^p\.yaml:1:1 apiVersion: /);
  });
  it('names a missing section’s type in the profile’s words (it said "(record)", "(object)")', async () => {
    expect(await problems('apiVersion: capplan/v1\n')).toEqual([
      'p.yaml:1:1 components: missing required key "components" (a mapping)',
      'p.yaml:1:1 name: missing required key "name" (text)',
      'p.yaml:1:1 workload: missing required key "workload" (a mapping)',
    ]);
  });
  it('refuses an availability target of 100 % (no number of replicas meets it; it sized N+1 as for 99.9 %)', async () => {
    const why = 'no number of replicas keeps a system up all the time; give the target you design for, e.g. 99.9% or 99.99%';
    expect(await problems(`${BASE}targets: { availability: 100% }\n`)).toEqual([`p.yaml:10:26 targets.availability: must be below 100% (got 100%): ${why}`]);
    expect(await problems(`${BASE}targets: { availability: 1 }\n`)).toEqual([`p.yaml:10:26 targets.availability: must be below 100% (got 100%): ${why}`]);
    expect(await problems(`${BASE}targets: { availability: 99.999% }\n`)).toEqual([]);
  });
  it('refuses zero and negative capacities', async () => {
    const out = await problems(BASE.replace('serviceTime: 20ms\n    workers: 4', 'capacity: 0/s'));
    expect(out).toEqual(['p.yaml:8:15 components.api.capacity: must be greater than 0/s (got 0/s)']);
  });
  it('refuses NaN and Infinity', async () => {
    expect(await problems(BASE.replace('workers: 4', 'workers: .nan'))).toEqual(['p.yaml:9:14 components.api.workers: NaN is not a finite number']);
    expect(await problems(BASE.replace('rps: 100/s', 'rps: .inf'))).toEqual(['p.yaml:4:8 workload.rps: Infinity is not a finite number']);
  });
  it('refuses percentages over 100 and bare numbers that look like percentages', async () => {
    const over = await problems(`${BASE}targets:\n  cpuUtilization: 170%\n`);
    expect(over).toEqual(['p.yaml:11:19 targets.cpuUtilization: 170% is over 100%\n  hint: a percentage is at most 100%']);
    const bare = await problems(`${BASE}targets:\n  cpuUtilization: 70\n`);
    expect(bare[0]).toContain('hint: write 70% if you mean a percentage');
  });
  it('reports an unknown unit', async () => {
    const out = await problems(BASE.replace('serviceTime: 20ms', 'serviceTime: 20 parsecs'));
    expect(out[0]).toMatch(/^p\.yaml:8:18 components\.api\.serviceTime: .*parsecs/);
  });
  it('refuses __proto__ and other prototype keys', async () => {
    const out = await problems(BASE.replace('  api:\n', '  __proto__: { polluted: true }\n  api:\n'));
    expect(out).toEqual(['p.yaml:6:3 components.__proto__: the key "__proto__" is not allowed']);
  });
  it('stops a YAML alias bomb', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const out = await problems(bomb.join('\n'));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^p\.yaml:1:1 : YAML aliases expand too far|alias/);
  });
  it('refuses deep nesting before composing it', async () => {
    const deep = `${'['.repeat(MAX_DEPTH + 5)}${']'.repeat(MAX_DEPTH + 5)}`;
    const out = await problems(`a: ${deep}\n`);
    expect(out[0]).toMatch(new RegExp(`nesting deeper than ${MAX_DEPTH} levels`));
    const veryDeep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    expect((await problems(veryDeep))[0]).toMatch(/nesting deeper/);
  });
  it('refuses a huge file', async () => {
    const out = await problems(`${BASE}#${'x'.repeat(MAX_PROFILE_BYTES)}\n`);
    expect(out[0]).toMatch(/profiles are limited to/);
  });
  it('explains an empty file', async () => {
    expect(await problems('')).toEqual(['p.yaml:1:1: the profile is empty\n  hint: run `capplan init` for a starting profile']);
    expect(await problems('# only a comment\n')).toHaveLength(1);
  });
  it('reports YAML syntax errors and duplicate keys with positions', async () => {
    expect((await problems('a: [1, 2\n'))[0]).toMatch(/^p\.yaml:\d+:\d+: YAML: /);
    expect(await problems(`${BASE}name: again\n`)).toEqual(['p.yaml:10:1: duplicate key "name": each key may appear once in a mapping']);
  });
  it('refuses a key that is a list or a mapping at its position, with nothing from Node on stderr', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      expect(await problems('apiVersion: capplan/v1\nname: t\nworkload: { rps: 10, {a: 1}: 2 }\ncomponents:\n  ? [a, b]\n  : { kind: service }\n')).toEqual([
        'p.yaml:3:22: a key must be a name or a number, not a list or a mapping',
        'p.yaml:5:5: a key must be a name or a number, not a list or a mapping',
      ]);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });
  it('shows an invisible character in a name as its escape, not as nothing', async () => {
    // "api" + ZERO WIDTH SPACE looks like "api" on a terminal; the message must not.
    const out = await problems('apiVersion: capplan/v1\nname: t\nworkload: { rps: 10 }\ncomponents:\n  "api\u200b": { kind: service, serviceTime: 10ms }\n');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^p\.yaml:5:3 components\["api\\u200b"\]: invalid name "api\\u200b": must be a DNS label/);
    expect(out[0]).not.toContain('\u200b');
  });
  it('places a null key (`~:`, the key "" of the value) at the key', async () => {
    const out = await problems('apiVersion: capplan/v1\nname: t\nworkload: { rps: 10 }\ncomponents:\n  ~: { kind: service, serviceTime: 10ms }\n');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^p\.yaml:5:3 components\[""\]: invalid name ""/);
  });
  it('refuses YAML tags a profile has no use for, at the tag', async () => {
    const head = 'apiVersion: capplan/v1\nname: t\nworkload: { rps: 10 }\ncomponents:\n';
    const refused = (tag: string) => `the YAML tag ${tag} has no use in a profile: give a plain value (text, a number, a list or a mapping)`;
    expect(await problems(`${head}  api: { kind: service, serviceTime: !!binary aGVsbG8= }\n`)).toEqual([`p.yaml:5:38: ${refused('!!binary')}`]);
    expect(await problems(`${head}  api: { kind: service, serviceTime: !!timestamp 2001-12-14 }\n`)).toEqual([`p.yaml:5:38: ${refused('!!timestamp')}`]);
    expect(await problems(`${head}  api: !foo { kind: service, serviceTime: 10ms }\n`)).toEqual([`p.yaml:5:8: ${refused('!foo')}`]);
    // JSON's own types may be spelled out.
    expect(await problems(`${head}  api: { kind: !!str service, serviceTime: ! 10ms, workers: !!int "2" }\n`)).toEqual([]);
  });
  it('places an alias before its anchor and a merge of something else than mappings', async () => {
    const head = 'apiVersion: capplan/v1\nname: t\nworkload: { rps: 10 }\ncomponents:\n';
    expect(await problems(`${head}  api: { kind: service, serviceTime: *t }\n  b: &t 10ms\n`)).toEqual([
      'p.yaml:5:38: the alias *t comes before any anchor &t\n  hint: an alias repeats a value marked with an anchor earlier in the file',
    ]);
    expect(await problems(`${head}  api: { kind: service, <<: [ {serviceTime: 10ms}, 3 ] }\n`)).toEqual([
      'p.yaml:5:29: a merge (<<) takes a mapping, an alias of one, or a list of them\n  hint: write `<<: *defaults` under a mapping, with `&defaults` on a mapping above',
    ]);
    expect(await problems(`${head}  api: { kind: service, <<: [ {serviceTime: 10ms} ] }\n`)).toEqual([]);
  });
  it('refuses a top level that is not a mapping', async () => {
    expect(await problems('- a\n- b\n')).toEqual(['p.yaml:1:1: a profile must be a YAML mapping (key: value pairs) at the top level']);
  });
  it('checks calls against the components', async () => {
    const out = await problems(BASE.replace('workers: 4', 'workers: 4\n    calls: [dbb]') + '  db:\n    kind: database\n    capacity: 100/s\n    readsPerRequest: 1\n');
    expect(out).toEqual(['p.yaml:10:13 components.api.calls[0]: calls "dbb", which is not a component of phase "now"\n  hint: did you mean "db"?']);
  });
  it('finds call cycles', async () => {
    const text = `${BASE.replace('workers: 4', 'workers: 4\n    calls: [b]')}  b:\n    kind: service\n    capacity: 10/s\n    calls: [api]\n`;
    expect((await problems(text))[0]).toMatch(/calls form a cycle: api → b → api/);
  });
  it('needs a rate in the workload', async () => {
    expect(await problems(BASE.replace('rps: 100/s', 'peakFactor: 3'))).toEqual([
      'p.yaml:4:3 workload: needs a rate: sessionsPerDay with requestsPerSession, rps, or concurrentUsers with thinkTime',
    ]);
  });
  it('says when capacity and serviceTime disagree', async () => {
    const out = await problems(BASE.replace('workers: 4', 'workers: 4\n    capacity: 100/s'));
    expect(out[0]).toMatch(/capacity 100\/s disagrees with workers \/ serviceTime = 4 \/ 0\.02 s = 200\/s/);
  });
  it('positions a bad on-prem part, in either form (pricing.onprem.parts)', async () => {
    const parts = (entry: string) => problems(`${BASE}pricing:\n  onprem:\n    parts:\n      ${entry}\n`);
    expect(await parts('hdd-2tb: { kind: hdd, capexUsd: 60, capacityGB: 2000, name: "2 TB HDD" }')).toEqual([]);
    expect(await parts('nvme-1tb-samsung-980-pro: 90')).toEqual([]);
    expect(await parts('hdd-2tb: { kind: tape, capexUsd: 60, capacityGB: 2000 }')).toEqual([
      'p.yaml:13:24 pricing.onprem.parts.hdd-2tb.kind: kind "tape": unknown kind; expected one of nvme, ssd, hdd, server',
    ]);
    expect(await parts('hdd-2tb: { kind: hdd, capexUsd: 60 }')).toEqual([
      'p.yaml:13:7 pricing.onprem.parts.hdd-2tb.capacityGB: missing required key "capacityGB" (number)',
    ]);
    expect(await parts('hdd-2tb: { kind: hdd, capexUsd: -5, capacityGB: 2000 }')).toEqual([
      'p.yaml:13:39 pricing.onprem.parts.hdd-2tb.capexUsd: a price must be at least $0 (got -5)',
    ]);
    expect(await parts('hdd-2tb: "60"')).toEqual([
      'p.yaml:13:16 pricing.onprem.parts.hdd-2tb: expected a capex in USD (a number, re-pricing a catalog part), a drive { kind, capexUsd, capacityGB } or a server { kind: server, capexUsd, cores, memoryGiB, gpus, gpuMemoryGiB }, got "60"',
    ]);
  });
});

describe('phases', () => {
  const phased = `${BASE}phases:
  - name: later
    scale: 3
    components:
      api: { workers: 8 }
  - name: rebuilt
    workload: { rps: null, concurrentUsers: 500, thinkTime: 5s }
    components:
      api: { replicas: { min: 2 } }
`;
  it('merges overrides over the base and scales the rate', async () => {
    const { profile } = await loadProfileText(phased, 'p.yaml');
    expect(profile.phases.map((p) => p.name)).toEqual(['now', 'later', 'rebuilt']);
    expect(profile.phases[1]!.workload.peakRps).toBe(300);
    expect(profile.phases[1]!.components[0]!.settings.workers).toBe(8);
    expect(profile.phases[2]!.workload.peakRps).toBe(100); // 500 users / 5 s think time
    expect(profile.phases[2]!.components[0]!.settings.replicas).toEqual({ min: 2 });
  });
  it('points at the override that is wrong, not at the base', async () => {
    const out = await problems(phased.replace('api: { workers: 8 }', 'api: { workers: 0 }'));
    expect(out).toEqual(['p.yaml:14:23 phases[0].components.api.workers: must be at least 1 (got 0)']);
  });
  it('refuses a phase name used twice', async () => {
    const out = await problems(phased.replace('name: rebuilt', 'name: later'));
    expect(out[0]).toMatch(/phases\[1\]\.name: phase name "later" is used twice/);
  });
});

describe('expressions', () => {
  it('evaluates expressions over each phase’s workload with mathjs', async () => {
    // Variables carry their units: peakRps × 40 ms is a plain number of busy workers.
    const text = `${BASE.replace('workers: 4', 'workers: ceil(peakRps * 40ms)')}phases:\n  - { name: x2, scale: 2 }\n`;
    const { profile } = await loadProfileText(text, 'p.yaml');
    expect(profile.phases.map((p) => p.components[0]!.settings.workers)).toEqual([4, 8]);
  });
  it('refuses an expression whose dimension does not fit the field', async () => {
    const out = await problems(BASE.replace('workers: 4', 'workers: 4\n    perRequest: peakRps / 100'));
    expect(out[0]).toMatch(/^p\.yaml:10:17 components\.api\.perRequest: "peakRps \/ 100" has a unit \(s\^-1\)/);
  });
  it('reports an unknown name in an expression with its position', async () => {
    const out = await problems(BASE.replace('workers: 4', 'workers: 4\n    perRequest: peakRsp / 100'));
    expect(out[0]).toMatch(/^p\.yaml:10:17 components\.api\.perRequest: .*"peakRsp"/);
    expect(out[0]).toContain('did you mean "peakRps"?');
  });
});

describe('presets', () => {
  it('starts a component from a preset; its own keys win', async () => {
    const text = `${BASE}  tg:\n    preset: telegram\n    capacity: 100/s\n`;
    const { profile } = await loadProfileText(text, 'p.yaml');
    expect(profile.phases[0]!.components[1]!.settings).toMatchObject({ kind: 'adapter', rateLimit: 30, capacity: 100 });
  });
  it('reports an unknown preset with a suggestion', async () => {
    const out = await problems(`${BASE}  tg:\n    preset: telegarm\n    capacity: 100/s\n`);
    expect(out[0]).toBe('p.yaml:11:13 components.tg.preset: unknown preset "telegarm"\n  hint: did you mean "telegram"?');
  });
});

describe('targets.regions', () => {
  const withRegions = (r: string) => `apiVersion: capplan/v1\nname: t\nworkload: { rps: 100 }\ntargets: { regions: ${r} }\ncomponents:\n  a: { kind: service, serviceTime: 20ms }\n`;
  it('says what it takes when given neither form, and keeps each form’s own message', async () => {
    expect(await problems(withRegions('{ count: 2 }'))).toEqual(['p.yaml:4:21 targets.regions: expected a count of regions (2) or a list of their names ([us-east, eu-west]), got a mapping']);
    expect(await problems(withRegions('0'))).toEqual(['p.yaml:4:21 targets.regions: must be at least 1 (got 0)']);
    expect(await problems(withRegions('[us-east, us-east]'))).toEqual(['p.yaml:4:21 targets.regions: region names must differ']);
    expect(await problems(withRegions('[us-east, eu-west]'))).toEqual([]);
  });
});

describe('a database no request reads or writes', () => {
  it('says both figures are 0 or left out (it said "needs readsPerRequest or writesPerRequest" beside readsPerRequest: 0)', async () => {
    const { problems } = await import('../support/problems.js');
    const text = 'apiVersion: capplan/v1\nname: t\nworkload: { rps: 10 }\ncomponents:\n  db: { kind: database, readsPerRequest: 0, writesPerRequest: 0, capacity: 1000/s }\n';
    expect(await problems(text)).toEqual([
      'p.yaml:5:7 components.db: needs readsPerRequest or writesPerRequest above 0: both are 0 or left out, so no request would read or write it\n  hint: give the queries one user request makes (readsPerRequest: 3, writesPerRequest: 1), or remove the component',
    ]);
  });
});

describe('a calls problem the phases inherit', () => {
  it('is said once, not once per phase that keeps the component as written', async () => {
    const { problems } = await import('../support/problems.js');
    const text = 'apiVersion: capplan/v1\nname: t\nworkload: { rps: 10 }\nphases:\n  - { name: later, scale: 2 }\n  - { name: latest, scale: 3, workload: { rps: 20 } }\ncomponents:\n  api: { kind: service, capacity: 100/s, calls: [dbx] }\n  db: { kind: service, capacity: 100/s }\n';
    expect(await problems(text)).toEqual(['p.yaml:8:50 components.api.calls[0]: calls "dbx", which is not a component of phase "now"\n  hint: did you mean "db"?']);
  });
});
