/** The Markdown report: the same story as the page, with tables for charts and a Mermaid request path. */
import { describe, expect, it } from 'vitest';
import { mermaidDiagram, renderReportMarkdown } from '../../src/report/markdown.js';
import { reportInputOf, root } from './helpers.js';

describe('renderReportMarkdown (thea-ia)', async () => {
  const input = await reportInputOf(`${root}profiles/thea-ia.yaml`);
  const md = renderReportMarkdown(input);

  it('opens with the header and the headline', () => {
    expect(md.split('\n').slice(0, 11)).toEqual([
      '# Capacity report: thea-ia',
      '',
      'profile `profiles/thea-ia.yaml` · capplan 0.0.0-test · prices as of 2026-07-20',
      '',
      '> Conversational platform; FSM engine, Telegram/REST adapters, ML agents, PostgreSQL, Redis.',
      '',
      '- **bottleneck (v0.14 today)**: telegram',
      '- **headroom (v0.14 today)**: 4.29×',
      '- **monthly cost (v0.14 today)**: $2,357.30',
      `- **first violation**: FSM target 1000 req/s: fsm — ${input.plan.phases[1]!.violations[0]!.message}`,
      '',
    ]);
  });
  it('has every section: summary, cost, each phase with its path and bill, explanations, manifests, inputs', () => {
    const headings = md.slice(0, md.indexOf('<details><summary>profile')).split('\n').filter((l) => /^#{1,3} /.test(l));
    expect(headings).toEqual(['# Capacity report: thea-ia', '## Summary', '## Capacity plan: thea-ia', ...input.plan.phases.map((p) => `### Phase ${p.name}`), '### Roadmap', '## Manifests', '## Inputs']);
    expect(md.match(/^\*\*Monthly cost per phase by component\*\*$/gm)).toHaveLength(1);
    expect(md.match(/^```mermaid$/gm)).toHaveLength(input.plan.phases.length);
    expect(md.match(/^\*\*Bill, aws us-east-1: /gm)).toHaveLength(input.plan.phases.length);
    expect(md.match(/<details><summary>How each figure was derived<\/summary>/g)).toHaveLength(input.plan.phases.length);
    // Four horizontal components (fsm, telegram, rest, agents) and two stateful ones (postgres, redis).
    expect(md).toContain('| Deployment | 4 | 4 | 4 |');
    expect(md).toContain('| StatefulSet | 2 | 2 | 2 |');
  });
  it('quotes the profile verbatim, comments included', () => {
    const text = input.sources[0]!.text;
    expect(md).toContain(`<details><summary>profile: <code>profiles/thea-ia.yaml</code></summary>\n\n\`\`\`yaml\n${text.trimEnd()}\n\`\`\`\n\n</details>`);
  });
  it('is the same text twice', async () => {
    expect(renderReportMarkdown(await reportInputOf(`${root}profiles/thea-ia.yaml`)) === md).toBe(true);
  });
});

describe('mermaidDiagram', () => {
  it('draws the calls and marks the bottleneck and the components with violations', async () => {
    const { plan } = await reportInputOf(`${root}profiles/thea-ia.yaml`);
    const lines = mermaidDiagram(plan.phases[1]!).split('\n');
    expect(lines.slice(0, 3)).toEqual(['```mermaid', 'flowchart LR', '  n0(["clients<br/>1,000 req/s at peak"])']);
    expect(lines).toContain('  n1["fsm<br/>20 replicas · 100%"]');
    expect(lines).toContain('  class n1,n2,n5,n6 violated');
    expect(lines).toContain('  class n2 bottleneck');
    expect(lines.filter((l) => l.includes('-->'))).toEqual(['  n0 --> n1', '  n1 --> n2', '  n1 --> n3', '  n1 --> n4', '  n1 --> n5', '  n1 --> n6']);
  });
  it('keeps quotes and angle brackets out of its labels', async () => {
    const { plan } = await reportInputOf(`${root}profiles/thea-ia.yaml`);
    const phase = { ...plan.phases[0]!, components: plan.phases[0]!.components.map((c, i) => (i === 0 ? { ...c, topology: 'a "b" <c>' } : c)) };
    expect(mermaidDiagram(phase)).toContain('n1["fsm<br/>a #quot;b#quot; #lt;c#gt; · 6.7%"]');
  });
});

describe('inputs with backticks', () => {
  it('fences the profile with more backticks than it contains', async () => {
    const input = await reportInputOf(`${root}profiles/templates/small.yaml`);
    const text = '# a ```` fence in a comment\nname: x\n';
    const md = renderReportMarkdown({ ...input, sources: [{ file: 'x.yaml', role: 'profile', text }] });
    expect(md).toContain('`````yaml\n# a ```` fence in a comment\nname: x\n`````');
  });
});
