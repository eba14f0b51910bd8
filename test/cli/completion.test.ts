/**
 * Shell completion: the scripts generated from the real command table load in bash, zsh and fish
 * and complete commands, sub-commands, flags, flag values, profile files and template names.
 * Each shell runs the script it would source; zsh's completers (_describe, compadd, _files) are
 * replaced by functions that print what they were given.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { completionSpec } from '../../src/cli/commands/completion.js';
import { listTemplates } from '../../src/cli/commands/init.js';
import { buildProgram } from '../../src/cli/main.js';
import { completionScript, type Shell } from '../../src/completion/index.js';
import { commandPaths } from '../../src/completion/spec.js';
import { GATE_LEVELS, RULES, VIOLATION_KINDS } from '../../src/gate/levels.js';
import { BALANCING } from '../../src/simulate/model.js';

const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'capplan-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const templates = (await listTemplates()).map((t) => t.name);
const spec = completionSpec(buildProgram(() => undefined), templates);

function scriptFile(shell: Shell): string {
  const file = join(dir, `capplan.${shell}`);
  writeFileSync(file, completionScript(shell, spec));
  return file;
}

const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;
/** The shells are installed by .ci/run; on a machine without one its cases are skipped, never in CI. */
const needs = (shell: string) => (has(shell) || process.env.CI ? it : it.skip);

