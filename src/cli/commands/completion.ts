/**
 * `capplan completion bash|zsh|fish`: a completion script for the shell, built from the command
 * table itself (so every command and flag is in it), with profile files, saved plans and the
 * template names as the arguments' values.
 */
import { Argument, type Command, type Option } from 'commander';
import type { CommandSpec, CompletionSpec, FlagSpec, Shell, ValueKind } from '../../completion/index.js';
import { GATE_LEVELS, RULES, VIOLATION_KINDS } from '../../gate/levels.js';
import { BALANCING } from '../../simulate/model.js';
import { contextOf, type CliContext } from '../context.js';
import { EXIT } from '../errors.js';
import { examples } from '../help.js';
import type { SetExit } from './set-exit.js';

const YAML: ValueKind = { kind: 'files', extensions: ['yaml', 'yml'] };
const JSON_FILES: ValueKind = { kind: 'files', extensions: ['json'] };
/** A side of `capplan diff`: a saved plan or baseline, or a profile. */
const PLAN_OR_PROFILE: ValueKind = { kind: 'files', extensions: ['json', 'yaml', 'yml'] };

/** What each positional argument, by its name, completes to. */
function argumentKind(name: string, choices: readonly string[] | undefined, templates: readonly string[]): ValueKind {
  if (choices?.length) return { kind: 'words', words: choices };
  if (name === 'profile') return YAML;
  if (name === 'template') return { kind: 'words', words: templates };
  if (name === 'old' || name === 'new') return PLAN_OR_PROFILE;
  if (name === 'results') return { kind: 'files', extensions: [] };
  return { kind: 'none' };
}

/** Every `--gate` value: each rule and violation kind with each level (`headroom=warn`, `violations.timeout=off`). */
const GATE_VALUES: readonly string[] = [...RULES, ...VIOLATION_KINDS.map((k) => `violations.${k}`)].flatMap((r) => GATE_LEVELS.map((l) => `${r}=${l}`));

/**
 * What the value of a flag without choices completes to, by command path and long name (`*`: in
 * every command). A flag not here takes a number, a load, a duration or a name: nothing to offer.
 */
const FLAG_VALUES: Readonly<Record<string, ValueKind>> = {
  '* --calibration': YAML,
  'check --baseline': JSON_FILES,
  'check --gate': { kind: 'words', words: GATE_VALUES },
  'emit compose --output': { kind: 'directories' },
  'emit k8s --output': { kind: 'directories' },
  'init --output': YAML,
  'observe --from': JSON_FILES,
  'observe --save': JSON_FILES,
  'observe --write': YAML,
  // The report is a page or Markdown; -o names its format (report.ts).
  'report --output': { kind: 'files', extensions: ['html', 'md', 'markdown'] },
  // The forms that take no number; renewal:CV, mmpp:… and trace:FILE are typed on.
  'simulate --arrivals': { kind: 'words', words: ['poisson', 'renewal:', 'mmpp:', 'trace:'] },
  'simulate --balancing': { kind: 'words', words: BALANCING },
};

/** What a flag's value completes to: its choices, what FLAG_VALUES says, or nothing. */
function flagKind(path: string, o: Option): ValueKind | undefined {
  if (!o.required && !o.optional) return undefined;
  if (o.argChoices?.length) return { kind: 'words', words: o.argChoices };
  return (o.long && (FLAG_VALUES[`${path} ${o.long}`] ?? FLAG_VALUES[`* ${o.long}`])) || { kind: 'none' };
}

function flagsOf(path: string, cmd: Command): FlagSpec[] {
  return cmd.options
    .filter((o) => !o.hidden && o.long !== '--version')
    .map((o) => {
      const kind = flagKind(path, o);
      return { names: [o.short, o.long].filter((n): n is string => n !== undefined), description: o.description, ...(kind ? { value: kind } : {}) };
    });
}

function commandSpec(prefix: string, cmd: Command, templates: readonly string[]): CommandSpec {
  const path = prefix ? `${prefix} ${cmd.name()}` : cmd.name();
  return {
    name: cmd.name(),
    description: cmd.description(),
    flags: flagsOf(path, cmd),
    args: cmd.registeredArguments.map((a) => argumentKind(a.name(), a.argChoices, templates)),
    commands: cmd.commands.map((c) => commandSpec(path, c, templates)),
  };
}

/** The completion spec of a program's command table (the scripts offer --version before a command). */
export function completionSpec(program: Command, templates: readonly string[]): CompletionSpec {
  const commands = program.commands.map((c) => commandSpec('', c, templates));
  // commander's own `help [command]`, which is not in program.commands.
  const help: CommandSpec = { name: 'help', description: 'show help for a command', flags: [], args: [{ kind: 'words', words: commands.map((c) => c.name) }], commands: [] };
  return { program: program.name(), flags: flagsOf('', program), commands: [...commands, help] };
}

/** Prints the completion script for a shell; returns the exit code. */
export async function runCompletion(shell: Shell, program: Command, ctx: CliContext): Promise<number> {
  const [{ completionScript }, { listTemplates }] = await Promise.all([import('../../completion/index.js'), import('./init.js')]);
  const templates = (await listTemplates()).map((t) => t.name);
  await ctx.out(completionScript(shell, completionSpec(program, templates)));
  return EXIT.ok;
}

/** Registers `completion`. */
export function registerCompletion(program: Command, setExit: SetExit): void {
  const cmd = program
    .command('completion')
    .description('print a shell completion script (commands, flags, profile files, template names)')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(['bash', 'zsh', 'fish']))
    .action(async (shell: Shell, _o: unknown, c: Command) => {
      setExit(await runCompletion(shell, program, contextOf(c)));
    });
  examples(cmd, [
    ['source <(capplan completion bash)', 'complete capplan in this bash'],
    ['capplan completion bash > ~/.local/share/bash-completion/completions/capplan', 'in every bash'],
    ['capplan completion zsh > "${fpath[1]}/_capplan"', 'in every zsh (after compinit)'],
    ['capplan completion fish > ~/.config/fish/completions/capplan.fish', 'in every fish'],
  ]);
}
