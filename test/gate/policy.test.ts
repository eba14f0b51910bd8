import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/cli/errors.js';
import { RULES } from '../../src/gate/levels.js';
import { gateFlagsOf, headroomThreshold, parseGateFlag, parseHeadroomFlag, parseMarginFlag, resolvePolicy, violationLevel } from '../../src/gate/policy.js';
import { planText, serviceProfile } from './helpers.js';

describe('gate policy', () => {
  it('defaults every rule to error with 10 % margins and the phase minHeadroom', () => {
    const p = resolvePolicy(undefined);
    expect(p.violations).toEqual({ level: 'error', kinds: {} });
    expect(p.headroom).toEqual({ level: 'error', min: null });
    expect(p.latency.level).toBe('error');
    expect(p.replicas).toEqual({ level: 'error', margin: 0.1 });
    expect(p.cost).toEqual({ level: 'error', margin: 0.1, max: null, budgetLevel: 'error' });
    expect(headroomThreshold(p, 1.3)).toBe(1.3);
    expect(headroomThreshold(p, null)).toBeNull();
  });

  it('reads the gates: section (level words or mappings, units) and lets flags override it', async () => {
    const { profile } = await planText(
      serviceProfile({
        extra: [
          'gates:',
          '  headroom: { level: warn, min: 1.5 }',
          '  violations: { kinds: { timeout: off } }',
          '  latency: off',
          '  replicas: { margin: 25% }',
          '  cost: warn',
        ].join('\n'),
      }),
    );
    const fromProfile = resolvePolicy(profile.input.gates);
    expect(fromProfile.headroom).toEqual({ level: 'warn', min: 1.5 });
    expect(fromProfile.violations).toEqual({ level: 'error', kinds: { timeout: 'off' } });
    expect(fromProfile.latency.level).toBe('off');
    expect(fromProfile.replicas).toEqual({ level: 'error', margin: 0.25 });
    expect(fromProfile.cost).toEqual({ level: 'warn', margin: 0.1, max: null, budgetLevel: 'warn' });
    expect(headroomThreshold(fromProfile, 1.3)).toBe(1.5);

    const flags = { ...gateFlagsOf([parseGateFlag('headroom=error'), parseGateFlag('violations.timeout=warn')]), replicasMargin: 0.5, minHeadroom: 1.1 };
    const merged = resolvePolicy(profile.input.gates, flags);
    expect(merged.headroom).toEqual({ level: 'error', min: 1.1 });
    expect(violationLevel(merged, 'timeout')).toBe('warn');
    expect(violationLevel(merged, 'rateLimit')).toBe('error');
    expect(merged.replicas.margin).toBe(0.5);
  });

  it('reports a bad gates: section with positions and suggestions', async () => {
    const text = serviceProfile({ extra: 'gates:\n  headroom: { level: wrn }\n  replicas: { margin: 150 }\n  costs: warn' });
    const error = await planText(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const diags = (error as InputError).diagnostics.map((d) => `${d.line}:${d.col} ${d.path}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`);
    expect(diags.some((d) => /gates\.headroom\.level: expected one of "error", "warn", "off", got "wrn" \(did you mean "warn"\?\)/.test(d))).toBe(true);
    expect(diags.some((d) => /gates\.replicas\.margin: 150 is not a fraction/.test(d))).toBe(true);
    expect(diags.some((d) => /gates\.costs: unknown key "costs" \(did you mean "cost"\?\)/.test(d))).toBe(true);
  });

  it('parses margin, headroom and --gate flags, refusing ambiguous input', () => {
    expect(parseMarginFlag('15%')).toBeCloseTo(0.15);
    expect(parseMarginFlag('0.15')).toBeCloseTo(0.15);
    expect(parseMarginFlag('0')).toBe(0);
    expect(() => parseMarginFlag('15')).toThrow(/write 15% for a percentage/);
    // As the profile reads gates.*.margin: at most 100 %, whether written as a fraction or a percentage.
    expect(parseMarginFlag('100%')).toBe(1);
    expect(parseMarginFlag('1')).toBe(1);
    expect(() => parseMarginFlag('150%')).toThrow(/150% is over 100%: a margin is at most 100%.*--gate replicas=warn/);
    expect(() => parseMarginFlag('1.5')).toThrow(/1\.5 is not a fraction between 0 and 1; write 1\.5% for a percentage \(a margin is at most 100%\)/);
    expect(() => parseMarginFlag('-5%')).toThrow(/percentage like 15%/);
    expect(parseHeadroomFlag('1.3')).toBe(1.3);
    expect(parseHeadroomFlag('1.3x')).toBe(1.3);
    expect(() => parseHeadroomFlag('0')).toThrow(/greater than 0/);
    expect(parseGateFlag('cost=warn')).toEqual({ rule: 'cost', level: 'warn' });
    expect(parseGateFlag('violations.rateLimit=off')).toEqual({ kind: 'rateLimit', level: 'off' });
    expect(() => parseGateFlag('cost')).toThrow(/RULE=LEVEL/);
    expect(() => parseGateFlag('budget=warn')).toThrow(/unknown rule "budget"/);
    expect(() => parseGateFlag('cost=fatal')).toThrow(/unknown level "fatal"/);
    expect(() => parseGateFlag('cost.rateLimit=off')).toThrow(/only violations take a kind/);
    expect(() => parseGateFlag('violations.slow=off')).toThrow(/unknown violation kind "slow"/);
    // A misspelt rule, level or kind is answered with the closest one (the suggestion used for other typos).
    expect(() => parseGateFlag('headroom=eror')).toThrow('unknown level "eror" (did you mean "error"?); levels: error, warn, off');
    expect(() => parseGateFlag('hedroom=warn')).toThrow('unknown rule "hedroom" (did you mean "headroom"?); rules: violations, headroom, latency, availability, replicas, cost, simulate, runway');
    expect(() => parseGateFlag('violations.timout=off')).toThrow(/unknown violation kind "timout" \(did you mean "timeout"\?\)/);
    expect(() => parseGateFlag('budget=warn')).not.toThrow(/did you mean/);
    for (const rule of RULES) expect(parseGateFlag(`${rule}=warn`)).toEqual({ rule, level: 'warn' });
  });
});
