/** Where the browser tests look for Chromium: $CAPPLAN_CHROMIUM, else the PATH; never a download. */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { findChromium } from './browser.js';

describe('findChromium', () => {
  it('takes the first executable chromium or chromium-browser on the PATH, or the one CAPPLAN_CHROMIUM names', async () => {
    const [a, b] = [await mkdtemp(join(tmpdir(), 'pa-')), await mkdtemp(join(tmpdir(), 'pb-'))];
    onTestFinished(() => rm(a, { recursive: true, force: true }));
    onTestFinished(() => rm(b, { recursive: true, force: true }));
    await writeFile(join(a, 'chromium'), '#!/bin/sh\n');
    await writeFile(join(b, 'chromium-browser'), '#!/bin/sh\n');
    await chmod(join(b, 'chromium-browser'), 0o755);
    // a's chromium is not executable: skipped.
    expect(findChromium({ PATH: `${a}:${b}` })).toBe(join(b, 'chromium-browser'));
    await chmod(join(a, 'chromium'), 0o755);
    expect(findChromium({ PATH: `${a}:${b}` })).toBe(join(a, 'chromium'));
    expect(findChromium({ PATH: `${a}:${b}`, CAPPLAN_CHROMIUM: join(b, 'chromium-browser') })).toBe(join(b, 'chromium-browser'));
    expect(findChromium({ PATH: `${a}:${b}`, CAPPLAN_CHROMIUM: join(b, 'nothing') })).toBeNull();
    expect(findChromium({ PATH: '' })).toBeNull();
  });
});