function run(shell: string, args: string[]) {
  const r = spawnSync(shell, args, { cwd: root, encoding: 'utf8', env: { ...process.env, HOME: dir } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the completion spec', () => {
  it('has every command and sub-command, with their flags and argument kinds', () => {
    const names = spec.commands.map((c) => c.name);
    for (const n of ['plan', 'size', 'validate', 'init', 'check', 'diff', 'fit', 'catalog', 'emit', 'completion']) expect(names).toContain(n);
    const emit = spec.commands.find((c) => c.name === 'emit')!;
    expect(emit.commands.map((c) => c.name)).toEqual(['k8s', 'compose']);
    const plan = spec.commands.find((c) => c.name === 'plan')!;
    expect(plan.args).toEqual([{ kind: 'files', extensions: ['yaml', 'yml'] }]);
    expect(plan.flags.find((f) => f.names.includes('--format'))!.value).toEqual({ kind: 'words', words: ['table', 'json', 'markdown'] });
    for (const n of ['size', 'catalog']) expect(spec.commands.find((c) => c.name === n)!.flags.find((f) => f.names.includes('--format'))!.value).toEqual({ kind: 'words', words: ['table', 'json', 'markdown'] });
    expect(spec.commands.find((c) => c.name === 'init')!.args).toEqual([{ kind: 'words', words: templates }]);
    expect(templates).toEqual(expect.arrayContaining(['small', 'medium', 'large', 'litper']));
    expect(spec.flags.flatMap((f) => f.names)).toEqual(expect.arrayContaining(['--no-color', '--quiet', '--verbose', '--wide']));
  });
  const value = (path: string, flag: string) => {
    const command = commandPaths(spec).find((p) => p.path === path)!.command;
    return command.flags.find((f) => f.names.includes(flag))!.value;
  };
  it('completes each flag value by what the flag takes, not by its name alone', () => {
    // sweep --from takes a load (0.1x, 50/s); observe --from a recording.
    expect(value('sweep', '--from')).toEqual({ kind: 'none' });
    expect(value('observe', '--from')).toEqual({ kind: 'files', extensions: ['json'] });
    expect(value('report', '-o')).toEqual({ kind: 'files', extensions: ['html', 'md', 'markdown'] });
    expect(value('init', '-o')).toEqual({ kind: 'files', extensions: ['yaml', 'yml'] });
    expect(value('emit k8s', '-o')).toEqual({ kind: 'directories' });
    expect(value('check', '--baseline')).toEqual({ kind: 'files', extensions: ['json'] });
    expect(value('plan', '--calibration')).toEqual({ kind: 'files', extensions: ['yaml', 'yml'] });
    expect(value('simulate', '--balancing')).toEqual({ kind: 'words', words: [...BALANCING] });
    expect(value('simulate', '--arrivals')).toEqual({ kind: 'words', words: ['poisson', 'renewal:', 'mmpp:', 'trace:'] });
    const gate = value('check', '--gate') as { kind: 'words'; words: string[] };
    for (const rule of [...RULES, ...VIOLATION_KINDS.map((k) => `violations.${k}`)]) for (const level of GATE_LEVELS) expect(gate.words).toContain(`${rule}=${level}`);
  });
  it('completes the help command with the command names', () => {
    const help = spec.commands.find((c) => c.name === 'help')!;
    expect(help.args).toEqual([{ kind: 'words', words: spec.commands.filter((c) => c.name !== 'help').map((c) => c.name) }]);
  });
});

describe('bash', () => {
  const file = scriptFile('bash');
  const complete = (...words: string[]) => {
    const r = run('bash', ['-c', `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _capplan; printf '%s\\n' "\${COMPREPLY[@]}"`]);
    expect(r.stderr).toBe('');
    return r.stdout.split('\n').filter(Boolean);
  };
  it('parses with bash -n', () => expect(run('bash', ['-n', file]).code).toBe(0));
  it('loads', () => expect(run('bash', ['-c', `source ${file}; complete -p capplan`]).stdout).toContain('complete -F _capplan capplan'));
  it('completes commands, sub-commands and flags', () => {
    expect(complete('capplan', 'pl')).toEqual(['plan']);
    expect(complete('capplan', 'emit', '')).toEqual(['k8s', 'compose']);
    expect(complete('capplan', 'emit', 'k8s', '--pha')).toEqual(['--phase']);
    expect(complete('capplan', '--no-color', 'plan', '--ex')).toEqual(['--explain']);
    expect(complete('capplan', 'plan', '--w')).toEqual(['--wide']);
  });
  it('completes flag values, skipping them when finding the command', () => {
    expect(complete('capplan', 'plan', '--format', '')).toEqual(['table', 'json', 'markdown']);
    expect(complete('capplan', 'check', 'x.yaml', '--format', 'g')).toEqual(['github']);
    expect(complete('capplan', 'plan', '--format', 'json', 'profiles/lit')).toEqual(['profiles/litper.yaml']);
  });
  it('completes values by what the flag takes', () => {
    // A load, not a file: nothing (an empty reply, not the directory's files).
    expect(complete('capplan', 'sweep', 'x.yaml', '--from', '')).toEqual([]);
    expect(complete('capplan', 'observe', '--from', 'examples/observe/r')).toEqual(expect.arrayContaining(['examples/observe/recording.json']));
    expect(complete('capplan', 'report', 'x.yaml', '-o', 'examples/observe/r')).toEqual([]);
    expect(complete('capplan', 'check', 'x.yaml', '--gate', 'hea')).toEqual(['headroom=error', 'headroom=warn', 'headroom=off']);
    expect(complete('capplan', 'check', 'x.yaml', '--gate', 'violations.ti')).toEqual(['violations.timeout=error', 'violations.timeout=warn', 'violations.timeout=off']);
    expect(complete('capplan', 'simulate', 'x.yaml', '--balancing', '')).toEqual(['random', 'round-robin', 'least-request', 'p2c']);
    expect(complete('capplan', 'simulate', 'x.yaml', '--arrivals', 'p')).toEqual(['poisson']);
    expect(complete('capplan', 'help', 'si')).toEqual(['size', 'simulate']);
  });
  // As bash calls it: COMP_LINE as typed (COMP_WORDS would be split at the = and : of bash's default COMP_WORDBREAKS).
  const completeLine = (line: string) => {
    const r = run('bash', ['-c', `source ${file}; COMP_LINE=${JSON.stringify(line)}; COMP_POINT=\${#COMP_LINE}; [[ $COMP_WORDBREAKS == *=*:* ]] || exit 9; _capplan; printf '%s\\n' "\${COMPREPLY[@]}"`]);
    expect(r.stderr).toBe('');
    return r.stdout.split('\n').filter(Boolean);
  };
  it('completes --flag=value and rule=level, replacing only what bash replaces', () => {
    expect(completeLine('capplan plan x.yaml --format=')).toEqual(['table', 'json', 'markdown']);
    expect(completeLine('capplan plan x.yaml --format=j')).toEqual(['json']);
    expect(completeLine('capplan check x.yaml --gate headroom=')).toEqual(['error', 'warn', 'off']);
    expect(completeLine('capplan check x.yaml --gate=latency=w')).toEqual(['warn']);
    expect(completeLine('capplan check x.yaml --gate hea')).toEqual(['headroom=error', 'headroom=warn', 'headroom=off']);
    expect(completeLine('capplan plan profiles/lit')).toEqual(['profiles/litper.yaml']);
    expect(completeLine('capplan ')).toContain('help');
  });
  it('completes profile files, saved plans and template names', () => {
    expect(complete('capplan', 'validate', 'profiles/t')).toEqual(expect.arrayContaining(['profiles/thea-ia.yaml', 'profiles/templates']));
    expect(complete('capplan', 'diff', 'examples/capplan.l')).toEqual(['examples/capplan.lock.json']);
    // Either side of a diff may be a profile.
    expect(complete('capplan', 'diff', 'examples/capplan.lock.json', 'examples/capplan.y')).toEqual(['examples/capplan.yaml']);
    expect(complete('capplan', 'init', 'me')).toEqual(['medium']);
    expect(complete('capplan', 'completion', '')).toEqual(['bash', 'zsh', 'fish']);
  });
});

describe('zsh', () => {
  const file = scriptFile('zsh');
  const stubs = 'compadd() { print -r -- "compadd $*"; }; _describe() { local n=${@[-1]}; print -rl -- "${(@P)n}"; }; _files() { print -r -- "_files $*"; }; _directories() { print -r -- _directories; }';
  const complete = (...words: string[]) => {
    const r = run('zsh', ['-f', '-c', `source ${file} 2>/dev/null; ${stubs}; words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}; _capplan`]);
    return r.stdout.split('\n').filter(Boolean);
  };
  needs('zsh')('loads after compinit and registers the completer', () => {
    expect(run('zsh', ['-n', file]).code).toBe(0);
    const r = run('zsh', ['-f', '-c', `autoload -U compinit; compinit -u -D; source ${file}; print -- \${_comps[capplan]}`]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('_capplan');
  });
  needs('zsh')('completes commands with descriptions, flags, values, files and templates', () => {
    expect(complete('capplan', '')).toContain('plan:plan every phase of a profile\\: replicas, binding constraint, utilisation, latency, headroom, bottleneck, violations');
    expect(complete('capplan', 'emit', '')).toEqual([expect.stringMatching(/^k8s:/), expect.stringMatching(/^compose:/)]);
    expect(complete('capplan', 'plan', '--format', '')).toEqual(["compadd -- table json markdown"]);
    expect(complete('capplan', 'plan', '')).toEqual(['_files -g *.(yaml|yml)']);
    expect(complete('capplan', 'emit', 'k8s', 'x.yaml', '-o', '')).toEqual(['_directories']);
    expect(complete('capplan', 'init', '')).toEqual([`compadd -- ${templates.join(' ')}`]);
    expect(complete('capplan', 'plan', '--')).toContain('--explain:show each constraint\'s formula with the numbers plugged in');
    expect(complete('capplan', 'sweep', 'x.yaml', '--from', '')).toEqual([]);
    expect(complete('capplan', 'report', 'x.yaml', '-o', '')).toEqual(['_files -g *.(html|md|markdown)']);
    expect(complete('capplan', 'plan', 'x.yaml', '--format=')).toEqual(['compadd -- table json markdown']);
    expect(complete('capplan', 'simulate', 'x.yaml', '--balancing', '')).toEqual(['compadd -- random round-robin least-request p2c']);
  });
});

describe('fish', () => {
  const file = scriptFile('fish');
  const complete = (line: string) => run('fish', ['-c', `source ${file}; complete -C '${line}'`]).stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]);
  needs('fish')('loads and completes commands, sub-commands, flags, values, files and templates', () => {
    expect(run('fish', ['-n', file]).code).toBe(0);
    expect(complete('capplan pl')).toEqual(['plan']);
    expect(complete('capplan emit ')).toEqual(expect.arrayContaining(['k8s', 'compose']));
    expect(complete('capplan plan --format ')).toEqual(['json', 'markdown', 'table']);
    expect(complete('capplan plan profiles/lit')).toEqual(['profiles/litper.yaml']);
    expect(complete('capplan init me')).toEqual(['medium']);
    expect(complete('capplan emit k8s --pha')).toEqual(['--phase']);
    expect(complete('capplan check x.yaml --gate runway=')).toEqual(['runway=error', 'runway=off', 'runway=warn']);
    expect(complete('capplan simulate x.yaml --balancing ')).toEqual(['least-request', 'p2c', 'random', 'round-robin']);
    expect(complete('capplan sweep x.yaml --from ')).toEqual([]);
    expect(complete('capplan help pl')).toEqual(['plan']);
  });
});

describe('capplan completion (built)', () => {
  it('prints a script that bash sources with exit 0', () => {
    const r = spawnSync('bash', ['-c', `source <("${process.execPath}" "${root}bin/capplan.js" completion bash) && complete -p capplan`], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('_capplan');
  });
});
