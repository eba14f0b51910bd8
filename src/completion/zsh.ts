/**
 * The zsh completion script: `source <(capplan completion zsh)` after `compinit`. The same walk
 * as bash's (find the command, skipping flags and their values), then zsh's own completers:
 * `_describe` for commands and flags with their descriptions, `_files -g` for profiles.
 */
import { commandPaths, shellQuote, type CompletionSpec, type FlagSpec, type ValueKind } from './spec.js';
import { argumentArms, flagValueCases, functionName, takesValueFunction, walkWords } from './walk.js';

/** "name:description" for _describe, colons in names and descriptions escaped. */
function describeItem(name: string, description: string): string {
  return shellQuote(`${name.replace(/:/g, '\\:')}:${description.replace(/:/g, '\\:').replace(/\s+/g, ' ')}`);
}

function complete(v: ValueKind): string {
  switch (v.kind) {
    case 'words':
      return `compadd -- ${v.words.map(shellQuote).join(' ')}`;
    case 'files':
      return v.extensions.length ? `_files -g ${shellQuote(`*.(${v.extensions.join('|')})`)}` : '_files';
    case 'directories':
      return '_directories';
    default:
      return 'return 1';
  }
}

const flagItems = (flags: readonly FlagSpec[]) => flags.flatMap((f) => f.names.map((n) => describeItem(n, f.description)));

/** The script. */
export function zshScript(spec: CompletionSpec): string {
  const f = functionName(spec.program);
  const paths = commandPaths(spec);
  const { takesValue, values } = flagValueCases(spec, complete);
  const global = flagItems(spec.flags);
  const flagCases = [
    `    "") flags=(${[...global, describeItem('--help', 'show help'), describeItem('--version', 'print the version')].join(' ')}) ;;`,
    ...paths.map((p) => `    "${p.path}") flags=(${[...flagItems(p.command.flags), ...global, describeItem('--help', 'show help')].join(' ')}) ;;`),
  ];
  const commandList = (cs: CompletionSpec['commands']) => cs.map((c) => describeItem(c.name, c.description)).join(' ');
  const argCases = [
    `    "") items=(${commandList(spec.commands)}); _describe -t commands command items ;;`,
    ...paths.map(({ path, command }) => {
      if (command.commands.length) return `    "${path}") items=(${commandList(command.commands)}); _describe -t commands command items ;;`;
      return `    "${path}") case "$nargs" in ${argumentArms(command.args, complete)} esac ;;`;
    }),
  ];
  return `#compdef ${spec.program}
# ${spec.program} completion for zsh. Load it in this shell (after compinit):
#   source <(${spec.program} completion zsh)
# or for every shell: ${spec.program} completion zsh > "\${fpath[1]}/_${spec.program}"
${takesValueFunction(f, takesValue)}

${f}() {
  local cur="\${words[CURRENT]}" prev="\${words[CURRENT-1]}" cmdpath="" nargs=0 skip=0 w i
  local -a flags items
${walkWords(spec, f, { first: 2, last: '$CURRENT', word: '\${words[i]}' })}
  # --flag=value: complete the value, the flag and = kept as the prefix.
  if [[ "$cur" == --*=* ]] && ${f}_takes_value "$cmdpath" "\${cur%%=*}"; then
    prev="\${cur%%=*}"
    compset -P 1 '*=' 2>/dev/null
    skip=1
  fi
  if [ "$skip" -eq 1 ]; then
    case "$cmdpath|$prev" in
${values.join('\n')}
    esac
  fi
  if [[ "$cur" == -* ]]; then
    case "$cmdpath" in
${flagCases.join('\n')}
    esac
    _describe -t flags flag flags
    return
  fi
  case "$cmdpath" in
${argCases.join('\n')}
  esac
}

if (( $+functions[compdef] )); then
  compdef ${f} ${spec.program}
else
  print -u2 "${spec.program}: run 'autoload -U compinit && compinit' before loading the completion"
fi
`;
}
