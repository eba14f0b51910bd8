/**
 * What the bash and zsh scripts share: the function that says which flags take a value, and
 * the loop that walks the words before the cursor to find the command (`emit k8s`), counting
 * positional arguments and skipping flags with their values. Both shells run the same POSIX-ish
 * code; only how they name the words differs.
 */
import { commandPaths, type CompletionSpec, type ValueKind } from './spec.js';

/** The completer function's name: `_capplan`. */
export function functionName(program: string): string {
  return `_${program.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** `case` arms: `<f>_takes_value` for each value-taking flag, and what completes its value. */
export function flagValueCases(spec: CompletionSpec, complete: (v: ValueKind) => string): { takesValue: string[]; values: string[] } {
  const takesValue: string[] = [];
  const values: string[] = [];
  for (const { path, command } of [{ path: '', command: { flags: spec.flags } }, ...commandPaths(spec)]) {
    for (const flag of command.flags) {
      if (!flag.value) continue;
      const pattern = flag.names.map((n) => `"${path}|${n}"`).join('|');
      takesValue.push(`    ${pattern}) return 0 ;;`);
      values.push(`    ${pattern}) ${complete(flag.value)}; return ;;`);
    }
  }
  return { takesValue, values };
}

/** The `<f>_takes_value PATH FLAG` function. */
export function takesValueFunction(f: string, arms: readonly string[]): string {
  return `${f}_takes_value() {\n  case "$1|$2" in\n${arms.join('\n')}\n  esac\n  return 1\n}`;
}

/**
 * The walk, as shell lines: sets `cmdpath`, `nargs` and `skip` (1 when the word under the cursor
 * is a flag's value) from the words `word(i)` for i from `first` while `i < last`.
 */
export function walkWords(spec: CompletionSpec, f: string, words: { first: number; last: string; word: string }): string {
  const descend = commandPaths(spec)
    .filter((p) => p.command.commands.length)
    .map((p) => `        "${p.path}") cmdpath="${p.path} $w" ;;`);
  return `  for ((i = ${words.first}; i < ${words.last}; i++)); do
    w="${words.word}"
    if [ "$skip" -eq 1 ]; then skip=0; continue; fi
    case "$w" in
      --*=*) ;;
      -*) ${f}_takes_value "$cmdpath" "$w" && skip=1 ;;
      *)
        case "$cmdpath" in
        "") cmdpath="$w" ;;
${descend.join('\n')}
        *) nargs=$((nargs + 1)) ;;
        esac ;;
    esac
  done`;
}

/** The `case "$nargs"` arms of a command's positional arguments (the last one repeats). */
export function argumentArms(args: readonly ValueKind[], complete: (v: ValueKind) => string): string {
  return args.map((a, i) => `${i === args.length - 1 ? '*' : String(i)}) ${complete(a)} ;;`).join(' ');
}
