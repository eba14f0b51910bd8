/**
 * perRequest against the call probabilities written on the calls that reach a component: a
 * disagreement is a warning at the perRequest that names the calls' places (the plan takes
 * perRequest); a plain-name call (no probability written) states no rate, and agreement says
 * nothing.
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';
import { solve } from '../../src/plan/solve.js';

/** A profile whose api calls `chat` as `call` (YAML), chat stating `per` visits per request. */
const profile = (call: string, per: string | null, extra: string[] = []) =>
  [
    'apiVersion: capplan/v1',
    'name: visits',
    'workload: { rps: 100 }',
    'components:',
    '  api:',
    '    kind: service',
    '    serviceTime: 10ms',
    `    calls: [${call}]`,
    '  chat:',
    '    kind: service',
    ...(per === null ? [] : [`    perRequest: ${per}`]),
    '    serviceTime: 10ms',
    ...extra,
    '',
  ].join('\n');

async function warningsOf(text: string) {
  const { profile, warnings } = await loadProfileText(text, 'p.yaml');
  return { profile, warnings: warnings.filter((w) => w.path.endsWith('.perRequest') && w.message.includes('disagrees')) };
}

describe('perRequest and the calls that reach a component', () => {
  it('warns at the perRequest, naming the call, when probability 1 is written and perRequest says 0.2; the plan takes perRequest', async () => {
    const { profile, warnings } = await warningsOf(profile_('{ to: chat, probability: 1 }', '0.2'));
    expect(warnings.map(renderDiagnostic)).toEqual([
      "p.yaml:11:17 components.chat.perRequest: warning: perRequest 0.2 disagrees with the calls that reach chat, which make 1 visit per request (components.api.calls[0]: probability 1 on each of api's 1 visit per request); the plan takes perRequest\n  hint: drop perRequest to follow the calls, or write the probability meant at components.api.calls[0] (0.2)",
    ]);
    expect(solve(profile).phases[0]!.components.find((c) => c.name === 'chat')!.visits).toBeCloseTo(0.2, 12);
  });

  it('warns with the several-calls hint when perRequest is above the calls', async () => {
    const { warnings } = await warningsOf(profile_('{ to: chat, probability: 100% }', '3'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain('perRequest 3 disagrees with the calls that reach chat, which make 1 visit per request');
    expect(warnings[0]!.hint).toMatch(/^if the caller calls chat several times a visit, write the call without probability/);
  });

  it('says nothing when they agree, or when a call writes no probability (it gives the path, perRequest the rate)', async () => {
    expect((await warningsOf(profile_('{ to: chat, probability: 1 }', '1'))).warnings).toEqual([]);
    expect((await warningsOf(profile_('{ to: chat, probability: 0.25 }', '0.25'))).warnings).toEqual([]);
    expect((await warningsOf(profile_('chat', '0.2'))).warnings).toEqual([]);
    expect((await warningsOf(profile_('{ to: chat, retries: 1 }', '0.2'))).warnings).toEqual([]);
    expect((await warningsOf(profile_('{ to: chat, probability: 1 }', null))).warnings).toEqual([]);
  });

  it("counts each caller's visits (derived or stated) and a oneOf's alternatives; one call without a probability silences it", async () => {
    // web (an entry) calls api twice a request: api's 2 visits × probability 1 = 2.
    const twice = ['  web:', '    kind: service', '    serviceTime: 1ms', '    calls: [{ to: api, probability: 1 }]', '  web2:', '    kind: service', '    serviceTime: 1ms', '    calls: [{ to: api, probability: 1 }]'];
    expect((await warningsOf(profile_('{ to: chat, probability: 1 }', '2', twice))).warnings).toEqual([]);
    const w = (await warningsOf(profile_('{ to: chat, probability: 1 }', '1', twice))).warnings;
    expect(w[0]!.message).toContain("which make 2 visits per request (components.api.calls[0]: probability 1 on each of api's 2 visits per request)");
    const alt = (await warningsOf(profile_('{ oneOf: [{ to: chat, probability: 0.5 }] }', '0.2'))).warnings;
    expect(alt[0]!.message).toContain('(components.api.calls[0].oneOf[0]: probability 0.5 on each');
    // A second caller that writes no probability: the calls no longer state the figure.
    const plain = ['  other:', '    kind: service', '    serviceTime: 1ms', '    calls: [chat]'];
    expect((await warningsOf(profile_('{ to: chat, probability: 1 }', '0.2', plain))).warnings).toEqual([]);
  });

  it('warns once for a component the phases leave alone, and where a phase writes its own perRequest', async () => {
    const phases = ['phases:', '  - { name: later, scale: 2 }', '  - name: rewritten', '    components:', '      chat: { perRequest: 0.5 }'];
    const { warnings } = await warningsOf(profile_('{ to: chat, probability: 1 }', '0.2', phases));
    expect(warnings.map((w) => w.path)).toEqual(['components.chat.perRequest', 'phases[1].components.chat.perRequest']);
  });
});

/** profile, named apart from the loaded Profile in the tests. */
function profile_(call: string, per: string | null, extra: string[] = []) {
  return profile(call, per, extra);
}
