/**
 * Free text a profile writes (its name, its phases' names) goes into Markdown headings as written:
 * `*beta*`, `<b>` or `a | b` must not turn into emphasis, raw HTML or a broken table in a pull
 * request comment or a design document.
 */
import { describe, expect, it } from 'vitest';
import { mdText } from '../../src/render/markdown.js';
import { renderPlanMarkdown } from '../../src/render/plan-markdown.js';
import { planText } from '../support/plan.js';

describe('mdText', () => {
  it('escapes the characters that start emphasis, code, links, HTML and strikethrough (test/render/markdown-escape.test.ts renders them)', () => {
    expect(mdText('shop *beta* _x_ `y` [z](u) <b> a|b ~s~ #1 c\\d')).toBe('shop \\*beta\\* \\_x\\_ \\`y\\` \\[z](u) \\<b> a|b \\~s\\~ #1 c\\\\d');
    expect(mdText('v0.14 today (level 1-100 users)')).toBe('v0.14 today (level 1-100 users)');
  });
});

describe('plan --format markdown', () => {
  it('writes the profile\'s and the phases\' names escaped in its headings', async () => {
    const plan = await planText(
      'apiVersion: capplan/v1\nname: "shop *beta* <b>"\nworkload: { rps: 100 }\nphases:\n  - { name: "p | q", scale: 2 }\ncomponents:\n  api: { kind: service, serviceTime: 20ms, workers: 4 }\n',
    );
    const headings = renderPlanMarkdown(plan).split('\n').filter((l) => l.startsWith('#'));
    expect(headings.slice(0, 3)).toEqual(['## Capacity plan: shop \\*beta\\* \\<b>', '### Phase now', '### Phase p | q']);
  });
});
