/**
 * The request-path diagram of one phase: the callers' entry ("clients"), each component as a
 * box labelled with its size and utilisation, calls as arrows, the bottleneck highlighted and
 * components with violations outlined. Components nobody calls and that call nobody (queue
 * consumers, links, disks) sit in a row of their own under the drawing. Pure.
 */
import { callGraph, isWorkload } from '../emit/context.js';
import type { ComponentPlan, PhasePlan } from '../plan/types.js';
import { formatLatency } from '../render/plan-text.js';
import { formatNumber, formatPercent } from '../units/format.js';
import { colourClass } from './colours.js';
import { attrs, esc } from './escape.js';
import { layerGraph } from './layout.js';
import { violationsOf } from './phase-table.js';
import { fitText, px, svgChart, svgText } from './svg.js';

const BOX_W = 180;
const BOX_H = 62;
/** Between layers, and between boxes of one layer. */
const GAP_MAJOR = 54;
const GAP_MINOR = 22;
const PAD = 14;
const BAR_W = 96;
/** Widest left-to-right drawing before the diagram turns top-to-bottom (fits A4 at 96 px/in). */
const MAX_ACROSS_PX = 700;
/** Node 0 is the callers' entry; node i + 1 is component i. */
const CLIENTS = 0;

/** The call graph of a phase as drawn. */
export interface RequestGraph {
  /** Edges between node indices (0 = clients, i + 1 = component i). */
  edges: [number, number][];
  /** Components (indices into phase.components) with no call in or out. */
  isolated: number[];
  /** True when no component declares calls and the edges follow the planner's inferred path. */
  inferred: boolean;
}

/** The edges to draw: declared calls, the clients' calls into the entry points, or the inferred path. */
export function requestGraph(phase: PhasePlan): RequestGraph {
  const index = new Map(phase.components.map((c, i) => [c.name, i + 1]));
  const edges: [number, number][] = [];
  const inferred = phase.components.every((c) => c.calls.length === 0);
  if (inferred) {
    const path = phase.system.path.map((n) => index.get(n)).filter((i): i is number => i !== undefined);
    path.forEach((node, i) => edges.push([i === 0 ? CLIENTS : path[i - 1]!, node]));
  } else {
    const graph = callGraph(phase, new Set(phase.components.filter(isWorkload).map((c) => c.name)));
    phase.components.forEach((c, i) => {
      if (graph.entries.has(c.name)) edges.push([CLIENTS, i + 1]);
    });
    phase.components.forEach((c, i) => {
      for (const callee of c.calls) {
        const j = index.get(callee);
        if (j !== undefined) edges.push([i + 1, j]);
      }
    });
  }
  const touched = new Set(edges.flat());
  const isolated = phase.components.map((_c, i) => i).filter((i) => !touched.has(i + 1));
  return { edges, isolated, inferred };
}

/**
 * The largest request graph drawn: past it a drawing is too big to read (5,000 components made an
 * SVG of 59,410 × 181,882 px, 43 MB of a 51 MB report) and Mermaid refuses to draw it (its
 * defaults: at most 500 edges, `maxEdges`, and 50,000 characters, `maxTextSize`;
 * mermaid.js.org/config/schema-docs/config.html). The report says so and keeps the table of
 * callers and calls.
 */
export const DIAGRAM_LIMITS = { components: 150, calls: 500, mermaidChars: 50_000 } as const;

/** Why the request graph of `phase` is not drawn (components, calls, the limits), or null when it is. */
export function diagramLeftOut(phase: PhasePlan, graph: RequestGraph = requestGraph(phase)): string | null {
  const components = phase.components.length;
  const calls = graph.edges.length;
  if (components <= DIAGRAM_LIMITS.components && calls <= DIAGRAM_LIMITS.calls) return null;
  return `The request-path diagram is left out: ${formatNumber(components)} components and ${formatNumber(calls)} calls (it is drawn up to ${DIAGRAM_LIMITS.components} components and ${DIAGRAM_LIMITS.calls} calls; a larger drawing cannot be read, and Mermaid refuses more than ${DIAGRAM_LIMITS.calls} edges).`;
}

