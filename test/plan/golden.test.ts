/**
 * Golden outputs: every bundled profile planned in table (with --explain), JSON and Markdown.
 * A change to the model shows up as a reviewed diff; regenerate on purpose with UPDATE_GOLDEN=1.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';
import { renderPlanJson } from '../../src/render/json.js';
import { renderPlanMarkdown } from '../../src/render/plan-markdown.js';
import { renderPlanTable } from '../../src/render/plan-table.js';
import { plainPalette } from '../../src/render/palette.js';
import { bundledProfiles } from '../support/profiles.js';

const update = process.env.UPDATE_GOLDEN === '1';
const goldenDir = new URL('../golden/plans/', import.meta.url).pathname;

async function expectGolden(path: string, actual: string): Promise<void> {
  if (update) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, actual);
    return;
  }
  expect(actual, `${path} (UPDATE_GOLDEN=1 regenerates it)`).toBe(await readFile(path, 'utf8'));
}

describe('golden plans of the bundled profiles', async () => {
  const files = await bundledProfiles();
  for (const file of files) {
    const name = `${file.includes('/templates/') ? 'template-' : ''}${basename(file, '.yaml')}`;
    it(name, async () => {
      const { plan } = await planProfileFile(file.replace(`${process.cwd()}/`, ''));
      // The text golden is drawn for an 80-column UTF-8 terminal (DEFAULT_LAYOUT).
      await expectGolden(`${goldenDir}${name}/plan.txt`, renderPlanTable(plan, { palette: plainPalette, explain: true }));
      await expectGolden(`${goldenDir}${name}/plan.json`, renderPlanJson(plan));
      await expectGolden(`${goldenDir}${name}/plan.md`, renderPlanMarkdown(plan));
    });
  }
});
