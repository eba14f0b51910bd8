/**
 * Classifies a case's outcome (ok, violation, rejected, internal error, hang, memory, crash,
 * unpositioned rejection, bad output, invariant violation, non-determinism) and derives a
 * normalised crash signature, so that one bug found by many cases is reported once.
 */
import type { FuzzCase, RawOutcome } from './case.js';

/** Outcome classes. `violation` is exit 1 (a gate failed or --strict found violations); `skipped`: never run (too large to send). */
export type OutcomeClass =
  | 'ok'
  | 'violation'
  | 'rejected'
  | 'internal'
  | 'hang'
  | 'memory'
  | 'crash'
  | 'unpositioned'
  | 'bad-output'
  | 'invariant'
  | 'nondeterministic'
  | 'skipped';

/** Classes that fail a fuzz run. */
export const FAILING: ReadonlySet<OutcomeClass> = new Set(['internal', 'hang', 'memory', 'crash', 'unpositioned', 'bad-output', 'invariant', 'nondeterministic']);

/** A classified outcome. */
export interface Classified {
  cls: OutcomeClass;
  /** Normalised: the same bug gives the same signature whatever the values. */
  signature: string;
  /** The evidence (first lines of the message, the violated invariant). */
  detail: string;
}

/** The most of a message a signature reads (it keeps 200 characters of the result). */
const SIGNATURE_INPUT = 2000;

/**
 * Replaces the values in a message by placeholders: numbers, quoted text, paths. Linear in the
 * message: a path starts only where a run of path characters starts (the lookbehind), since
 * trying every position of a 556 kB run of digits took the parent 700 s (seed 7 case 1404).
 */
