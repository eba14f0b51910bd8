/**
 * observe with a CPU series that is NaN or missing for a component: no service time is measured,
 * so a profile p95 outside the band gets no verdict ("no data"), in text and JSON, rather than
 * "model off", which would blame the model for a gap in the data.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';
import { observeProfile } from '../../src/observe/observe.js';
import { renderObserveJson, renderObserveText } from '../../src/observe/render.js';
import { parseRecording, replaySource, type Recording } from '../../src/observe/source.js';
import { plainPalette } from '../../src/render/palette.js';

const PROFILE = 'examples/observe/shop.yaml';
const RECORDING = 'examples/observe/recording.json';
const API_CPU = 'sum(rate(container_cpu_usage_seconds_total{container="api"}[10s]))';

/** The example replayed with the API's CPU answer changed by `edit`. */
async function replayWithCpu(edit: (data: { result: { value: [number, string] }[] }) => void) {
  const raw = JSON.parse(readFileSync(RECORDING, 'utf8')) as { queries: { query: string; data: { result: { value: [number, string] }[] } }[] };
  const answers = raw.queries.filter((q) => q.query === API_CPU);
  expect(answers.length).toBeGreaterThan(0);
  for (const q of answers) edit(q.data);
  const rec = parseRecording(raw) as Recording;
  const { profile, plan, fits } = await planProfileFile(PROFILE, { bill: false });
  return observeProfile(profile, plan, replaySource(rec, RECORDING), { endS: rec.options.end, windowS: 3, rateWindowS: 10, at: 'peak', allowResets: false, tolerance: 0.2, fits });
}

describe('observe without a CPU figure', () => {
  for (const [what, edit] of [
    ['NaN', (d: { result: { value: [number, string] }[] }) => (d.result[0]!.value[1] = 'NaN')],
    ['missing', (d: { result: unknown[] }) => (d.result = [])],
  ] as const) {
    it(`gives no verdict when the series is ${what}, and blames neither the profile nor the model`, async () => {
      const r = await replayWithCpu(edit as never);
      const api = r.comparisons.find((c) => c.name === 'api')!;
      expect(api.calibratedP95).toBeNull();
      expect(api.verdict).toBe('unmeasured');

      const text = renderObserveText(r, RECORDING, plainPalette);
      expect(text).toMatch(/\napi +200 ms +80 ms–300 ms +42\.8 ms +– +no data\n/);
      expect(text).not.toMatch(/\napi .*model off\n/);
      expect(text).toContain("api: no verdict: the profile's p95 is outside the band, but with no measured service time");

      const json = JSON.parse(renderObserveJson(r, RECORDING)) as { components: { name: string; model: { verdict: string; calibratedP95: number | null } | null; notes: string[] }[] };
      const c = json.components.find((x) => x.name === 'api')!;
      expect(c.model).toMatchObject({ verdict: 'unmeasured', calibratedP95: null });
      expect(c.notes.some((n) => n.startsWith('no busy CPU'))).toBe(true);
      expect(c.notes.some((n) => n.startsWith('no verdict: '))).toBe(true);
    });
  }
});