interface Placed {
  x: number;
  y: number;
}

/** The diagram as an accessible SVG, with a one-paragraph description. */
export function renderRequestDiagram(phase: PhasePlan, opts: { id: string; path: string; colours: ReadonlyMap<string, number> }): { svg: string; desc: string; inferred: boolean } {
  const graph = requestGraph(phase);
  const drawn = [CLIENTS, ...[...new Set(graph.edges.flat())].filter((n) => n !== CLIENTS).sort((a, b) => a - b)];
  const local = new Map(drawn.map((n, i) => [n, i]));
  const layering = layerGraph(drawn.length, graph.edges.map(([a, b]) => [local.get(a)!, local.get(b)!] as const));
  const widest = Math.max(1, ...layering.layers.map((l) => l.length));
  const acrossLR = layering.layers.length * (BOX_W + GAP_MAJOR) - GAP_MAJOR;
  const acrossTB = widest * (BOX_W + GAP_MINOR) - GAP_MINOR;
  const leftToRight = acrossLR <= MAX_ACROSS_PX || acrossLR <= acrossTB;
  // Positions by node of the layering (dummies included), then by graph node for the boxes.
  const slot = new Map<number, Placed>();
  const at = new Map<number, Placed>();
  const span = (k: number, step: number) => k * step - (step - (leftToRight ? BOX_H : BOX_W));
  const minorStep = leftToRight ? BOX_H + GAP_MINOR : BOX_W + GAP_MINOR;
  const majorStep = leftToRight ? BOX_W + GAP_MAJOR : BOX_H + GAP_MAJOR;
  const full = span(widest, minorStep);
  layering.layers.forEach((layer, l) => {
    const offset = (full - span(layer.length, minorStep)) / 2;
    layer.forEach((node, k) => {
      const major = PAD + l * majorStep;
      const minor = PAD + offset + k * minorStep;
      const p = leftToRight ? { x: major, y: minor } : { x: minor, y: major };
      slot.set(node, p);
      if (node < layering.nodes) at.set(drawn[node]!, p);
    });
  });
  let width = PAD * 2 + (leftToRight ? acrossLR : acrossTB);
  let height = PAD * 2 + (leftToRight ? full : layering.layers.length * majorStep - GAP_MAJOR);
  // Components off the call graph: a row (or rows) under the drawing.
  const perRow = Math.max(3, Math.floor((width - PAD * 2 + GAP_MINOR) / (BOX_W + GAP_MINOR)));
  let strip = '';
  if (graph.isolated.length) {
    width = Math.max(width, PAD * 2 + Math.min(perRow, graph.isolated.length) * (BOX_W + GAP_MINOR) - GAP_MINOR);
    strip = svgText(PAD, height + 14, 'Not called on the request path:', { class: 'note' });
    const top = height + 24;
    graph.isolated.forEach((ci, k) => at.set(ci + 1, { x: PAD + (k % perRow) * (BOX_W + GAP_MINOR), y: top + Math.floor(k / perRow) * (BOX_H + GAP_MINOR) }));
    height = top + Math.ceil(graph.isolated.length / perRow) * (BOX_H + GAP_MINOR) - GAP_MINOR + PAD;
  }
  const marker = `${opts.id}-arrow`;
  const defs = `<defs><marker id="${marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path class="arrowhead" d="M0,0L10,5L0,10z"/></marker></defs>`;
  const edges = layering.edges.map((e, k) => edgePath(layering.routes[k]!.map((n) => slot.get(n)!), leftToRight, e.back, graph.inferred, marker)).join('');
  const boxes = [clientsNode(at.get(CLIENTS)!, phase, opts.path)];
  phase.components.forEach((c, i) => {
    const p = at.get(i + 1);
    if (p) boxes.push(componentNode(c, `${opts.path}.components[${i}]`, p, phase, opts.colours));
  });
  const desc = describe(phase, graph);
  const svg = svgChart({ id: opts.id, width, height, title: `Request path of phase ${phase.name}`, desc, className: 'diagram' }, defs + edges + boxes.join('') + strip);
  return { svg, desc, inferred: graph.inferred };
}

