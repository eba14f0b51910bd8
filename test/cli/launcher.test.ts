// bin/capplan.js on Node < 22: the bundle runs with a V8 code cache per command, kept in the
// user's cache directory ($NODE_COMPILE_CACHE/capplan here), keyed by the bundle and the Node
// version; a missing, damaged or unwritable cache only costs speed. Needs a built dist/.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';

const root = new URL('../../', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'capplan-launcher-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string | undefined>, home = root) {
  const r = spawnSync(process.execPath, [join(home, 'bin', 'capplan.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', NODE_DISABLE_COMPILE_CACHE: undefined, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const nodeHasOwnCache = Number(process.versions.node.split('.')[0]) >= 22;

describe('the launcher', () => {
  it('keeps a cache for each command capplan has', () => {
    const launcher = readFileSync(join(root, 'bin', 'capplan.js'), 'utf8');
    const listed = /const COMMANDS = new Set\((\[[^\]]*\])\)/.exec(launcher)![1]!;
    const commands = buildProgram(() => undefined).commands.map((c) => c.name()).sort();
    expect(JSON.parse(listed.replace(/'/g, '"'))).toEqual(commands);
  });

  it.skipIf(process.platform === 'win32')('runs as a program of its own (its #! line and its mode, which git keeps)', () => {
    const r = spawnSync(join(root, 'bin', 'capplan.js'), ['--version'], { encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.skipIf(nodeHasOwnCache)('writes a code cache on the first run, keyed by the bundle and Node, and reads it on the next', () => {
    const dir = join(scratch, 'cache');
    const first = run(['size', '--rps', '800', '--service-time', '20ms'], { NODE_COMPILE_CACHE: dir });
    expect(first.code).toBe(0);
    const files = readdirSync(join(dir, 'capplan'));
    const { sha256 } = JSON.parse(readFileSync(join(root, 'dist', 'build.json'), 'utf8')) as { sha256: string };
    expect(files).toEqual([expect.stringMatching(new RegExp(`^${sha256.slice(0, 16)}-\\d+-\\d+-node${process.versions.node}-${process.arch}-[0-9a-f]{8}-size\\.v8$`))]);
    const written = statSync(join(dir, 'capplan', files[0]!)).mtimeMs;
    const second = run(['size', '--rps', '800', '--service-time', '20ms'], { NODE_COMPILE_CACHE: dir });
    expect(second).toEqual(first);
    // V8 took the cache: it was not written again.
    expect(readdirSync(join(dir, 'capplan'))).toEqual(files);
    expect(statSync(join(dir, 'capplan', files[0]!)).mtimeMs).toBe(written);
  });

  it.skipIf(nodeHasOwnCache)('drops, when it writes a cache, the caches no installation has written for 30 days (each npx version is an installation of its own)', () => {
    const dir = join(scratch, 'stale', 'capplan');
    mkdirSync(dir, { recursive: true });
    const old = (Date.now() - 40 * 24 * 3600 * 1000) / 1000;
    const staleCache = join(dir, '0123456789abcdef-1-1-node20.0.0-x64-deadbeef-plan.v8');
    const staleTemp = join(dir, '0123456789abcdef-1-1-node20.0.0-x64-deadbeef-plan.v8.4242.tmp');
    const recent = join(dir, '0123456789abcdef-1-1-node20.0.0-x64-cafef00d-plan.v8');
    const notOurs = join(dir, 'notes.txt');
    for (const f of [staleCache, staleTemp, recent, notOurs]) writeFileSync(f, 'x');
    for (const f of [staleCache, staleTemp, notOurs]) utimesSync(f, old, old);
    expect(run(['size', '--rps', '800', '--service-time', '20ms'], { NODE_COMPILE_CACHE: join(scratch, 'stale') }).code).toBe(0);
    const left = readdirSync(dir);
    expect(left).toEqual(expect.arrayContaining([expect.stringMatching(/-size\.v8$/), 'notes.txt', '0123456789abcdef-1-1-node20.0.0-x64-cafef00d-plan.v8']));
    expect(left).toHaveLength(3);
  });

  it.skipIf(nodeHasOwnCache)("writes no cache from a run that failed, from a command's help or from --version (the next run that does the command's work writes it)", () => {
    const dir = join(scratch, 'failed');
    expect(run(['size', '--bogus'], { NODE_COMPILE_CACHE: dir }).code).toBe(2);
    expect(run(['size'], { NODE_COMPILE_CACHE: dir }).code).toBe(2);
    expect(run(['size', '--help'], { NODE_COMPILE_CACHE: dir }).code).toBe(0);
    expect(run(['--version'], { NODE_COMPILE_CACHE: dir }).code).toBe(0);
    expect(run(['-V'], { NODE_COMPILE_CACHE: dir }).code).toBe(0);
    expect(() => readdirSync(join(dir, 'capplan'))).toThrow();
    expect(run(['size', '--rps', '800', '--service-time', '20ms'], { NODE_COMPILE_CACHE: dir }).code).toBe(0);
    expect(readdirSync(join(dir, 'capplan'))).toEqual([expect.stringMatching(/-size\.v8$/)]);
    expect(run(['--help'], { NODE_COMPILE_CACHE: dir }).code).toBe(0);
    expect(readdirSync(join(dir, 'capplan')).sort()).toEqual([expect.stringMatching(/-main\.v8$/), expect.stringMatching(/-size\.v8$/)]);
  });

  it.skipIf(nodeHasOwnCache)('runs the same with a damaged cache (and replaces it), an unwritable cache directory, or the cache turned off', () => {
    const dir = join(scratch, 'damaged');
    const reference = run(['--help'], { NODE_DISABLE_COMPILE_CACHE: '1', NODE_COMPILE_CACHE: dir });
    expect(reference.code).toBe(0);
    expect(() => readdirSync(dir)).toThrow();
    run(['--help'], { NODE_COMPILE_CACHE: dir });
    const [file] = readdirSync(join(dir, 'capplan'));
    writeFileSync(join(dir, 'capplan', file!), 'not a code cache');
    expect(run(['--help'], { NODE_COMPILE_CACHE: dir })).toEqual(reference);
    expect(readFileSync(join(dir, 'capplan', file!), 'utf8')).not.toBe('not a code cache');
    const blocked = join(scratch, 'a-file');
    writeFileSync(blocked, '');
    expect(run(['--help'], { NODE_COMPILE_CACHE: blocked })).toEqual(reference);
  });

  it.skipIf(nodeHasOwnCache)('never serves a cache to another build: a rebuilt bundle gets its own, and the old one is dropped', () => {
    const copy = join(scratch, 'install');
    cpSync(join(root, 'bin'), join(copy, 'bin'), { recursive: true });
    cpSync(join(root, 'dist'), join(copy, 'dist'), { recursive: true });
    const dir = join(scratch, 'rebuilt');
    const before = run(['--help'], { NODE_COMPILE_CACHE: dir }, copy);
    const [old] = readdirSync(join(dir, 'capplan'));
    // A different bundle (as after a rebuild): its output changes, so a stale cache would show.
    appendFileSync(join(copy, 'dist', 'main.cjs'), '\nprocess.stdout.write("rebuilt\\n");\n');
    const after = run(['--help'], { NODE_COMPILE_CACHE: dir }, copy);
    expect(after.stdout).toBe(`${before.stdout}rebuilt\n`);
    const now = readdirSync(join(dir, 'capplan'));
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(old);
  });

  it.skipIf(nodeHasOwnCache)('keeps the caches of two installations side by side (each drops only its own old ones)', () => {
    const dir = join(scratch, 'two');
    const other = join(scratch, 'other-install');
    cpSync(join(root, 'bin'), join(other, 'bin'), { recursive: true });
    cpSync(join(root, 'dist'), join(other, 'dist'), { recursive: true });
    appendFileSync(join(other, 'dist', 'main.cjs'), '\n');
    run(['--help'], { NODE_COMPILE_CACHE: dir });
    const [mine] = readdirSync(join(dir, 'capplan'));
    run(['--help'], { NODE_COMPILE_CACHE: dir }, other);
    expect(readdirSync(join(dir, 'capplan'))).toHaveLength(2);
    const written = statSync(join(dir, 'capplan', mine!)).mtimeMs;
    run(['--help'], { NODE_COMPILE_CACHE: dir });
    expect(readdirSync(join(dir, 'capplan'))).toContain(mine);
    expect(statSync(join(dir, 'capplan', mine!)).mtimeMs).toBe(written);
  });

  it.skipIf(nodeHasOwnCache)("sets V8's flags for a short run through V8's binding, without a warning or Node's stream modules; through node:v8 where the binding is refused", () => {
    // A preload that records the flags set, by either road, and whether `stream` was loaded by the end.
    const probe = join(scratch, 'probe.cjs');
    const report = join(scratch, 'probe.json');
    writeFileSync(
      probe,
      `const flags = [];
const binding = process.binding;
process.binding = process.env.PROBE_REFUSE ? () => { throw new Error('No such module: v8'); } : (name) => {
  const b = binding(name);
  return name === 'v8' ? { setFlagsFromString: (f) => { flags.push('binding ' + f); b.setFlagsFromString(f); } } : b;
};
const v8 = require('node:v8');
const set = v8.setFlagsFromString;
v8.setFlagsFromString = (f) => { flags.push('module ' + f); set(f); };
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify({ flags, stream: process.moduleLoadList.includes('NativeModule stream') })));
`,
    );
    // `size` reads no profile: its young generation grows fourfold, a plan's sixteenfold (shortRunFlags).
    const flagsGrowing = (factor: number) => ['--interrupt-budget=540672', `--semi-space-growth-factor=${factor}`, '--heap-growing-percent=150', '--no-flush-bytecode', '--no-minor-gc-task', '--no-incremental-marking-task'];
    const expected = flagsGrowing(4);
    // V8 ignores a flag it does not know: each must be one this Node's V8 lists.
    const known = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
    for (const flag of expected) expect(known).toContain(`  --${flag.replace(/^--(no-)?/, '').replace(/=.*/, '')} (`);
    const direct = run(['size', '--rps', '800', '--service-time', '20ms'], { NODE_OPTIONS: `--pending-deprecation --require ${probe}`, NODE_COMPILE_CACHE: join(scratch, 'probe-cache') });
    expect(direct.code).toBe(0);
    expect(direct.stderr).toBe('');
    const seen = JSON.parse(readFileSync(report, 'utf8')) as { flags: string[]; stream: boolean };
    expect(seen.flags).toEqual(expected.map((f) => `binding ${f}`));
    // The probe's own require('node:v8') loads the streams: only the binding road is checked here.
    const refused = run(['size', '--rps', '800', '--service-time', '20ms'], { NODE_OPTIONS: `--require ${probe}`, PROBE_REFUSE: '1', NODE_COMPILE_CACHE: join(scratch, 'probe-cache') });
    expect(refused.code).toBe(0);
    expect(refused.stdout).toBe(direct.stdout);
    expect((JSON.parse(readFileSync(report, 'utf8')) as { flags: string[] }).flags).toEqual(expected.map((f) => `module ${f}`));
    const plan = run(['plan', 'profiles/templates/small.yaml'], { NODE_OPTIONS: `--require ${probe}`, NODE_COMPILE_CACHE: join(scratch, 'probe-cache') });
    expect(plan.code).toBe(0);
    expect((JSON.parse(readFileSync(report, 'utf8')) as { flags: string[] }).flags).toEqual(flagsGrowing(16).map((f) => `binding ${f}`));
    // Without the probe, a run loads no stream module at all (Node's own moduleLoadList, read by a preload that loads nothing).
    const bare = join(scratch, 'bare.cjs');
    writeFileSync(bare, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify({ stream: process.moduleLoadList.includes('NativeModule stream') })));\n`);
    expect(run(['size', '--rps', '800', '--service-time', '20ms'], { NODE_OPTIONS: `--require ${bare}`, NODE_COMPILE_CACHE: join(scratch, 'probe-cache') }).code).toBe(0);
    expect((JSON.parse(readFileSync(report, 'utf8')) as { stream: boolean }).stream).toBe(false);
  });
});
