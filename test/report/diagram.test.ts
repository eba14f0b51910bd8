/** The request-path diagram: which arrows are drawn, what is highlighted, how it is laid out. */
import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIAGRAM_LIMITS, diagramLeftOut, requestGraph, renderRequestDiagram } from '../../src/report/diagram.js';
import { renderReportHtml } from '../../src/report/html.js';
import { mermaidDiagram } from '../../src/report/markdown.js';
import { planText } from '../support/plan.js';
import { reportInputOf, root } from './helpers.js';

const colours = new Map<string, number>();

describe('requestGraph', () => {
  it('draws the clients calling the entry point and each declared call (thea-ia)', async () => {
    const { plan } = await reportInputOf(`${root}profiles/thea-ia.yaml`);
    const g = requestGraph(plan.phases[0]!);
    // Components are nodes 1..7 in profile order: fsm, telegram, telegram-broadcast, rest, agents,
    // postgres, redis; the broadcasts are sent from a queue, so nothing calls them.
    expect(g.edges).toEqual([[0, 1], [1, 2], [1, 4], [1, 5], [1, 6], [1, 7]]);
    expect(g).toMatchObject({ isolated: [2], inferred: false });
  });
  it('leaves queue consumers nobody calls off the path, without a clients arrow (litper)', async () => {
    const { plan } = await reportInputOf(`${root}profiles/litper.yaml`);
    const p = plan.phases[0]!;
    const g = requestGraph(p);
    const name = (n: number) => (n === 0 ? 'clients' : p.components[n - 1]!.name);
    expect(g.edges.filter(([a]) => a === 0).map(([, b]) => name(b))).toEqual(['litper-api']);
    expect(g.edges.filter(([a]) => name(a) === 'workers').map(([, b]) => name(b))).toEqual(['redis', 'postgres', 'whatsapp']);
    expect(g.isolated.map((i) => p.components[i]!.name)).toEqual(['analytics']);
  });
  it('follows the planner’s inferred path, dashed, when no component declares calls', async () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const plan = await planText(`apiVersion: capplan/v1\nname: chain\nworkload: { rps: 10/s }\ncomponents:\n${names.map((n) => `  ${n}: { kind: service, capacity: 100/s }\n`).join('')}`);
    const p = plan.phases[0]!;
    const g = requestGraph(p);
    expect(g.inferred).toBe(true);
    expect(g.edges).toEqual(names.map((_n, i) => [i, i + 1]));
    const d = renderRequestDiagram(p, { id: 'x', path: 'phases[0]', colours });
    expect(d.svg).toContain('class="edge inferred"');
    expect(d.desc).toMatch(/^No component declares calls; the planner takes the request path to be clients call a; a calls b;/);
    // Nine nodes in a chain are too wide across the page: the drawing runs top to bottom.
    const [, w, h] = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(d.svg)!.map(Number);
    expect(h!).toBeGreaterThan(w!);
  });
});

describe('renderRequestDiagram', () => {
  it('highlights the bottleneck, outlines components with violations and labels each box with size and utilisation', async () => {
    const { plan } = await reportInputOf(`${root}profiles/thea-ia.yaml`);
    const p = plan.phases[1]!;
    const d = renderRequestDiagram(p, { id: 'p1-path', path: 'phases[1]', colours });
    const groups = [...d.svg.matchAll(/<g class="node ([^"]*)"><title>([^<]*)<\/title>/g)].map((m) => ({ cls: m[1]!.split(' '), title: m[2]! }));
    const of = (name: string) => groups.find((g) => g.title.startsWith(`${name} (`))!;
    expect(of(p.system.bottleneck!).cls).toContain('bottleneck');
    for (const c of p.components) {
      const violated = p.violations.some((v) => v.component === c.name);
      expect(of(c.name).cls.includes('violated'), c.name).toBe(violated);
      expect(of(c.name).title).toContain(c.topology);
    }
    expect(d.svg).toContain('<marker id="p1-path-arrow"');
    expect(d.desc).toContain(`Bottleneck: ${p.system.bottleneck}`);
  });
});

/** A profile of `n` services that call nobody (the planner infers a chain). */
function servicesProfile(n: number): string {
  const names = Array.from({ length: n }, (_x, i) => `s${String(i).padStart(3, '0')}`);
  return `apiVersion: capplan/v1\nname: many\nworkload: { rps: 10/s }\ncomponents:\n${names.map((c) => `  ${c}: { kind: service, serviceTime: 1ms }\n`).join('')}`;
}

/** A hub calling 20 services, each of which calls the same `leaves` services: 1 + 20 + 20 × leaves calls with the clients'. */
function meshProfile(leaves: number): string {
  const mids = Array.from({ length: 20 }, (_x, i) => `m${i}`);
  const ends = Array.from({ length: leaves }, (_x, i) => `l${i}`);
  const lines = [`  hub: { kind: service, serviceTime: 1ms, calls: [${mids.join(', ')}] }`, ...mids.map((m) => `  ${m}: { kind: service, serviceTime: 1ms, calls: [${ends.join(', ')}] }`), ...ends.map((l) => `  ${l}: { kind: service, serviceTime: 1ms }`)];
  return `apiVersion: capplan/v1\nname: mesh\nworkload: { rps: 10/s }\ncomponents:\n${lines.join('\n')}\n`;
}

describe('a request graph too large to draw', () => {
  it('is drawn up to 150 components, and past that says why and keeps the table (HTML and Markdown)', async () => {
    const drawn = (await planText(servicesProfile(DIAGRAM_LIMITS.components))).phases[0]!;
    expect(diagramLeftOut(drawn)).toBeNull();
    expect(mermaidDiagram(drawn)).toMatch(/^```mermaid\nflowchart LR\n/);
    const dir = await mkdtemp(join(tmpdir(), 'capplan-diagram-'));
    try {
      const file = join(dir, 'many.yaml');
      await writeFile(file, servicesProfile(DIAGRAM_LIMITS.components + 1));
      const input = await reportInputOf(file, { explore: false, bill: false });
      const p = input.plan.phases[0]!;
      expect(diagramLeftOut(p)).toBe('The request-path diagram is left out: 151 components and 151 calls (it is drawn up to 150 components and 500 calls; a larger drawing cannot be read, and Mermaid refuses more than 500 edges).');
      expect(mermaidDiagram(p)).not.toContain('```');
      expect(mermaidDiagram(p)).toContain('left out: 151 components');
      const html = renderReportHtml(input);
      expect(html).not.toContain('class="chart diagram"');
      expect(html).toContain('<p class="note">The request-path diagram is left out: 151 components');
      // The table of callers and calls still lists every component.
      expect(html).toContain('<th scope="row">s150</th>');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  it('is left out past 500 calls (Mermaid\'s maxEdges) however few components make them', async () => {
    const under = (await planText(meshProfile(23))).phases[0]!;
    expect(requestGraph(under).edges.length).toBe(1 + 20 + 20 * 23);
    expect(diagramLeftOut(under)).toBeNull();
    const over = (await planText(meshProfile(24))).phases[0]!;
    expect(diagramLeftOut(over)).toMatch(/^The request-path diagram is left out: 45 components and 501 calls/);
  });
});
