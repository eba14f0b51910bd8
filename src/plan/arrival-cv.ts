/**
 * How bursty the stream reaching each component is: the squared coefficient of variation c_a² of
 * each component's interarrival times, propagated along the call graph by the rules of Whitt's
 * Queueing Network Analyzer (QNA: W. Whitt, "The Queueing Network Analyzer", Bell System Technical Journal 62(9),
 * 1983). Pure functions of the graph, the entry's cv and each component's utilisation.
 */
import { streamScv, thinnedScv } from '../model/arrival-law.js';
import type { Arrivals } from '../model/queue-model.js';
import type { GraphEdge, RequestGraph } from './request-graph.js';

/** One component's arrival variability with how it was found, for --explain. */
export interface ArrivalVariability {
  /** c_a², the squared cv of the interarrival times reaching the component. */
  scv: number;
  /** One line: where the figure comes from. */
  text: string;
}

/**
 * QNA's departure rule for a station of c servers at utilisation ρ fed by c_a², serving with
 * squared cv c_s² (Whitt 1983, eq. 39, the linking equation of the multi-server approximation):
 *   c_d² = 1 + (1 − ρ²)(c_a² − 1) + ρ²(c_s² − 1)/√c.
 * A busy station smooths a bursty stream towards its own service's variability (ρ → 1: c_d² →
 * 1 + (c_s² − 1)/√c), a lightly loaded one passes it on (ρ → 0: c_d² → c_a²). It applies from a
 * Poisson entry too; with exponential service and c_a² = 1 it is exactly 1, so such streams stay
 * Poisson (docs/model.md, "Bursty arrivals"). c_s² is the station's own service, not the hold
 * of a blocking call. The floor keeps c_d² positive where near-constant service on few servers would take it below 0.
 *
 * A component of n replicas is n stations, each fed its split of the stream (c_a² of its queue:
 * random c²/n + 1 − 1/n, round-robin c²/n, a pooled queue the whole stream); their departures
 * merge, rate-weighted, into the stream its callees see: the departures of one replica.
 */
export function departureScv(arrivalScv: number, utilization: number, serviceScv = 1, servers = 1): number {
  const rho = Math.min(1, Math.max(0, utilization));
  return Math.max(MIN_SCV, 1 + (1 - rho * rho) * (arrivalScv - 1) + (rho * rho * (serviceScv - 1)) / Math.sqrt(servers));
}

/** A caller's queue as sized: the c_a² one of its queues sees, its utilisation, the c² of its own service time (not a blocking call's hold), its servers. */
export interface Station {
  queueScv: number;
  utilization: number;
  serviceScv: number;
  servers: number;
}

/** The least c² a propagated stream keeps (a stream no smoother than Erlang-64's). */
const MIN_SCV = 1 / 64;

/**
 * c_a² of every component of a phase, callers before callees:
 * - a component no call reaches sees the user requests at `visits` per request: the entry's
 *   stream (c_0² = arrivalCv²), thinned by the visit probability when it is below 1
 *   (splitting, Whitt 1983 eq. 40: c² = p·c_0² + 1 − p);
 * - a called component merges its callers' streams, each a caller's departures (departureScv at
 *   the caller's utilisation) thinned by the call's probability; the merge is QNA's
 *   rate-weighted mean (Whitt 1983 eq. 37, the asymptotic method): c² = Σ λ_i c_i² / Σ λ_i.
 * A visit count above 1 (three reads a request) repeats the stream's pattern: its c² is kept.
 * `stationOf` gives a caller's queue as sized (the previous pass's, layers.ts iterates): the c_a²
 * one of its queues sees, its utilisation, the c² of its own service time and the
 * servers; null before a sizing, when the caller's own c_a², `defaultUtilization` and exponential
 * service stand in.
 */
export function arrivalVariability(
  graph: RequestGraph,
  arrivalCv: number,
  stationOf: (name: string) => Station | null,
  defaultUtilization: number,
): Map<string, ArrivalVariability> {
  const entry = arrivalCv * arrivalCv;
  const out = new Map<string, ArrivalVariability>();
  for (let i = graph.calleeFirst.length - 1; i >= 0; i--) {
    const name = graph.calleeFirst[i]!;
    const incoming = graph.callers.get(name) ?? [];
    if (incoming.length === 0) {
      const visits = graph.visits.get(name) ?? 1;
      const scv = visits < 1 ? thinnedScv(entry, visits) : entry;
      out.set(name, { scv, text: `the entry's stream, workload.arrivalCv ${fmt(arrivalCv)}${visits < 1 ? `, thinned to ${fmt(visits)} of the requests` : ''}` });
      continue;
    }
    let rate = 0;
    let weighted = 0;
    for (const e of incoming) {
      const station = stationOf(e.from);
      const d = departureScv(station?.queueScv ?? out.get(e.from)?.scv ?? entry, station?.utilization ?? defaultUtilization, station?.serviceScv ?? 1, station?.servers ?? 1);
      const r = (graph.visits.get(e.from) ?? 1) * e.probability;
      rate += r;
      weighted += r * thinnedScv(d, e.probability);
    }
    const scv = rate > 0 ? weighted / rate : 1;
    // A Poisson stream from a Poisson entry needs no text (layers.ts gives the kinds none): a large graph of exponential services builds none each pass.
    out.set(name, { scv, text: entry === 1 && scv === 1 ? '' : `QNA from ${incoming.map((e) => callerText(e, stationOf(e.from), out.get(e.from)?.scv ?? entry, defaultUtilization)).join(' + ')}` });
  }
  return out;
}

/** One caller's part of a callee's --explain line: its utilisation, its service where not exponential, its departures' c². */
function callerText(e: GraphEdge, station: Station | null, fromScv: number, defaultUtilization: number): string {
  const rho = station?.utilization ?? defaultUtilization;
  const cs2 = station?.serviceScv ?? 1;
  const d = departureScv(station?.queueScv ?? fromScv, rho, cs2, station?.servers ?? 1);
  const service = Math.abs(cs2 - 1) > 1e-9 ? `, service c² ${fmt(cs2)} on ${station!.servers} server${station!.servers === 1 ? '' : 's'}` : '';
  return `${e.from} (ρ ${fmt(rho)}${service}, departures c² ${fmt(d)}${e.probability < 1 ? `, × p ${fmt(e.probability)}` : ''})`;
}

/** The largest relative change between two passes' c_a² (layers.ts stops when it is negligible). */
export function scvChange(a: ReadonlyMap<string, ArrivalVariability>, b: ReadonlyMap<string, ArrivalVariability>): number {
  let worst = 0;
  for (const [name, x] of a) {
    const y = b.get(name);
    if (y === undefined) return Infinity;
    worst = Math.max(worst, Math.abs(x.scv - y.scv) / Math.max(1e-12, x.scv));
  }
  return worst;
}

/** c_a² of the interarrival times one queue sees: 1 for Poisson, 1/n for every n-th arrival of Poisson, the renewal stream's own. */
export function arrivalsScv(a: Arrivals): number {
  return a.kind === 'poisson' ? 1 : a.kind === 'erlang' ? 1 / a.phases : streamScv(a);
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(3)));
}
