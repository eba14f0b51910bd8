/**
 * Every relative link in README.md and docs/*.md names a file that is in the repository, and
 * every #anchor names a heading of that file (GitHub's slugs: lower case, punctuation dropped,
 * spaces to hyphens).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url).pathname;
const docs = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`), 'examples/README.md'].filter((f) => existsSync(join(root, f)));

/** GitHub's heading anchor. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[`*_]/g, '').replace(/[^\p{L}\p{N} -]/gu, '').replace(/ /g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(join(root, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));
}

/** Markdown links outside code: [text](target) and [text]: target. */
function links(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g), ...prose.matchAll(/^\[[^\]]+\]:\s+(\S+)/gm)].map((m) => m[1]!);
}

describe('links in the documentation', () => {
  it.each(docs)('%s links only to files and headings that exist', (file) => {
    const broken: string[] = [];
    for (const target of links(readFileSync(join(root, file), 'utf8'))) {
      if (/^[a-z]+:/i.test(target)) continue;
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const resolved = path === '' ? file : relative(root, join(root, dirname(file), decodeURIComponent(path)));
      if (!existsSync(join(root, resolved))) {
        broken.push(`${target} (no file ${resolved})`);
        continue;
      }
      if (anchor && resolved.endsWith('.md') && !anchors(resolved).has(anchor)) broken.push(`${target} (no heading #${anchor} in ${resolved})`);
    }
    expect(broken).toEqual([]);
  });
  it('checks some links at all', () => {
    expect(docs.flatMap((f) => links(readFileSync(join(root, f), 'utf8'))).length).toBeGreaterThan(5);
  });
});
