/** The shape of one fuzz case and of its outcome, shared by the generators, the workers and the tests. */

/** What a case exercises. */
export type Target = 'profiles' | 'loadtests' | 'plans' | 'flags';

/** Every target, in the order `--target all` cycles through them. */
export const TARGETS: readonly Target[] = ['profiles', 'loadtests', 'plans', 'flags'];

/** One input file of a case: text, or bytes (base64) for binary inputs. */
export interface CaseFile {
  name: string;
  text?: string;
  base64?: string;
}

/** The token in argv that stands for the case's own directory. */
export const CASE_DIR = '$CASE';

/** One fuzz case: argv for `main` (file arguments as `$CASE/name`) and the files it reads. */
export interface FuzzCase {
  target: Target;
  /** Case number within the run (with the run seed, enough to regenerate it). */
  index: number;
  seed: number;
  argv: string[];
  files: CaseFile[];
  /** The mutations applied, for the report. */
  mutations: string[];
  /** Also check the planner's invariants on this profile when it plans: load and capacity multipliers. */
  invariants?: { loadFactor: number; capacityFactor: number };
  /** Also run it twice and compare the bytes. */
  determinism?: boolean;
}

/** What running a case gave, before classification. */
export interface RawOutcome {
  /** main's exit code; null when it never returned. */
  exit: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** An exception or rejection that escaped main (an async error nobody awaited). */
  escaped?: string;
  /** The process running it died (V8 abort, out of memory) or was killed. */
  died?: { code: number | null; signal: string | null; stderrTail: string };
  /** Killed after the per-run time budget. */
  timedOut?: boolean;
  /** The run that was killed, when it was not the case's first (e.g. "the invariant checks"). */
  during?: string;
  /** Killed for going over the per-case memory budget (resident set size, MiB). */
  memoryMiB?: number;
  /** Invariant violations found by the metamorphic checks. */
  invariantViolations?: string[];
  /** A second run gave different bytes. */
  nondeterministic?: string;
  /** Never run: the case was too large to send to a worker (why). */
  unsent?: string;
}
