/**
 * The bash completion script: `source <(capplan completion bash)`. One function walks the words
 * typed so far to find the command (skipping flags and their values), then completes a flag's
 * value, a flag, a sub-command or the positional argument. Needs bash 4 (compopt) and nothing
 * from the bash-completion package.
 */
import { commandPaths, shellQuote, type CompletionSpec, type ValueKind } from './spec.js';
import { argumentArms, flagValueCases, functionName, takesValueFunction, walkWords } from './walk.js';

/** The bash statements that fill COMPREPLY for a value kind. */
function complete(v: ValueKind, f: string): string {
  switch (v.kind) {
    case 'words':
      return `COMPREPLY=($(compgen -W ${shellQuote(v.words.join(' '))} -- "$cur"))`;
    case 'files':
      return `${f}_files ${v.extensions.join(' ')}`;
    case 'directories':
      return `compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur"))`;
    default:
      return 'COMPREPLY=()';
  }
}

/** The script. */
export function bashScript(spec: CompletionSpec): string {
  const f = functionName(spec.program);
  const paths = commandPaths(spec);
  const flagWords = (flags: CompletionSpec['flags']) => flags.flatMap((x) => x.names).join(' ');
  const { takesValue, values } = flagValueCases(spec, (v) => complete(v, f));
  const flagCases = paths.map((p) => `    "${p.path}") words=${shellQuote(`${flagWords(p.command.flags)} ${flagWords(spec.flags)} --help`)} ;;`);
  const argCases = [
    `    "") COMPREPLY=($(compgen -W ${shellQuote(spec.commands.map((c) => c.name).join(' '))} -- "$cur")) ;;`,
    ...paths.map(({ path, command }) => {
      if (command.commands.length) return `    "${path}") COMPREPLY=($(compgen -W ${shellQuote(command.commands.map((c) => c.name).join(' '))} -- "$cur")) ;;`;
      return `    "${path}") case "$nargs" in ${argumentArms(command.args, (a) => complete(a, f))} esac ;;`;
    }),
  ];
  return `# ${spec.program} completion for bash. Load it in this shell:
#   source <(${spec.program} completion bash)
# or for every shell: ${spec.program} completion bash > ~/.local/share/bash-completion/completions/${spec.program}
${takesValueFunction(f, takesValue)}

${f}_files() {
  local ext IFS=$'\\n'
  compopt -o filenames 2>/dev/null
  COMPREPLY=()
  if [ "$#" -eq 0 ]; then
    COMPREPLY=($(compgen -f -- "$cur"))
    return
  fi
  for ext in "$@"; do
    COMPREPLY+=($(compgen -f -X "!*.$ext" -- "$cur"))
  done
  COMPREPLY+=($(compgen -d -- "$cur"))
}

${f}_reply() {
  local prev="" cmdpath="" nargs=0 skip=0 w i words cword
  local -a cw
  if [ -n "\${COMP_LINE+set}" ]; then
    line="\${COMP_LINE:0:COMP_POINT}"
    read -ra cw <<< "$line"
    [[ -z "$line" || "$line" == *[[:space:]] ]] && cw+=("")
  else
    cw=("\${COMP_WORDS[@]:0:COMP_CWORD+1}")
  fi
  cword=$((\${#cw[@]} - 1))
  cur="\${cw[cword]}"
  full="$cur"
  [ "$cword" -gt 0 ] && prev="\${cw[cword-1]}"
${walkWords(spec, f, { first: 1, last: '$cword', word: '\${cw[i]}' })}
  if [[ "$cur" == --*=* ]] && ${f}_takes_value "$cmdpath" "\${cur%%=*}"; then
    prev="\${cur%%=*}"
    eq="$prev="
    cur="\${cur#*=}"
    skip=1
  fi
  if [ "$skip" -eq 1 ]; then
    case "$cmdpath|$prev" in
${values.join('\n')}
    esac
  fi
  if [[ "$cur" == -* ]]; then
    words=""
    case "$cmdpath" in
    "") words=${shellQuote(`${flagWords(spec.flags)} --help --version`)} ;;
${flagCases.join('\n')}
    esac
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
    return
  fi
  case "$cmdpath" in
${argCases.join('\n')}
  esac
}

# Reads the words up to the cursor from COMP_LINE when bash gives it: bash splits "--format=js"
# and "headroom=e" at the = and : of COMP_WORDBREAKS, then replaces only the text after the last
# of them, so that part of the word is taken off each candidate.
${f}() {
  local cur="" full="" eq="" line="" wb="" strip=""
  COMPREPLY=()
  ${f}_reply
  [ -n "$eq" ] && COMPREPLY=("\${COMPREPLY[@]/#/$eq}")
  if [ -n "\${COMP_LINE+set}" ]; then
    [[ "$COMP_WORDBREAKS" == *=* ]] && wb+="="
    [[ "$COMP_WORDBREAKS" == *:* ]] && wb+=":"
    if [ -n "$wb" ] && [[ "$full" == *["$wb"]* ]]; then
      strip="\${full%"\${full##*["$wb"]}"}"
      COMPREPLY=("\${COMPREPLY[@]#"$strip"}")
    fi
  fi
  return 0
}
complete -F ${f} ${spec.program}
`;
}
