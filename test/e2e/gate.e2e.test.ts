/**
 * `capplan check` and `capplan diff` end to end: the built bin/capplan.js spawned as a user
 * would run it (run `npm run build` first). Exit codes, stdout/stderr discipline, colours, and
 * the Markdown and GitHub formats against golden files (UPDATE_GOLDEN=1 rewrites them).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'capplan.js');
const golden = join(root, 'test', 'golden', 'gate', 'tripled');
const ESC = String.fromCharCode(27);
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns the CLI with a clean colour environment plus `env`. */
function capplan(args: readonly string[], cwd: string, env: Record<string, string> = { NO_COLOR: '1' }): Run {
  const base = { ...process.env };
  delete base.NO_COLOR;
  delete base.FORCE_COLOR;
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, env: { ...base, ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Compares with a golden file, or rewrites it under UPDATE_GOLDEN=1. */
function expectGolden(actual: string, name: string): void {
  const path = join(golden, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  expect(actual, `${name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it; review the diff)`).toBe(readFileSync(path, 'utf8'));
}

const noStack = (r: Run) => expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);

let work: string;
beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'main.cjs'))) throw new Error('dist/main.cjs is missing: run `npm run build` before the end-to-end tests');
  work = mkdtempSync(join(tmpdir(), 'capplan-gate-e2e-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('capplan check, end to end', () => {
  const base = () => join(work, 'base');
  const tripled = () => join(work, 'tripled');

  it('writes a baseline atomically (exit 0, nothing on stdout), then passes against it', () => {
    mkdirSync(base());
    copyFileSync(join(golden, 'profile.yaml'), join(base(), 'capplan.yaml'));
    const update = capplan(['check', 'capplan.yaml', '--baseline', 'capplan.lock.json', '--update-baseline'], base());
    expect(update.stdout).toBe('');
    expect(update.stderr).toMatch(/^capplan: wrote capplan\.lock\.json \(3 phases, 15 component rows\)$/m);
    expect(update.code).toBe(0);
    // The header names the version that wrote it (the golden file holds it as VERSION, so a release changes no golden file).
    const lock = readFileSync(join(base(), 'capplan.lock.json'), 'utf8');
    expect((JSON.parse(lock) as { header: { capplanVersion?: string } }).header.capplanVersion).toBe(version);
    expectGolden(lock.replace(`"capplanVersion": "${version}"`, '"capplanVersion": "VERSION"'), 'capplan.lock.json');

    const pass = capplan(['check', 'capplan.yaml', '--baseline', 'capplan.lock.json', '--json'], base());
    expect(pass.code).toBe(0);
    expect(pass.stderr).not.toContain('was written by capplan');
    const doc = JSON.parse(pass.stdout) as { status: string; counts: unknown; findings: unknown[] };
    expect(doc).toMatchObject({ status: 'pass', counts: { error: 0, warn: 0 }, findings: [] });

    // A baseline another version wrote: a note on stderr, and the gate is the same.
    writeFileSync(join(base(), 'other.lock.json'), lock.replace(`"capplanVersion": "${version}"`, '"capplanVersion": "0.0.1"'));
    const other = capplan(['check', 'capplan.yaml', '--baseline', 'other.lock.json', '--json'], base());
    expect(other.code).toBe(0);
    expect(other.stdout).toBe(pass.stdout.replaceAll('capplan.lock.json', 'other.lock.json'));
    expect(other.stderr).toContain(`capplan: note: other.lock.json was written by capplan 0.0.1, this is capplan ${version}: `);
    rmSync(join(base(), 'other.lock.json'));
  });

  it('fails with exit 1 on three times the load, naming the components, in JSON, Markdown and GitHub formats', () => {
    mkdirSync(tripled());
    const profile = readFileSync(join(golden, 'profile.yaml'), 'utf8');
    const triple = profile.replace(/^(\s+sessionsPerDay:\s*)(\d+)/m, (_, key: string, n: string) => `${key}${Number(n) * 3}`);
    expect(triple).not.toBe(profile);
    writeFileSync(join(tripled(), 'capplan.yaml'), triple);
    copyFileSync(join(base(), 'capplan.lock.json'), join(tripled(), 'capplan.lock.json'));
    const args = ['check', 'capplan.yaml', '--baseline', 'capplan.lock.json'];

    const json = capplan([...args, '--format', 'json'], tripled());
    expect(json.code).toBe(1);
    noStack(json);
    const doc = JSON.parse(json.stdout) as { status: string; findings: { rule: string; component: string | null; line: number | null }[] };
    expect(doc.status).toBe('fail');
    const named = new Set(doc.findings.filter((f) => f.rule === 'headroom').map((f) => f.component));
    expect([...named]).toEqual(expect.arrayContaining(['api', 'jobs']));
    expect(doc.findings.every((f) => f.line === 8)).toBe(true); // workload.sessionsPerDay, the key that moved

    const md = capplan([...args, '--format', 'markdown'], tripled());
    expect(md.code).toBe(1);
    expectGolden(md.stdout, 'comment.md');
    const gh = capplan([...args, '--format', 'github'], tripled());
    expect(gh.code).toBe(1);
    expectGolden(gh.stdout, 'annotations.txt');
  });

  it('fails without a baseline when a component needs more than its max replicas; colour only when forced', () => {
    const dir = join(work, 'max');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'capplan.yaml'),
      ['apiVersion: capplan/v1', 'name: capped', 'workload: { rps: 2000 }', 'components:', '  api: { kind: service, serviceTime: 20ms, workers: 4, replicas: { min: 2, max: 5 } }', ''].join('\n'),
    );
    const piped = capplan(['check', 'capplan.yaml'], dir, {});
    expect(piped.code).toBe(1);
    expect(piped.stdout).toContain('✗ error  now · api  violations (maxReplicas)  capplan.yaml:5:56');
    expect(piped.stdout).toContain('needs 15 replicas but max is 5');
    expect(piped.stdout + piped.stderr).not.toContain(ESC);
    const forced = capplan(['check', 'capplan.yaml'], dir, { FORCE_COLOR: '1' });
    expect(forced.code).toBe(1);
    expect(forced.stdout).toContain(`${ESC}[`);
    expect(capplan(['check', 'capplan.yaml', '--no-color'], dir, { FORCE_COLOR: '1' }).stdout).not.toContain(ESC);
    expect(capplan(['check', 'capplan.yaml'], dir, { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toContain(ESC);
  });

  it('exits 2 on bad input, with the file and place on stderr and no stack trace', () => {
    const dir = join(work, 'bad');
    mkdirSync(dir);
    const missing = capplan(['check', 'nope.yaml', '--baseline', 'capplan.lock.json'], dir);
    expect([missing.code, missing.stdout, missing.stderr]).toEqual([2, '', 'capplan: nope.yaml: no such profile\n']);

    writeFileSync(join(dir, 'capplan.yaml'), ['apiVersion: capplan/v1', 'name: bad', 'workload: { rps: 10 }', 'components:', '  api: { kind: service, capacity: 100/s }', 'gates:', '  headroom: { level: fail }', ''].join('\n'));
    const gates = capplan(['check', 'capplan.yaml'], dir);
    expect(gates.code).toBe(2);
    expect(gates.stdout).toBe('');
    expect(gates.stderr).toContain('capplan.yaml:7:22 gates.headroom.level: expected one of "error", "warn", "off", got "fail"');
    noStack(gates);

    const flag = capplan(['check', 'capplan.yaml', '--margin-cost', '15'], dir);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('15 is not a fraction between 0 and 1; write 15% for a percentage');

    writeFileSync(join(dir, 'old.json'), '{"apiVersion":"capplan/v1","phases":[{"name":"now"}]}');
    const diff = capplan(['diff', 'old.json', join(base(), 'capplan.lock.json')], dir);
    expect(diff.code).toBe(2);
    expect(diff.stdout).toBe('');
    expect(diff.stderr).toMatch(/^old\.json:1:38 phases\[0\]\.peakRps: missing "peakRps"\n/);
    noStack(diff);
  });
});

describe('capplan check, input it cannot compare', () => {
  const profile = ['apiVersion: capplan/v1', 'name: bad', 'workload: { rps: 10 }', 'components:', '  api: { kind: service, capacity: 100/s }', 'gates:', '  headroom: { level: fail }', ''].join('\n');

  it('annotates a profile problem with --format github and prints it as JSON with --json, on stdout, exit 2', () => {
    const dir = join(work, 'machine');
    mkdirSync(dir);
    writeFileSync(join(dir, 'capplan.yaml'), profile);
    const gh = capplan(['check', 'capplan.yaml', '--format', 'github'], dir);
    expect([gh.code, gh.stdout]).toEqual([2, '::error file=capplan.yaml,line=7,col=22,title=capplan check%3A bad input::gates.headroom.level: expected one of "error", "warn", "off", got "fail"\ncapplan check could not run: 1 problem in its input\n']);
    expect(gh.stderr).toContain('capplan.yaml:7:22 gates.headroom.level');
    const json = capplan(['check', 'capplan.yaml', '--json'], dir);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      apiVersion: 'capplan/v1', kind: 'capplan-check', file: 'capplan.yaml', baseline: null, status: 'error',
      errors: [{ file: 'capplan.yaml', line: 7, col: 22, path: 'gates.headroom.level', message: 'expected one of "error", "warn", "off", got "fail"', hint: null }],
      warnings: [],
    });
    expect(capplan(['check', 'capplan.yaml'], dir).stdout).toBe('');
  });

  it('refuses a baseline that shares no phase with the profile (exit 2), rather than passing on nothing compared', () => {
    const dir = join(work, 'renamed');
    mkdirSync(dir);
    writeFileSync(join(dir, 'capplan.yaml'), profile.replace('fail', 'error'));
    expect(capplan(['check', 'capplan.yaml', '--baseline', 'b.json', '--update-baseline'], dir).code).toBe(0);
    writeFileSync(join(dir, 'r.json'), readFileSync(join(dir, 'b.json'), 'utf8').replace('"name": "now"', '"name": "later"'));
    const r = capplan(['check', 'capplan.yaml', '--baseline', 'r.json'], dir);
    expect([r.code, r.stdout]).toEqual([2, '']);
    // Placed at the baseline's phases key, as every problem of a file is.
    expect(r.stderr).toMatch(/^r\.json:\d+:\d+ phases: the baseline has no phase of this profile \(baseline: "later"; profile: "now"\)\n {2}hint: phases are matched by name: if they were renamed on purpose, accept the plan with --update-baseline\n/);
    expect(capplan(['check', 'capplan.yaml', '--baseline', 'r.json', '--format', 'github'], dir).stdout).toMatch(/^::error file=r\.json,line=\d+,col=\d+,title=capplan check%3A bad input::phases: the baseline has no phase of this profile/);
    expect(capplan(['check', 'capplan.yaml', '--baseline', 'b.json'], dir).code).toBe(0);
  });

  it('tells a problem that stops it in every CI format: a Markdown comment that replaces the last verdict, JSON naming the baseline file', () => {
    const dir = join(work, 'formats');
    mkdirSync(dir);
    writeFileSync(join(dir, 'capplan.yaml'), profile.replace('fail', 'error'));
    const md = capplan(['check', 'capplan.yaml', '--baseline', 'missing.json', '--format', 'markdown'], dir);
    expect([md.code, md.stdout]).toEqual([2, '<!-- capplan-check -->\n### ❌ capplan check could not run: 1 problem in its input\n\n- ❌ `missing.json`: no such baseline  \n  Hint: write it with --update-baseline, then commit it\n']);
    const bad = capplan(['check', 'capplan.yaml', '--format', 'markdown'], dir.replace('formats', 'machine'));
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('- ❌ `capplan.yaml:7:22` `gates.headroom.level`: expected one of');
    const json = JSON.parse(capplan(['check', 'capplan.yaml', '--baseline', 'missing.json', '--json'], dir).stdout);
    expect(json.errors.map((e: { file: string }) => e.file)).toEqual(['missing.json']);
  });

  it('prints what --update-baseline wrote under --json; refuses --max-cost with --no-bill (the budget could not be checked)', () => {
    const dir = join(work, 'update-json');
    mkdirSync(dir);
    writeFileSync(join(dir, 'capplan.yaml'), profile.replace('fail', 'error'));
    const first = capplan(['check', 'capplan.yaml', '--baseline', 'b.json', '--update-baseline', '--json'], dir);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ apiVersion: 'capplan/v1', kind: 'capplan-baseline-update', baseline: 'b.json', profile: 'bad', phases: 1, componentRows: 1, changedPhases: null, standingErrors: 0 });
    expect(JSON.parse(capplan(['check', 'capplan.yaml', '--baseline', 'b.json', '--update-baseline', '--json'], dir).stdout).changedPhases).toBe(0);
    const nobill = capplan(['check', 'capplan.yaml', '--no-bill', '--max-cost', '10'], dir);
    expect([nobill.code, nobill.stdout]).toEqual([2, '']);
    expect(nobill.stderr).toBe('capplan: --max-cost needs a priced plan, and --no-bill leaves it unpriced\n  hint: drop --no-bill to check the budget, or drop --max-cost\n');
  });

  it('prints a Markdown note of what --update-baseline wrote under --format markdown, with the comment marker (found by a tester: an empty comment)', () => {
    const dir = join(work, 'update-markdown');
    mkdirSync(dir);
    writeFileSync(join(dir, 'capplan.yaml'), profile.replace('fail', 'error'));
    const first = capplan(['check', 'capplan.yaml', '--baseline', 'b.json', '--update-baseline', '--format', 'markdown'], dir);
    expect([first.code, first.stdout]).toEqual([0, '<!-- capplan-check -->\n### 📌 capplan check: baseline updated\n\nWrote `b.json` from `bad`: 1 phase, 1 component row; no previous baseline. Commit it to accept this plan.\n']);
    const again = capplan(['check', 'capplan.yaml', '--baseline', 'b.json', '--update-baseline', '--format', 'markdown'], dir);
    expect(again.stdout).toContain('; no change from the previous baseline.');
  });

  it('records the profile\'s gate policy in the baseline; a profile that turns rules off with 10× the traffic passes with ⚠️, not silently', () => {
    // The outside tester's relaxed.yaml: headroom and replicas off, sessionsPerDay ×10; it passed with a plain ✅.
    const dir = join(work, 'loosened');
    mkdirSync(dir);
    const example = readFileSync(join(root, 'examples', 'capplan.yaml'), 'utf8');
    writeFileSync(join(dir, 'capplan.yaml'), example);
    expect(capplan(['check', 'capplan.yaml', '--baseline', 'lock.json', '--update-baseline'], dir).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'lock.json'), 'utf8')).policy.headroom).toEqual({ level: 'error', min: null });
    const relaxed = example.replace('sessionsPerDay: 20000', 'sessionsPerDay: 200000').replace('headroom: { level: error }', 'headroom: { level: off }').replace('replicas: { level: error, margin: 20% }', 'replicas: { level: off, margin: 20% }');
    writeFileSync(join(dir, 'relaxed.yaml'), relaxed);
    const md = capplan(['check', 'relaxed.yaml', '--baseline', 'lock.json', '--format', 'markdown'], dir);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('### ⚠️ capplan check passed with warnings');
    expect(md.stdout).toContain('- ⚠️ gates loosened since the baseline: headroom error → off, replicas error → off');
    const gh = capplan(['check', 'relaxed.yaml', '--baseline', 'lock.json', '--format', 'github'], dir);
    expect(gh.stdout).toMatch(/^::warning file=relaxed\.yaml,line=\d+,col=\d+,title=capplan check%3A policy::gates: the profile's gates are milder than the baseline's: headroom error → off, replicas error → off/m);
    expect(capplan(['check', 'relaxed.yaml', '--baseline', 'lock.json', '--gate', 'policy=error'], dir).code).toBe(1);
    // Accepting it says so too; the next run against the new baseline is quiet about it.
    const update = capplan(['check', 'relaxed.yaml', '--baseline', 'lock.json', '--update-baseline'], dir);
    expect(update.stderr.replace(/\s+/g, ' ')).toContain('; gates loosened: headroom error → off, replicas error → off)');
    expect(capplan(['check', 'relaxed.yaml', '--baseline', 'lock.json', '--json'], dir).stdout).toContain('"policyLoosened": []');
  });

  it('refuses a baseline of another kind, or without phases, at the key (exit 2)', () => {
    const dir = join(work, 'kinds');
    mkdirSync(dir);
    writeFileSync(join(dir, 'capplan.yaml'), profile.replace('fail', 'error'));
    capplan(['check', 'capplan.yaml', '--baseline', 'b.json', '--update-baseline'], dir);
    const text = readFileSync(join(dir, 'b.json'), 'utf8');
    writeFileSync(join(dir, 'k.json'), text.replace('"kind": "capplan-baseline"', '"kind": "something-else"'));
    const k = capplan(['check', 'capplan.yaml', '--baseline', 'k.json'], dir);
    expect(k.code).toBe(2);
    expect(k.stderr).toMatch(/^k\.json:4:13 header\.kind: not a capplan baseline \(expected kind "capplan-baseline", got string "something-else"\)/);
    writeFileSync(join(dir, 'e.json'), `${text.slice(0, text.indexOf('"phases"'))}"phases": []\n}\n`);
    const e = capplan(['check', 'capplan.yaml', '--baseline', 'e.json'], dir);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/^e\.json:\d+:\d+ phases: no phases; a saved plan holds at least one/);
  });
});

