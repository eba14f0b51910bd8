/** A component planned on a USL curve: given coefficients, or fitted from a load-test file. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';
import { component } from '../support/plan.js';

const specsdm91 = new URL('../../data/reference/usl-specsdm91.csv', import.meta.url).pathname;

// R usl package fit of specsdm91 (smoeding/usl README): σ 0.0277285, κ 0.0001044, λ 89.9952.
const published = { sigma: 0.0277285, kappa: 0.0001044, lambda: 89.9952 };
const usl = (n: number) => (published.lambda * n) / (1 + published.sigma * (n - 1) + published.kappa * n * (n - 1));

async function profileWith(capacity: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'capplan-usl-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const file = `${dir}/p.yaml`;
  await writeFile(file, `apiVersion: capplan/v1\nname: usl\nworkload: { rps: 5000/s }\ncomponents:\n  app: { kind: service, capacity: ${capacity} }\n`);
  return file;
}

describe('USL capacity', () => {
  it('plans on a curve fitted from a load-test file: μ = X(N) with the published coefficients', async () => {
    const { plan } = await planProfileFile(await profileWith(`{ fit: ${specsdm91}, concurrency: 64 }`), { bill: false });
    const app = component(plan, 'app');
    // The published coefficients carry 6 significant digits; X(64) agrees to about 1e-4.
    expect(app.capacityPerUnit / usl(64)).toBeCloseTo(1, 3);
    expect(app.replicas).toBe(Math.ceil(5000 / (app.capacityPerUnit * 0.7)));
    expect(app.detail.workersPerReplica).toBe(64);
  });
  it('a USL capacity beside workers or serviceTime names only the keys written (found by a tester: "drop serviceTime and workers" under a lone workers)', async () => {
    const message = async (capacity: string) => {
      const error = await planProfileFile(await profileWith(capacity), { bill: false }).then(() => null, (e: { diagnostics?: { message: string }[] }) => e);
      return error?.diagnostics?.map((d) => d.message).find((m) => m.includes('USL capacity'));
    };
    const coefficients = '{ usl: { sigma: 0.1, kappa: 0.001, lambda: 90/s }, concurrency: 32 }';
    expect(await message(`{ fit: ${specsdm91}, concurrency: 32 }, workers: 32`)).toBe('a USL capacity (fitted) sets the per-replica rate and concurrency itself; drop workers');
    expect(await message(`${coefficients}, serviceTime: 20ms, workers: 4`)).toBe('a USL capacity sets the per-replica rate and concurrency itself; drop serviceTime and workers');
    expect(await message(`${coefficients}, serviceTime: 20ms`)).toBe('a USL capacity sets the per-replica rate and concurrency itself; drop serviceTime');
  });
  it('plans on given coefficients and warns past the peak concurrency N*', async () => {
    const { plan } = await planProfileFile(
      await profileWith(`{ usl: { sigma: ${published.sigma}, kappa: ${published.kappa}, lambda: ${published.lambda}/s }, concurrency: 128 }`),
      { bill: false },
    );
    const app = component(plan, 'app');
    expect(app.capacityPerUnit).toBeCloseTo(usl(128), 9);
    // N* = √((1 − σ)/κ) = 96.52 (R usl README).
    expect(app.notes.join(' ')).toMatch(/past the USL peak N\* = 96\.5/);
  });
  it('reports a fit file that cannot be read, at the profile key', async () => {
    await expect(planProfileFile(await profileWith('{ fit: missing.csv, concurrency: 8 }'), { bill: false })).rejects.toMatchObject({
      diagnostics: [expect.objectContaining({ line: 5, col: 42, path: "components.app.capacity.fit", message: expect.stringMatching(/missing\.csv: no such file/) })],
    });
  });
});
