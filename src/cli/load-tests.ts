/** Reads load-test files (a file, or a directory of them) for `capplan fit` and `capacity.fit`. */
import { join } from 'node:path';
import type { InputFile } from '../fit/index.js';
import { UsageError } from './errors.js';
import { blankPath, fsPromises, readInputFile, STDIN_PATH } from './io.js';

/** The largest load-test file read (16 MiB: JMeter results grow fast). */
export const MAX_LOADTEST_BYTES = 16 * 1024 * 1024;
/** The most files read from one directory (k6 writes one summary per load level: a few dozen). */
export const MAX_LOADTEST_FILES = 1000;
/** The most bytes read from one directory in all. */
export const MAX_LOADTEST_TOTAL_BYTES = 64 * 1024 * 1024;

/** Reads one file, or every regular file of a directory (sorted by name), or standard input (`-`), as load-test inputs. */
export async function readLoadTestInputs(path: string): Promise<InputFile[]> {
  if (path === STDIN_PATH) return [{ name: '<stdin>', text: await readInputFile(path, 'load-test file', MAX_LOADTEST_BYTES) }];
  let info;
  try {
    info = await fsPromises().stat(path);
  } catch {
    if (path.trim() === '') throw blankPath(path, 'load-test file or directory');
    throw new UsageError(`${path}: no such file or directory`);
  }
  if (!info.isDirectory()) return [{ name: path, text: await readInputFile(path, 'load-test file', MAX_LOADTEST_BYTES) }];
  const names = (await fsPromises().readdir(path)).filter((n) => !n.startsWith('.')).sort();
  if (names.length > MAX_LOADTEST_FILES) throw new UsageError(`${path}: ${names.length} files; a directory of load-test results is read up to ${MAX_LOADTEST_FILES} files`);
  const files: InputFile[] = [];
  let bytes = 0;
  for (const n of names) {
    const full = join(path, n);
    const info = await fsPromises().stat(full);
    if (!info.isFile()) continue;
    bytes += info.size;
    if (bytes > MAX_LOADTEST_TOTAL_BYTES) throw new UsageError(`${path}: more than ${MAX_LOADTEST_TOTAL_BYTES} bytes of files; a directory of load-test results is read up to that`);
    files.push({ name: full, text: await readInputFile(full, 'load-test file', MAX_LOADTEST_BYTES) });
  }
  if (files.length === 0) throw new UsageError(`${path}: the directory holds no files`);
  return files;
}