/** An arrow along a route of boxes (its ends) and dummy slots (passed straight through), or a back edge bowing outwards. */
function edgePath(route: readonly Placed[], leftToRight: boolean, back: boolean, inferred: boolean, marker: string): string {
  const cls = `edge${back ? ' back' : ''}${inferred ? ' inferred' : ''}`;
  const [from, to] = [route[0]!, route.at(-1)!];
  let d: string;
  if (back) {
    // Against the flow: leave and enter on the same side, bowing outwards.
    const [sx, sy, ex, ey] = leftToRight ? [from.x + BOX_W / 2, from.y + BOX_H, to.x + BOX_W / 2, to.y + BOX_H] : [from.x + BOX_W, from.y + BOX_H / 2, to.x + BOX_W, to.y + BOX_H / 2];
    const bow = 36;
    d = leftToRight ? `M${px(sx)},${px(sy)}C${px(sx)},${px(sy + bow)} ${px(ex)},${px(ey + bow)} ${px(ex)},${px(ey)}` : `M${px(sx)},${px(sy)}C${px(sx + bow)},${px(sy)} ${px(ex + bow)},${px(ey)} ${px(ex)},${px(ey)}`;
    return `<path class="${cls}" d="${d}" marker-end="url(#${marker})"/>`;
  }
  // Where the arrow enters and leaves each slot: its left and right sides (or top and bottom).
  const entry = (p: Placed): [number, number] => (leftToRight ? [p.x, p.y + BOX_H / 2] : [p.x + BOX_W / 2, p.y]);
  const exit = (p: Placed): [number, number] => (leftToRight ? [p.x + BOX_W, p.y + BOX_H / 2] : [p.x + BOX_W / 2, p.y + BOX_H]);
  let [sx, sy] = exit(from);
  d = `M${px(sx)},${px(sy)}`;
  route.slice(1).forEach((p, i) => {
    const [ex, ey] = entry(p);
    d += leftToRight ? `C${px((sx + ex) / 2)},${px(sy)} ${px((sx + ex) / 2)},${px(ey)} ${px(ex)},${px(ey)}` : `C${px(sx)},${px((sy + ey) / 2)} ${px(ex)},${px((sy + ey) / 2)} ${px(ex)},${px(ey)}`;
    if (i < route.length - 2) {
      [sx, sy] = exit(p);
      d += `L${px(sx)},${px(sy)}`;
    }
  });
  return `<path class="${cls}" d="${d}" marker-end="url(#${marker})"/>`;
}

function clientsNode(p: Placed, phase: PhasePlan, path: string): string {
  const h = BOX_H - 16;
  const y = p.y + 8;
  return (
    `<g class="node clients"><title>${esc(`Clients: ${formatNumber(phase.peakRps)} user requests/s at peak`)}</title>` +
    `<rect class="box" x="${px(p.x)}" y="${px(y)}" width="${BOX_W}" height="${h}" rx="${h / 2}"/>` +
    svgText(p.x + BOX_W / 2, y + 18, 'clients', { class: 'name', 'text-anchor': 'middle' }) +
    `<text class="sub" x="${px(p.x + BOX_W / 2)}" y="${px(y + 34)}" text-anchor="middle"><tspan data-plan="${esc(`${path}.peakRps`)}">${esc(formatNumber(phase.peakRps))}</tspan> req/s at peak</text></g>`
  );
}

