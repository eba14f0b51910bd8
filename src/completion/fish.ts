/**
 * The fish completion script: `capplan completion fish | source`. One `complete` line per
 * command, flag and argument, each under a condition on the command typed so far.
 */
import { commandPaths, shellQuote, type CompletionSpec, type FlagSpec, type ValueKind } from './spec.js';

function flagOptions(f: FlagSpec): string {
  return f.names.map((n) => (n.startsWith('--') ? `-l ${n.slice(2)}` : `-s ${n.slice(1)}`)).join(' ');
}

function valueOptions(v: ValueKind | undefined): string {
  if (!v) return '';
  switch (v.kind) {
    case 'words':
      return ` -x -a ${shellQuote(v.words.join(' '))}`;
    case 'files':
      return v.extensions.length ? ` -r -k -a ${shellQuote(`(${v.extensions.map((e) => `__fish_complete_suffix .${e}`).join('; ')})`)}` : ' -r -F';
    case 'directories':
      return ` -x -a ${shellQuote('(__fish_complete_directories)')}`;
    default:
      return ' -x';
  }
}

function argOptions(v: ValueKind): string | null {
  switch (v.kind) {
    case 'words':
      return `-a ${shellQuote(v.words.join(' '))}`;
    case 'files':
      return v.extensions.length ? `-k -a ${shellQuote(`(${v.extensions.map((e) => `__fish_complete_suffix .${e}`).join('; ')})`)}` : '-F';
    case 'directories':
      return `-a ${shellQuote('(__fish_complete_directories)')}`;
    default:
      return null;
  }
}

const oneLine = (s: string) => shellQuote(s.replace(/\s+/g, ' '));

/** The script. */
export function fishScript(spec: CompletionSpec): string {
  const c = `complete -c ${spec.program}`;
  const top = spec.commands.map((x) => x.name).join(' ');
  const lines = [
    `# ${spec.program} completion for fish. Load it in this shell:`,
    `#   ${spec.program} completion fish | source`,
    `# or for every shell: ${spec.program} completion fish > ~/.config/fish/completions/${spec.program}.fish`,
    `${c} -f`,
    ...spec.flags.map((f) => `${c} ${flagOptions(f)}${valueOptions(f.value)} -d ${oneLine(f.description)}`),
    `${c} -n ${shellQuote(`not __fish_seen_subcommand_from ${top}`)} -s V -l version -d 'print the version'`,
    ...spec.commands.map((x) => `${c} -n ${shellQuote(`not __fish_seen_subcommand_from ${top}`)} -a ${x.name} -d ${oneLine(x.description)}`),
  ];
  for (const { path, command } of commandPaths(spec)) {
    const parts = path.split(' ');
    const seen = parts.map((p) => `__fish_seen_subcommand_from ${p}`).join('; and ');
    if (command.commands.length) {
      const subs = command.commands.map((x) => x.name).join(' ');
      for (const sub of command.commands) lines.push(`${c} -n ${shellQuote(`${seen}; and not __fish_seen_subcommand_from ${subs}`)} -a ${sub.name} -d ${oneLine(sub.description)}`);
    }
    for (const f of command.flags) lines.push(`${c} -n ${shellQuote(seen)} ${flagOptions(f)}${valueOptions(f.value)} -d ${oneLine(f.description)}`);
    if (command.commands.length === 0) {
      const kinds = [...new Map(command.args.map((a) => [JSON.stringify(a), a])).values()];
      for (const a of kinds) {
        const opts = argOptions(a);
        if (opts) lines.push(`${c} -n ${shellQuote(seen)} ${opts}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
