/**
 * The gate names what moved and points at it: a component's own setting (its `serviceTime`
 * line, in the base section or in a phase's override), a target, and gives a fix that is a
 * command to paste.
 */
import { describe, expect, it } from 'vitest';
import { shellWord } from '../../src/cli/commands/check.js';
import { evaluateGates } from '../../src/gate/evaluate.js';
import { flattenInputs, inputMoves, profileInputs } from '../../src/gate/inputs.js';
import { resolvePolicy } from '../../src/gate/policy.js';
import { locatePaths } from '../../src/gate/profile-paths.js';
import { parseSavedPlan, renderBaseline } from '../../src/gate/saved-plan.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';
import { summarisePlan } from '../../src/gate/summary.js';
import { renderCheckGithub } from '../../src/gate/render-github.js';
import { planText } from './helpers.js';

const profile = (serviceTime: string, opts: { phaseServiceTime?: string; cpu?: string } = {}) =>
  [
    'apiVersion: capplan/v1',
    'name: moves',
    'workload: { rps: 800 }',
    'targets:',
    `  cpuUtilization: ${opts.cpu ?? '70%'}`,
    'phases:',
    '  - name: later',
    '    scale: 2',
    ...(opts.phaseServiceTime ? ['    components:', `      api: { serviceTime: ${opts.phaseServiceTime} }`] : []),
    'components:',
    '  api:',
    '    kind: service',
    '    workers: 4',
    `    serviceTime: ${serviceTime}`,
    '  web:',
    '    kind: service',
    '    capacity: 10000/s',
    '',
  ].join('\n');

/** The baseline of `before` (as written to disk and read back), and the gate on `after` against it. */
async function gate(before: string, after: string) {
  const b = await planText(before);
  const text = renderBaseline(summarisePlan(b.plan, profileInputs(b.profile)));
  const read = parseSavedPlan(text, 'capplan.lock.json');
  if (!read.ok) throw new Error(read.diagnostics.map(renderDiagnostic).join('\n'));
  const a = await planText(after);
  const accept = `capplan check ${shellWord('my dir/capplan.yaml')} --baseline capplan.lock.json --update-baseline`;
  const result = evaluateGates(a.plan, read.summary, resolvePolicy(undefined), { inputs: profileInputs(a.profile), acceptCommand: accept });
  const locate = (f: { paths: string[] }) => locatePaths(a.doc, f.paths);
  return { result, locate, text: after.split('\n') };
}

describe('what moved, and where', () => {
  it('flattens settings to keys with SI values, leaving out what does not size anything', () => {
    expect(flattenInputs({ kind: 'service', serviceTime: 0.02, resources: { cpu: 0.5 }, calls: ['db'], description: 'x', deploy: { port: 80 } })).toEqual({
      'calls[0]': 'db', kind: 'service', 'resources.cpu': 0.5, serviceTime: 0.02,
    });
    expect(inputMoves({ a: 1, b: 'x' }, { a: 1.0000001, c: true })).toEqual([
      { key: 'b', before: 'x', after: undefined },
      { key: 'c', before: undefined, after: true },
    ]);
  });

  it('annotates the serviceTime line of a component whose service time tripled, and names the key', async () => {
    const { result, locate, text } = await gate(profile('20ms'), profile('60ms'));
    const replicas = result.findings.filter((f) => f.rule === 'replicas' && f.component === 'api');
    expect(replicas.length).toBe(2);
    for (const f of replicas) {
      expect(f.cause).toBe('its settings moved: serviceTime 20 ms → 60 ms');
      const at = locate(f)!;
      expect(text[at.line - 1]).toBe('    serviceTime: 60ms');
      expect(f.remedy).toBe("if the rise is intended, accept it with `capplan check 'my dir/capplan.yaml' --baseline capplan.lock.json --update-baseline` and commit the baseline");
    }
    expect(result.findings.some((f) => f.component === 'web')).toBe(false);
    const gh = renderCheckGithub(result, { file: 'capplan.yaml', baselineFile: 'capplan.lock.json', locate });
    expect(gh).toContain(`::error file=capplan.yaml,line=${text.indexOf('    serviceTime: 60ms') + 1},col=5,title=capplan check%3A replicas::api (phase now)`);
  });

  it('points at the phase’s override when only the phase changed the setting', async () => {
    const { result, locate, text } = await gate(profile('20ms', { phaseServiceTime: '20ms' }), profile('20ms', { phaseServiceTime: '60ms' }));
    const f = result.findings.find((x) => x.rule === 'replicas' && x.phase === 'later')!;
    expect(text[locate(f)!.line - 1]).toBe('      api: { serviceTime: 60ms }');
    expect(result.findings.filter((x) => x.phase === 'now')).toEqual([]);
  });

  it('names a target that moved and points at it', async () => {
    const { result, locate, text } = await gate(profile('20ms'), profile('20ms', { cpu: '35%' }));
    const f = result.findings.find((x) => x.rule === 'replicas' && x.phase === 'now')!;
    expect(f.cause).toBe('the targets moved: cpuUtilization 70% → 35%');
    expect(text[locate(f)!.line - 1]).toBe('  cpuUtilization: 35%');
    expect(result.phases[0]!.moved).toBe('targets: cpuUtilization 70% → 35%');
  });

  it('reads only a map\'s own keys: a saved key named toString or constructor is not Object.prototype\'s', () => {
    // Fuzz cases 794, 4634, 17994 of seed 2026: "toString 1 → function toString() { [native code] }".
    const saved = JSON.parse('{"toString": 1, "constructor": -1, "workers": 4}') as Record<string, number>;
    expect(inputMoves(saved, { workers: 4 })).toEqual([
      { key: 'constructor', before: -1, after: undefined },
      { key: 'toString', before: 1, after: undefined },
    ]);
    expect(inputMoves({ workers: 4 }, saved).map((m) => `${m.key} ${String(m.before)}`)).toEqual(['constructor undefined', 'toString undefined']);
    // A key "__proto__" is kept as the object's own, not lost to the prototype setter.
    expect(Object.keys(flattenInputs(JSON.parse('{"__proto__": 2, "a": { "__proto__": 3 }}')))).toEqual(['__proto__', 'a.__proto__']);
  });

  it('quotes a path for a shell only when it needs it', () => {
    expect(shellWord('capplan.yaml')).toBe('capplan.yaml');
    expect(shellWord('ci/capplan.lock.json')).toBe('ci/capplan.lock.json');
    expect(shellWord("it's here.yaml")).toBe("'it'\\''s here.yaml'");
  });
});
