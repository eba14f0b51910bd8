/**
 * Every figure of a bundled profile is marked (issue 14): a value the source document gives
 * quotes it, a value derived from the document shows its arithmetic ending in "= value", and
 * every other value says `ASSUMPTION:` with its reason. Every quotation in a profile's comments
 * is in its document, so a profile cannot cite words its source does not have.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SEEDS, commentsOf, figuresOf, inDocument, numbersIn, quotationsOf, read, sameFigure, settingsOf, type Figure } from './sources.js';

/** Why a figure's comment does not mark it, or null when it does. */
export function unmarked(f: Figure, document: string): string | null {
  const c = f.comment;
  // `ASSUMPTION: reason`, or with a qualifier first: `ASSUMPTION, p10..p90 (median 2 s): reason`.
  const assumption = /ASSUMPTION\b[^:]{0,60}:\s*(\S+\s+){2,}\S/.exec(c);
  if (assumption) return null;
  if (/ASSUMPTION/.test(c)) return 'ASSUMPTION needs a colon and a reason of at least three words';
  const quotes = quotationsOf(c).filter((q) => inDocument(q, document));
  if (quotes.length === 0) return c ? 'its comment neither quotes the document nor says ASSUMPTION:' : 'no comment: quote the document or say ASSUMPTION: with the reason';
  const value = numbersIn(f.value)[0];
  if (value === undefined) return null;
  if (quotes.some((q) => numbersIn(q).some((n) => sameFigure(n, value)))) return null;
  const derived = [...c.matchAll(/=\s*([-+]?[\d,_.]*\d)/g)].map((m) => Number(m[1]!.replace(/[,_]/g, '')));
  if (derived.some((n) => sameFigure(n, value))) return null;
  return `${value} is in none of its quotations and no derivation ends in "= ${value}"`;
}

/** Why a setting's comment does not mark it (a word or a boolean: no number to match), or null when it does. */
export function unmarkedSetting(f: Figure, document: string): string | null {
  if (/ASSUMPTION\b[^:]{0,60}:\s*(\S+\s+){2,}\S/.test(f.comment)) return null;
  if (quotationsOf(f.comment).some((q) => inDocument(q, document))) return null;
  return f.comment ? 'its comment neither quotes the document nor says ASSUMPTION: with a reason' : 'no comment: quote the document or say ASSUMPTION: with the reason';
}

describe.each(SEEDS.map((s) => [s.profile, s] as const))('%s', (_name, seed) => {
  const text = read(seed.profile);
  const document = read(seed.source);

  it('marks every figure: a quotation of the document, a derivation "= value", or ASSUMPTION: with a reason', () => {
    const problems = figuresOf(text).flatMap((f) => {
      const why = unmarked(f, document);
      return why ? [`${seed.profile}:${f.line} ${f.path}: ${f.value}: ${why}`] : [];
    });
    expect(problems).toEqual([]);
  });

  it('marks every other setting (booleans, policies, devices): a quotation of the document or ASSUMPTION: with a reason', () => {
    const problems = settingsOf(text).flatMap((f) => {
      const why = unmarkedSetting(f, document);
      return why ? [`${seed.profile}:${f.line} ${f.path}: ${f.value}: ${why}`] : [];
    });
    expect(problems).toEqual([]);
  });

  it('quotes only words its document has', () => {
    const problems = commentsOf(text).flatMap(({ line, comment }) =>
      quotationsOf(comment).filter((q) => !inDocument(q, document)).map((q) => `${seed.profile}:${line}: "${q}" is not in ${seed.source}`),
    );
    expect(problems).toEqual([]);
  });

  it('quotes only words its document has in its notes', () => {
    const notes = ((parse(text) as { notes?: string[] }).notes ?? []);
    expect(notes.length, 'a profile states how it reads its source').toBeGreaterThan(0);
    const problems = notes.flatMap((n, i) => quotationsOf(n).filter((q) => !inDocument(q, document)).map((q) => `notes[${i}]: "${q}" is not in ${seed.source}`));
    expect(problems).toEqual([]);
  });

  it('names its source document', () => {
    expect(text).toContain(seed.source);
  });
});

describe('the marking rule', () => {
  const doc = '| FSM Engine | Req/s | 1000+ |\nLímite: <10ms por transición\nReplica 1 (CPU 500m, RAM 256Mi)';
  const fig = (value: string, comment: string): Figure => ({ path: 'components.x.y', value, line: 1, comment });

  it('accepts a quotation that carries the value, a derivation, or an assumption with a reason', () => {
    expect(unmarked(fig('1000/s', '"FSM Engine Req/s 1000+"'), doc)).toBeNull();
    expect(unmarked(fig('256Mi', '"Replica 1 (CPU 500m, RAM 256Mi)"'), doc)).toBeNull();
    expect(unmarked(fig('20ms', '"<10ms por transición" on "CPU 500m": 10 ms / 0.5 core = 20 ms'), doc)).toBeNull();
    expect(unmarked(fig('70%', 'ASSUMPTION: the usual HPA CPU target'), doc)).toBeNull();
    expect(unmarked(fig('1s..4s', 'ASSUMPTION, p10..p90 (median 2 s): a carrier call inside a task'), doc)).toBeNull();
  });

  it('marks a setting by a quotation or an assumption, whatever its value', () => {
    expect(unmarkedSetting(fig('least-request', '"Replica 1 (CPU 500m, RAM 256Mi)": the mesh balances'), doc)).toBeNull();
    expect(unmarkedSetting(fig('true', 'ASSUMPTION: queued, off the path'), doc)).toBeNull();
    expect(unmarkedSetting(fig('true', ''), doc)).toMatch(/no comment/);
    expect(unmarkedSetting(fig('hdd', '"a disk"'), doc)).toMatch(/neither quotes/);
  });

  it('refuses a bare value, a quote the document lacks, a quote without the value, a reasonless assumption', () => {
    expect(unmarked(fig('20ms', ''), doc)).toMatch(/no comment/);
    expect(unmarked(fig('20ms', '"<20ms por transición"'), doc)).toMatch(/neither quotes/);
    expect(unmarked(fig('30ms', '"<10ms por transición"'), doc)).toMatch(/in none of its quotations/);
    expect(unmarked(fig('30ms', 'ASSUMPTION'), doc)).toMatch(/reason/);
    expect(unmarked(fig('30ms', 'ASSUMPTION: short'), doc)).toMatch(/reason/);
  });
});
