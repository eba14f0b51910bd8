/**
 * The house reads as the pipeline (STYLE.md): no import circles anywhere in src/, and the pure
 * core never touches the file system, the process, the console or colours — only src/cli/ does.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sourceFiles(path);
      return path.endsWith('.ts') ? [path] : [];
    });
}

const files = sourceFiles(src);
const text = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));

/** Relative imports of a file (static, re-exports and dynamic), as absolute .ts paths. */
function importsOf(file: string): string[] {
  const s = text.get(file)!;
  const specs = [
    ...s.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+'(\.[^']+)'/gm),
    ...s.matchAll(/^\s*import\s+'(\.[^']+)'/gm),
    ...s.matchAll(/import\(\s*'(\.[^']+)'\s*\)/g),
  ].map((m) => m[1]!);
  return specs.map((spec) => join(dirname(file), spec).replace(/\.js$/, '.ts')).filter((p) => text.has(p));
}

/** Strongly connected components with more than one file (Tarjan), each sorted. */
function cycles(): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(relative(root, w));
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const f of files) if (!index.has(f)) connect(f);
  return out;
}

describe('the source layering', () => {
  it('has no import circles', () => {
    expect(cycles()).toEqual([]);
  });

  it('keeps I/O in src/cli: no fs, process, console or chalk in the core', () => {
    const offenders: string[] = [];
    for (const [file, s] of text) {
      const rel = relative(root, file);
      if (rel.startsWith('src/cli/')) continue;
      const code = s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      if (/from\s+'node:(fs|fs\/promises|child_process|net|http|https)'/.test(code)) offenders.push(`${rel}: imports a Node I/O module`);
      if (/\bprocess\.(stdout|stderr|stdin|exit|env|argv|exitCode)\b/.test(code)) offenders.push(`${rel}: uses process`);
      if (/\bconsole\.\w+\(/.test(code)) offenders.push(`${rel}: uses console`);
      if (/from\s+'chalk'/.test(code)) offenders.push(`${rel}: imports chalk`);
    }
    expect(offenders).toEqual([]);
  });
});
