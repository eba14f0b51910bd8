/**
 * A fuzz worker: a child process that runs the cases its parent sends, one at a time, in-process
 * against `main(argv)`, and answers with the raw outcome. The parent enforces the time and
 * memory budgets by killing this process; anything that escapes `main` is caught here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CASE_DIR, type FuzzCase, type RawOutcome } from './case.js';
import { checkInvariants } from './invariants.js';
import { readerAgreement } from './reader-agreement.js';
import { runCaseIn } from './run-case.js';

// Under the pool's scratch folder, which the pool removes when it closes (a worker killed for a budget cannot clean up).
const root = mkdtempSync(join(process.env.CAPPLAN_FUZZ_SCRATCH ?? tmpdir(), process.env.CAPPLAN_FUZZ_SCRATCH ? 'worker-' : 'capplan-fuzz-'));
let escaped: string | undefined;
process.on('uncaughtException', (error) => {
  escaped ??= `uncaught: ${(error as Error)?.stack ?? String(error)}`;
});
process.on('unhandledRejection', (reason) => {
  escaped ??= `unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`;
});
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
process.on('disconnect', () => process.exit(0));

function scrub(text: string, dir: string): string {
  // Most outputs never name the case's folder: a search is cheaper than splitting 100 MB of JSON.
  return text.includes(dir) ? text.split(dir).join(CASE_DIR) : text;
}

async function runOnce(c: FuzzCase, dir: string) {
  const r = await runCaseIn(c, dir);
  return { exit: r.exit, stdout: scrub(r.stdout, dir), stderr: scrub(r.stderr, dir), ms: r.ms };
}

/**
 * Tells the pool that another run of capplan on the case begins (the determinism check's second
 * run, the invariant checks' plans): each run has the whole budget, as a user's run would, so a
 * case is not a hang for the checks the harness adds to it.
 */
function lap(c: FuzzCase, what: string): void {
  process.send!({ lap: c.index, what });
}

async function run(c: FuzzCase): Promise<RawOutcome> {
  escaped = undefined;
  const dir = join(root, `c${c.index}`);
  let outcome: RawOutcome;
  try {
    const r = await runOnce(c, dir);
    outcome = { ...r };
    if (c.determinism && !escaped) {
      lap(c, 'the second run');
      const again = await runOnce(c, dir);
      if (again.exit !== r.exit || again.stdout !== r.stdout || again.stderr !== r.stderr) {
        const which = again.stdout !== r.stdout ? 'stdout' : again.stderr !== r.stderr ? 'stderr' : 'exit code';
        outcome.nondeterministic = `a second run differs in ${which}`;
      }
    }
    if (c.invariants && (r.exit === 0 || r.exit === 1) && !escaped) {
      const text = c.files.find((f) => f.name === 'profile.yaml')?.text;
      if (text !== undefined) {
        lap(c, 'the invariant checks');
        const v = await checkInvariants(text, c.invariants.loadFactor, c.invariants.capacityFactor);
        if (v.length) outcome.invariantViolations = v;
      }
    }
    // Every YAML file the fast reader reads must read as yaml reads it (reader-agreement.ts).
    const yamlFiles = c.files.filter((f) => /\.ya?ml$/.test(f.name));
    if (yamlFiles.length > 0 && !escaped) {
      lap(c, 'the YAML reader check');
      for (const f of yamlFiles) {
        const { problem } = readerAgreement(f.text ?? Buffer.from(f.base64 ?? '', 'base64').toString('utf8'));
        if (problem) (outcome.invariantViolations ??= []).push(`${f.name}: the plain YAML reader and yaml disagree: ${problem}`);
      }
    }
  } catch (error) {
    // main() itself never throws; if it did, that is an escape too.
    outcome = { exit: null, stdout: '', stderr: '', ms: 0, escaped: `thrown by main: ${(error as Error)?.stack ?? String(error)}` };
  }
  // Let pending callbacks (an unawaited rejection) surface before answering.
  await new Promise((resolve) => setImmediate(resolve));
  if (escaped) outcome.escaped = scrub(escaped, dir);
  return outcome;
}

process.on('message', (message: { case: FuzzCase }) => {
  void run(message.case).then((outcome) => {
    const heapMiB = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
    // capplan's runs are over: sending their output (a large plan's JSON is about 100 MB) is the
    // harness's work, not the case's.
    process.send!({ measured: message.case.index });
    process.send!({ index: message.case.index, outcome, heapMiB });
  });
});
/** Loads the modules commands import on demand, so that the first case is not charged for them. */
/**
 * Waits until V8's background threads are done with the warm-up (optimising compilation,
 * concurrent marking): the first case's CPU budget counts every thread of the process, and
 * would be charged for them. Done when 100 ms pass with under 5 ms of CPU, or after 5 s.
 */
async function settle(): Promise<void> {
  const until = performance.now() + 5000;
  let before = process.cpuUsage();
  while (performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const used = process.cpuUsage(before);
    if (used.user + used.system < 5000) return;
    before = process.cpuUsage();
  }
}

async function warmUp(): Promise<void> {
  await Promise.all([
    import('../../src/units/math-reader.js'),
    import('../../src/fit/index.js'),
    import('../../src/emit/k8s.js'),
    import('../../src/emit/compose.js'),
    import('../../src/gate/evaluate.js'),
  ]);
  const profile = 'apiVersion: capplan/v1\nname: warm\nworkload: { rps: 10 }\ncomponents:\n  api: { kind: service, serviceTime: 2 * 10ms, workers: 2 }\n';
  await runCaseIn({ argv: ['--no-color', 'plan', `${CASE_DIR}/p.yaml`, '--json'], files: [{ name: 'p.yaml', text: profile }] }, join(root, 'warm'));
}

await warmUp();
await settle();
process.send!({ ready: true });
