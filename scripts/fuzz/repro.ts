/**
 * Reproducers on disk: one directory per failure signature holding `case.json` (argv, the
 * signature, how it was found) and the case's input files. The regression suite in
 * test/fuzz/regressions/ uses the same layout, plus what the fixed behaviour must be.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseFile, FuzzCase } from './case.js';
import type { Classified } from './classify.js';

/** What a fixed reproducer must now do. */
export interface Expectation {
  /** Exit code. */
  exit: number;
  /** A regular expression stderr must match (e.g. the positioned message). */
  stderr?: string;
  /** A regular expression stdout must match. */
  stdout?: string;
  /** For cases that used to hang: the most milliseconds the run may take in-process. */
  maxMs?: number;
}

/** `case.json` of a reproducer. */
export interface ReproManifest {
  signature: string;
  class: string;
  detail: string;
  target: FuzzCase['target'];
  seed: number;
  index: number;
  argv: string[];
  files: { name: string; binary: boolean }[];
  mutations: string[];
  invariants?: FuzzCase['invariants'];
  determinism?: boolean;
  /** Set when the bug is fixed: the behaviour the regression test holds it to. */
  expect?: Expectation;
  /** Why this reproducer matters (regressions only). */
  note?: string;
}

/** A short stable directory name for a signature. */
export function reproSlug(cls: string, signature: string): string {
  return `${cls}-${createHash('sha256').update(signature).digest('hex').slice(0, 10)}`;
}

/** Writes a reproducer directory (replacing one of the same signature); returns its path. */
export function writeRepro(outDir: string, c: FuzzCase, verdict: Classified): string {
  const dir = join(outDir, reproSlug(verdict.cls, verdict.signature));
  // A shrunk case is written over the first one found: no file of the first may linger.
  rmSync(join(dir, 'files'), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const manifest: ReproManifest = {
    signature: verdict.signature,
    class: verdict.cls,
    detail: verdict.detail,
    target: c.target,
    seed: c.seed,
    index: c.index,
    argv: c.argv,
    files: c.files.map((f) => ({ name: f.name, binary: f.base64 !== undefined })),
    mutations: c.mutations,
    ...(c.invariants ? { invariants: c.invariants } : {}),
    ...(c.determinism ? { determinism: true } : {}),
  };
  for (const f of c.files) {
    const path = join(dir, 'files', f.name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, f.base64 !== undefined ? Buffer.from(f.base64, 'base64') : (f.text ?? ''));
  }
  writeFileSync(join(dir, 'case.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

/** Reads a reproducer directory back into a case and its manifest. */
export function readRepro(dir: string): { c: FuzzCase; manifest: ReproManifest } {
  const manifest = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as ReproManifest;
  const files: CaseFile[] = manifest.files.map((f) => {
    const bytes = readFileSync(join(dir, 'files', f.name));
    return f.binary ? { name: f.name, base64: bytes.toString('base64') } : { name: f.name, text: bytes.toString('utf8') };
  });
  const c: FuzzCase = {
    target: manifest.target,
    index: manifest.index,
    seed: manifest.seed,
    argv: manifest.argv,
    files,
    mutations: manifest.mutations,
    ...(manifest.invariants ? { invariants: manifest.invariants } : {}),
    ...(manifest.determinism ? { determinism: true } : {}),
  };
  return { c, manifest };
}

/** Reproducer directories under `root` (each holding a case.json), sorted. */
export function listRepros(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort()
    .map((d) => join(root, d))
    .filter((d) => existsSync(join(d, 'case.json')));
}
