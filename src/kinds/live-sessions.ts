/** Live sessions in a session cache: sessions started within the last ttl, over the day's shape the workload implies. */
import { formatDuration, formatNumber } from '../units/format.js';

/** Seconds in a day. */
const DAY_S = 86_400;

/** Length of the peak window: the busiest hour (peakHourShare is "per peak hour"; peakFactor is read the same way). */
export const PEAK_WINDOW_S = 3_600;

/** Live sessions at the day's busiest moment and the arithmetic behind them. */
export type LiveSessions = {
  sessions: number;
  /** True when ttl fits in the peak window: L = λ_peak × ttl, the plain Little's-law product. */
  withinPeak: boolean;
  /** The worked substitution, `L = … = n`. */
  text: string;
};

/**
 * Sessions alive at time t are those started within the last ttl: L(t) = ∫_{t−ttl}^{t} λ_s(u) du
 * (Little's law with the arrival rate varying over the day). The day's shape is the one the
 * workload already implies: a peak window W at the peak session rate λ_p, the rest of the day
 * (D − W, D = 24 h) at the off-peak rate λ_o that makes the day's total the mean rate × D:
 *   W = min(1 h, λ̄·D / λ_p)  (the busiest hour; shorter only when the day's sessions all fit in less)
 *   λ_o = (λ̄·D − λ_p·W) / (D − W)
 * The most sessions alive at once are at the end of the peak window. With ttl = k·D + x (0 ≤ x < D):
 *   L(ttl) = k·λ̄·D + λ_p·min(x, W) + λ_o·max(0, x − W)
 * so L = λ_p·ttl while ttl ≤ W, grows at λ_o beyond, equals the day's sessions at ttl = 24 h, and is
 * continuous, increasing and never more than the sessions started in any window of that length.
 * A flat day (λ_p ≤ λ̄, no peak factor) is L = λ̄·ttl throughout.
 */
export function liveSessionsOverDay(peakRate: number, meanRate: number, ttlS: number): LiveSessions {
  const plain = (): LiveSessions => {
    const sessions = peakRate * ttlS;
    return { sessions, withinPeak: true, text: `L = ${formatNumber(peakRate)}/s × ${formatDuration(ttlS)} = ${formatNumber(sessions)}` };
  };
  if (peakRate <= meanRate || peakRate <= 0) return plain();
  const perDay = meanRate * DAY_S;
  const windowS = Math.min(PEAK_WINDOW_S, perDay / peakRate);
  if (ttlS <= windowS) return plain();
  const offPeakRate = Math.max(0, (perDay - peakRate * windowS) / (DAY_S - windowS));
  const days = Math.floor(ttlS / DAY_S);
  const x = ttlS - days * DAY_S;
  const inPeakS = Math.min(x, windowS);
  const offPeakS = Math.max(0, x - windowS);
  const sessions = days * perDay + peakRate * inPeakS + offPeakRate * offPeakS;
  // Each term with its count, so the sum is checkable as printed; λ_o with where it comes from.
  const terms: Array<[string, number]> = [];
  if (days > 0) terms.push([`${formatNumber(days)} d × ${formatNumber(perDay)} sessions/day`, days * perDay]);
  if (inPeakS > 0) terms.push([`${formatNumber(peakRate)}/s × ${formatDuration(inPeakS)} (peak)`, peakRate * inPeakS]);
  if (offPeakS > 0) terms.push([`${formatNumber(offPeakRate)}/s × ${formatDuration(offPeakS)} (off-peak)`, offPeakRate * offPeakS]);
  const offPeakText = offPeakS > 0 ? `off-peak rate = (${formatNumber(perDay)} sessions/day − ${formatNumber(peakRate)}/s × ${formatDuration(windowS)}) / ${formatDuration(DAY_S - windowS)} = ${formatNumber(offPeakRate)}/s; ` : '';
  const sum = terms.length > 1 ? ` = ${terms.map(([, n]) => formatNumber(n)).join(' + ')}` : '';
  const text = `${offPeakText}L = ${terms.map(([t]) => t).join(' + ')}${sum} = ${formatNumber(sessions)}`;
  return { sessions, withinPeak: false, text };
}
