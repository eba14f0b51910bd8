/** Short phrases for the runway's headline: what a violation means for the component, in a few words. */
import type { ComponentPlan, Violation } from '../plan/types.js';
import { formatNumber } from '../units/format.js';

/** "postgres: writes exceed one primary", "telegram: demand exceeds the provider's rate limit", ... */
export function eventPhrase(v: Violation, c: ComponentPlan | undefined): string {
  const who = v.component ?? 'the system';
  switch (v.kind) {
    case 'writes': {
      const shards = Number(c?.detail.shards ?? 1);
      return `${who}: writes exceed ${shards === 1 ? 'one primary' : `${formatNumber(shards)} shards`}`;
    }
    case 'rateLimit':
      return `${who}: over the provider's rate limit`;
    case 'maxReplicas':
      return `${who}: needs more than replicas.max${c ? ` (${formatNumber(c.replicas)})` : ''}`;
    case 'latency':
      return v.component === null ? 'the end-to-end p95 exceeds its target' : `${who}: its latency budget is out of reach`;
    case 'memory':
      return `${who}: data outgrows its memory`;
    case 'connections':
      return `${who}: connections exceed max_connections`;
    case 'timeout':
      // A call's timeout (its path is the call: components.api.calls[0]), or a worker's job class.
      return /\.calls\[\d+\]/.test(v.path) ? `${who}: its calls time out, and the retries would feed a storm` : `${who}: a job class misses its timeout`;
    case 'unstable':
      return `${who}: saturated (utilisation ≥ 100 %)`;
    case 'availability':
      return `${who}: refused calls miss the availability target`;
    case 'capacity':
      return `${who}: beyond the units capplan sizes`;
    default:
      return `${who}: ${v.kind}`;
  }
}

/** What running short of headroom means, by what limits the component: more units, or a ceiling no unit count lifts. */
export function scalePhrase(limitedBy: string): string {
  switch (limitedBy) {
    case 'rateLimit':
      return "nears the provider's rate limit";
    case 'writes':
      return 'nears its write ceiling';
    case 'memory':
      return 'must grow its memory';
    default:
      return 'must scale';
  }
}
