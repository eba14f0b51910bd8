/** A calibration overlay that is empty or not a mapping is named a calibration file, not a profile (and not sent to `capplan init`). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { InputError } from '../../src/cli/errors.js';
import { loadProfileFile } from '../../src/cli/profile-input.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';

async function problemsWith(overlay: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'capplan-cal-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'cal.yaml'), overlay);
  try {
    await loadProfileFile('profiles/thea-ia.yaml', { calibration: join(dir, 'cal.yaml') });
  } catch (error) {
    if (error instanceof InputError) return error.diagnostics.map((d) => renderDiagnostic(d).replace(/^.*cal\.yaml/, 'cal.yaml'));
    throw error;
  }
  throw new Error('accepted');
}

describe('--calibration FILE that is no overlay', () => {
  it('empty: "the calibration file is empty", no hint to run capplan init', async () => {
    expect(await problemsWith('# nothing\n')).toEqual(['cal.yaml:1:1: the calibration file is empty']);
  });
  it('a list: a calibration file must be a mapping', async () => {
    expect(await problemsWith('- a\n- b\n')).toEqual(['cal.yaml:1:1: a calibration file must be a YAML mapping (key: value pairs) at the top level']);
  });
});
