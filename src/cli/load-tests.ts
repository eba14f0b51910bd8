/** Reads load-test files (a file, or a directory of them) for `capplan fit` and `capacity.fit`. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { InputFile } from '../fit/index.js';
import { UsageError } from './errors.js';
import { readInputFile } from './io.js';

/** The largest load-test file read (16 MiB: JMeter results grow fast). */
export const MAX_LOADTEST_BYTES = 16 * 1024 * 1024;

/** Reads one file, or every regular file of a directory (sorted by name), as load-test inputs. */
export async function readLoadTestInputs(path: string): Promise<InputFile[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new UsageError(`${path}: no such file or directory`);
  }
  if (!info.isDirectory()) return [{ name: path, text: await readInputFile(path, 'load-test file', MAX_LOADTEST_BYTES) }];
  const names = (await readdir(path)).filter((n) => !n.startsWith('.')).sort();
  const files: InputFile[] = [];
  for (const n of names) {
    const full = join(path, n);
    if ((await stat(full)).isFile()) files.push({ name: full, text: await readInputFile(full, 'load-test file', MAX_LOADTEST_BYTES) });
  }
  if (files.length === 0) throw new UsageError(`${path}: the directory holds no files`);
  return files;
}
