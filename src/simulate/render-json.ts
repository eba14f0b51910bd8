/** JSON rendering of simulation reports: numbers to 6 significant digits, non-finite as null, stable key order. */
import { normaliseForJson } from '../render/json.js';
import type { SimReport } from './report.js';

/** The JSON document of a simulation: `{ apiVersion, kind, profile, phases: [report …] }` (docs/simulate.md). */
export function renderSimulationJson(reports: readonly SimReport[]): string {
  const doc = {
    apiVersion: 'capplan/v1',
    kind: 'simulation',
    profile: reports[0]?.profile ?? null,
    phases: reports.map(({ apiVersion: _a, kind: _k, profile: _p, ...rest }) => rest),
  };
  return `${JSON.stringify(normaliseForJson(doc), null, 2)}\n`;
}