function componentNode(c: ComponentPlan, path: string, p: Placed, phase: PhasePlan, colours: ReadonlyMap<string, number>): string {
  const bottleneck = c.name === phase.system.bottleneck;
  const violations = violationsOf(phase, c);
  const cls = ['node', colourClass(colours.get(c.name)), bottleneck ? 'bottleneck' : '', violations.length ? 'violated' : '', c.synchronous ? '' : 'async'].filter(Boolean).join(' ');
  const over = c.utilization >= 1 - 1e-9 ? ' sat' : c.utilization > c.targetUtilization + 1e-9 ? ' over' : '';
  const fill = BAR_W * Math.min(1, Math.max(0, c.utilization));
  const tx = p.x + 13;
  const title = [
    `${c.name} (${c.kind}${c.managed ? ', managed' : ''}${c.synchronous ? '' : ', asynchronous'}): ${c.topology}, binding ${c.binding}`,
    `utilisation ${formatPercent(c.utilization)} at peak (target ${formatPercent(c.targetUtilization)}), p95 ${formatLatency(c.latencyP95)}`,
    ...(bottleneck ? ['the bottleneck of this phase'] : []),
    ...violations.map((v) => `violation (${v.kind}): ${v.message}`),
  ].join('\n');
  return (
    `<g${attrs({ class: cls })}><title>${esc(title)}</title>` +
    `<rect class="box" x="${px(p.x)}" y="${px(p.y)}" width="${BOX_W}" height="${BOX_H}" rx="6"/>` +
    `<rect class="stripe" x="${px(p.x)}" y="${px(p.y)}" width="6" height="${BOX_H}" rx="3"/>` +
    // The badge sits inside the box, where no arrow comes in.
    (bottleneck ? svgText(p.x + BOX_W - 8, p.y + 16, 'bottleneck', { class: 'badge', 'text-anchor': 'end' }) : '') +
    svgText(tx, p.y + 18, fitText(c.name, 13, BOX_W - 20 - (bottleneck ? 72 : 0)), { class: 'name' }) +
    svgText(tx, p.y + 34, fitText(c.topology, 11, BOX_W - 20), { class: 'sub' }) +
    `<rect class="util-track" x="${px(tx)}" y="${px(p.y + 44)}" width="${BAR_W}" height="8" rx="2"/>` +
    `<rect class="util-fill${over}" x="${px(tx)}" y="${px(p.y + 44)}" width="${px(fill)}" height="8" rx="2"/>` +
    `<line class="util-target" x1="${px(tx + BAR_W * c.targetUtilization)}" x2="${px(tx + BAR_W * c.targetUtilization)}" y1="${px(p.y + 41)}" y2="${px(p.y + 55)}"/>` +
    `<text class="sub" x="${px(tx + BAR_W + 6)}" y="${px(p.y + 52)}" data-plan="${esc(`${path}.utilization`)}">${esc(formatPercent(c.utilization))}</text>` +
    `</g>`
  );
}

/** The diagram in words, for its <desc> and for readers without the picture. */
function describe(phase: PhasePlan, graph: RequestGraph): string {
  const name = (n: number) => (n === CLIENTS ? 'clients' : phase.components[n - 1]!.name);
  const calls = new Map<number, number[]>();
  for (const [a, b] of graph.edges) calls.set(a, [...(calls.get(a) ?? []), b]);
  const parts = [...calls].map(([a, bs]) => `${name(a)} call${a === CLIENTS ? '' : 's'} ${bs.map(name).join(', ')}`);
  const b = phase.components.find((c) => c.name === phase.system.bottleneck);
  const sentences = [`${graph.inferred ? 'No component declares calls; the planner takes the request path to be ' : ''}${parts.join('; ')}.`];
  if (b) sentences.push(`Bottleneck: ${b.name} (${b.topology}, utilisation ${formatPercent(b.utilization)}, limited by ${b.maxRpsBy}).`);
  if (graph.isolated.length) sentences.push(`Not called on the request path: ${graph.isolated.map((i) => phase.components[i]!.name).join(', ')}.`);
  return sentences.join(' ');
}
