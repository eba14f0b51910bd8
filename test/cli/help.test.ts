/**
 * Help conventions: every command's --help ends with examples that fit 80 columns, a usage
 * error points to the help of the command it happened in, and `emit -o` says it is required.
 */
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandPath } from '../../src/cli/help.js';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildProgram } from '../../src/cli/main.js';
import { RULES } from '../../src/gate/levels.js';
import { visibleWidth } from '../../src/render/wrap.js';

/** Runs the program in-process, capturing what commander writes. */
async function parse(args: string[], width = 80): Promise<{ out: string; err: string }> {
  const program = buildProgram(() => undefined);
  let out = '';
  let err = '';
  const capture = (c: Command) => {
    c.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s), getOutHelpWidth: () => width, getErrHelpWidth: () => width });
    c.commands.forEach(capture);
  };
  capture(program);
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
  }
  return { out, err };
}

function allCommands(): string[] {
  const paths: string[] = [];
  const walk = (c: Command) => {
    for (const sub of c.commands) {
      paths.push(commandPath(sub));
      walk(sub);
    }
  };
  walk(buildProgram(() => undefined));
  return paths;
}

describe('--help', () => {
  const paths = allCommands();
  it('covers every command and sub-command', () => {
    expect(paths).toEqual(expect.arrayContaining(['plan', 'size', 'validate', 'init', 'check', 'diff', 'fit', 'catalog', 'emit', 'emit k8s', 'emit compose', 'completion']));
  });
  for (const path of paths) {
    it(`${path} --help has an Examples section that fits 80 columns`, async () => {
      const { out } = await parse([...path.split(' '), '--help']);
      const examples = out.split('\nExamples:\n')[1];
      expect(examples, out).toBeDefined();
      expect(examples!.trim().split('\n').length).toBeGreaterThanOrEqual(2);
      for (const line of out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    });
    it(`${path} --help fits 40, 60, 80 and 120 columns, examples included, and cuts no word`, async () => {
      const words = (t: string) => t.split(/[\s\\#]+/).filter(Boolean);
      const wide = (await parse([...path.split(' '), '--help'], Infinity)).out;
      for (const width of [40, 60, 80, 120]) {
        const { out } = await parse([...path.split(' '), '--help'], width);
        // Wider only as one unbreakable token alone on its line (docs/terminal.md: never cut).
        for (const line of out.split('\n')) if (visibleWidth(line) > width) expect(line.trim(), `${width}: ${line}`).not.toMatch(/\s/);
        // The same words as unwrapped: wrapping breaks at spaces only.
        expect(words(out), `${path} at ${width}`).toEqual(words(wide));
      }
    });
    it(`${path} --help states each default as a user would write it (no JSON, no [object])`, async () => {
      const { out } = await parse([...path.split(' '), '--help']);
      // Defaults may wrap onto the next line: join the help into one line first.
      const flat = out.replace(/\s+/g, ' ');
      expect(flat).not.toMatch(/default: [{[]|\[object /);
    });
  }
});

describe('usage errors', () => {
  it('a missing required option points to that command’s help', async () => {
    const { err } = await parse(['emit', 'k8s', 'profiles/litper.yaml']);
    expect(err).toContain("required option '-o, --output <dir>' not specified");
    expect(err).toContain('(run `capplan emit k8s --help` for usage and examples)');
  });
  it('a bad choice points to that command’s help', async () => {
    const { err } = await parse(['plan', 'x.yaml', '--format', 'xml']);
    expect(err).toContain('(run `capplan plan --help` for usage and examples)');
  });
  it('an unknown command points to the program’s help', async () => {
    const { err } = await parse(['plna']);
    expect(err).toContain('(run `capplan --help` for usage and examples)');
  });
  it('emit marks -o as required in its help', async () => {
    const { out } = await parse(['emit', 'compose', '--help']);
    expect(out).toMatch(/-o, --output <dir>\s+directory to write the files into \(required/);
  });
});

describe('a run that names its command registers only that one', () => {
  /** Everything commander would print of a command: its help and its usage-error hint, with every sub-command's. */
  const describeCommand = (c: Command): unknown => ({
    help: c.helpInformation(),
    options: c.options.map((o) => o.flags),
    commands: c.commands.map(describeCommand),
  });
  const full = buildProgram(() => undefined);
  for (const command of full.commands) {
    const name = command.name();
    it(`${name}: the same command as in the full table`, () => {
      const alone = buildProgram(() => undefined, name);
      const expected = name === 'completion' ? full.commands.map((c) => c.name()) : [name];
      expect(alone.commands.map((c) => c.name())).toEqual(expected);
      const mine = alone.commands.find((c) => c.name() === name)!;
      expect(describeCommand(mine)).toEqual(describeCommand(command));
    });
  }
  it('anything else (an option first, help, a typo) registers every command', () => {
    for (const first of [undefined, '--no-color', 'help', 'plann']) expect(buildProgram(() => undefined, first).commands.length).toBe(full.commands.length);
  });
});

describe('check --help', () => {
  it('lists every rule --gate accepts, from the parser\'s own list', async () => {
    const { out } = await parse(['check', '--help']);
    const gate = out.slice(out.indexOf('--gate <rule=level>'), out.indexOf('--provider')).replace(/\s+/g, ' ');
    expect(gate).toContain(`rules: ${[...RULES, 'violations.KIND'].join(', ')}`);
    for (const rule of ['simulate', 'runway']) expect(gate).toContain(rule);
  });
});

describe('--help in a pipe', () => {
  it('honours COLUMNS, as every other command does, and is 80 columns without it', () => {
    const help = (env: Record<string, string>, ...args: string[]) =>
      spawnSync(process.execPath, [join(import.meta.dirname, '../../bin/capplan.js'), ...args, '--help'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '', ...env } }).stdout.split('\n');
    for (const args of [[], ['plan']]) {
      const at40 = help({ COLUMNS: '40' }, ...args);
      expect(Math.max(...at40.map(visibleWidth)), args.join(' ')).toBeLessThanOrEqual(40);
      const at80 = help({}, ...args);
      expect(Math.max(...at80.map(visibleWidth))).toBeLessThanOrEqual(80);
      expect(Math.max(...at80.map(visibleWidth))).toBeGreaterThan(40);
    }
  });
});
