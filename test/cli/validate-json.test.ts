/** `capplan validate --json`: JSON on stdout for an invalid profile too (errors with positions, valid: false, exit 2), and the warnings. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runValidate } from '../../src/cli/commands/validate.js';
import type { CliContext } from '../../src/cli/context.js';
import { InputError, UsageError } from '../../src/cli/errors.js';
import { DEFAULT_LAYOUT } from '../../src/render/layout.js';
import { plainPalette } from '../../src/render/palette.js';

function context() {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = { out: async (t) => void out.push(t), note: (t) => void err.push(t), warnLine: (t) => void err.push(t), warn: (t) => void err.push(`capplan: ${t}`), error: (t) => void err.push(t), palette: plainPalette, errPalette: plainPalette, quiet: false, layout: DEFAULT_LAYOUT };
  return { ctx, out, err };
}

async function file(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'capplan-validate-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'p.yaml'), text);
  return join(dir, 'p.yaml');
}

describe('capplan validate --json', () => {
  it('an invalid profile: valid false, every error positioned, then the error for stderr and exit 2', async () => {
    const path = await file('apiVersion: capplan/v1\nname: x\nworkload: { rps: 100 }\ncomponents:\n  api: { kind: service, serviceTime: 20, workers: 4 }\n  db: { kind: service, capacity: 400 }\n');
    const { ctx, out } = context();
    await expect(runValidate(path, 'json', ctx)).rejects.toBeInstanceOf(InputError);
    const doc = JSON.parse(out.join('')) as { valid: boolean; errors: { line: number; col: number; path: string; message: string; hint: string | null }[]; warnings: unknown[] };
    expect(doc.valid).toBe(false);
    expect(doc.errors.map((e) => [e.line, e.col, e.path])).toEqual([
      [5, 38, 'components.api.serviceTime'],
      [6, 34, 'components.db.capacity'],
    ]);
    expect(doc.errors[0]!.message).toBe('20 needs a unit: 20ms? 20s?');
    expect(doc.errors[0]!.hint).toMatch(/^durations take/);
    expect(doc.warnings).toEqual([]);
  });

  it('a value error does not hide an unknown call: both in one run', async () => {
    const path = await file('apiVersion: capplan/v1\nname: x\nworkload: { rps: 100 }\ncomponents:\n  api: { kind: service, serviceTime: 20, workers: 4, calls: [dbb] }\n  db: { kind: database, readsPerRequest: 2, capacity: 1000/s }\n');
    const { ctx, out } = context();
    await expect(runValidate(path, 'json', ctx)).rejects.toBeInstanceOf(InputError);
    const doc = JSON.parse(out.join('')) as { errors: { line: number; col: number; path: string; hint: string | null }[] };
    expect(doc.errors.map((e) => [e.line, e.col, e.path])).toEqual([
      [5, 38, 'components.api.serviceTime'],
      [5, 62, 'components.api.calls[0]'],
    ]);
    expect(doc.errors[1]!.hint).toBe('did you mean "db"?');
  });

  it('a file that cannot be read is JSON too, without a position', async () => {
    const { ctx, out } = context();
    await expect(runValidate('/nonexistent/p.yaml', 'json', ctx)).rejects.toBeInstanceOf(UsageError);
    expect(JSON.parse(out.join(''))).toEqual({ valid: false, file: '/nonexistent/p.yaml', errors: [{ file: '/nonexistent/p.yaml', line: null, col: null, path: '', message: '/nonexistent/p.yaml: no such profile', hint: null }], warnings: [] });
  });

  it('a valid profile lists its warnings', async () => {
    const path = await file('apiVersion: capplan/v1\nname: x\nworkload: { rps: 100 }\ncomponents:\n  api: { kind: service, serviceTime: 20h, workers: 4 }\n');
    const { ctx, out } = context();
    expect(await runValidate(path, 'json', ctx)).toBe(0);
    const doc = JSON.parse(out.join('')) as { valid: boolean; errors: unknown[]; warnings: { line: number; path: string; message: string }[] };
    expect(doc.valid).toBe(true);
    expect(doc.errors).toEqual([]);
    expect(doc.warnings.length).toBeGreaterThan(0);
    expect(doc.warnings[0]).toMatchObject({ line: 5, path: 'components.api.serviceTime' });
  });
});

describe('capplan validate checks what plan reads beyond the profile (text and --json alike)', () => {
  const base = 'apiVersion: capplan/v1\nname: x\nworkload: { rps: 100, peakFactor: 3 }\n';
  it('a pricing region without prices is the error plan gives, positioned, exit 2 (it said valid)', async () => {
    const path = await file(`${base}pricing: { region: mars-1 }\ncomponents:\n  api: { kind: service, capacity: 100/s }\n`);
    const { ctx, out } = context();
    const error = await runValidate(path, 'json', ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const doc = JSON.parse(out.join('')) as { valid: boolean; errors: { line: number; col: number; path: string; message: string }[] };
    expect(doc.valid).toBe(false);
    expect(doc.errors).toMatchObject([{ line: 4, col: 20, path: 'pricing.region', message: 'the price catalog has no aws prices for region "mars-1"' }]);
    await expect(runValidate(path, 'table', context().ctx)).rejects.toBeInstanceOf(InputError);
  });

  it('a capacity.fit file that is missing is the error plan gives, with the profile’s warnings beside it', async () => {
    const path = await file(`${base}components:\n  api: { kind: service, capacity: { fit: missing.csv, concurrency: 8 } }\n  other: { kind: service, serviceTime: 20h, workers: 4 }\n`);
    const { ctx, out } = context();
    await expect(runValidate(path, 'json', ctx)).rejects.toBeInstanceOf(InputError);
    const doc = JSON.parse(out.join('')) as { errors: { path: string; message: string }[]; warnings: { path: string }[] };
    expect(doc.errors).toMatchObject([{ path: 'components.api.capacity.fit', message: expect.stringMatching(/missing\.csv: no such file or directory$/) }]);
    expect(doc.warnings.map((w) => w.path)).toEqual(['components.other.serviceTime']);
  });

  it('pricing keys the catalog does not know: warnings at their keys, in the text and the JSON (plan notes them)', async () => {
    const path = await file(`${base}pricing: { instances: { c7i.huge: 0.5 }, onprem: { parts: { nope: 100 } } }\ncomponents:\n  api: { kind: service, capacity: 100/s }\n`);
    const json = context();
    expect(await runValidate(path, 'json', json.ctx)).toBe(0);
    const doc = JSON.parse(json.out.join('')) as { warnings: { line: number; col: number; path: string; message: string }[] };
    expect(doc.warnings.map((w) => `${w.line}:${w.col} ${w.path}: ${w.message}`)).toEqual([
      '4:25 pricing.instances["c7i.huge"]: no instance type of that name in the catalog, so the price is not used (capplan catalog lists them)',
      '4:61 pricing.onprem.parts.nope: no on-prem part with that id in the catalog (to add a drive, give { kind, capexUsd, capacityGB }; a server, { kind: server, capexUsd, cores, memoryGiB })',
    ]);
    const text = context();
    expect(await runValidate(path, 'table', text.ctx)).toBe(0);
    expect(text.err.map((l) => l.replace(/^.*p\.yaml:/, ''))).toEqual(doc.warnings.map((w) => `${w.line}:${w.col} ${w.path}: warning: ${w.message}`));
  });
});
