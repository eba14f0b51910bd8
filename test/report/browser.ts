/**
 * Headless Chromium for the report tests: Debian's `chromium` found on the PATH (never
 * downloaded), driven by playwright-core with a fresh profile directory, offline flags, and one
 * browser shared by every test of a file.
 */
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

/** The browser to drive: $CAPPLAN_CHROMIUM, else `chromium` or `chromium-browser` on the PATH; null when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = env.CAPPLAN_CHROMIUM ? [env.CAPPLAN_CHROMIUM] : (env.PATH ?? '').split(delimiter).filter(Boolean).flatMap((dir) => ['chromium', 'chromium-browser'].map((b) => join(dir, b)));
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

/** Flags that keep Chromium offline and quiet: no sandbox (root in CI), no GPU, no QUIC, no first-run, no background or component traffic, no sync. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A running browser with its own fresh profile directory. */
export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh --user-data-dir (removed on close). */
export async function launchChromium(executablePath: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const userDataDir = await mkdtemp(join(tmpdir(), 'capplan-chromium-'));
  const context = await chromium
    .launchPersistentContext(userDataDir, { executablePath, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1200, height: 900 }, offline: true })
    .catch(async (e: unknown) => {
      await rm(userDataDir, { recursive: true, force: true });
      throw e;
    });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
