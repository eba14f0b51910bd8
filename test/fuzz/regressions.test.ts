/**
 * Every reproducer the fuzzer found, kept after its fix: each directory under regressions/ holds
 * the case (case.json: argv with `$CASE` for the case directory, how it was found, and what the
 * fixed behaviour must be) and its input files. Each runs in-process against `main(argv)` and
 * must give the expected exit code and message, and no outcome the fuzzer counts as a failure
 * (with the planner's invariants checked where the case asks for them).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CASE_DIR, type RawOutcome } from '../../scripts/fuzz/case.js';
import { classify, FAILING } from '../../scripts/fuzz/classify.js';
import { checkInvariants } from '../../scripts/fuzz/invariants.js';
import { listRepros, readRepro } from '../../scripts/fuzz/repro.js';
import { runCaseIn } from '../../scripts/fuzz/run-case.js';

const root = fileURLToPath(new URL('./regressions/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'capplan-regressions-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The bound on any case's time; cases that used to hang set a tighter one (`expect.maxMs`), still far above their time now. */
const SLOW_MS = 20_000;

const dirs = listRepros(root);

describe('fuzz regressions', () => {
  it('has reproducers, each with an expectation', () => {
    expect(dirs.length).toBeGreaterThan(0);
    for (const dir of dirs) expect(readRepro(dir).manifest.expect, dir).toBeDefined();
  });

  it.each(dirs.map((d) => [d.slice(root.length), d]))('%s', async (_name, dir) => {
    const { c, manifest } = readRepro(dir);
    const caseDir = join(scratch, basename(dir));
    const run = await runCaseIn(c, caseDir);
    const scrub = (s: string) => s.split(caseDir).join(CASE_DIR);
    const outcome: RawOutcome = { exit: run.exit, stdout: scrub(run.stdout), stderr: scrub(run.stderr), ms: run.ms };
    // Invariant cases are checked as the fuzz worker checks them.
    const profile = c.files.find((f) => f.name === 'profile.yaml')?.text;
    if (c.invariants && (run.exit === 0 || run.exit === 1) && profile !== undefined) {
      const v = await checkInvariants(profile, c.invariants.loadFactor, c.invariants.capacityFactor);
      if (v.length) outcome.invariantViolations = v;
    }
    const verdict = classify(c, outcome);
    const expectation = manifest.expect!;
    expect(FAILING.has(verdict.cls), `${verdict.cls}: ${verdict.detail}`).toBe(false);
    expect(outcome.exit, outcome.stderr).toBe(expectation.exit);
    if (expectation.stderr !== undefined) expect(outcome.stderr).toMatch(new RegExp(expectation.stderr));
    if (expectation.stdout !== undefined) expect(outcome.stdout).toMatch(new RegExp(expectation.stdout));
    expect(outcome.ms).toBeLessThan(expectation.maxMs ?? SLOW_MS);
  });
});
