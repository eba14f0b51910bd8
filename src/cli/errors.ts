/**
 * The closed set of errors that reach `main`, each with its exit code (DESIGN.md §4):
 * 1 a gate failed or the plan has violations under --strict; 2 bad input; 3 internal error.
 */
import type { Diagnostic } from '../profile/diagnostic.js';

/** Exit codes. */
export const EXIT = { ok: 0, gate: 1, input: 2, internal: 3 } as const;

/** Bad usage or unreadable input without positions (exit 2). */
export class UsageError extends Error {
  /** `file`: the input the error is about, when it is not the command's main one (a baseline), for error documents. */
  constructor(message: string, readonly hint?: string, readonly file?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Problems in an input file, each positioned (exit 2). */
export class InputError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(`${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'} in input`);
    this.name = 'InputError';
  }
}
