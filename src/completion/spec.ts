/**
 * What shell completion knows about capplan, as plain data: commands (with sub-commands), their
 * flags (with the values a flag takes) and what each positional argument is. The command layer
 * builds it from the command table; the bash, zsh and fish generators only print it.
 */

/** What a word completes to: nothing, fixed words, files (by extension), directories, or template names. */
export type ValueKind =
  | { kind: 'none' }
  | { kind: 'words'; words: readonly string[] }
  | { kind: 'files'; extensions: readonly string[] }
  | { kind: 'directories' };

/** One flag of a command. */
export interface FlagSpec {
  /** Every spelling: "--format", "-o", "--output". */
  names: readonly string[];
  description: string;
  /** What its value completes to; absent: the flag takes no value. */
  value?: ValueKind;
}

/** One command (or sub-command). */
export interface CommandSpec {
  name: string;
  description: string;
  flags: readonly FlagSpec[];
  /** Positional arguments in order; the last repeats when variadic. */
  args: readonly ValueKind[];
  commands: readonly CommandSpec[];
}

/** The program: its global flags and commands. */
export interface CompletionSpec {
  program: string;
  flags: readonly FlagSpec[];
  commands: readonly CommandSpec[];
}

/** Every command path ("plan", "emit", "emit k8s") with its spec, parents first. */
export function commandPaths(spec: CompletionSpec): { path: string; command: CommandSpec }[] {
  const out: { path: string; command: CommandSpec }[] = [];
  const walk = (prefix: string, cs: readonly CommandSpec[]) => {
    for (const c of cs) {
      const path = prefix ? `${prefix} ${c.name}` : c.name;
      out.push({ path, command: c });
      walk(path, c.commands);
    }
  };
  walk('', spec.commands);
  return out;
}

/** Quotes a word for a single-quoted shell string. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