export function normaliseMessage(message: string): string {
  return message
    .slice(0, SIGNATURE_INPUT)
    .replace(/\$CASE\/[^\s:'",)]*/g, 'FILE')
    .replace(/(?<![\w.-])(?:[\w.-]+\/)+[\w.-]+/g, 'PATH')
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/'[^'\n]*'/g, "'…'")
    .replace(/`[^`\n]*`/g, '`…`')
    .replace(/[-+]?(?:\d[\d_,]*\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi, 'N')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

const STACK_FRAME = /^\s+at .+(?:\(.*:\d+:\d+\)|:\d+:\d+|\(native\)|\(<anonymous>\))$/m;

/** The first stack frame in capplan's own sources, as `file:function`. */
function topFrame(stack: string): string {
  for (const line of stack.split('\n')) {
    const m = /^\s+at (?:async )?(?:(\S+) \()?.*?\/(src\/[\w/.-]+\.ts):\d+:\d+\)?$/.exec(line);
    if (m) return `${m[2]}:${m[1] ?? '<anonymous>'}`;
  }
  const first = stack.split('\n').find((l) => STACK_FRAME.test(l));
  return first ? normaliseMessage(first.trim()) : '';
}

function command(c: FuzzCase): string {
  const args = c.argv.filter((a) => !a.startsWith('-') && !a.includes('$CASE'));
  return args.slice(0, args[0] === 'emit' ? 2 : 1).join(' ') || '(none)';
}

function mutationKinds(c: FuzzCase): string {
  return [...new Set(c.mutations.filter((m) => !m.startsWith('base:')).map((m) => m.split(':')[0]))].sort().join('+');
}

/** Case files a message may name. */
function caseFileNames(c: FuzzCase): string[] {
  return c.files.map((f) => f.name.split('/')[0]!);
}

/** Rejections of a whole file or of a flag, which have no position in the input. */
const POSITIONLESS = [
  /is a binary file/, /bytes is larger than the/, /: larger than [\d.]+ (MiB|bytes), the limit for /, /no such (file|profile|baseline|saved plan|load-test)/, /is a directory/, /permission denied/,
  /cannot read \(/, /the directory holds no files/, /^error: /m, /^capplan: no phase /m, /^capplan: no template /m, /--update-baseline needs/,
  /exists? and (was|were) not written by capplan/, /a directory of load-test results is read up to/, /needs measurements at \d+ or more distinct concurrency levels/, /^capplan: --predict /m, /^capplan: the catalog has no \w+ prices for region /m, /every point needs a concurrency 0 < N/,
];

/** Why a rejection is not positioned (empty when it is, or need not be). */
function positionProblem(c: FuzzCase, stderr: string, files: ReadonlyMap<string, string>): string {
  if (c.target === 'flags') return '';
  const names = caseFileNames(c);
  const lines = stderr.split('\n').filter((l) => l.trim() && !/^\s+hint:/.test(l) && !/^\d+ problems? found$/.test(l));
  for (const line of lines) {
    for (const name of names) {
      const at = line.indexOf(`$CASE/${name}`);
      if (at < 0) continue;
      const rest = line.slice(at + `$CASE/${name}`.length);
      const m = /^(\/[^\s:]*)?:(\d+)(?::(\d+))?/.exec(rest);
      if (!m) {
        if (POSITIONLESS.some((re) => re.test(line))) continue;
        return `no position: ${line.trim()}`;
      }
      const text = files.get(`${name}${m[1] ?? ''}`);
      if (text !== undefined && m[2] !== undefined) {
        const lineNo = Number(m[2]);
        const count = text.split(/\r\n|\r|\n/).length;
        if (lineNo < 1 || lineNo > count + 1) return `line ${lineNo} outside the file (${count} lines): ${line.trim()}`;
      }
    }
  }
  const named = lines.some((l) => names.some((n) => l.includes(`$CASE/${n}`)));
  if (!named && !POSITIONLESS.some((re) => re.test(stderr))) return `no file named: ${lines[0]?.trim() ?? '(empty)'}`;
  return '';
}

function isJsonFormat(argv: readonly string[]): boolean {
  return argv.includes('--json') || argv.includes('--format=json') || argv.some((a, i) => a === '--format' && argv[i + 1] === 'json');
}

/** Words that mean a number or value went missing on its way to the output. */
const LEAKS = ['NaN', 'undefined', '[object Object]', 'Infinity%', 'function ', '=> '];

/** Classifies one outcome. */
export function classify(c: FuzzCase, o: RawOutcome): Classified {
  const cmd = command(c);
  if (o.unsent) return { cls: 'skipped', signature: 'skipped', detail: o.unsent };
  if (o.timedOut) return { cls: 'hang', signature: `hang:${c.target}:${cmd}:${mutationKinds(c)}`, detail: `no answer within the time budget: CPU time, or 4 × it on the wall clock (${cmd}${o.during ? `, ${o.during}` : ''})` };
  if (o.memoryMiB !== undefined) return { cls: 'memory', signature: `memory:${c.target}:${cmd}:${mutationKinds(c)}`, detail: `resident set ${o.memoryMiB} MiB over the budget` };
  if (o.died) {
    const tail = o.died.stderrTail;
    const first = tail.split('\n').find((l) => /error|fatal|abort/i.test(l)) ?? tail.split('\n')[0] ?? '';
    return { cls: 'crash', signature: `died:${normaliseMessage(first)}:${topFrame(tail)}`, detail: `process died (${o.died.signal ?? o.died.code}): ${tail.slice(-800)}` };
  }
  if (o.escaped) {
    return { cls: 'crash', signature: `escaped:${normaliseMessage(o.escaped.split('\n')[0]!)}:${topFrame(o.escaped)}`, detail: o.escaped.slice(0, 800) };
  }
  if (o.exit === null || ![0, 1, 2, 3].includes(o.exit)) return { cls: 'crash', signature: `exit:${o.exit}`, detail: o.stderr.slice(0, 800) };
  if (o.exit === 3) {
    const m = /internal error: (.*)/.exec(o.stderr);
    return { cls: 'internal', signature: `internal:${normaliseMessage(m?.[1] ?? o.stderr)}:${topFrame(o.stderr)}`, detail: o.stderr.slice(0, 1500) };
  }
  if (STACK_FRAME.test(o.stderr) || STACK_FRAME.test(o.stdout)) {
    return { cls: 'crash', signature: `stack:${cmd}:${topFrame(o.stderr + o.stdout)}`, detail: o.stderr.slice(0, 1500) };
  }
  if (o.invariantViolations?.length) {
    return { cls: 'invariant', signature: `invariant:${normaliseMessage(o.invariantViolations[0]!)}`, detail: o.invariantViolations.join('\n').slice(0, 1500) };
  }
  if (o.nondeterministic) return { cls: 'nondeterministic', signature: `nondeterministic:${cmd}`, detail: o.nondeterministic };
  // By their whole path in the case: a directory of load-test files holds several.
  const files = new Map(c.files.filter((f) => f.text !== undefined).map((f) => [f.name, f.text!]));
  if (o.exit === 2) {
    if (!o.stderr.trim()) return { cls: 'bad-output', signature: `silent-rejection:${cmd}`, detail: 'exit 2 with nothing on stderr' };
    const problem = positionProblem(c, o.stderr, files);
    if (problem) return { cls: 'unpositioned', signature: `unpositioned:${cmd}:${normaliseMessage(problem)}`, detail: o.stderr.slice(0, 800) };
    const first = o.stderr.split('\n').find((l) => l.trim()) ?? '';
    return { cls: 'rejected', signature: `rejected:${normaliseMessage(first.replace(/^\S+:\d+:\d+ /, ''))}`, detail: first };
  }
  const inputs = c.files.map((f) => f.text ?? '').join('\n') + c.argv.join(' ');
  for (const leak of LEAKS) {
    if (o.stdout.includes(leak) && !inputs.includes(leak.trim())) {
      const line = o.stdout.split('\n').find((l) => l.includes(leak)) ?? '';
      return { cls: 'bad-output', signature: `leak:${cmd}:${leak.trim()}:${normaliseMessage(line).slice(0, 60)}`, detail: line.slice(0, 400) };
    }
  }
  if (isJsonFormat(c.argv) && o.stdout.trim()) {
    try {
      JSON.parse(o.stdout);
    } catch (error) {
      return { cls: 'bad-output', signature: `bad-json:${cmd}`, detail: `${(error as Error).message}: ${o.stdout.slice(0, 200)}` };
    }
  }
  return { cls: o.exit === 0 ? 'ok' : 'violation', signature: o.exit === 0 ? 'ok' : 'violation', detail: '' };
}
