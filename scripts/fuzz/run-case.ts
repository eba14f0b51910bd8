/**
 * Runs one fuzz case in this process against capplan's entry, `main(argv)` from
 * src/cli/main.ts: writes the case's files into a directory, captures stdout and stderr, and
 * returns the exit code. Used by the fuzz workers and by the regression test.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { CASE_DIR, type CaseFile, type FuzzCase } from './case.js';

/** The captured result of one in-process run. */
export interface InProcessRun {
  exit: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Writes the case's files into `dir` (created). */
export function writeCaseFiles(dir: string, files: readonly CaseFile[]): void {
  mkdirSync(dir, { recursive: true });
  for (const f of files) {
    const path = join(dir, f.name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, f.base64 !== undefined ? Buffer.from(f.base64, 'base64') : (f.text ?? ''));
  }
}

/** argv with `$CASE` replaced by the case directory. */
export function resolveArgv(argv: readonly string[], dir: string): string[] {
  return argv.map((a) => a.split(CASE_DIR).join(dir));
}

type Write = typeof process.stdout.write;

/** Calls `main(argv)` with stdout and stderr captured (and nothing reaching the terminal). */
export async function runMain(argv: readonly string[]): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const realOut = process.stdout.write;
  const realErr = process.stderr.write;
  const sink = (append: (s: string) => void): Write =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      if (cb) queueMicrotask(cb);
      return true;
    }) as Write;
  process.stdout.write = sink((s) => (stdout += s));
  process.stderr.write = sink((s) => (stderr += s));
  const started = performance.now();
  let exit: number;
  try {
    exit = await main(argv);
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
  }
  return { exit, stdout, stderr, ms: performance.now() - started };
}

/** Runs a case in `dir` (its files written there first, the directory removed after). */
export async function runCaseIn(c: Pick<FuzzCase, 'argv' | 'files'>, dir: string): Promise<InProcessRun> {
  rmSync(dir, { recursive: true, force: true });
  writeCaseFiles(dir, c.files);
  try {
    return await runMain(resolveArgv(c.argv, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
