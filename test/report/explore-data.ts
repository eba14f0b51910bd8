/**
 * Explorations with known answers, for the report's sweep, runway and tornado charts until
 * `capplan report` computes them from src/explore: one M/M/1 queue swept in load, a compound
 * growth, and a two-input tornado.
 */
import type { RunwaySeries, TornadoBar } from '../../src/report/chart-explore.js';
import type { SweepSeries } from '../../src/report/chart-sweep.js';

/** Service rate of the swept queue (req/s). */
export const MU = 100;

/*
 * M/M/1 response time (wait + service) is exponential with rate μ − λ (Kleinrock, Queueing
 * Systems vol. 1, 1975, §3.2), so its p-quantile is −ln(1 − p) / (μ − λ); utilisation ρ = λ/μ.
 * Kleinrock's power λ / R(λ) is largest at λ = μ/2, and the p95 reaches 100 ms where
 * μ − λ = ln 20 / 0.1, i.e. λ = 100 − 29.957 = 70.04 req/s.
 */
export function mm1Sweep(): SweepSeries {
  const rps = Array.from({ length: 19 }, (_, k) => 5 * (k + 1));
  const p95 = (l: number) => -Math.log(0.05) / (MU - l);
  return {
    phase: 'now',
    percentile: 0.95,
    peakRps: 40,
    latencyTarget: 0.1,
    rps,
    latencyP95: rps.map(p95),
    components: [{ name: 'api', utilization: rps.map((l) => l / MU) }],
    knee: { rps: MU / 2, latencyS: p95(MU / 2) },
    latencyLimitRps: MU - Math.log(20) / 0.1,
  };
}

/** Twelve months of 10 % monthly growth from 100 req/s, a scaling event in month 7 and a violation in month 10. */
export function compoundRunway(): RunwaySeries {
  return {
    phase: 'now',
    months: Array.from({ length: 13 }, (_, m) => ({ month: m, label: `month ${m}`, peakRps: 100 * 1.1 ** m, monthly: 1000 + 50 * m })),
    events: [
      { month: 7, label: 'month 7', kind: 'scale', summary: 'api: must scale (headroom with today’s units under 1.3×)' },
      { month: 10, label: 'month 10', kind: 'writes', summary: 'db: writes exceed one primary' },
    ],
    headline: 'api must scale in month 7',
  };
}

/** Two inputs: the service time moves the cost most, the visits less. */
export function twoInputTornado(): { bars: TornadoBar[]; base: { monthly: number; headroom: number } } {
  return {
    bars: [
      { input: 'components.api.serviceTime', monthlyLow: 800, monthlyHigh: 1400, headroomLow: 2.4, headroomHigh: 1.2 },
      { input: 'components.db.readsPerRequest', monthlyLow: 950, monthlyHigh: 1100, headroomLow: 1.9, headroomHigh: 1.6 },
    ],
    base: { monthly: 1000, headroom: 1.8 },
  };
}
