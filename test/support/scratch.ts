/** A scratch directory for one test file: made before its tests, removed after; `write` puts a file in it and returns its path. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export function scratchFiles(prefix: string): { write(name: string, text: string): string } {
  let box = '';
  beforeAll(() => {
    box = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => rmSync(box, { recursive: true, force: true }));
  return {
    write(name: string, text: string): string {
      const file = join(box, name);
      writeFileSync(file, text);
      return file;
    },
  };
}

/* The USL (Gunther, GCaP 2007) at λ = 100/s, σ = 0.05, κ = 0.001: the truth the fit tests' files are written from. */
export const usl = (n: number): number => (100 * n) / (1 + 0.05 * (n - 1) + 0.001 * n * (n - 1));
export const USL_LEVELS = [1, 2, 4, 8, 16, 32, 48, 64];