describe('capplan diff, end to end', () => {
  it('compares a baseline with a saved plan: exit 0, the changes on stdout', () => {
    const dir = join(work, 'tripled');
    const plan = capplan(['plan', 'capplan.yaml', '--json'], dir);
    expect(plan.code).toBe(0);
    writeFileSync(join(dir, 'plan.json'), plan.stdout);
    const diff = capplan(['diff', 'capplan.lock.json', 'plan.json', '--format', 'markdown'], dir);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('### capplan diff `capplan.lock.json` → `plan.json` (my-platform): 3 of 3 phases changed');
    expect(diff.stdout).toMatch(/\| \\~ \| api \| 3 → 6 \|/);
  });

  it('plans a profile given on either side as check does (a .yaml or .yml file, or one not starting with `{`): the same comparison as with the baseline it would write', () => {
    const dir = join(work, 'tripled');
    expect(capplan(['check', 'capplan.yaml', '--baseline', 'now.lock.json', '--update-baseline'], dir).code).toBe(0);
    const viaBaseline = capplan(['diff', 'capplan.lock.json', 'now.lock.json', '--json'], dir);
    const viaProfile = capplan(['diff', 'capplan.lock.json', 'capplan.yaml', '--json'], dir);
    expect(viaProfile.code).toBe(0);
    // The same phases, components and figures; only the file name differs.
    expect(JSON.parse(viaProfile.stdout).phases).toEqual(JSON.parse(viaBaseline.stdout).phases);
    expect(JSON.parse(viaProfile.stdout).after).toEqual({ file: 'capplan.yaml', profile: 'my-platform' });
    // By its extension, else by its first character: `{` is a saved plan (a .json file always is).
    copyFileSync(join(dir, 'capplan.yaml'), join(dir, 'profile-copy'));
    copyFileSync(join(dir, 'now.lock.json'), join(dir, 'baseline-copy'));
    expect(JSON.parse(capplan(['diff', 'capplan.lock.json', 'profile-copy', '--json'], dir).stdout).phases).toEqual(JSON.parse(viaBaseline.stdout).phases);
    expect(JSON.parse(capplan(['diff', 'capplan.lock.json', 'baseline-copy', '--json'], dir).stdout).phases).toEqual(JSON.parse(viaBaseline.stdout).phases);
    writeFileSync(join(dir, 'commented.json'), '// not JSON\n{}\n');
    expect(capplan(['diff', 'capplan.lock.json', 'commented.json'], dir).stderr).toMatch(/^commented\.json:1:1: invalid JSON/);
    // A profile against itself: nothing changed.
    const same = capplan(['diff', 'capplan.yaml', 'capplan.yaml'], dir);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/: 0 of 3 phases changed/);
    // A profile with a range is planned at its median, and diff says so on stderr as plan does.
    writeFileSync(join(dir, 'ranged.yaml'), 'apiVersion: capplan/v1\nname: r\nworkload: { rps: 10 }\ncomponents:\n  api: { kind: service, capacity: 100/s..200/s }\n');
    const ranged = capplan(['diff', 'ranged.yaml', 'ranged.yaml'], dir);
    expect(ranged.code).toBe(0);
    expect(ranged.stderr).toBe('capplan: ranged.yaml: 1 input is a range: planned at the medians\ncapplan: ranged.yaml: 1 input is a range: planned at the medians\n');
    // A bad profile is its own problem, positioned, exit 2 (not "invalid JSON").
    writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: capplan/v1\nname: b\nworkload: { rps: 10 }\ncomponents:\n  api: { kind: service, capacity: 100 }\n');
    const bad = capplan(['diff', 'capplan.yaml', 'broken.yaml'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^broken\.yaml:5:\d+ components\.api\.capacity: 100 needs a unit/);
    noStack(bad);
  });
});
