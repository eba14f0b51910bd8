import { describe, expect, it } from 'vitest';
import { evaluateGates } from '../../src/gate/evaluate.js';
import { resolvePolicy } from '../../src/gate/policy.js';
import { locatePaths, parseProfilePath } from '../../src/gate/profile-paths.js';
import { escapeData, escapeProperty, renderCheckGithub, workflowCommand } from '../../src/gate/render-github.js';
import { planText, serviceProfile } from './helpers.js';

describe('GitHub workflow commands', () => {
  it('escapes data (% CR LF) and properties (also : and ,) as the runner expects', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext%3A a%2C b');
    // % first, so an escape sequence in the input is not decoded back.
    expect(escapeData('%0A')).toBe('%250A');
    expect(escapeProperty('C:\\x,y')).toBe('C%3A\\x%2Cy');
  });

  it('builds `::name k=v,…::message`, leaving out empty properties', () => {
    expect(workflowCommand('error', { file: 'dir/capplan.yaml', line: 12, col: 3, title: 'capplan: headroom' }, 'a\nb')).toBe(
      '::error file=dir/capplan.yaml,line=12,col=3,title=capplan%3A headroom::a%0Ab',
    );
    expect(workflowCommand('warning', { file: undefined, line: undefined }, 'x')).toBe('::warning::x');
  });

  it('annotates the profile line responsible for each finding, then prints a summary line', async () => {
    const { plan, doc } = await planText(serviceProfile({ minHeadroom: 1.3, max: 4 }), 'svc, v2:x.yaml');
    const policy = resolvePolicy(undefined, { violationKinds: { maxReplicas: 'warn' } });
    const r = evaluateGates(plan, null, policy);
    const out = renderCheckGithub(r, { file: 'svc, v2:x.yaml', baselineFile: null, locate: (f) => locatePaths(doc, f.paths) });
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^::error file=svc%2C v2%3Ax\.yaml,line=9,col=3,title=capplan check%3A headroom::api \(phase now\): headroom 0\.7× is under the minimum 1\.3×: .*%0Afix: replicas\.max caps it at 4/);
    expect(lines[1]).toMatch(/^::warning file=svc%2C v2%3Ax\.yaml,line=13,col=5,title=capplan check%3A violations \(maxReplicas\)::api \(phase now\): needs 6 replicas but max is 4; at 4 the peak runs at 100%25 utilisation%0Afix: /);
    expect(lines[2]).toBe('capplan check failed: 1 error, 1 warning (profile gate-test, no baseline)');
    expect(lines).toHaveLength(3);
  });
});

describe('profile paths', () => {
  it('parses dotted, indexed and quoted paths', () => {
    expect(parseProfilePath('components.db.capacity')).toEqual(['components', 'db', 'capacity']);
    expect(parseProfilePath('phases[1].workload.rps')).toEqual(['phases', 1, 'workload', 'rps']);
    expect(parseProfilePath('components["a.b"].x')).toEqual(['components', 'a.b', 'x']);
    expect(parseProfilePath('')).toEqual([]);
  });

  it('takes the first path the profile has, else the nearest ancestor of the first', async () => {
    const { doc } = await planText(serviceProfile({}));
    expect(locatePaths(doc, ['workload.sessionsPerDay', 'workload.rps'])).toEqual({ line: 4, col: 3, path: 'workload.rps' });
    expect(locatePaths(doc, ['components.api.latencyP95'])).toEqual({ line: 8, col: 3, path: 'components.api.latencyP95' });
    expect(locatePaths(doc, [])).toBeNull();
  });
});
