// onFirstUse (src/cli/main.ts): the stdout/stderr guards are attached when the run first reads
// the stream, so that a run which never writes to stderr does not create it (a pipe loads
// node:net). The stream handed over is Node's own, and Node's getter is put back.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onFirstUse } from '../../src/cli/main.js';

const original = Object.getOwnPropertyDescriptor(process, 'stderr')!;
afterEach(() => {
  Object.defineProperty(process, 'stderr', original);
});

describe('onFirstUse', () => {
  it('hands Node its stream on the first read only, and puts the getter back', () => {
    // A getter like Node's (vitest may have replaced the real one): makes the stream once, keeps it.
    const stream = { isTTY: false } as unknown as NodeJS.WriteStream;
    const make = vi.fn(() => stream);
    Object.defineProperty(process, 'stderr', { configurable: true, enumerable: true, get: make });
    const own = Object.getOwnPropertyDescriptor(process, 'stderr')!;
    const use = vi.fn();
    onFirstUse('stderr', use);
    expect(use).not.toHaveBeenCalled();
    expect(make).not.toHaveBeenCalled();
    expect(process.stderr).toBe(stream);
    expect(use).toHaveBeenCalledTimes(1);
    expect(use).toHaveBeenCalledWith(stream);
    expect(Object.getOwnPropertyDescriptor(process, 'stderr')!.get).toBe(own.get);
    expect(process.stderr).toBe(stream);
    expect(use).toHaveBeenCalledTimes(1);
  });

  it('uses the stream at once when it is a plain value', () => {
    const stream = { isTTY: false } as unknown as NodeJS.WriteStream;
    Object.defineProperty(process, 'stderr', { configurable: true, enumerable: true, writable: true, value: stream });
    const use = vi.fn();
    onFirstUse('stderr', use);
    expect(use).toHaveBeenCalledWith(stream);
  });
});
