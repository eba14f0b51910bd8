/** capplan's `main` run in-process with stdout and stderr captured (no colour): the exit code and what each stream received. */
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

export async function runMain(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let err = '';
  let out = '';
  // A write's callback is called, as a stream calls it once the chunk is flushed (the CLI awaits it).
  const capture = (append: (s: string) => void) =>
    ((chunk: string, encoding?: unknown, callback?: unknown) => {
      append(String(chunk));
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
      return true;
    }) as typeof process.stdout.write;
  const e = vi.spyOn(process.stderr, 'write').mockImplementation(capture((s) => (err += s)));
  const o = vi.spyOn(process.stdout, 'write').mockImplementation(capture((s) => (out += s)));
  try {
    return { code: await main(['--no-color', ...args]), out, err };
  } finally {
    e.mockRestore();
    o.mockRestore();
  }
}
