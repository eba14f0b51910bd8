/** Shell completion scripts for capplan, generated from a plain description of its commands. */
import { bashScript } from './bash.js';
import { fishScript } from './fish.js';
import type { CompletionSpec } from './spec.js';
import { zshScript } from './zsh.js';

export type { CommandSpec, CompletionSpec, FlagSpec, ValueKind } from './spec.js';

/** The shells capplan writes completion scripts for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;

/** A shell capplan completes in. */
export type Shell = (typeof SHELLS)[number];

/** The completion script for a shell. */
export function completionScript(shell: Shell, spec: CompletionSpec): string {
  return shell === 'bash' ? bashScript(spec) : shell === 'zsh' ? zshScript(spec) : fishScript(spec);
}
